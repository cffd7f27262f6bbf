"""The overview of a jurisdiction on a day (the dashboard's first page), as of that day (principle 10):
the 调度表 (`dispatch_table`, whose figures the overview shows as they are), hazards found / closed /
listed by level and source (the 总体情况 aggregate, `dispatch.hazard_query`, per level and source),
those overdue (H8) as they stood then (`Ledger.as_of`), the monthly trend of major hazards found and
closed (the 调度表's own counts at each month end), the notice's phase (C1), the units' steps, the
durable tick's findings for the day (`Ledger.tick`) and rewards paid (P8). Nothing here decides a
rule: every figure is one the library already computes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import and_, exists, select

from hazardflow.checks import SHANGHAI
from hazardflow.enforcement.activities import ActivityKind
from hazardflow.hazard.records import Hazard
from hazardflow.notices import Notice
from hazardflow.reports.dispatch import DispatchTable, dispatch_table, end_of, hazard_query, recorded_activities
from hazardflow.reports.layout import HazardCount
from hazardflow.store import Ledger, NotFound
from hazardflow.store.records import Dossier
from hazardflow.store.tables import events, hazards, plans
from hazardflow.vocab import Level, Source

ENFORCEMENT = "部门精准严格执法情况"
"""The 调度表 section the overview's enforcement figures come from."""


@attrs.frozen
class Point:
    """One campaign month of the trend: its label, its cut-off day (ISO), the major hazards found and
    closed by then (the 调度表's 总体情况 1+3 and 2+4)."""

    month: str
    day: str
    found: int
    closed: int


@attrs.frozen
class Count:
    """Hazards of a level and source found since the campaign's start, and of those the closed, the
    listed (挂牌督办) and the overdue (H8) as of the day."""

    level: Level
    source: Source
    found: int
    closed: int
    listed: int
    overdue: int


@attrs.frozen
class Overview:
    """The overview of one jurisdiction on one day."""

    notice: Notice
    place: str
    day: date
    table: DispatchTable
    counts: tuple[Count, ...]
    trend: tuple[Point, ...]
    overdue_by_town: tuple[tuple[str, int], ...]  # over the viewer's jurisdictions
    overdue_by_sector: tuple[tuple[str, int], ...]
    phase: str
    steps: tuple[tuple[str, int], ...]
    tick: Dossier | None
    rewards: Decimal

    @property
    def enforcement(self) -> list[Any]:
        """The 调度表's rows of 部门精准严格执法情况 (行政处罚, 一案双罚, 停产整顿 …)."""
        return [r for r in self.table.rows if r.section == ENFORCEMENT]

    @property
    def obligations(self) -> list[Any]:
        """The tick's obligations (due or overdue) for this jurisdiction that day."""
        return [o for o in (self.tick.get("obligations", ()) if self.tick else ()) if o.unit == self.place]

    @property
    def escalations(self) -> list[Any]:
        """The tick's overdue escalations (H8) that day for this jurisdiction's hazards."""
        return [e for e in (self.tick.get("escalations", ()) if self.tick else ()) if e.department == self.place]


def months(start: date, day: date) -> list[date]:
    """The cut-off of each campaign month from ``start`` to ``day``: each month's last day, ``day``
    for its own month."""
    out, first = [], start.replace(day=1)
    while first <= day:
        following = (first + timedelta(days=32)).replace(day=1)
        out.append(min(following - timedelta(days=1), day))
        first = following
    return out


def _counts(ledger: Ledger, notice: Notice, day: date, place: str) -> tuple[Count, ...]:
    start, end = end_of(notice.start - timedelta(days=1)), end_of(day)
    keys = [(level, source) for level in Level for source in Source]
    measures = [HazardCount((source,), listed=listed, closed=closed, level=level)
                for level, source in keys for closed, listed in ((False, False), (True, False), (False, True))]
    with ledger.engine.connect() as connection:
        values = [int(v) for v in connection.execute(hazard_query(start, end, place, measures)).one()]
    overdue = Counter((h.level, h.source) for h in _overdue(ledger, notice, day, {place}))
    found = [Count(level, source, values[3 * k], values[3 * k + 1], values[3 * k + 2], overdue[level, source])
             for k, (level, source) in enumerate(keys)]
    return tuple(c for c in found if c.found)


def _overdue(ledger: Ledger, notice: Notice, day: date, places: Collection[str]) -> list[Hazard]:
    """The hazards of ``places`` overdue (H8) at the end of ``day``, as they stood then. Only hazards whose plan's
    deadline had passed are rebuilt: an extension only moves a deadline later (H8), so a hazard with
    a later plan deadline cannot have been overdue; nor one closed by then and never reopened."""
    start, end = end_of(notice.start - timedelta(days=1)), end_of(day)
    closed = exists().where(events.c.hazard_id == hazards.c.id, events.c.trigger == "close", events.c.at < end)
    reopened = exists().where(events.c.hazard_id == hazards.c.id, events.c.trigger == "reopen")
    query = (select(hazards.c.id).join(plans, plans.c.hazard_id == hazards.c.id)
             .where(plans.c.deadline < day.isoformat(), hazards.c.found_at >= start, hazards.c.found_at < end,
                    hazards.c.unit.in_(sorted(places)), ~and_(closed, ~reopened))
             .order_by(hazards.c.found_at, hazards.c.id))
    with ledger.engine.connect() as connection:
        ids = list(connection.scalars(query))
    moment = datetime.combine(day, time.max, SHANGHAI)
    return [h for h in ledger.as_of(ids, end) if h.is_overdue(moment)]


def trend(ledger: Ledger, notice: Notice, day: date, place: str) -> tuple[Point, ...]:
    """Major hazards found and closed (cumulative, as the 调度表's 总体情况 counts them) at each campaign
    month's end, the last point at ``day``."""
    start = end_of(notice.start - timedelta(days=1))
    measures = [HazardCount(), HazardCount(closed=True)]
    points: list[Point] = []
    with ledger.engine.connect() as connection:
        for cut in months(notice.start, min(day, notice.end)):
            found, closed = connection.execute(hazard_query(start, end_of(cut), place, measures)).one()
            points.append(Point(f"{cut.year}年{cut.month}月" if cut.month == 1 or not points else f"{cut.month}月",
                                cut.isoformat(), int(found), int(closed)))
    return tuple(points)


def _by(items: Iterable[str]) -> tuple[tuple[str, int], ...]:
    return tuple(Counter(items).most_common())


def phase(notice: Notice, day: date) -> str:
    """The notice's phase on ``day`` by its dates (C1), or where the day falls outside them."""
    for p in notice.phases:
        if p.start <= day <= p.end:
            return f"第{p.number}阶段 {p.name}（{p.start:%m-%d}—{p.end:%m-%d}）"
    return "行动开始前" if day < notice.start else "行动已结束"


def _steps(ledger: Ledger, moment: datetime) -> tuple[tuple[str, int], ...]:
    """How many participating units stood at each step at ``moment`` (their stored participations)."""
    steps = []
    for record_id in ledger.record_ids("participation"):
        try:
            steps.append(ledger.load("participation", record_id, until=moment).step.label)
        except NotFound:
            continue  # joined later
    return _by(steps)


def _tick(ledger: Ledger, day: date) -> Dossier | None:
    """The durable tick's findings recorded for ``day`` (None: no tick ran for it)."""
    try:
        dossier: Dossier = ledger.load("tick", day.isoformat())
    except NotFound:
        return None
    return dossier


def overview(ledger: Ledger, notice: Notice, day: date, place: str, scope: Collection[str]) -> Overview:
    """The overview of ``place`` on ``day`` under ``notice``; overdue major hazards by town and by sector
    over every jurisdiction of ``scope`` (what the viewer answers for)."""
    table = dispatch_table(ledger, notice, day, unit=place)
    moment = datetime.combine(day, time.max, SHANGHAI)
    overdue = [h for h in _overdue(ledger, notice, day, scope) if h.level is Level.MAJOR]
    since = datetime.combine(notice.start, time(), SHANGHAI)
    rewards = sum((a.amount or Decimal(0) for a in recorded_activities(ledger, end_of(day))
                   if a.kind is ActivityKind.TIP_REWARD and a.unit == place and a.at >= since), Decimal(0))
    return Overview(notice, place, day, table, _counts(ledger, notice, day, place), trend(ledger, notice, day, place),
                    _by(h.unit for h in overdue), _by(h.sector for h in overdue), phase(notice, day),
                    _steps(ledger, moment), _tick(ledger, day), rewards)
