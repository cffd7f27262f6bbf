"""Hazard queries in SQL: filters, an order, pages (limit/offset or a keyset cursor) and counts, on
the indexed columns.

Every filter is one WHERE clause on the ``hazards`` row (or an EXISTS on its listing); nothing is
loaded to be filtered in Python. ``jurisdiction`` is the hazard's 属地 (stored in the ``unit``
column; GLOSSARY.md: "unit" is not the word for it). Times are compared as the stored ISO text,
which orders like the time for the Beijing-time stamps the library writes (`tables`).
A bad filter value raises `InvalidInput` naming the filter.

Keyset pages: every page but the last carries ``next``, a cursor naming the order and the order's
values of its last row; given back as ``cursor``, the next page is the rows after that key, as one
row-value comparison ``(found_at, id) > (…, …)`` on the order's index (``ix_hazards_found_at_id``
for the default order), so a deep page costs what the first does and rows added meanwhile neither
repeat nor vanish. An order on a column that may be empty (``deadline``) pages by offset only.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import attrs
from sqlalchemy import ColumnElement, Index, Row, Select, exists, func, select, tuple_

from hazardflow.checks import SHANGHAI, InvalidInput, aware_time, local_date
from hazardflow.hazard.records import Hazard
from hazardflow.store.codec import time_text
from hazardflow.store.tables import hazards, listings
from hazardflow.vocab import Labelled, Level, Source, Stage

Index("ix_hazards_found_at_id", hazards.c.found_at, hazards.c.id)
Index("ix_listings_delisted_at", listings.c.delisted_at)
# (created by migration 0006; declared here so the code's view of the schema matches it)

ORDERS: dict[str, tuple[ColumnElement[Any], ...]] = {
    "found_at": (hazards.c.found_at, hazards.c.id),
    "deadline": (hazards.c.deadline, hazards.c.found_at, hazards.c.id),
    "id": (hazards.c.id,),
    "enterprise": (hazards.c.enterprise, hazards.c.found_at, hazards.c.id),
    "stage": (hazards.c.stage, hazards.c.found_at, hazards.c.id),
}
"""The orders a query may ask for (``-`` before the name: descending), each ending on the id."""
NULLABLE_ORDERS = frozenset({"deadline"})
"""Orders on a column that may be empty: paged by offset, not by cursor."""

MAX_LIMIT = 1000
"""The largest page."""

E = TypeVar("E", bound=Labelled)


@attrs.frozen
class Filters:
    """The filters of a hazard query, validated; None: not filtered on.

    ``enterprises`` / ``jurisdictions`` / ``sectors`` restrict to any of several (the HTTP API's
    scope of a token); ``id_prefix`` to the hazards whose id starts with it (an id typed short).
    """

    enterprise: str | None = None
    jurisdiction: str | None = None
    sector: str | None = None
    level: Level | None = None
    stage: Stage | None = None
    source: Source | None = None
    listed: bool | None = None
    overdue_at: date | None = None
    found_from: datetime | None = None
    found_before: datetime | None = None
    enterprises: frozenset[str] | None = None
    jurisdictions: frozenset[str] | None = None
    sectors: frozenset[str] | None = None
    id_prefix: str | None = None


def _member(kind: type[E], name: str, value: Any) -> E | None:
    if value is None or isinstance(value, kind):
        return value
    if isinstance(value, str):
        for member in kind:
            if value in (member.name, member.value, member.name.lower()):
                return member
    choices = "、".join(f"{m.name}（{m.label}）" for m in kind)
    raise InvalidInput(name, f"one of {', '.join(kind.__members__)} or its 中文 label", value,
                       zh=f"以下之一：{choices}")


def filter_text(name: str, value: Any) -> str | None:
    """A text filter's value: None (not filtered on) or a non-empty string, else `InvalidInput` naming it."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(name, "a non-empty string", value, zh="非空文本")
    return value


def _texts(name: str, value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Collection):
        raise InvalidInput(name, "a collection of names", value, zh="名称的集合")
    return frozenset(filter_text(name, v) or "" for v in value)


def _day(name: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return local_date(aware_time(value, name))
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(name, "a date (YYYY-MM-DD)", value, zh="日期（YYYY-MM-DD）")


def _moment(name: str, value: Any) -> datetime | None:
    """A bound on the discovery time: an aware datetime, or a date (its start, Beijing time)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return aware_time(value, name)
    day = _day(name, value)
    assert day is not None
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def filters(**given: Any) -> Filters:
    """`Filters` from keyword values as a user or a URL gives them: enums by member, name or 中文 label,
    dates as ``date`` or ``YYYY-MM-DD``; an unknown filter or a bad value raises `InvalidInput`."""
    unknown = sorted(given.keys() - {a.name for a in attrs.fields(Filters)})
    if unknown:
        raise InvalidInput(unknown[0], f"a filter among {', '.join(a.name for a in attrs.fields(Filters))}",
                           unknown[0], zh="已知的筛选条件")
    listed = given.get("listed")
    if listed is not None and not isinstance(listed, bool):
        raise InvalidInput("listed", "True or False", listed, zh="是或否 (True/False)")
    return Filters(
        enterprise=filter_text("enterprise", given.get("enterprise")),
        jurisdiction=filter_text("jurisdiction", given.get("jurisdiction")),
        sector=filter_text("sector", given.get("sector")),
        level=_member(Level, "level", given.get("level")),
        stage=_member(Stage, "stage", given.get("stage")),
        source=_member(Source, "source", given.get("source")),
        listed=listed,
        overdue_at=_day("overdue_at", given.get("overdue_at")),
        found_from=_moment("found_from", given.get("found_from")),
        found_before=_moment("found_before", given.get("found_before")),
        enterprises=_texts("enterprises", given.get("enterprises")),
        jurisdictions=_texts("jurisdictions", given.get("jurisdictions")),
        sectors=_texts("sectors", given.get("sectors")),
        id_prefix=filter_text("id_prefix", given.get("id_prefix")),
    )


def _stamp(value: datetime) -> str:
    return time_text(value.astimezone(SHANGHAI)).partition("[")[0]


def where(query: Select[Any], f: Filters) -> Select[Any]:
    """``query`` (on ``hazards``) narrowed by every filter given."""
    c = hazards.c
    for column, text in (("enterprise", f.enterprise), ("unit", f.jurisdiction), ("sector", f.sector)):
        if text is not None:
            query = query.where(c[column] == text)
    for column, member in (("level", f.level), ("stage", f.stage), ("source", f.source)):
        if member is not None:
            assert isinstance(member, Enum)
            query = query.where(c[column] == member.name)
    if f.enterprises is not None:
        query = query.where(c.enterprise.in_(sorted(f.enterprises)))
    if f.jurisdictions is not None:
        query = query.where(c.unit.in_(sorted(f.jurisdictions)))
    if f.sectors is not None:
        query = query.where(c.sector.in_(sorted(f.sectors)))
    if f.listed is not None:
        active = exists().where(listings.c.hazard_id == c.id, listings.c.delisted_at.is_(None))
        query = query.where(active if f.listed else ~active)
    if f.overdue_at is not None:
        query = query.where(c.stage != Stage.CLOSED.name, c.deadline.is_not(None),
                            c.deadline < f.overdue_at.isoformat())
    if f.found_from is not None:
        query = query.where(c.found_at >= _stamp(f.found_from))
    if f.found_before is not None:
        query = query.where(c.found_at < _stamp(f.found_before))
    if f.id_prefix is not None:
        query = query.where(starts_with(c.id, f.id_prefix))
    return query


def starts_with(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, compared exactly on every back end (``LIKE`` ignores the case
    of ASCII letters on SQLite, and a range of ids depends on PostgreSQL's collation)."""
    return func.substr(column, 1, len(prefix)) == prefix


def _order(order: str) -> tuple[tuple[ColumnElement[Any], ...], bool]:
    """The columns of ``order`` and whether descending; `InvalidInput` naming ``order``."""
    descending = isinstance(order, str) and order.startswith("-")
    columns = ORDERS.get(order[1:] if descending else order) if isinstance(order, str) else None
    if columns is None:
        raise InvalidInput("order", f"one of {', '.join(ORDERS)} (prefix - to reverse)", order,
                           zh=f"以下之一：{'、'.join(ORDERS)}（前加 - 为倒序）")
    return columns, descending


def ordered(query: Select[Any], order: str) -> Select[Any]:
    """``query`` in ``order`` (a key of `ORDERS`, ``-`` first for descending)."""
    columns, descending = _order(order)
    return query.order_by(*(col.desc() if descending else col for col in columns))


def cursor_of(order: str, key: Sequence[Any]) -> str:
    """The cursor after the row whose ``order`` values are ``key`` (URL-safe text)."""
    text = json.dumps([order, list(key)], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _key(cursor: Any, order: str, size: int) -> list[str]:
    """The key a cursor of ``order`` names; `InvalidInput` naming ``cursor`` for anything else."""
    bad = InvalidInput("cursor", f"the 'next' of a previous page in order {order}", cursor,
                       zh=f"上一页返回的 next 游标（排序 {order}）")
    if not isinstance(cursor, str) or not cursor:
        raise bad
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad from None
    if (not isinstance(decoded, list) or len(decoded) != 2 or decoded[0] != order or not isinstance(decoded[1], list)
            or len(decoded[1]) != size or not all(isinstance(v, str) for v in decoded[1])):
        raise bad
    return decoded[1]


def _bound(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(name, f"an int from {low} to {high}", value, zh=f"{low} 到 {high} 之间的整数")
    return value


def ids_query(f: Filters, *, order: str = "found_at", limit: int = 50, offset: int = 0,
              cursor: str | None = None) -> Select[Any]:
    """The SELECT of one page of hazards: the order's values of each row, the id last, and one row
    more than ``limit`` (whether a page follows); after ``cursor``'s key if given (`cursor_of`)."""
    columns, descending = _order(order)
    query = where(select(*columns), f)
    if cursor is not None:
        if order.lstrip("-") in NULLABLE_ORDERS:
            raise InvalidInput("cursor", f"no cursor with order {order} (it may be empty): page by offset", cursor,
                               zh=f"不用游标（排序 {order} 可能为空，请用 offset 分页）")
        if offset != 0:
            raise InvalidInput("offset", "0 with a cursor", offset, zh="使用游标时为 0")
        key = tuple_(*columns)
        after = tuple_(*_key(cursor, order, len(columns)))
        query = query.where(key < after if descending else key > after)
    query = query.order_by(*(col.desc() if descending else col for col in columns))
    return query.limit(_bound("limit", limit, 1, MAX_LIMIT) + 1).offset(_bound("offset", offset, 0, 2**62))


def next_cursor(order: str, rows: Sequence[Row[Any]], limit: int) -> str | None:
    """The cursor after a page of ``rows`` (`ids_query`'s, one more than ``limit`` if more follow)."""
    if len(rows) <= limit or order.lstrip("-") in NULLABLE_ORDERS:
        return None
    return cursor_of(order, tuple(rows[limit - 1]))


def count_query(f: Filters) -> Select[Any]:
    """The SELECT COUNT(*) of the hazards matching ``f``."""
    return where(select(func.count()).select_from(hazards), f)


@attrs.frozen
class Page:
    """One page of a query: the hazards (read-only snapshots), how many match in all, where it starts,
    and ``next``: the cursor of the page after it (None on the last page, or in an order paged by
    offset only)."""

    hazards: tuple[Hazard, ...]
    total: int
    limit: int
    offset: int
    next: str | None = None
    following: bool = False

    @property
    def more(self) -> bool:
        """Whether hazards follow this page."""
        return self.following
