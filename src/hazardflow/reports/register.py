"""The 重大隐患（重点隐患）清单 (宜明办字〔2023〕23号 附件2), read from the store's event log.

Rows are the major hazards and the key hazards (重点隐患, ``key=True``) found up to ``as_of``, in
the order found; the description names the 判定标准 items cited (L7); 整改措施 is the plan's measures,
整改期限 the deadline (extensions included) and 整改进展 the stage, all as of the end of ``as_of``, marked
逾期 past the deadline on ``as_of`` and 虚假整改 where a look-back found it (H8, H10).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

import attrs
from sqlalchemy import Select, func, or_, select

from hazardflow.checks import InvalidInput
from hazardflow.hazard.records import Hazard
from hazardflow.reports.dispatch import end_of
from hazardflow.reports.layout import REGISTER, REGISTER_COLUMNS
from hazardflow.reports.render import Printable
from hazardflow.reports.sheet import Cell, Sheet
from hazardflow.store import Ledger
from hazardflow.store.tables import hazards
from hazardflow.vocab import Level, Stage

PROGRESS = {
    Stage.FOUND: "已登记，待交办",
    Stage.ASSIGNED: "已交办，待整改",
    Stage.RECTIFYING: "整改中",
    Stage.VERIFYING: "已整改，待验收",
    Stage.CLOSED: "已完成整改并销号",
}
"""整改进展 by stage."""


@attrs.frozen
class RegisterRow:
    """One row of the 清单, in the attachment's column order."""

    number: int
    unit: str
    enterprise: str
    sector: str
    description: str
    measures: str
    listing: str
    deadline: str
    progress: str
    grade: str = "重大"

    def cells(self) -> tuple[str | int, ...]:
        """The row's cells, in the attachment's order."""
        return tuple(attrs.astuple(self))[:len(REGISTER_COLUMNS)]

    def printed(self) -> tuple[Cell, ...]:
        """The row as the 清单 prints it: 描述 marked 【重大】 or 【重点】 (the one column holds both),
        整改期限 a date."""
        return (self.number, self.unit, self.enterprise, self.sector, f"【{self.grade}】{self.description}",
                self.measures, self.listing, date.fromisoformat(self.deadline) if self.deadline else "",
                self.progress)


@attrs.frozen
class RegisterTable(Printable):
    """The 清单 as of a date (of ``unit``, if given), and whether it prints the signature line."""

    title: str
    as_of: date
    rows: tuple[RegisterRow, ...]
    unit: str | None = None
    signatures: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The attachment's column headers (宜明办字〔2023〕23号 附件2), each on one line."""
        return REGISTER_COLUMNS

    def sheet(self) -> Sheet:
        """The 清单 laid out as 附件2 prints it: no 截至 line (the attachment has none)."""
        return REGISTER.sheet((r.printed() for r in self.rows), self.signatures, self.unit)


@attrs.frozen
class RegisterPage:
    """One page of the 清单 (`register_page`): its rows as a table, the rows in all, the rows' hazard ids."""

    table: RegisterTable
    total: int
    hazard_ids: tuple[str, ...]


def _progress(h: Hazard, as_of: date) -> str:
    text = PROGRESS[h.stage]
    if h.stage is not Stage.CLOSED and h.deadline is not None and as_of > h.deadline:
        text += "（已逾期）"
    if h.sham:
        text += f"（回头看发现虚假整改{h.sham}次）"
    return text


def _cited(description: str, items: tuple[str, ...]) -> str:
    """The description with the 判定标准 items the hazard cites (L7), as ``…（判定依据：10号令第十一条(一)）``."""
    return f"{description}（判定依据：{'、'.join(items)}）" if items else description


def _row(number: int, h: Hazard, as_of: date) -> RegisterRow:
    listing = h.listing
    return RegisterRow(number, h.jurisdiction, h.enterprise, h.sector, _cited(h.description, h.standard_items),
                       (h.plan.measures or "") if h.plan is not None else "",
                       f"{listing.title}（{listing.number}）" if listing is not None else "",
                       "" if h.deadline is None else h.deadline.isoformat(), _progress(h, as_of),
                       "重大" if h.level is Level.MAJOR else "重点")


def register(ledger: Ledger, as_of: date, unit: str | None = None) -> RegisterTable:
    """The 重大隐患（重点隐患）清单 of hazards found up to the end of ``as_of`` (of ``unit``, if given),
    each as it stood then: rebuilt from its events up to the end of ``as_of`` alone (principle 10),
    so the same call gives the same table whenever it is run — or, for a hazard whose every event is
    dated before that end (its ``last_at`` fact, `store.facts`), read as stored, which is the same
    state (the stored state is its events' replay: `Ledger.verify_chain`), in batches instead of a
    replay each."""
    end = end_of(_day(as_of))
    with ledger.snapshot() as connection:
        rows = connection.execute(_listed(end, unit).add_columns(hazards.c.last_at)).all()
    stored = ledger.get_many([i for i, last in rows if last is not None and last < end], replica=True)
    rebuilt = ledger.as_of([i for i, last in rows if last is None or last >= end], end)
    stood = {h.id: h for h in (*stored, *rebuilt)}
    return RegisterTable(REGISTER.title, as_of, tuple(_row(n, stood[i], as_of) for n, (i, _) in
                                                      enumerate(rows, start=1)), unit)


def _day(as_of: object) -> date:
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidInput("as_of", "a date", as_of)
    return as_of


def _listed(end: str, unit: str | None, **equal: str | Collection[str] | None) -> Select[Any]:
    """The ids of the 清单's hazards found before ``end`` (of ``unit``; columns equal to the values of
    ``equal``, or in them for a collection), in the 清单's order."""
    query = (select(hazards.c.id)
             .where(or_(hazards.c.level == Level.MAJOR.name, hazards.c.key.is_(True)), hazards.c.found_at < end)
             .order_by(hazards.c.found_at, hazards.c.id))
    for column, value in {"unit": unit, **equal}.items():
        if isinstance(value, str):
            query = query.where(hazards.c[column] == value)
        elif value is not None:
            query = query.where(hazards.c[column].in_(sorted(value)))
    return query


def register_page(ledger: Ledger, as_of: date, unit: str | None = None, *, offset: int = 0, limit: int = 50,
                  enterprise: str | Collection[str] | None = None, sector: str | None = None) -> RegisterPage:
    """Rows ``offset + 1`` … ``offset + limit`` of `register` (narrowed to ``enterprise`` — one, or any
    of several — and ``sector``, numbered as that narrowed 清单), how many rows it has in all, and the
    rows' hazard ids. Only the page's hazards are rebuilt as of ``as_of``, so a page costs about the
    same on any size of register."""
    end = end_of(_day(as_of))
    query = _listed(end, unit, enterprise=enterprise, sector=sector)
    with ledger.snapshot() as connection:
        total = connection.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
        ids = list(connection.scalars(query.limit(limit).offset(offset)))
    rebuilt = ledger.as_of(ids, end)
    rows = tuple(_row(i, h, as_of) for i, h in enumerate(rebuilt, start=offset + 1))
    return RegisterPage(RegisterTable(REGISTER.title, as_of, rows, unit), int(total), tuple(h.id for h in rebuilt))
