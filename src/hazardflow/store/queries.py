"""Hazard queries in SQL: filters, an order, limit/offset pages and counts, on the indexed columns.

Every filter is one WHERE clause on the ``hazards`` row (or an EXISTS on its listing); nothing is
loaded to be filtered in Python. ``jurisdiction`` is the hazard's 属地 (stored in the ``unit``
column; GLOSSARY.md: "unit" is not the word for it). Times are compared as the stored ISO text,
which orders like the time for the Beijing-time stamps the library writes (`tables`).
A bad filter value raises `InvalidInput` naming the filter.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import attrs
from sqlalchemy import ColumnElement, Index, Select, exists, func, select

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

MAX_LIMIT = 1000
"""The largest page."""

E = TypeVar("E", bound=Labelled)


@attrs.frozen
class Filters:
    """The filters of a hazard query, validated; None: not filtered on.

    ``enterprises`` / ``jurisdictions`` / ``sectors`` restrict to any of several (the HTTP API's
    scope of a token).
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


def _text(name: str, value: Any) -> str | None:
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
    return frozenset(_text(name, v) or "" for v in value)


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
        enterprise=_text("enterprise", given.get("enterprise")),
        jurisdiction=_text("jurisdiction", given.get("jurisdiction")),
        sector=_text("sector", given.get("sector")),
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
    return query


def ordered(query: Select[Any], order: str) -> Select[Any]:
    """``query`` in ``order`` (a key of `ORDERS`, ``-`` first for descending)."""
    descending = isinstance(order, str) and order.startswith("-")
    columns = ORDERS.get(order[1:] if descending else order) if isinstance(order, str) else None
    if columns is None:
        raise InvalidInput("order", f"one of {', '.join(ORDERS)} (prefix - to reverse)", order,
                           zh=f"以下之一：{'、'.join(ORDERS)}（前加 - 为倒序）")
    return query.order_by(*(col.desc() if descending else col for col in columns))


def _bound(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(name, f"an int from {low} to {high}", value, zh=f"{low} 到 {high} 之间的整数")
    return value


def ids_query(f: Filters, *, order: str = "found_at", limit: int = 50, offset: int = 0) -> Select[Any]:
    """The SELECT of one page of hazard ids."""
    query = ordered(where(select(hazards.c.id), f), order)
    return query.limit(_bound("limit", limit, 1, MAX_LIMIT)).offset(_bound("offset", offset, 0, 2**62))


def count_query(f: Filters) -> Select[Any]:
    """The SELECT COUNT(*) of the hazards matching ``f``."""
    return where(select(func.count()).select_from(hazards), f)


@attrs.frozen
class Page:
    """One page of a query: the hazards (read-only snapshots), how many match in all, where it starts."""

    hazards: tuple[Hazard, ...]
    total: int
    limit: int
    offset: int

    @property
    def more(self) -> bool:
        """Whether hazards follow this page."""
        return self.offset + len(self.hazards) < self.total
