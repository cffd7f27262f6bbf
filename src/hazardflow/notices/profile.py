"""A notice's profile (行动方案): its phases, deliverables, cadence and figures, read from TOML.

A profile is data (ARCHITECTURE.md principle 2): a county writes its own notice as a TOML file
(docs/profile-format.md) and `load_file` turns it into an immutable `Notice`. Every figure keeps
the clause it came from as a plain string (``clause = "四(一)"``); `Notice.cite` prefixes the
notice's number. A malformed profile raises `ProfileError` naming the file, the key and what was
expected. This module depends on `vocab` and `checks` only.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from hazardflow.checks import SHANGHAI, FileInputError, read_toml
from hazardflow.vocab import Labelled, PhaseKind

if TYPE_CHECKING:
    from pathlib import Path


class ProfileError(FileInputError):
    """A malformed profile: ``.path`` (the file), ``.key`` (e.g. ``phases[2].end``), what was expected."""

    @staticmethod
    def show(got: object) -> str:
        """A date or number as the profile writes it, in quotes."""
        return _show(got)


def _show(value: object) -> str:
    if isinstance(value, date | str | int):
        return repr(str(value)) if not isinstance(value, str) else repr(value)
    return repr(value)


class UnitKind(Labelled):
    """Who takes part in a campaign: an enterprise, a department, a town (属地)."""

    ENTERPRISE = "企业"
    DEPARTMENT = "部门"
    TOWN = "乡镇"


class DeliverableKind(Labelled):
    """What a participating unit records (`Campaign.record`): phase deliverables and recurring items."""

    PLAN = "方案印发"
    MEETING = "动员部署会议"
    STANDARDS = "明确判定标准或重点检查事项"
    CONTACT = "报送联络人"
    TRAINING = "专题培训"
    REGISTER = "重大隐患台账"
    COMMITMENT = "主要负责人承诺确认"
    PHASE_SUMMARY = "阶段总结"
    SUMMARY = "专项行动总结"
    REPORT = "情况报告"
    OTHER = "其他"
    DISPATCH = "调度表"
    CHECK = "主要负责人带队检查"
    DRILL = "应急演练"
    MAJOR_HAZARD = "排查重大隐患"
    KEY_HAZARD = "上报重点隐患"
    CASE = "典型案例"
    CASE_PUBLISHED = "公布典型执法案例"
    TASK = "企业专项任务"
    PRINCIPAL_DISPATCH = "主要负责人调度"
    HAZARD_DISPATCH = "挂牌督办周调度"
    HAZARD_LIST = "重大隐患（重点隐患）清单"
    INSPECTION_LEAD = "主要负责同志现场督导"
    INSPECTION_DEPUTY = "分管同志现场督导"
    MODEL_RISK = "风险管控示范企业"
    MODEL_STANDARD = "标准化示范企业"
    TARGET = "目标任务完成"

    @property
    def gates_by_default(self) -> bool:
        """Whether a deliverable of this kind must be on record to leave its phase (unless ``gate`` says)."""
        return self in _GATING


_GATING = frozenset({
    DeliverableKind.PLAN, DeliverableKind.MEETING, DeliverableKind.STANDARDS, DeliverableKind.CONTACT,
    DeliverableKind.REGISTER, DeliverableKind.COMMITMENT, DeliverableKind.SUMMARY,
})
_ITEM_KINDS = (DeliverableKind.MAJOR_HAZARD, DeliverableKind.KEY_HAZARD, DeliverableKind.CASE,
               DeliverableKind.CASE_PUBLISHED, DeliverableKind.INSPECTION_LEAD, DeliverableKind.INSPECTION_DEPUTY,
               DeliverableKind.MODEL_RISK, DeliverableKind.MODEL_STANDARD)
_PHASE_KINDS = tuple(k for k in DeliverableKind if k not in {
    DeliverableKind.DISPATCH, DeliverableKind.CHECK, DeliverableKind.DRILL, DeliverableKind.TASK,
    DeliverableKind.PRINCIPAL_DISPATCH, DeliverableKind.HAZARD_DISPATCH, DeliverableKind.HAZARD_LIST,
    DeliverableKind.TARGET, *_ITEM_KINDS,
})


class Every(Labelled):
    """How often something recurs; ``CAMPAIGN`` is once over the whole campaign."""

    WEEK = "每周"
    MONTH = "每月"
    QUARTER = "每季度"
    HALF_YEAR = "每半年"
    YEAR = "每年"
    CAMPAIGN = "专项行动期间"


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in Beijing time: a deadline "X日前" is met until then."""
    return datetime.combine(day, time.max, SHANGHAI)


@attrs.frozen
class Deliverable:
    """Something a unit must hand in during a phase, by a date, under a clause."""

    id: str
    kind: DeliverableKind
    name: str
    due: date
    clause: str
    units: frozenset[UnitKind]
    gate: bool
    due_time: time | None = None

    @property
    def due_at(self) -> datetime:
        """The deadline as an aware datetime (end of the day unless the notice names an hour)."""
        if self.due_time is None:
            return end_of_day(self.due)
        return datetime.combine(self.due, self.due_time, SHANGHAI)

    def applies_to(self, kind: UnitKind) -> bool:
        """Whether the notice asks this of a unit of ``kind``."""
        return kind in self.units


@attrs.frozen
class Phase:
    """One of the four phases: its kind, the notice's own name, its dates and deliverables (C1)."""

    kind: PhaseKind
    name: str
    start: date
    end: date
    clause: str
    deliverables: tuple[Deliverable, ...]

    @property
    def number(self) -> int:
        """1 to 4."""
        return list(PhaseKind).index(self.kind) + 1


@attrs.frozen
class ScheduledReport:
    """A report due on a fixed date besides the regular cadence (东胜: 08-10, 12-10)."""

    id: str
    name: str
    due: date
    clause: str


@attrs.frozen
class Cadence:
    """C6: the progress report (调度表) rhythm: every month by ``day`` (or every week by ``weekday``)."""

    name: str
    every: Every
    clause: str
    units: frozenset[UnitKind]
    start: date
    until: date
    day: int | None = None
    weekday: int | None = None
    due_time: time | None = None
    cumulative: bool = False
    as_of: str = "due"
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    roll_over: bool = False
    reports: tuple[ScheduledReport, ...] = ()
    bundle: frozenset[DeliverableKind] = frozenset()

    @property
    def when(self) -> str:
        """The deadline in the notice's words: 每月27日10:00前, 每周星期日前, 每年12月31日前."""
        clock = "" if self.due_time is None else self.due_time.strftime("%H:%M")
        if self.every is Every.MONTH:
            return f"每月{self.day}日{clock}前"
        if self.every is Every.WEEK:
            return f"每周星期{'一二三四五六日'[(self.weekday or 1) - 1]}{clock}前"
        return f"每年12月31日{clock}前"


@attrs.frozen
class Frequency:
    """Something done ``every`` period, ``high_risk_every`` in the ``high_risk`` sectors.

    `Notice.inspection` (H11: the principal leads a check) and `Notice.drill` (C8: an emergency drill).
    """

    name: str
    every: Every
    high_risk_every: Every
    high_risk: frozenset[str]
    clause: str
    units: frozenset[UnitKind]

    def every_for(self, sector: str | None) -> Every:
        """The frequency for a unit of ``sector``."""
        return self.high_risk_every if sector in self.high_risk else self.every


Inspection = Frequency
Drill = Frequency


@attrs.frozen
class Quota:
    """C7: at least ``count`` of ``items`` every period, for the units named (宜明)."""

    id: str
    name: str
    every: Every
    count: int
    items: frozenset[DeliverableKind]
    clause: str
    units: frozenset[UnitKind]
    start: date
    match: tuple[str, ...] = ()

    def applies_to(self, kind: UnitKind, unit: str, sector: str | None) -> bool:
        """Whether the quota binds this unit: its kind, and (if ``match`` is set) its name or sector."""
        if kind not in self.units:
            return False
        if not self.match:
            return True
        return any(word in unit or (sector is not None and word in sector) for word in self.match)


@attrs.frozen
class Task:
    """C9: a dated one-off task the notice sets for enterprises (沈阳 三(一)2: 5月30日前完成自查完善、内部公示).

    ``sectors`` (names of the notice's sector vocabulary) limits it to units of those sectors
    (沈阳 三(一)5: 预案备案 for 金属冶炼、宾馆、商场); empty, it binds every unit of ``units``.
    """

    id: str
    name: str
    due: date
    clause: str
    units: frozenset[UnitKind]
    sectors: frozenset[str] = frozenset()

    @property
    def due_at(self) -> datetime:
        """The deadline: the end of the due day (Beijing time)."""
        return end_of_day(self.due)

    def applies_to(self, kind: UnitKind, sector: str | None) -> bool:
        """Whether the task binds a unit of ``kind`` in (canonical) ``sector``."""
        return kind in self.units and (not self.sectors or sector in self.sectors)


@attrs.frozen
class MandatoryListing:
    """H12: every major hazard is listed (挂牌督办) within ``within_days`` of its finding and dispatched weekly."""

    within_days: int
    clause: str
    units: frozenset[UnitKind]


@attrs.frozen
class Dispatching:
    """H11: the principal dispatches the work ``every`` period, ``while_major`` while a major hazard is open."""

    name: str
    every: Every
    while_major: Every | None
    clause: str
    units: frozenset[UnitKind]


class TopicKind(Labelled):
    """A multi-year plan's parts (五华 三): a 专题 or a 行业领域."""

    TOPIC = "专题"
    SECTOR = "行业领域"


@attrs.frozen
class Target:
    """C10: a dated target (e.g. 2020年底前 …装备和使用率达到100%): what, by when, the value to reach."""

    id: str
    what: str
    due: date
    clause: str
    value: str | None = None

    @property
    def due_at(self) -> datetime:
        """The deadline: the end of the due day (年底 → 12-31)."""
        return end_of_day(self.due)


@attrs.frozen
class Topic:
    """C10: one 专题 or 行业领域 of the plan: its 牵头单位, its 方案 and its dated targets (五华 三, 四(一))."""

    id: str
    kind: TopicKind
    name: str
    lead: tuple[str, ...]
    plan: str
    clause: str
    targets: tuple[Target, ...]

    def led_by(self, unit: str) -> bool:
        """Whether ``unit`` is one of the 牵头单位."""
        return unit in self.lead


@attrs.frozen
class Notice:
    """A notice (行动方案) as data: what a `Campaign` runs. Immutable; build with `load`/`load_file`."""

    id: str
    title: str
    issuer: str
    number: str
    date: _dt.date | None
    start: _dt.date
    end: _dt.date
    scope_sectors: tuple[str, ...]
    high_risk_sectors: tuple[str, ...]
    crowded_venues: tuple[str, ...]
    scope_clause: str
    phases: tuple[Phase, ...]
    cadence: Cadence | None
    inspection: Frequency | None
    drill: Frequency | None
    quotas: tuple[Quota, ...]
    dispatch_variant: str
    source: str
    sector_aliases: tuple[tuple[str, str], ...] = ()
    tasks: tuple[Task, ...] = ()
    listing: MandatoryListing | None = None
    dispatching: Dispatching | None = None
    topics: tuple[Topic, ...] = ()
    lead_departments: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The lead department (牵头部门) of each sector where the notice names one (宜明 一(二)): (department, sectors)."""

    def lead_department(self, sector: str) -> str | None:
        """The department the notice names to lead ``sector``, or None."""
        return next((d for d, sectors in self.lead_departments if sector in sectors), None)

    def phase(self, kind: PhaseKind) -> Phase:
        """The phase of ``kind``."""
        for p in self.phases:
            if p.kind is kind:
                return p
        raise KeyError(kind)  # pragma: no cover - a Notice always has the four phases

    def cite(self, clause: str) -> str:
        """A clause of this notice as a citation: ``沈应急发〔2023〕27号 四(一)``."""
        return f"{self.number} {clause}"

    @property
    def deliverables(self) -> tuple[Deliverable, ...]:
        """Every phase deliverable in phase order."""
        return tuple(d for p in self.phases for d in p.deliverables)

    @property
    def sectors(self) -> tuple[str, ...]:
        """The notice's sector vocabulary: scope sectors, then crowded venues."""
        return tuple(dict.fromkeys((*self.scope_sectors, *self.crowded_venues)))

    def sector(self, name: str) -> str | None:
        """The vocabulary's name for ``name`` (itself, or the sector it is an alias of); None if unknown."""
        if name in self.sectors:
            return name
        return dict(self.sector_aliases).get(name)

    def is_high_risk(self, sector: str | None) -> bool:
        """Whether ``sector`` (a name or an alias) is one of the notice's high-risk sectors."""
        return sector is not None and self.sector(sector) in self.high_risk_sectors

    @property
    def targets(self) -> tuple[tuple[Topic, Target], ...]:
        """Every C10 target with its topic, in topic order."""
        return tuple((t, g) for t in self.topics for g in t.targets)


# --- the reader -------------------------------------------------------------------------------

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
VARIANTS = ("shenyang", "mingyueshan", "none")
"""The 调度表 layouts: 沈阳 附件 (three sections), 宜明 附件1 (four sections), or none."""


class _Reader:
    """Reads one table of the profile, naming the file and the dotted key on every error."""

    def __init__(self, path: str, table: Mapping[str, Any], prefix: str = "") -> None:
        self.path = path
        self.table = table
        self.prefix = prefix

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def fail(self, name: str, expected: str, got: object) -> ProfileError:
        return ProfileError(self.path, self.key(name), expected, got)

    def get(self, name: str, check: Callable[[Any], bool], expected: str, default: Any = ...) -> Any:
        if name not in self.table:
            if default is ...:
                raise self.fail(name, f"{expected} (the key is missing)", None)
            return default
        value = self.table[name]
        if not check(value):
            raise self.fail(name, expected, value)
        return value

    def text(self, name: str, default: Any = ...) -> Any:
        return self.get(name, lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string", default)

    def day(self, name: str, default: Any = ...) -> Any:
        return self.get(name, lambda v: isinstance(v, date) and not isinstance(v, datetime),
                        "a date like 2023-05-31", default)

    def integer(self, name: str, low: int, high: int, default: Any = ...) -> Any:
        return self.get(name, lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high,
                        f"a whole number from {low} to {high}", default)

    def flag(self, name: str, default: bool) -> bool:
        return bool(self.get(name, lambda v: isinstance(v, bool), "true or false", default))

    def strings(self, name: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(name, lambda v: isinstance(v, list) and all(isinstance(s, str) and s.strip() for s in v),
                         "a list of non-empty strings", default)
        return tuple(value)

    def days(self, name: str) -> frozenset[date]:
        value = self.get(name, lambda v: isinstance(v, list) and all(
            isinstance(d, date) and not isinstance(d, datetime) for d in v), "a list of dates", [])
        return frozenset(value)

    def clock(self, name: str) -> time | None:
        value = self.get(name, lambda v: isinstance(v, str) and bool(_TIME.match(v)), 'a time like "10:00"', None)
        if value is None:
            return None
        hour, minute = value.split(":")
        return time(int(hour), int(minute))

    def choice(self, name: str, enum: type[E], default: Any = ...) -> E:
        names = ", ".join(m.name.lower() for m in enum)
        value = self.get(name, lambda v: isinstance(v, str) and v.upper() in enum.__members__,
                         f"one of {names}", default)
        return value if isinstance(value, enum) else enum[value.upper()]

    def units(self, name: str = "units", default: list[str] | None = None) -> frozenset[UnitKind]:
        names = ", ".join(m.name.lower() for m in UnitKind)
        value = self.get(name, lambda v: isinstance(v, list) and bool(v) and all(
            isinstance(s, str) and s.upper() in UnitKind.__members__ for s in v),
            f"a non-empty list of unit kinds ({names})", default or [m.name.lower() for m in UnitKind])
        return frozenset(UnitKind[s.upper()] for s in value)

    def sub(self, name: str, optional: bool = False) -> _Reader | None:
        value = self.get(name, lambda v: isinstance(v, dict), "a table", None if optional else ...)
        if value is None:
            return None
        return _Reader(self.path, value, f"{self.prefix}{name}.")

    def array(self, name: str, default: Any = ...) -> list[_Reader]:
        value = self.get(name, lambda v: isinstance(v, list) and all(isinstance(t, dict) for t in v),
                         "an array of tables ([[...]])", default)
        return [_Reader(self.path, t, f"{self.prefix}{name}[{i}].") for i, t in enumerate(value, 1)]

    def known(self, names: Sequence[str]) -> None:
        for name in self.table:
            if name not in names:
                raise self.fail(name, f"one of the keys {', '.join(names)}", name)


def _sectors_in(r: _Reader, name: str, known: Sequence[str]) -> frozenset[str]:
    sectors = r.strings(name, [])
    for s in sectors:
        if s not in known:
            raise r.fail(name, f"sectors declared in [sectors] ({'、'.join(known)})", s)
    return frozenset(sectors)


def _deliverable(r: _Reader, phase: Phase, next_phase_end: date | None) -> Deliverable:
    r.known(("id", "kind", "name", "due", "after_phase_end", "time", "clause", "units", "gate"))
    kind = r.choice("kind", DeliverableKind)
    if kind not in _PHASE_KINDS:
        raise r.fail("kind", "a phase deliverable kind (dispatch, check, drill and quota items belong to "
                     "[cadence], [inspection], [drill] and [[quotas]])", kind.name.lower())
    after = r.integer("after_phase_end", 0, 31, None)
    if after is not None and "due" in r.table:
        raise r.fail("due", "either due or after_phase_end, not both", r.table["due"])
    if after is not None:
        # 沈阳 五(四) 每阶段结束后3日内: the last phase's report may fall after the campaign's end
        due = phase.end + timedelta(days=after)
        if next_phase_end is not None and due > next_phase_end:
            raise r.fail("after_phase_end", f"a due date no later than {next_phase_end}", due)
    else:
        due = r.day("due", phase.end)
        if not phase.start <= due <= phase.end:
            raise r.fail("due", f"a date within its phase {phase.name} ({phase.start}..{phase.end})", due)
    return Deliverable(
        id=r.text("id"), kind=kind, name=r.text("name"), due=due, clause=r.text("clause"),
        units=r.units(), gate=r.flag("gate", kind.gates_by_default and after is None),
        due_time=r.clock("time"),
    )


_ORDER = tuple(PhaseKind)


def _phases(root: _Reader, start: date, end: date) -> tuple[Phase, ...]:
    tables = root.array("phases")
    expected = ", ".join(k.name.lower() for k in _ORDER)
    if len(tables) != 4:
        raise root.fail("phases", f"exactly four [[phases]] in order ({expected})", f"{len(tables)} phases")
    bare: list[Phase] = []
    for i, (r, kind) in enumerate(zip(tables, _ORDER, strict=True)):
        r.known(("kind", "name", "start", "end", "clause", "deliverables"))
        got = r.choice("kind", PhaseKind)
        if got is not kind:
            raise r.fail("kind", f"{kind.name.lower()} (phase {i + 1} of {expected})", got.name.lower())
        p_start, p_end = r.day("start"), r.day("end")
        if p_start > p_end:
            raise r.fail("end", f"a date on or after its start {p_start}", p_end)
        if i == 0 and p_start < start:
            raise r.fail("start", f"a date on or after the campaign's start {start}", p_start)
        if i == 3 and p_end > end:
            raise r.fail("end", f"a date on or before the campaign's end {end}", p_end)
        if bare:
            before = bare[-1]
            if p_start < before.start:
                raise r.fail("start", f"a date on or after phases[{i}].start {before.start}", p_start)
            if p_end <= before.end:
                raise r.fail("end", f"a date after phases[{i}].end {before.end}", p_end)
        bare.append(Phase(kind, r.text("name"), p_start, p_end, r.text("clause"), ()))
    phases = []
    for i, (r, p) in enumerate(zip(tables, bare, strict=True)):
        following = bare[i + 1].end if i < 3 else None
        items = tuple(_deliverable(d, p, following) for d in r.array("deliverables", []))
        phases.append(attrs.evolve(p, deliverables=items))
    return tuple(phases)


def _cadence(root: _Reader, start: date, end: date) -> Cadence | None:
    r = root.sub("cadence", optional=True)
    if r is None:
        return None
    r.known(("name", "every", "day", "weekday", "time", "clause", "units", "from", "until", "cumulative",
             "as_of", "roll_over", "holidays", "workdays", "reports", "bundle"))
    every = r.choice("every", Every)
    if every not in (Every.WEEK, Every.MONTH, Every.YEAR):
        raise r.fail("every", "week, month or year", every.name.lower())
    day = r.integer("day", 1, 31) if every is Every.MONTH else None
    weekday = r.integer("weekday", 1, 7) if every is Every.WEEK else None
    first, until = r.day("from", start), r.day("until", end)
    if first > until:
        raise r.fail("until", f"a date on or after from ({first})", until)
    as_of = r.get("as_of", lambda v: v in ("due", "month_end"), 'one of "due", "month_end"', "due")
    reports = []
    for t in r.array("reports", []):
        t.known(("id", "name", "due", "clause"))
        due = t.day("due")
        if not start <= due <= end:
            raise t.fail("due", f"a date within the campaign ({start}..{end})", due)
        reports.append(ScheduledReport(t.text("id"), t.text("name"), due, t.text("clause")))
    return Cadence(
        name=r.text("name"), every=every, clause=r.text("clause"), units=r.units(), start=first, until=until,
        day=day, weekday=weekday, due_time=r.clock("time"), cumulative=r.flag("cumulative", False),
        as_of=as_of, holidays=r.days("holidays"), workdays=r.days("workdays"),
        roll_over=r.flag("roll_over", False), reports=tuple(sorted(reports, key=lambda s: s.due)),
        bundle=frozenset(DeliverableKind[s.upper()] for s in r.get(
            "bundle", lambda v: isinstance(v, list) and all(isinstance(s, str) and s.upper() in _BUNDLE for s in v),
            f"a list of ({', '.join(k.lower() for k in _BUNDLE)})", [])),
    )


_BUNDLE = ("HAZARD_LIST", "CASE")
"""宜明 四: what may be submitted with each 调度表 (附件2 清单, 典型案例)."""

_PERIODIC = (Every.MONTH, Every.QUARTER, Every.HALF_YEAR, Every.YEAR, Every.CAMPAIGN)


def _frequency(r: _Reader, name: str, default: Any = ...) -> Every:
    every = r.choice(name, Every, default)
    if every not in _PERIODIC:
        raise r.fail(name, "month, quarter, half_year, year or campaign", every.name.lower())
    return every


_FREQUENCY_NAMES = {"inspection": "主要负责人带队检查", "drill": "事故应急救援预案演练"}


def _recurring(root: _Reader, table: str, known: Sequence[str], high_risk: tuple[str, ...]) -> Frequency | None:
    """``[inspection]`` (H11) or ``[drill]`` (C8)."""
    r = root.sub(table, optional=True)
    if r is None:
        return None
    r.known(("name", "every", "high_risk_every", "high_risk", "clause", "units"))
    every = _frequency(r, "every")
    sectors = _sectors_in(r, "high_risk", known) if "high_risk" in r.table else frozenset(high_risk)
    return Frequency(r.text("name", _FREQUENCY_NAMES[table]), every, _frequency(r, "high_risk_every", every.name),
                     sectors, r.text("clause"), r.units())


def _quotas(root: _Reader, start: date) -> tuple[Quota, ...]:
    quotas = []
    for r in root.array("quotas", []):
        r.known(("id", "name", "every", "count", "items", "clause", "units", "from", "match"))
        names = ", ".join(k.name.lower() for k in _ITEM_KINDS)
        items = r.get("items", lambda v: isinstance(v, list) and bool(v) and all(
            isinstance(s, str) and s.upper() in DeliverableKind.__members__
            and DeliverableKind[s.upper()] in _ITEM_KINDS for s in v), f"a non-empty list of ({names})")
        quotas.append(Quota(
            id=r.text("id"), name=r.text("name"), every=_frequency(r, "every"),
            count=r.integer("count", 1, 1000), items=frozenset(DeliverableKind[s.upper()] for s in items),
            clause=r.text("clause"), units=r.units(), start=r.day("from", start), match=r.strings("match", []),
        ))
    return tuple(quotas)


def _aliases(sectors: _Reader, known: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``[sectors.aliases]``: ``"电气燃气" = ["燃气", "电气"]`` → (alias, sector) pairs, each alias once."""
    r = sectors.sub("aliases", optional=True)
    if r is None:
        return ()
    pairs: dict[str, str] = {}
    for name in r.table:
        if name not in known:
            raise r.fail(name, f"a sector declared in scope or crowded ({'、'.join(known)})", name)
        for alias in r.strings(name):
            if alias in known or alias in pairs:
                raise r.fail(name, "aliases that are neither sectors nor another sector's alias", alias)
            pairs[alias] = name
    return tuple(pairs.items())


def _tasks(root: _Reader, phases: tuple[Phase, ...], end: date, known: Sequence[str],
           aliases: Mapping[str, str]) -> tuple[Task, ...]:
    """``[[tasks]]`` (C9): ``due`` a date, or ``phase`` (due at that phase's end), or neither (the campaign's end)."""
    tasks: list[Task] = []
    seen: set[str] = set()
    by_kind = {p.kind.name.lower(): p for p in phases}
    for r in root.array("tasks", []):
        r.known(("id", "name", "due", "phase", "clause", "units", "sectors"))
        ident = r.text("id")
        if ident in seen:
            raise r.fail("id", "an id not used by another task", ident)
        seen.add(ident)
        if "due" in r.table and "phase" in r.table:
            raise r.fail("phase", "either due or phase, not both", r.table["phase"])
        phase = r.get("phase", lambda v: v in by_kind, f"one of {', '.join(by_kind)}", None)
        due = r.day("due", by_kind[phase].end if phase is not None else end)
        if not phases[0].start <= due <= end:
            raise r.fail("due", f"a date within the campaign ({phases[0].start}..{end})", due)
        sectors = frozenset(aliases.get(s, s) for s in _sectors_in(r, "sectors", (*known, *aliases)))
        tasks.append(Task(ident, r.text("name"), due, r.text("clause"), r.units(default=["enterprise"]), sectors))
    return tuple(sorted(tasks, key=lambda t: t.due))


def _listing(root: _Reader) -> MandatoryListing | None:
    """``[listing]`` (H12): every major hazard listed within ``within_days`` of being found, then dispatched weekly."""
    r = root.sub("listing", optional=True)
    if r is None:
        return None
    r.known(("within_days", "clause", "units"))
    return MandatoryListing(r.integer("within_days", 0, 90), r.text("clause"), r.units())


def _dispatching(root: _Reader) -> Dispatching | None:
    """``[dispatching]`` (H11): the principal's own dispatching of the work, and weekly while a major hazard is open."""
    r = root.sub("dispatching", optional=True)
    if r is None:
        return None
    r.known(("name", "every", "while_major", "clause", "units"))
    every = r.choice("every", Every)
    if every not in (Every.WEEK, Every.MONTH, Every.QUARTER):
        raise r.fail("every", "week, month or quarter", every.name.lower())
    while_major = r.choice("while_major", Every, None)
    if while_major is not None and while_major is not Every.WEEK:
        raise r.fail("while_major", "week", while_major.name.lower())
    return Dispatching(r.text("name", "主要负责人调度"), every, while_major, r.text("clause"),
                       r.units(default=["enterprise"]))


def _topics(root: _Reader, start: date, end: date) -> tuple[Topic, ...]:
    """``[[topics]]`` (C10): 专题 and 行业领域 with their 牵头单位, 方案 and ``[[topics.targets]]``."""
    topics: list[Topic] = []
    seen: set[str] = set()
    for r in root.array("topics", []):
        r.known(("id", "kind", "name", "lead", "plan", "clause", "targets"))
        clause = r.text("clause")
        targets = []
        for t in r.array("targets", []):
            t.known(("id", "what", "due", "value", "clause"))
            ident = t.text("id")
            if ident in seen:
                raise t.fail("id", "an id not used by another topic or target", ident)
            seen.add(ident)
            due = t.day("due")
            if not start <= due <= end:
                raise t.fail("due", f"a date within the campaign ({start}..{end})", due)
            targets.append(Target(ident, t.text("what"), due, t.text("clause", clause),
                                  t.text("value", None)))
        ident = r.text("id")
        if ident in seen:
            raise r.fail("id", "an id not used by another topic or target", ident)
        seen.add(ident)
        lead = r.strings("lead")
        if not lead:
            raise r.fail("lead", "at least one 牵头单位", [])
        topics.append(Topic(ident, r.choice("kind", TopicKind), r.text("name"), lead, r.text("plan"), clause,
                            tuple(sorted(targets, key=lambda g: g.due))))
    return tuple(topics)


_TOP = ("id", "title", "issuer", "number", "date", "start", "end", "dispatch_variant", "sectors", "phases",
        "cadence", "inspection", "drill", "quotas", "tasks", "listing", "dispatching", "topics")


def parse_profile(data: Mapping[str, Any], path: str) -> Notice:
    """Build a `Notice` from a parsed TOML mapping; ``path`` names the file in errors."""
    root = _Reader(path, data)
    root.known(_TOP)
    ident = root.get("id", lambda v: isinstance(v, str) and bool(_ID.match(v)),
                     'a lower-case id like "shenyang-2023"')
    start, end = root.day("start"), root.day("end")
    if start > end:
        raise root.fail("end", f"a date on or after start ({start})", end)
    sectors = root.sub("sectors")
    assert sectors is not None
    sectors.known(("scope", "high_risk", "crowded", "clause", "aliases", "lead"))
    scope = sectors.strings("scope")
    if not scope:
        raise sectors.fail("scope", "at least one sector", [])
    crowded = sectors.strings("crowded", [])
    known = tuple(dict.fromkeys((*scope, *crowded)))
    aliases = _aliases(sectors, known)
    high_risk = tuple(sorted(_sectors_in(sectors, "high_risk", known), key=known.index))
    variant = root.get("dispatch_variant", lambda v: v in VARIANTS, f"one of {', '.join(VARIANTS)}", "none")
    phases = _phases(root, start, end)
    notice_date = root.day("date", None)
    if notice_date is not None and notice_date > end:
        raise root.fail("date", f"a date on or before the campaign's end {end}", notice_date)
    return Notice(
        id=ident, title=root.text("title"), issuer=root.text("issuer"), number=root.text("number"),
        date=notice_date, start=start, end=end, scope_sectors=scope, high_risk_sectors=high_risk,
        crowded_venues=crowded, scope_clause=sectors.text("clause"), phases=phases,
        cadence=_cadence(root, start, end), inspection=_recurring(root, "inspection", known, high_risk),
        drill=_recurring(root, "drill", known, high_risk), quotas=_quotas(root, start), dispatch_variant=variant,
        source=path, sector_aliases=aliases, tasks=_tasks(root, phases, end, known, dict(aliases)),
        listing=_listing(root), dispatching=_dispatching(root), topics=_topics(root, start, end),
        lead_departments=_leads(sectors, known),
    )


def _leads(sectors: _Reader, known: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """[sectors.lead]: department = [its sectors], each sector declared in [sectors] and led by one department."""
    lead = sectors.sub("lead", optional=True)
    if lead is None:
        return ()
    seen: set[str] = set()
    out = []
    for department in lead.table:
        led = sorted(_sectors_in(lead, department, known), key=known.index)
        twice = seen.intersection(led)
        if twice:
            raise lead.fail(department, "sectors no other department leads", sorted(twice))
        seen.update(led)
        out.append((department, tuple(led)))
    return tuple(out)


def read_profile(path: str | Path) -> Notice:
    """Read and check the TOML profile at ``path``."""
    return parse_profile(read_toml(path, ProfileError), str(path))
