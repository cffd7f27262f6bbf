"""重大事故隐患判定标准 as data, and rule L7: a hazard that meets a standard's item is major.

安全生产法 第一百一十八条 leaves the judgement of 重大事故隐患 to the standards the ministries issue
per sector. Two ship with the package (``standard_texts/*.toml``): 工贸企业重大事故隐患判定标准
(应急管理部令第10号, 2023; incomplete — every item carries its `Status`, a MISSING one has no text)
and the 化工和危险化学品 standard (安监总管三〔2017〕121号, complete). A county that holds an official
full text loads it in the same format (`load_file`); it replaces the bundled standard of the same
``short`` name.

An item is cited by its standard's short name (or id, or 文号), article and number:
``10号令第十一条(一)``, ``121号文(三)``; full-width brackets and spaces are accepted
(``10号令 第十一条（一）``). `Hazard.found(standard_items=…)` runs the L7 guards below.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from hazardflow.checks import InvalidInput
from hazardflow.rules import LAW, MINGYUESHAN, SHENYANG, Reason, define, guard
from hazardflow.vocab import Labelled, Level

if TYPE_CHECKING:
    from pathlib import Path

L7 = define(
    "L7", "判定标准",
    "隐患是否重大，依照国务院应急管理部门和其他负有安全生产监督管理职责的部门制定的行业、领域重大事故隐患判定标准判定："
    "隐患符合判定标准所列情形（引用其条目）的，应当判定为重大事故隐患，不得定为一般事故隐患；所引条目须适用于企业所属的行业领域；"
    "没有对应条目而仍需督办的隐患为重点隐患。",
    f"{LAW} 第一百一十八条", "应急管理部令第10号《工贸企业重大事故隐患判定标准》",
    "安监总管三〔2017〕121号《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》",
    f"{SHENYANG} 三(一)6（动态清零64项）", f"{MINGYUESHAN} 二(二)8", f"{MINGYUESHAN} 二(二)10",
)


class Status(Labelled):
    """How far an item's text is verified (the shared sources' 核对 status)."""

    VERIFIED = "已核实"
    SINGLE = "单一来源"
    PARTIAL = "原文不全"
    MISSING = "原文未取得"


@attrs.frozen
class Item:
    """One item (项) of a standard: its reference, status, text (None when MISSING) and 来源."""

    standard: str
    article: str
    number: str
    status: Status
    text: str | None
    sources: str
    sectors: tuple[str, ...]
    """The sectors its article (or the item itself) names, as the standard's data writes them."""
    covers: frozenset[str] = attrs.field(repr=False, eq=False)
    """Every sector name the item applies to (`Standard` expands ``sectors`` through its table)."""

    @property
    def ref(self) -> str:
        """How the item is cited: ``10号令第十一条(一)``."""
        return f"{self.standard}{self.article}{self.number}"

    @property
    def quoted(self) -> str:
        """The text as it may be shown: never an unverified text passed off as the standard's."""
        if self.text is None:
            return "原文未取得"
        if self.status is Status.PARTIAL:
            return f"{self.text}……（原文不全，以下未取得）"
        if self.status is Status.SINGLE:
            return f"{self.text}（仅单一来源，未经核实）"
        return self.text

    def __str__(self) -> str:
        return f"{self.ref}（原文未取得）" if self.text is None else f"{self.ref}“{self.quoted}”"

    def applies_to(self, sector: str) -> bool:
        """Whether the item's article applies to an enterprise of ``sector``."""
        return sector in self.covers


@attrs.frozen
class Article:
    """One 条: its number, category (管理类, 行业类：冶金 …), sectors, lead sentence (None when MISSING)."""

    number: str
    category: str
    sectors: tuple[str, ...]
    status: Status
    lead: str | None
    sources: str
    items: tuple[Item, ...]


@attrs.frozen
class Standard:
    """A 判定标准: its names, whether its text is complete, the sources and sector table, its articles."""

    id: str
    short: str
    title: str
    number: str
    complete: bool
    origin: str
    sources: Mapping[str, str]
    sectors: Mapping[str, tuple[str, ...]]
    articles: tuple[Article, ...]
    issued: date | None = None
    in_force: date | None = None

    @property
    def items(self) -> list[Item]:
        """Every item, in order."""
        return [i for a in self.articles for i in a.items]

    def counts(self) -> Counter[Status]:
        """How many items have each status."""
        return Counter(i.status for i in self.items)

    def names(self) -> tuple[str, ...]:
        """The names a citation may start with: short name, id, 文号 (longest first)."""
        number = self.number.removeprefix("中华人民共和国")
        return tuple(sorted({self.short, self.id, self.number, number}, key=len, reverse=True))


# --- loading -------------------------------------------------------------------------------------

def _expand(table: Mapping[str, tuple[str, ...]], name: str, seen: frozenset[str] = frozenset()) -> set[str]:
    names = {name}
    for child in table.get(name, ()):
        if child not in seen:
            names |= _expand(table, child, seen | {name})
    return names


def _covers(table: Mapping[str, tuple[str, ...]], sectors: Iterable[str]) -> frozenset[str]:
    """The names an article naming ``sectors`` covers: their expansion, and every broader name whose own
    expansion reaches into it (金属冶炼 spans 冶金, so a 金属冶炼 enterprise may cite a 冶金 article)."""
    covered: set[str] = set()
    for s in sectors:
        covered |= _expand(table, s)
    return frozenset(covered | {n for n in table if _expand(table, n) & covered})


class _Fields:
    """A TOML table read field by field; a bad field is `InvalidInput` naming file and field path."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data, self.where = data, where

    def get(self, name: str, kind: type, expected: str, default: Any = ...) -> Any:
        if name not in self.data:
            if default is ...:
                raise InvalidInput(f"{self.where}.{name}", expected, None)
            return default
        value = self.data[name]
        if not isinstance(value, kind) or (isinstance(value, str) and default is ... and not value.strip()):
            raise InvalidInput(f"{self.where}.{name}", expected, value)
        return value

    def strings(self, name: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(name, list, "a list of sector names", default)
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise InvalidInput(f"{self.where}.{name}", "a list of non-empty strings", value)
        return tuple(value)

    def status(self) -> Status:
        text = self.get("status", str, "VERIFIED, SINGLE, PARTIAL or MISSING")
        if text not in Status.__members__:
            raise InvalidInput(f"{self.where}.status", "VERIFIED, SINGLE, PARTIAL or MISSING", text)
        return Status[text]

    def text(self, name: str, status: Status) -> str | None:
        value: str | None = self.get(name, str, "a non-empty text (absent when MISSING)", None)
        if (value is None) != (status is Status.MISSING):
            raise InvalidInput(f"{self.where}.{name}", "a text exactly when the status is not MISSING", value)
        return value


def parse(data: Mapping[str, Any], where: str) -> Standard:
    """A standard from its TOML data (``where`` names it in errors)."""
    top = _Fields(data, where)
    short = top.get("short", str, "the short name items are cited by, e.g. 10号令")
    table: dict[str, tuple[str, ...]] = {}
    for name, names in top.get("sectors", dict, "a table of sector names", {}).items():
        table[name] = _Fields({"names": names}, f"{where}.sectors").strings("names")
    articles = []
    covering: dict[tuple[str, ...], frozenset[str]] = {}  # most items name their article's sectors
    raw = top.get("articles", list, "a list of [[articles]]")
    for n, a in enumerate(raw):
        art = _Fields(a, f"{where}.articles[{n}]")
        number = art.get("number", str, "the article's number, e.g. 第四条 (empty where the standard has no 条)", "")
        sectors = art.strings("sectors")
        status = art.status()
        items = []
        for k, i in enumerate(art.get("items", list, "a list of [[articles.items]]", [])):
            item = _Fields(i, f"{where}.articles[{n}].items[{k}]")
            item_status = item.status()
            own = item.strings("sectors", sectors)
            if own not in covering:
                covering[own] = _covers(table, own)
            items.append(Item(short, number, item.get("number", str, "the item's number, e.g. (一)"), item_status,
                              item.text("text", item_status), item.get("sources", str, "the item's 来源", ""),
                              own, covering[own]))
        articles.append(Article(number, art.get("category", str, "the article's category", ""), sectors, status,
                                art.text("lead", status), art.get("sources", str, "the article's 来源", ""),
                                tuple(items)))
    refs = Counter(i.ref for a in articles for i in a.items)
    if twice := [r for r, c in refs.items() if c > 1]:
        raise InvalidInput(f"{where}.articles", "each item once", twice)
    return Standard(
        top.get("id", str, "the standard's id, e.g. gongmao-2023"), short,
        top.get("title", str, "the standard's title"), top.get("number", str, "the standard's 文号"),
        top.get("complete", bool, "true or false"), top.get("origin", str, "where the text comes from", ""),
        MappingProxyType({k: str(v) for k, v in top.get("sources", dict, "a table of sources", {}).items()}),
        MappingProxyType(table), tuple(articles),
        top.get("issued", date, "a date", None), top.get("in_force", date, "a date", None),
    )


def _bundled() -> dict[str, Standard]:
    import tomllib
    from importlib import resources

    folder = resources.files("hazardflow.hazard").joinpath("standard_texts")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            standard = parse(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name)
            found[standard.short] = standard
    return found


CATALOGUE: dict[str, Standard]
"""The standards in use, by short name: the bundled ones and any a user loaded (`load_file`). The
bundled texts are read on first use (`_catalogue`), not on ``import hazardflow`` (issue 20)."""


def _catalogue() -> dict[str, Standard]:
    """`CATALOGUE`, the bundled standards read into it on the first call (threads racing there share one)."""
    found: dict[str, Standard] | None = globals().get("CATALOGUE")
    if found is None:
        found = globals().setdefault("CATALOGUE", _bundled())
    return found


def __getattr__(name: str) -> Any:
    """``standards.CATALOGUE`` before anything read it: read it now (PEP 562)."""
    if name == "CATALOGUE":
        return _catalogue()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_file(path: str | Path) -> Standard:
    """Read a standard in the bundled format from ``path`` and use it in place of one of the same short name."""
    import tomllib
    from pathlib import Path

    where = Path(path)
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(str(where), "a TOML file in the 判定标准 format (see standard_texts/)", str(error)) from None
    standard = parse(data, where.name)
    _catalogue()[standard.short] = standard
    return standard


def available() -> list[Standard]:
    """The standards in use, in order of id."""
    return sorted(_catalogue().values(), key=lambda s: s.id)


def get(name: str) -> Standard:
    """A standard by short name, id or 文号."""
    for standard in _catalogue().values():
        if name.strip() in standard.names():
            return standard
    choices = "、".join(s.short for s in available())
    raise InvalidInput("standard", f"one of {choices} (or its id or 文号)", name)


# --- citing items ---------------------------------------------------------------------------------

_BRACKETS = str.maketrans({"（": "(", "）": ")"})
_REF = re.compile(r"^[:/]?(?P<article>第[一二三四五六七八九十百]+条)?(?P<item>\([一二三四五六七八九十]+\))$")


def _plain(text: str) -> str:
    return "".join(text.split()).translate(_BRACKETS)


def item(ref: str) -> Item:
    """The item ``ref`` cites (``10号令第十一条(一)``); an unknown one is `InvalidInput`."""
    if not isinstance(ref, str):
        raise InvalidInput("standard_items", "item references such as 10号令第十一条(一)", ref)
    text = _plain(ref)
    for standard in _catalogue().values():
        for name in map(_plain, standard.names()):
            match = _REF.match(text[len(name):]) if text.startswith(name) else None
            if match is not None:
                wanted = f"{standard.short}{match['article'] or ''}{match['item']}"
                for i in standard.items:
                    if i.ref == wanted:
                        return i
    raise InvalidInput("standard_items", "an item of a loaded 判定标准, e.g. 10号令第十一条(一) or 121号文(三) "
                       "(see `hazardflow standards show`)", ref)


def items(refs: Iterable[str]) -> tuple[Item, ...]:
    """The items ``refs`` cite, each once, in the order given."""
    if isinstance(refs, str):
        raise InvalidInput("standard_items", "a list of item references, e.g. ['10号令第十一条(一)']", refs)
    return tuple(dict.fromkeys(item(r) for r in refs))


def search(text: str) -> list[Item]:
    """Items whose text (or article lead, or reference) contains every word of ``text`` (split on spaces)."""
    words = text.split()
    if not words:
        raise InvalidInput("text", "one or more words to look for", text)
    found = []
    for standard in available():
        for article in standard.articles:
            for i in article.items:
                haystack = f"{i.ref} {i.text or ''} {article.lead or ''} {article.category}"
                if all(w in haystack for w in words):
                    found.append(i)
    return found


def level_of(level: Level | None, cited: tuple[Item, ...]) -> Level:
    """L7: the level of a hazard declared ``level`` (None: judged from the items) citing ``cited``;
    a declared level is the record's to validate."""
    if level is None:
        if not cited:
            raise InvalidInput("level", "a hazardflow.Level (required when no 判定标准 item is cited)", level)
        return Level.MAJOR
    return level


@guard(L7)
def cited_level(level: Level, cited: tuple[Item, ...]) -> Reason | None:
    """L7: a hazard that meets a 判定标准 item is a 重大事故隐患; declared general it is refused."""
    if cited and level is not Level.MAJOR:
        quoted = "；".join(str(i) for i in cited)
        return L7.reason(f"该隐患符合{quoted}，应当判定为重大事故隐患，不得定为{level.label}")
    return None


@guard(L7)
def cited_sector(sector: str, cited: tuple[Item, ...]) -> Reason | None:
    """L7: every cited item's article applies to the enterprise's sector."""
    wrong = [i for i in cited if not i.applies_to(sector)]
    if wrong:
        which = "；".join(f"{i.ref}适用于{'、'.join(i.sectors)}" for i in wrong)
        return L7.reason(f"所引判定标准条目不适用于“{sector}”行业领域的企业：{which}")
    return None


@guard(L7)
def cited_key(key: bool, cited: tuple[Item, ...]) -> Reason | None:
    """L7: a 重点隐患 is one no standard item matches; a hazard that meets an item is major instead."""
    if key and cited:
        refs = "；".join(i.ref for i in cited)
        return L7.reason(f"重点隐患是没有对应判定标准条目而仍需督办的隐患；该隐患符合{refs}，应当判定为重大事故隐患")
    return None


def why_not_cite(level: Level, sector: str, key: bool, cited: tuple[Item, ...]) -> list[Reason]:
    """Every L7 reason a hazard of ``level``, ``sector`` and ``key`` may not cite ``cited`` (empty: it may)."""
    checks = (cited_level(level, cited), cited_sector(sector, cited), cited_key(key, cited))
    return [r for r in checks if r is not None]
