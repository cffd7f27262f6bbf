"""The overview of a jurisdiction on a day (the dashboard's first page), as of that day (principle 10):
the 调度表 (`dispatch_table`, whose figures the overview shows as they are), hazards found / closed /
listed / overdue (H8) by level and source and the monthly trend of major hazards found and closed —
counted from one query per scope of each hazard's deciding events, as the 调度表's 总体情况 counts them
(tests/reports/test_summary.py holds them equal at every month end), an extended deadline read by
rebuilding that hazard as of the day (`Ledger.as_of`) — the notice's phase (C1), the units' steps, the
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
from sqlalchemy import and_, select

from hazardflow.checks import SHANGHAI
from hazardflow.enforcement.activities import ActivityKind
from hazardflow.notices import Notice
from hazardflow.reports.dispatch import DispatchTable, dispatch_table, end_of, recorded_activities
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
    hazards: frozenset[str] = frozenset()  # the ids of the jurisdiction's hazards found in the campaign

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
        """The tick's overdue escalations (H8) that day of this jurisdiction's hazards (found in the campaign)."""
        return [e for e in (self.tick.get("escalations", ()) if self.tick else ()) if e.hazard in self.hazards]


def months(start: date, day: date) -> list[date]:
    """The cut-off of each campaign month from ``start`` to ``day``: each month's last day, ``day``
    for its own month."""
    out, first = [], start.replace(day=1)
    while first <= day:
        following = (first + timedelta(days=32)).replace(day=1)
        out.append(min(following - timedelta(days=1), day))
        first = following
    return out


@attrs.define
class _Marks:
    """One hazard as the overview counts it: its stored facts, its plan's deadline, and the times
    (stored text, before the cut-off) of the events that decide the counts — 交办 and 延期 (the
    deadline, H8), 销号 and 回头看重新打开 (closed), 挂牌督办 (listed)."""

    level: str
    source: str
    unit: str
    sector: str
    found_at: str
    deadline: str | None
    times: dict[str, list[str]] = attrs.Factory(dict)

    def closed(self, cut: str) -> bool:
        """Closed before ``cut`` and not reopened since — the 调度表's 已完成整改 (`dispatch.hazard_query`)."""
        closes = [t for t in self.times.get("close", ()) if t < cut]
        reopens = [t for t in self.times.get("reopen", ()) if t < cut]
        return bool(closes) and (not reopens or max(reopens) < max(closes))

    def listed(self, cut: str) -> bool:
        """Listed (挂牌督办) before ``cut`` — the 调度表's 政府挂牌督办的."""
        return any(t < cut for t in self.times.get("list_for_supervision", ()))

    def overdue(self, day: date, cut: str) -> bool | None:
        """Overdue on ``day`` (H8, `Hazard.is_overdue`) as it stood at ``cut``: its deadline then is its
        plan's, set when assigned (交办), unless extended (延期) before ``cut`` — None: then only a
        rebuild knows the deadline."""
        if any(t < cut for t in self.times.get("extend", ())):
            return None
        assigned = any(t < cut for t in self.times.get("assign", ()))
        return assigned and self.deadline is not None and self.deadline < day.isoformat() and not self.closed(cut)


_DECIDING = ("assign", "extend", "close", "reopen", "list_for_supervision")


def _marks(ledger: Ledger, start: str, end: str, places: Collection[str], level: Level | None = None,
           due_before: date | None = None) -> dict[str, _Marks]:
    """The hazards of ``places`` found in [``start``, ``end``) (of ``level``; with a plan due before
    ``due_before``), with their deciding events before ``end``, in one query."""
    joined = (hazards.outerjoin(plans, plans.c.hazard_id == hazards.c.id)
              .outerjoin(events, and_(events.c.hazard_id == hazards.c.id, events.c.at < end,
                                      events.c.trigger.in_(_DECIDING))))
    query = (select(hazards.c.id, hazards.c.level, hazards.c.source, hazards.c.unit, hazards.c.sector,
                    hazards.c.found_at, plans.c.deadline, events.c.trigger, events.c.at).select_from(joined)
             .where(hazards.c.unit.in_(sorted(places))))  # the window is applied below: by the place's index
    if level is not None:
        query = query.where(hazards.c.level == level.name)
    if due_before is not None:  # an extension only moves a deadline later (H8): none else can be overdue
        query = query.where(plans.c.deadline < due_before.isoformat())
    found: dict[str, _Marks] = {}
    with ledger.engine.connect() as connection:
        for hazard_id, lvl, source, unit, sector, found_at, deadline, trigger, at in connection.execute(query):
            if not start <= found_at < end:
                continue
            marks = found.get(hazard_id)
            if marks is None:
                marks = found[hazard_id] = _Marks(lvl, source, unit, sector, found_at, deadline)
            if trigger is not None:
                marks.times.setdefault(trigger, []).append(at)
    return found


def _overdue(ledger: Ledger, marks: dict[str, _Marks], day: date, end: str) -> list[_Marks]:
    """The hazards of ``marks`` overdue on ``day`` as they stood at ``end``; an extended one is rebuilt
    as of ``end`` (`Ledger.as_of`) to read its deadline then."""
    verdicts = {i: m.overdue(day, end) for i, m in marks.items()}
    extended = [i for i, verdict in verdicts.items() if verdict is None]
    moment = datetime.combine(day, time.max, SHANGHAI)
    return ([marks[i] for i, verdict in verdicts.items() if verdict]
            + [marks[h.id] for h in ledger.as_of(extended, end) if h.is_overdue(moment)])


def _counts(ledger: Ledger, marks: dict[str, _Marks], day: date) -> tuple[Count, ...]:
    end = end_of(day)
    overdue = Counter((m.level, m.source) for m in _overdue(ledger, marks, day, end))
    groups: dict[tuple[str, str], list[_Marks]] = {}
    for m in marks.values():
        groups.setdefault((m.level, m.source), []).append(m)
    return tuple(Count(level, source, len(chosen), sum(m.closed(end) for m in chosen),
                       sum(m.listed(end) for m in chosen), overdue[level.name, source.name])
                 for level in Level for source in Source if (chosen := groups.get((level.name, source.name))))


def trend(marks: Iterable[_Marks], notice: Notice, day: date) -> tuple[Point, ...]:
    """Major hazards found and closed (cumulative, as the 调度表's 总体情况 counts them) at each campaign
    month's end, the last point at ``day``."""
    major = [m for m in marks if m.level == Level.MAJOR.name]
    points: list[Point] = []
    for cut in months(notice.start, min(day, notice.end)):
        end = end_of(cut)
        shown = [m for m in major if m.found_at < end]
        points.append(Point(f"{cut.year}年{cut.month}月" if cut.month == 1 or not points else f"{cut.month}月",
                            cut.isoformat(), len(shown), sum(m.closed(end) for m in shown)))
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
    start, end = end_of(notice.start - timedelta(days=1)), end_of(day)
    here = _marks(ledger, start, end, [place])
    overdue = _overdue(ledger, _marks(ledger, start, end, scope, Level.MAJOR, due_before=day), day, end)
    since = datetime.combine(notice.start, time(), SHANGHAI)
    rewards = sum((a.amount or Decimal(0) for a in recorded_activities(ledger, end_of(day))
                   if a.kind is ActivityKind.TIP_REWARD and a.unit == place and a.at >= since), Decimal(0))
    return Overview(notice, place, day, table, _counts(ledger, here, day), trend(here.values(), notice, day),
                    _by(m.unit for m in overdue), _by(m.sector for m in overdue), phase(notice, day),
                    _steps(ledger, moment), _tick(ledger, day), rewards, frozenset(here))
