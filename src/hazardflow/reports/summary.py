"""The overview of a jurisdiction on a day (the dashboard's first page), as of that day (principle 10):
the 调度表 (`dispatch_table`, whose figures the overview shows as they are), hazards found / closed /
listed / overdue (H8) by level and source and the monthly trend of major hazards found and closed —
counted in SQL from the facts on the hazard rows (`store.facts`) as the 调度表's 总体情况 counts them
(`dispatch.closed_by`; tests/reports/test_summary.py holds them equal to the 调度表 and to each hazard
rebuilt as of the day), a deadline that only a rebuild knows read by rebuilding that hazard as of the
day (`Ledger.as_of`) — the notice's phase (C1), the units' steps, the
durable tick's findings for the day (`Ledger.tick`) and rewards paid (P8). Nothing here decides a
rule: every figure is one the library already computes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import ColumnElement, Connection, Select, and_, case, func, not_, select

from hazardflow.campaign.phases import Step
from hazardflow.checks import SHANGHAI
from hazardflow.notices import Notice
from hazardflow.reports.dispatch import DispatchTable, closed_by, dispatch_table, end_of, listed_by, rewards_paid
from hazardflow.store import Ledger, NotFound
from hazardflow.store.records import Dossier
from hazardflow.store.tables import hazards, plans, record_events
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
    escalated: frozenset[str] = frozenset()  # of the tick's escalations, the jurisdiction's hazards' ids

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
        return [e for e in (self.tick.get("escalations", ()) if self.tick else ()) if e.hazard in self.escalated]


def months(start: date, day: date) -> list[date]:
    """The cut-off of each campaign month from ``start`` to ``day``: each month's last day, ``day``
    for its own month."""
    out, first = [], start.replace(day=1)
    while first <= day:
        following = (first + timedelta(days=32)).replace(day=1)
        out.append(min(following - timedelta(days=1), day))
        first = following
    return out


def _window(query: Select[Any], start: str, end: str, places: Collection[str]) -> Select[Any]:
    """``query`` narrowed to the hazards of ``places`` found in [``start``, ``end``)."""
    c = hazards.c
    return query.where(c.unit.in_(sorted(places)), c.found_at >= start, c.found_at < end)


def _due(day: date, end: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """逾期 (H8, `Hazard.is_overdue`) on ``day`` as a hazard stood at the stored time ``end``, from its row:
    assigned (交办) before ``end``, its deadline then before ``day`` and not closed at ``end``. The
    deadline then is the row's own (`Hazard.deadline`) for a hazard never extended (延期) or extended only
    before ``end`` with every event of it before ``end``, its plan's for one extended only after
    ``end``; the second condition picks the hazards whose deadline then only a rebuild knows (extended
    before ``end``, with events since)."""
    c = hazards.c
    rebuild = and_(c.extended_at.is_not(None), c.extended_at < end, c.last_at >= end)
    planned = select(plans.c.deadline).where(plans.c.hazard_id == c.id).scalar_subquery()
    deadline = case((and_(c.extended_at.is_not(None), c.extended_at >= end), planned), else_=c.deadline)
    overdue = and_(c.assigned_at.is_not(None), c.assigned_at < end, deadline.is_not(None),
                   deadline < day.isoformat(), not_(closed_by(end)), not_(rebuild))
    return overdue, rebuild


def _sum(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _rebuilt_overdue(ledger: Ledger, connection: Connection, query: Select[Any], day: date,
                     end: str) -> list[tuple[Any, ...]]:
    """The rows of ``query`` (the hazard id first) whose hazard, rebuilt as of ``end`` (`Ledger.as_of`),
    is overdue on ``day``."""
    rows = {row[0]: row for row in connection.execute(query)}
    moment = datetime.combine(day, time.max, SHANGHAI)
    return [rows[h.id] for h in ledger.as_of(list(rows), end) if h.is_overdue(moment)]


def _grouped(ledger: Ledger, connection: Connection, keys: Sequence[ColumnElement[Any]],
             sums: Sequence[ColumnElement[int]], window: Callable[[Select[Any]], Select[Any]], day: date,
             end: str) -> dict[tuple[Any, ...], list[int]]:
    """Per value of ``keys`` over the hazards ``window`` narrows to: the ``sums``, then those overdue on
    ``day`` (H8, `_due`) — a hazard whose deadline then only a rebuild knows, rebuilt."""
    overdue, rebuild = _due(day, end)
    n = len(keys)
    rows = connection.execute(window(select(*keys, *sums, _sum(overdue), _sum(rebuild))).group_by(*keys))
    figures = {tuple(row[:n]): [int(v) for v in row[n:]] for row in rows}
    if any(f.pop() for f in figures.values()):
        for row in _rebuilt_overdue(ledger, connection, window(select(hazards.c.id, *keys).where(rebuild)), day, end):
            figures[tuple(row[1:])][-1] += 1
    return figures


def _counts(ledger: Ledger, connection: Connection, start: str, end: str, place: str,
            day: date) -> tuple[Count, ...]:
    """Hazards of ``place`` by level and source: found in the window, closed, listed, overdue on ``day``."""
    c = hazards.c
    figures = _grouped(ledger, connection, [c.level, c.source], [func.count(), _sum(closed_by(end)),
                                                                 _sum(listed_by(end))],
                       lambda q: _window(q, start, end, [place]), day, end)
    return tuple(Count(level, source, *figures[level.name, source.name])
                 for level in Level for source in Source if (level.name, source.name) in figures)


def _overdue_major(ledger: Ledger, connection: Connection, start: str, end: str, scope: Collection[str],
                   day: date) -> Counter[tuple[str, str]]:
    """Overdue major hazards on ``day`` over ``scope``, by (jurisdiction, sector)."""
    c = hazards.c
    figures = _grouped(ledger, connection, [c.unit, c.sector], [], lambda q: _window(q, start, end, scope).where(
        c.level == Level.MAJOR.name, c.assigned_at.is_not(None)), day, end)
    return Counter({(unit, sector): n for (unit, sector), (n,) in figures.items() if n})


def _trend(connection: Connection, notice: Notice, day: date, place: str) -> tuple[Point, ...]:
    """Major hazards of ``place`` found and closed (cumulative, as the 调度表's 总体情况 counts them) at
    each campaign month's end, the last point at ``day``, in one scan of its hazards."""
    c = hazards.c
    cuts = months(notice.start, min(day, notice.end))
    if not cuts:
        return ()
    start, ends = end_of(notice.start - timedelta(days=1)), [end_of(cut) for cut in cuts]
    columns: list[ColumnElement[Any]] = [f for end in ends for f in (
        _sum(c.found_at < end), _sum(and_(c.found_at < end, closed_by(end))))]
    query = _window(select(*columns), start, ends[-1], [place]).where(c.level == Level.MAJOR.name)
    figures = [int(v) for v in connection.execute(query).one()]
    return tuple(Point(f"{cut.year}年{cut.month}月" if cut.month == 1 or k == 0 else f"{cut.month}月",
                       cut.isoformat(), figures[2 * k], figures[2 * k + 1]) for k, cut in enumerate(cuts))


def _by(counted: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def phase(notice: Notice, day: date) -> str:
    """The notice's phase on ``day`` by its dates (C1), or where the day falls outside them."""
    for p in notice.phases:
        if p.start <= day <= p.end:
            return f"第{p.number}阶段 {p.name}（{p.start:%m-%d}—{p.end:%m-%d}）"
    return "行动开始前" if day < notice.start else "行动已结束"


def _steps(connection: Connection, end: str) -> tuple[tuple[str, int], ...]:
    """How many participating units stood at each step before the stored time ``end``: the step their
    latest event before it moved them to (`Participation.step`); a unit with none had not joined."""
    e = record_events.c
    latest = (select(e.record_id, func.max(e.seq).label("seq"))
              .where(e.kind == "participation", e.at < end).group_by(e.record_id).subquery())
    query = (select(e.to_stage, func.count()).select_from(record_events.join(latest, and_(
        e.kind == "participation", e.record_id == latest.c.record_id, e.seq == latest.c.seq))).group_by(e.to_stage))
    return _by(Counter({Step[stage].label: int(n) for stage, n in connection.execute(query)}))


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
    start, end = end_of(notice.start - timedelta(days=1)), end_of(day)
    ticked = _tick(ledger, day)
    escalated = [e.hazard for e in (ticked.get("escalations", ()) if ticked else ())]
    with ledger.snapshot() as connection:
        counts = _counts(ledger, connection, start, end, place, day)
        overdue = _overdue_major(ledger, connection, start, end, scope, day)
        own = frozenset(connection.scalars(_window(select(hazards.c.id), start, end, [place])
                                           .where(hazards.c.id.in_(escalated))))
        trend = _trend(connection, notice, day, place)
        steps = _steps(connection, end)
    towns: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    for (unit, sector), n in overdue.items():
        towns[unit] += n
        sectors[sector] += n
    since = datetime.combine(notice.start, time(), SHANGHAI)
    rewards = sum((a.amount or Decimal(0) for a in rewards_paid(ledger, end) if a.unit == place and a.at >= since),
                  Decimal(0))
    return Overview(notice, place, day, table, counts, trend, _by(towns), _by(sectors), phase(notice, day), steps,
                    ticked, rewards, own)
