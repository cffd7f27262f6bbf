"""What every `hazardflow` command shares: the top group `main` (中文 first, `cli.zh`), errors that end
in one 中文 + English line, the option types (a day, a moment, an amount, a label, a notice), who acts
and when (`actor_options`, `when`: the clock is read here, at the face, never in the domain), the
ledger a command opens, and the output (JSON, rich tables). Command modules import it; `cli.main`
puts them together.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

import hazardflow as hf
from hazardflow.cli.zh import ZhGroup, fail, visible
from hazardflow.directory import using
from hazardflow.vocab import Labelled

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A refusal or a user's mistake: one line ``中文 (English): detail`` on stderr, no usage text.

    Exit code 2: the input was bad; `Refusal` (exit code 1): the library refused.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    def show(self, file: Any = None) -> None:
        click.echo(visible(self.message), err=True)


class Refusal(CliError):
    """The library refused (a rule, a conflict, the database): exit code 1."""

    exit_code = 1


class RuleRefusal(Refusal):
    """A refusal by the rules: a heading, then one rule a line with its clauses, coloured on a terminal."""

    def __init__(self, refusal: hf.Rejected) -> None:
        super().__init__(f"操作被拒绝 (refused by rule {', '.join(refusal.rules)})")
        self.reasons = refusal.reasons

    def show(self, file: Any = None) -> None:
        from rich.console import Console
        from rich.text import Text

        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(Text(visible(self.message), style="bold red"))
        for reason in self.reasons:
            err.print(Text.assemble("  ✗ ", (reason.rule, "bold red"), " ", visible(reason.message)))
            err.print(Text(f"    依据 (clause)：{visible('；'.join(reason.sources))}", style="dim"))


def friendly(command: F) -> F:
    """Turn the library's refusals and input errors into a one-line 中文 (English) message and a non-zero
    exit (1: refused, 2: bad input), never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except hf.Rejected as refusal:
            raise RuleRefusal(refusal) from refusal
        except Exception as error:
            stored = _storage_refusal(error)
            if stored is not None:
                raise stored from error
            if isinstance(error, (hf.InvalidInput, ValueError, LookupError, OSError)):
                raise CliError(f"输入有误 (invalid input): {error}") from error
            raise

    return run  # type: ignore[return-value]


def _storage_refusal(error: Exception) -> click.ClickException | None:
    """The one-line message of an error of the store or its database, or None for any other. The store
    (and SQLAlchemy) is imported by the first command that opens a ledger, not by ``hazardflow --help``:
    while it is not loaded, no error can have come from it."""
    if "hazardflow.store" not in sys.modules:
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from hazardflow.store import Conflict, NotFound, SchemaOutdated, StorageError
    from hazardflow.store.migrate import SchemaNewer
    from hazardflow.store.seal import KeyMissing

    if isinstance(error, NotFound):
        return CliError(f"隐患不存在 (no such hazard): {error} (no hazard {error.hazard_id!r} on the ledger)")
    if isinstance(error, Conflict):
        return Refusal(f"版本冲突，未写入 (conflict, nothing written): {error}")
    if isinstance(error, (SchemaNewer, StorageError, KeyMissing)):
        return Refusal(str(error))
    if isinstance(error, SchemaOutdated):
        return Refusal(f"数据库需要升级 (schema outdated): {error}")
    if isinstance(error, SQLAlchemyError):
        return Refusal(f"数据库错误 (database error): {getattr(error, 'orig', None) or error}")
    return None


# --- what the options take: dates, times, amounts, 中文 labels, notices, the ledger ------------------

if TYPE_CHECKING:
    _ParamType = click.ParamType[Any, Any]  # generic from click 8.3
else:
    _ParamType = click.ParamType


class _Parsed(_ParamType):
    """An option value parsed from text; a bad one is a one-line `CliError` naming the option."""

    problem = "取值无效 (invalid value)"

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def hint(self) -> str:
        return ""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.parse(value.strip())
        except (ValueError, ArithmeticError):
            option = param.opts[0] if param is not None and param.opts else "value"
            raise CliError(f"{self.problem}: {option} {value!r}；{self.hint()}") from None


class Day(_Parsed):
    """A calendar date: ``2023-06-16``."""

    name = "YYYY-MM-DD"
    problem = "日期无效 (invalid date)"

    def parse(self, text: str) -> date:
        return date.fromisoformat(text)

    def hint(self) -> str:
        return "应为 年-月-日，如 2023-06-16 (expected YYYY-MM-DD)"


class Moment(_Parsed):
    """A moment, Beijing time unless an offset is given (``"2023-06-16 09:00"``), or a day alone
    (``2023-06-16``: a `date`, placed on that day by `when`)."""

    name = "YYYY-MM-DD[ HH:MM]"
    problem = "时间无效 (invalid time)"

    def parse(self, text: str) -> datetime | date:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
        return moment if moment.utcoffset() is not None else moment.replace(tzinfo=hf.SHANGHAI)

    def hint(self) -> str:
        return '应为 2023-06-16 或 "2023-06-16 09:00"，北京时间 (expected YYYY-MM-DD [HH:MM], Beijing time)'


At = datetime | date | None
"""What ``--at`` gives a command: a moment, a day alone, or nothing (now); `when` makes it a moment."""


def when(at: At, hazard: hf.Hazard | None = None) -> datetime:
    """The moment of an action from ``--at``: a time as given; none: now, Beijing time; a day alone:
    that day at 00:00, or one second after the hazard's last event when that event is on the same
    day, so that a same-day step written without a time follows the steps already recorded."""
    if at is None:
        return datetime.now(hf.SHANGHAI)
    if isinstance(at, datetime):
        return at
    start = hf.at_date(at, 0)
    last = hazard.events[-1].at if hazard is not None and hazard.events else None
    if last is not None and hf.local_date(last) == at:
        return max(start, last + timedelta(seconds=1))
    return start


class Money(_Parsed):
    """An amount in 元, kept exact: ``50000`` or ``12.5``."""

    name = "元"
    problem = "金额无效 (invalid amount)"

    def parse(self, text: str) -> Decimal:
        amount = Decimal(text)
        if not amount.is_finite() or amount < 0:
            raise ValueError(text)
        return amount

    def hint(self) -> str:
        return "应为非负数（元），如 50000 (expected a non-negative number of yuan)"


class Label(_Parsed):
    """A member of a labelled enum, by its 中文 label or its English name (any case)."""

    def __init__(self, enum: type[Labelled]) -> None:
        self.enum = enum
        self.name = "|".join(m.label for m in enum)
        self.problem = f"取值无效 (invalid {enum.__name__})"

    def parse(self, text: str) -> Labelled:
        for member in self.enum:
            if text == member.label or text.upper() == member.name:
                return member
        raise ValueError(text)

    def hint(self) -> str:
        return (f"应为 {'、'.join(m.label for m in self.enum)} 之一 "
                f"(expected one of {', '.join(m.name for m in self.enum)})")


class NoticeRef(_Parsed):
    """A bundled notice profile by id (``shenyang-2023``), or a county's own profile file (``*.toml``)."""

    name = "ID|FILE.toml"
    problem = "未知的通知 (unknown notice)"

    def parse(self, text: str) -> hf.notices.Notice:
        if text in hf.notices.available():
            return hf.notices.load(text)
        if text.endswith(".toml") or Path(text).is_file():
            try:
                return hf.notices.load_file(text)
            except (hf.notices.ProfileError, OSError) as error:
                raise CliError(f"通知配置有误 (bad notice profile): {error}") from None
        raise ValueError(text)

    def hint(self) -> str:
        return f"可用 (available): {', '.join(hf.notices.available())}，或一个 .toml 配置文件 (or a profile file)"


def renamed(dest: str, new: str, *old: str, required: bool = False) -> Callable[[F], F]:
    """Keep ``old`` spellings of the option ``new`` (its value ``dest``) working, hidden from the help, with
    a 中文 deprecation note on stderr; ``required``: one of the spellings must be given."""

    def decorate(command: F) -> F:
        @wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            value = kwargs.pop(f"{dest}_old")
            if value is not None:
                if kwargs.get(dest) not in (None, value):
                    fail(f"{new} 与 {'/'.join(old)} 只能给一个 (give {new} only)")
                click.echo(f"提示：{'/'.join(old)} 已弃用，请改用 {new} ({'/'.join(old)} is deprecated, use {new})",
                           err=True)
                kwargs[dest] = value
            if required and kwargs.get(dest) is None:
                fail(f"缺少选项 {new} (missing option {new})")
            return command(*args, **kwargs)

        return click.option(*old, f"{dest}_old", hidden=True)(run)  # type: ignore[return-value]

    return decorate


def resolve(ledger: hf.Ledger, prefix: str, kind: str | None = None) -> str:
    """The id of the one hazard (or stored record of ``kind``) whose id is or starts with ``prefix``
    (`short_ids` prints them)."""
    prefix = prefix.strip()
    if not prefix:
        matches: list[str] = []
    else:  # matched in SQL: only the matching ids leave the database, not the register's
        matches = ledger.ids(id_prefix=prefix) if kind is None else ledger.record_ids(kind, prefix=prefix)
    if prefix in matches:
        return prefix
    if len(matches) > 1:
        shown = "、".join(matches[:5]) + ("…" if len(matches) > 5 else "")
        raise CliError(f"编号前缀不唯一 (ambiguous id prefix): {prefix!r} 匹配 {len(matches)} 项：{shown}；请多写几位")
    if not matches:
        if kind is not None:
            return prefix  # loading it says "台账中没有…" (RecordNotFound)
        raise hf.NotFound(prefix)
    return matches[0]


def short_ids(ids: Iterable[str], least: int = 8) -> int:
    """The shortest prefix length (at least ``least``) that still tells every id in ``ids`` apart."""
    known = sorted(set(ids))
    length = least
    for a, b in itertools.pairwise(known):
        common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        length = max(length, common + 1)
    return length


def database_url(db: str) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, a bare path as ``sqlite:///PATH``."""
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


_OPEN: ContextVar[tuple[str, hf.Ledger] | None] = ContextVar("open_ledger", default=None)
"""The ledger `open_ledger` holds open in this command, by URL."""


@contextmanager
def open_ledger(db: str, *, create: bool = False) -> Iterator[hf.Ledger]:
    """The ledger at ``--db``, with its stored directory in use; a SQLite file that does not exist is made
    only when ``create``. Inside another ``open_ledger`` of the same ledger (a command run by `record_id`
    once it has found the record) it is that one: a command opens and migrates its ledger once."""
    url = database_url(db)
    held = _OPEN.get()
    if held is not None and held[0] == url:
        yield held[1]
        return
    if url.startswith("sqlite:///") and not create:
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not Path(path).exists():
            raise CliError(f"台账不存在 (no ledger at {path}): 请先登记隐患或用 --db 指定台账 "
                           "(record a hazard first, or name the ledger with --db / HAZARDFLOW_DB)")
    with hf.Ledger(url) as ledger, using(ledger.directory()):  # the stored 名录 decides who may act
        token = _OPEN.set((url, ledger))
        try:
            yield ledger
        finally:
            _OPEN.reset(token)


def db_option(command: F) -> F:
    """``--db PATH_OR_URL`` (env HAZARDFLOW_DB; default ``hazardflow.db`` here)."""
    return click.option(
        "--db", default="hazardflow.db", envvar="HAZARDFLOW_DB", show_default=True,
        help="台账：SQLite 文件，或 SQLAlchemy URL，如 postgresql+psycopg://… "
             "(the ledger: a SQLite file or a URL; env HAZARDFLOW_DB)")(command)


def json_option(command: F) -> F:
    """``--json``: machine-readable output."""
    return click.option("--json", "as_json", is_flag=True,
                        help="输出 JSON，英文键附中文标签 (print JSON: English keys, 中文 labels alongside)")(command)


@click.group(cls=ZhGroup)
@click.version_option(package_name="hazardflow", message="%(prog)s %(version)s",
                      help="显示版本并退出 (show the version and exit)")
def main() -> None:
    """把重大事故隐患专项排查整治通知写成可执行、可测试的状态机。

    隐患闭环、专项行动、执法处罚、调度表与清单，都在命令行完成；`hazardflow 命令 --help` 查看每个命令。
    (hazardflow: 重大事故隐患专项排查整治 notices as executable, tested state machines.)
    """


# --- output: JSON with English keys and 中文 labels; rich tables for people -----------------------

def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON, Chinese as is; every control character escaped (JSON escapes C0,
    this escapes DEL and C1 too)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


def cell(value: Any) -> str:
    """``value`` for a table cell: 中文 labels, ISO dates, minutes, actors as 单位+角色+姓名."""
    if value is None:
        return ""
    if isinstance(value, Labelled):
        return value.label
    if isinstance(value, datetime):
        return value.astimezone(hf.SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, hf.Actor):
        return f"{value.name}（{value.organisation}·{value.role.label}）"
    if isinstance(value, list | tuple):
        return " / ".join(cell(v) for v in value)
    if isinstance(value, Mapping) or (attrs.has(type(value)) and not isinstance(value, hf.Actor)):
        items = value.items() if isinstance(value, Mapping) else attrs.asdict(value, recurse=False).items()
        return "；".join(f"{FIELD_LABELS.get(key, key)}：{cell(v)}" for key, v in items
                        if v is not None and key != "id")
    return _text(value)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


FIELD_LABELS = {
    "id": "编号", "description": "隐患描述", "level": "等级", "source": "来源", "enterprise": "企业",
    "sector": "行业领域", "jurisdiction": "属地", "found_at": "发现时间", "found_by": "发现人", "key": "重点隐患",
    "stage": "阶段", "plan": "五落实方案", "responsible": "责任人", "measures": "措施", "funds": "资金（元）",
    "contingency": "应急预案", "deadline": "整改期限", "listing": "挂牌督办", "listed": "挂牌督办中",
    "authority": "挂牌单位", "title": "标题", "number": "文号", "at": "时间", "delisted_at": "摘牌时间",
    "reports": "报告", "kind": "类别", "to": "报送", "by": "签名人", "rectifier": "整改人", "evidence": "整改情况",
    "acceptance": "验收", "assessment": "专家评估", "opinion": "意见", "sham": "虚假整改次数", "reason": "理由",
    "organisation": "单位", "unit": "单位",
}
"""The 中文 name of each field `hazard show` prints (and of the keys inside a record it shows)."""


def table(title: str, headers: Iterable[str], rows: Iterable[Iterable[Any]], *, wide: Mapping[str, int] | None = None,
          fixed: Iterable[str] = (), compact: bool = False) -> Any:
    """A rich table; every cell is plain text (never markup), control characters escaped. ``wide``: the
    least width of a column that takes the room left; ``fixed``: columns never wrapped; ``compact``: no
    vertical rules, for many columns."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    grid = Table(title=Text(visible(title)), title_justify="left", highlight=False,
                 box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD, pad_edge=not compact, collapse_padding=compact)
    keep, wide = set(fixed), wide or {}
    for header in headers:
        grid.add_column(Text(header), no_wrap=header in keep, min_width=wide.get(header), overflow="fold")
    for row in rows:
        grid.add_row(*(Text(visible(cell(v))) for v in row))
    return grid


def rendered(grid: Any, width: int = 100) -> str:
    """A rich table as plain text, ``width`` columns at most (for output that is built as text)."""
    from rich.console import Console

    text = io.StringIO()
    Console(file=text, width=width, highlight=False, color_system=None).print(grid)
    return text.getvalue().rstrip("\n")


def console() -> Any:
    """A rich console on stdout (no highlighting: data is printed as it is); 160 columns wide when
    stdout is not a terminal and COLUMNS does not say otherwise, so that piped tables stay readable."""
    from rich.console import Console

    out = Console(highlight=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 160
    return out


AT_HELP = ("时间，北京时间：\"2023-06-16 09:00\"；只写日期（2023-06-16）则为当天、排在该隐患当天已有记录之后；"
           "不写则为现在 (when, Beijing time; a date alone: that day, after the hazard's records of that day; "
           "default: now)")


def actor_options(command: F) -> F:
    """``--by NAME --role ROLE --org ORGANISATION [--at WHEN]`` (env HAZARDFLOW_BY / _ROLE / _ORG), who acts,
    when; ``--unit`` (env HAZARDFLOW_UNIT) is the old spelling of ``--org`` (GLOSSARY.md: 单位 is an organisation)."""
    for option in reversed((
        click.option("--by", required=True, envvar="HAZARDFLOW_BY", help="操作人姓名 (who acts; env HAZARDFLOW_BY)"),
        click.option("--role", required=True, type=Label(hf.Role), envvar="HAZARDFLOW_ROLE",
                     help="操作人角色，中文或英文 (the actor's role; env HAZARDFLOW_ROLE)"),
        click.option("--org", envvar=["HAZARDFLOW_ORG", "HAZARDFLOW_UNIT"],
                     help="操作人所在单位：企业、部门或乡镇 (the actor's organisation; env HAZARDFLOW_ORG)"),
        renamed("org", "--org", "--unit", required=True),
        click.option("--at", type=Moment(), help=AT_HELP),
    )):
        command = option(command)
    return command


