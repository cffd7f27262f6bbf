"""The 调度表 computed from the store with SQL aggregates (never by loading hazards into Python).

Every figure is cumulative from the campaign's start (the notice's ``start``) to ``as_of``
(沈应急发〔2023〕27号 附件 注1: 每月28日前上报截止月末的累计情况; 宜明办字〔2023〕23号 附件1 注1:
统计专项整治开展以来的累计数据):

- 总体情况 counts major hazards found in that window by source (企业自查 vs. every other source,
  which is what 部门检查发现 covers: inspections, 明察暗访, 举报 verified by a department, 回头看),
  and those listed (挂牌督办) by ``as_of``; "已完成整改" means closed (销号) by ``as_of`` and not
  reopened since, as the event log tells it (`hazard_query`), so a later closure never leaks into an
  earlier table — read from the same figures kept on each hazard row (`fact_query`, `store.facts`),
  one scan of hazards whatever the cut-off.
- 抽查检查 (enterprises checked, and per finding), 行政处罚, 一案双罚, 移送司法机关, 责令停产整顿,
  曝光约谈联合惩戒, 公布典型执法案例, 责任倒查追责问责 and 举报奖励 come from the register's records
  (`recorded_activities`: spot checks, confirmed penalty decisions, suspension orders, typical cases,
  倒查, paid rewards), dated in the window, through the domain's own definitions; recorded `Activity`
  rows (guidance, 约谈通报有关地区及部门, the 党委政府 rows — what is truly manual — and rows kept from
  before the records existed) count beside them. A row nobody recorded anything for reads 0.

Cut-offs compare the stored ISO times, which the library writes in each ``at``'s own zone; the
notices (and the library's default) use Beijing time throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import ColumnElement, Connection, Select, and_, case, false, func, not_, or_, select, union_all

from hazardflow.checks import SHANGHAI, InvalidInput
from hazardflow.enforcement.activities import (
    Activity,
    ActivityKind,
    accountability_activity,
    penalty_activities,
    reward_activity,
    suspension_activity,
)
from hazardflow.notices import Notice
from hazardflow.notices.profile import UnitKind
from hazardflow.reports import layout
from hazardflow.reports.layout import Activities, HazardCount, Measure, SpotChecks
from hazardflow.reports.render import Printable
from hazardflow.reports.sheet import Cell, Sheet
from hazardflow.store import Ledger
from hazardflow.store.activity_log import FEN_PER_WAN, fen
from hazardflow.store.codec import time_text
from hazardflow.store.tables import activities, activity_findings, events, hazards


@attrs.frozen
class DispatchRow:
    """A row as printed: its section, number, label (with units) and its figure(s)."""

    section: str
    number: int
    label: str
    figures: tuple[Cell, ...]


@attrs.frozen
class DispatchTable(Printable):
    """One 调度表: the notice's title, the unit (None: all), the cut-off date, the rows, the layout
    variant, and whether it prints the signature line (`layout.SIGNATURES`)."""

    title: str
    notice: str
    unit: str | None
    as_of: date
    rows: tuple[DispatchRow, ...]
    variant: str
    signatures: bool = False

    @property
    def sections(self) -> list[str]:
        """The section titles, in order."""
        return list(dict.fromkeys(r.section for r in self.rows))

    def figure(self, section: str, number: int) -> tuple[Cell, ...]:
        """The figure(s) of row ``number`` of ``section``."""
        for row in self.rows:
            if row.section == section and row.number == number:
                return row.figures
        raise KeyError(f"{section} 第{number}行不存在 (no such row)")

    def for_unit_kind(self, kind: UnitKind) -> DispatchTable:
        """The table as a unit of ``kind`` reports it: only the sections its attachment asks of that kind
        (宜明办字〔2023〕23号 附件1 注1: a department only 抽查检查 and 部门精准严格执法情况)."""
        keep = layout.FORMS[self.variant].sections_for(kind)
        return attrs.evolve(self, rows=tuple(r for r in self.rows if r.section in keep))

    def sheet(self) -> Sheet:
        """The table laid out as its attachment prints it (`layout.Form.sheet`)."""
        figures = {(r.section, r.number): r.figures for r in self.rows}
        return layout.FORMS[self.variant].sheet(figures, self.sections, self.unit, self.as_of, self.signatures)


def end_of(day: date) -> str:
    """The stored-time text just past the end of ``day`` (Beijing time)."""
    return time_text(datetime.combine(day + timedelta(days=1), time(), SHANGHAI))


def cut_off(notice: Notice, as_of: date) -> date:
    """The last day the table of ``notice`` asked for on ``as_of`` counts: ``as_of`` itself, or, for a
    notice whose cadence reports 截止月末 (``as_of = "month_end"``, 沈应急发〔2023〕27号 附件 注1), the
    last month end on or before ``as_of`` — a month not yet over cannot be reported to its end, and
    a table must be the same whenever it is produced (principle 10)."""
    if notice.cadence is None or notice.cadence.as_of != "month_end":
        return as_of
    following = as_of + timedelta(days=1)
    return as_of if following.day == 1 else following.replace(day=1) - timedelta(days=1)


def hazard_query(start: str, end: str, unit: str | None, measures: list[HazardCount]) -> Select[Any]:
    """The one SQL aggregate behind 总体情况: a count per measure over hazards found in [start, end),
    from the event log as of ``end``."""
    marks = (select(
        events.c.hazard_id,
        func.max(case((events.c.trigger == "close", events.c.at))).label("closed"),
        func.max(case((events.c.trigger == "reopen", events.c.at))).label("reopened"),
        func.max(case((events.c.trigger == "list_for_supervision", 1), else_=0)).label("listed"),
    ).where(events.c.at < end, events.c.trigger.in_(("close", "reopen", "list_for_supervision")))
        .group_by(events.c.hazard_id).subquery())
    closed = and_(marks.c.closed.is_not(None), or_(marks.c.reopened.is_(None), marks.c.reopened < marks.c.closed))
    query = _counts(measures, marks.c.listed == 1, closed).select_from(
        hazards.outerjoin(marks, marks.c.hazard_id == hazards.c.id))
    return _found_in(query, start, end, unit)


def unsettled(end: str, table: Any = hazards) -> ColumnElement[bool]:
    """Whether a hazard's facts leave open whether it was closed at the stored time ``end``: reopened
    before ``end`` and with events on or after it (`store.facts`) — the rare hazard `closed_by` reads
    the events of."""
    c = table.c
    return and_(c.first_reopened_at.is_not(None), c.first_reopened_at < end, c.last_at >= end)


def closed_by(end: str, *, events_read: bool = True) -> ColumnElement[bool]:
    """Whether a hazard was closed (销号) before the stored time ``end`` and not reopened since, from its
    facts (`store.facts`) where they decide it and, for an `unsettled` hazard, from its own close and
    reopen events before ``end`` (a correlated read of a few rows) — what `hazard_query` reads from the
    log. ``events_read=False``: for settled hazards only (then reopened before ``end`` means every event
    before it), without the correlated read."""
    c = hazards.c
    settled = and_(c.first_closed_at < end, or_(c.first_reopened_at.is_(None), c.first_reopened_at >= end,
                                                 c.reopened_at < c.closed_at))
    if not events_read:
        return settled
    own = (select(func.max(case((events.c.trigger == "close", events.c.at)))
                  > func.coalesce(func.max(case((events.c.trigger == "reopen", events.c.at))), ""))
           .where(events.c.hazard_id == c.id, events.c.at < end, events.c.trigger.in_(("close", "reopen")))
           .scalar_subquery())
    return case((unsettled(end), func.coalesce(own, false())), else_=func.coalesce(settled, false()))


def listed_by(end: str) -> ColumnElement[bool]:
    """Whether a hazard was listed (挂牌督办) before the stored time ``end``, from its first listing."""
    return and_(hazards.c.listed_at.is_not(None), hazards.c.listed_at < end)


def fact_query(start: str, end: str, unit: str | None, measures: list[HazardCount]) -> Select[Any]:
    """`hazard_query` from the facts on the hazard rows (`closed_by`, `listed_by`): the same figures for
    any ``end``. The settled hazards are one plain scan of the measured levels' ranges of the covering
    index led by the level (``ix_hazards_facts``, migration 0012; no correlated read: parallel on
    PostgreSQL, and cheap enough for its planner not to JIT-compile it), the `unsettled` ones a second
    scan that reads their events; the figures are the two added."""
    listed = listed_by(end)
    levels = hazards.c.level.in_(sorted({m.level.name for m in measures}))  # the leading column of the index
    settled = _found_in(_counts(measures, listed, closed_by(end, events_read=False)), start, end, unit).where(levels)
    rest = _found_in(_counts(measures, listed, closed_by(end)), start, end, unit)
    reopened = hazards.alias("reopened")  # the unsettled: few, found in the index of first_reopened_at alone
    few = hazards.c.id.in_(select(reopened.c.id).where(unsettled(end, reopened)))
    both = union_all(settled.where(not_(unsettled(end))), rest.where(few)).subquery()
    return select(*(func.coalesce(func.sum(column), 0) for column in both.c))


def _counts(measures: list[HazardCount], listed: Any, closed: Any) -> Select[Any]:
    """A count per measure, given what "listed" and "closed" are."""
    columns: list[ColumnElement[Any]] = []
    for m in measures:
        condition = [hazards.c.level == m.level.name]
        if m.sources:
            condition.append(hazards.c.source.in_([s.name for s in m.sources]))
        if m.listed:
            condition.append(listed)
        if m.closed:
            condition.append(closed)
        columns.append(func.coalesce(func.sum(case((and_(*condition), 1), else_=0)), 0).label(f"m{len(columns)}"))
    return select(*columns)


def _found_in(query: Select[Any], start: str, end: str, unit: str | None) -> Select[Any]:
    query = query.where(hazards.c.found_at >= start, hazards.c.found_at < end)
    return query if unit is None else query.where(hazards.c.unit == unit)


@attrs.define
class _Figures:
    """The activity figures of a window: per (kind, flagged) the total count and total 分; the
    distinct enterprises per kind (an enterprise both 曝光 and 约谈 counts once in their row); the
    latest 技术检查员 figure; the enterprises found with each spot-check finding."""

    totals: dict[tuple[str, bool], tuple[int, int]]
    enterprises: dict[str, set[str]]
    latest: int
    findings: dict[str, set[str]]

    def add(self, items: Iterable[Activity]) -> None:
        """Count the activities derived from the register's records too (`recorded_activities`)."""
        for a in items:
            key = (a.kind.name, a.flag)
            n, total = self.totals.get(key, (0, 0))
            self.totals[key] = (n + a.count, total + (fen(a.amount) or 0))
            if a.enterprise is not None:
                self.enterprises.setdefault(a.kind.name, set()).add(a.enterprise)
                for finding in a.findings:
                    self.findings.setdefault(finding.name, set()).add(a.enterprise)

    def distinct(self, kinds: frozenset[str]) -> int:
        """Distinct enterprises with an activity of any of ``kinds``."""
        return len(set().union(*(self.enterprises.get(k, set()) for k in kinds)))


def _activity_figures(connection: Connection, window: Callable[[Select[Any]], Select[Any]]) -> _Figures:
    totals = window(select(activities.c.kind, activities.c.flag, func.sum(activities.c.count),
                           func.sum(activities.c.amount_fen)).group_by(activities.c.kind, activities.c.flag))
    latest = window(select(activities.c.count).order_by(activities.c.at.desc(), activities.c.id.desc()).limit(1)
                    .where(activities.c.kind == ActivityKind.TECHNICAL_INSPECTORS.name))
    checked = activities.join(activity_findings, activity_findings.c.activity_id == activities.c.id)
    findings = window(select(activity_findings.c.finding, activities.c.enterprise).distinct().select_from(checked))
    enterprises = window(select(activities.c.kind, activities.c.enterprise).distinct()
                         .where(activities.c.enterprise.is_not(None)))
    last = connection.execute(latest).scalar()
    by_kind: dict[str, set[str]] = {}
    for kind, enterprise in connection.execute(enterprises).all():  # one fetch, not a call per row
        by_kind.setdefault(kind, set()).add(enterprise)
    found: dict[str, set[str]] = {}
    for finding, enterprise in connection.execute(findings).all():
        found.setdefault(finding, set()).add(enterprise)
    return _Figures(
        {(kind, bool(flag)): (int(n or 0), int(fen or 0)) for kind, flag, n, fen in connection.execute(totals)},
        by_kind, int(last or 0), found,
    )


def recorded_activities(ledger: Ledger, before: str) -> list[Activity]:
    """The 调度表's spot-check, enforcement and reward figures as the register's records give them,
    for events dated before the stored time ``before``: spot checks (`SpotCheck.activity`), confirmed
    penalty decisions (`penalty_activities`: 行政处罚, 一案双罚, 移送司法机关, 停产整顿, 曝光/约谈/联合惩戒),
    suspension orders (L2), typical cases published, 倒查 (P7) and paid rewards (P8). Each comes from
    the domain's own definition."""
    found: list[Activity] = [note.payload["check"].activity()
                             for _, note in ledger.events_of("spotcheck", ["check"], before=before)]
    for _, note in ledger.events_of("decision", ["confirm"], before=before):
        found += penalty_activities(note.payload["penalty"])
    for record_id, _ in ledger.events_of("suspension", ["order"], before=before):
        found.append(suspension_activity(ledger.load("suspension", record_id)))
    for _, note in ledger.events_of("typical", ["publish"], before=before):
        found.append(note.payload["activity"])
    for _, note in ledger.events_of("trace", ["trace"], before=before):
        found.append(accountability_activity(note.payload["accident"], note.payload["traces"], at=note.at,
                                             by=note.actor))
    return found + rewards_paid(ledger, before)


def rewards_paid(ledger: Ledger, before: str) -> list[Activity]:
    """The 举报奖励 paid (P8) in events dated before the stored time ``before`` (`reward_activity`)."""
    return [reward_activity(note.payload["reward"], note.payload["enterprise"])
            for _, note in ledger.events_of("tip", ["reward"], before=before)]


def _kinds(m: Activities | SpotChecks) -> frozenset[str]:
    if isinstance(m, SpotChecks):
        return frozenset({ActivityKind.SPOT_CHECK.name})
    return frozenset(k.name for k in m.kinds)


def _activity_figure(m: Activities, figures: _Figures) -> Cell:
    kinds = _kinds(m)
    picked = [v for (kind, flag), v in figures.totals.items() if kind in kinds and (flag or not m.flagged)]
    if m.figure == "latest":
        return figures.latest
    if m.figure == "exists":
        return "是" if any(n for n, _ in picked) else "否"
    if m.figure == "amount":
        return Decimal(sum(fen for _, fen in picked)) / FEN_PER_WAN
    if m.figure == "enterprises":
        return figures.distinct(kinds)
    return sum(n for n, _ in picked)


def _spot_figure(m: SpotChecks, figures: _Figures) -> int:
    if m.finding is None:
        return figures.distinct(_kinds(m))
    return len(figures.findings.get(m.finding.name, ()))


def dispatch_table(ledger: Ledger, notice: Notice, as_of: date, unit: str | None = None,
                   variant: str | None = None) -> DispatchTable:
    """The 调度表 of ``notice`` for ``unit`` (None: every unit), cumulative to the end of ``as_of``
    (to the last month end on or before it where the notice reports 截止月末, `cut_off`).

    ``variant`` overrides the notice's own (``shenyang`` or ``mingyueshan``); a notice that prints
    no 调度表 needs one named explicitly.
    """
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidInput("as_of", "a date", as_of)
    name = variant or notice.dispatch_variant
    if name not in layout.VARIANTS:
        raise InvalidInput("variant", f"one of {', '.join(layout.VARIANTS)} (the notice {notice.id} prints "
                           f"no 调度表 of its own)", name)
    title, sections = layout.VARIANTS[name]
    as_of = cut_off(notice, as_of)
    start, end = end_of(notice.start - timedelta(days=1)), end_of(as_of)
    measures: list[Measure] = [m for s in sections for r in s.rows for m in r.measures]

    def window(query: Select[Any]) -> Select[Any]:
        query = query.where(activities.c.at >= start, activities.c.at < end)
        return query if unit is None else query.where(activities.c.unit == unit)

    with ledger.snapshot() as connection:
        query = fact_query(start, end, unit, [m for m in measures if isinstance(m, HazardCount)])
        counts = iter([int(v) for v in connection.execute(query).one()])
        figures = _activity_figures(connection, window)
    since = datetime.combine(notice.start, time(), SHANGHAI)
    figures.add(a for a in recorded_activities(ledger, end) if a.at >= since and (unit is None or a.unit == unit))

    def value(m: Measure) -> Cell:
        if isinstance(m, HazardCount):
            return next(counts)
        if isinstance(m, SpotChecks):
            return _spot_figure(m, figures)
        return _activity_figure(m, figures)

    rows = tuple(DispatchRow(s.title, r.number, r.label, tuple(value(m) for m in r.measures))
                 for s in sections for r in s.rows)
    return DispatchTable(title, notice.number, unit, as_of, rows, name)

