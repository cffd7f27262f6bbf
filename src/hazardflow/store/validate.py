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
    """Check every value of ``items`` (dicts, or tuples in the order of ``columns``) against ``table``."""
    limits = _CACHE.get(table.name)
    if limits is None:
        limits = _CACHE[table.name] = _limits(table)
    for item in items:
        pairs = item.items() if isinstance(item, Mapping) else zip(columns or (), item, strict=False)
        for name, value in pairs:
            bound = limits.get(name)
            if bound is None or value is None:
                continue
            if type(value) is str:
                text_value(f"{table.name}.{name}", value, bound[0])
            elif type(value) is int and bound[1] is not None and not -bound[1] <= value < bound[1]:
                raise InvalidInput(f"{table.name}.{name}", f"an integer in [-{bound[1]}, {bound[1]})", value,
                                   zh="数据库列能容纳的整数")
