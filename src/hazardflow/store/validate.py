"""The same validation on every back end, before anything is committed (issue 16): PostgreSQL refuses
a NUL character, a lone surrogate or a string longer than its ``VARCHAR(n)``, and an integer beyond
its column, where SQLite would store them; a row the one refuses the other must refuse too, with
`InvalidInput` naming the column, and nothing of the unit written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Table

from hazardflow.checks import InvalidInput

_RANGES: dict[type, int] = {BigInteger: 2**63, Integer: 2**31}


def _limits(table: Table) -> dict[str, tuple[int | None, int | None]]:
    """Each column's longest string (None: unbounded) and integer bound (None: not an integer)."""
    out: dict[str, tuple[int | None, int | None]] = {}
    for column in table.c:
        kind = type(column.type)
        length = column.type.length if isinstance(column.type, String) else None
        out[column.name] = (length, _RANGES.get(kind))
    return out


_CACHE: dict[str, dict[str, tuple[int | None, int | None]]] = {}


def text_value(where: str, value: str, length: int | None) -> None:
    """Refuse a NUL, a lone surrogate, or more than ``length`` characters in ``value``."""
    if "\x00" in value:
        raise InvalidInput(where, "text without NUL characters", value, zh="不含 NUL（\\x00）字符的文本")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(where, "valid Unicode text (no lone surrogates)", value,
                               zh="合法的 Unicode 文本（不含孤立的代理字符）") from None
    if length is not None and len(value) > length:
        raise InvalidInput(where, f"at most {length} characters", value, zh=f"不超过 {length} 个字符")


def rows(table: Table, columns: Sequence[str] | None, items: Iterable[Mapping[str, Any] | Sequence[Any]]) -> None:
    """Check every value of ``items`` (dicts, or tuples in the order of ``columns``) against ``table``.

    Column by column over all the rows at once (`_columns`): one NUL search and one UTF-8 check of
    the column's strings joined, the longest string of a bounded column, the extreme integers of an
    integer column; only where that finds a fault are the values checked one by one (`_each`), so
    the error names the column and the value exactly as a check of each value would."""
    limits = _CACHE.get(table.name)
    if limits is None:
        limits = _CACHE[table.name] = _limits(table)
    given = list(items)
    groups: dict[tuple[str, ...], list[Sequence[Any]]] = {}
    named = tuple(columns or ())
    for item in given:
        if type(item) is not tuple and isinstance(item, Mapping):
            groups.setdefault(tuple(item), []).append(tuple(item.values()))
        else:
            groups.setdefault(named, []).append(item)
    if not all(_columns(limits, names, found) for names, found in groups.items()):
        _each(table.name, limits, named, given)


def _columns(limits: dict[str, tuple[int | None, int | None]], names: Sequence[str],
             found: Sequence[Sequence[Any]]) -> bool:
    """Whether every value of the rows ``found`` (tuples in the order of ``names``) passes, judged
    per column (`rows`)."""
    for i, name in enumerate(names):
        bound = limits.get(name)
        if bound is None:
            continue
        length, span = bound
        try:
            values = [row[i] for row in found]
        except IndexError:  # a row shorter than the columns: judged value by value
            return False
        texts = [v for v in values if type(v) is str]
        if texts:
            joined = "".join(texts)
            if "\x00" in joined or (length is not None and max(map(len, texts)) > length):
                return False
            if not joined.isascii():
                try:
                    joined.encode("utf-8")
                except UnicodeEncodeError:
                    return False
        if span is not None:
            numbers = [v for v in values if type(v) is int]
            if numbers and not (-span <= min(numbers) and max(numbers) < span):
                return False
    return True


def _each(where: str, limits: dict[str, tuple[int | None, int | None]], columns: Sequence[str],
          items: Sequence[Mapping[str, Any] | Sequence[Any]]) -> None:
    """Check ``items`` value by value, in order: `InvalidInput` for the first bad one."""
    for item in items:
        pairs = item.items() if isinstance(item, Mapping) else zip(columns, item, strict=False)
        for name, value in pairs:
            bound = limits.get(name)
            if bound is None or value is None:
                continue
            if type(value) is str:
                text_value(f"{where}.{name}", value, bound[0])
            elif type(value) is int and bound[1] is not None and not -bound[1] <= value < bound[1]:
                raise InvalidInput(f"{where}.{name}", f"an integer in [-{bound[1]}, {bound[1]})", value,
                                   zh="数据库列能容纳的整数")
