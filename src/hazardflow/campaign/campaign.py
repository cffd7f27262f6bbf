"""The campaign: one notice, many participating units, each driven through the notice's phases.

A `Campaign` runs one `Notice` (`hazardflow.notices`). Every unit that takes part (an enterprise,
a department, a town) has a `Participation` that moves 未启动 → the notice's four phases → 已完成
through the process's one phase machine (`phases.PHASES`, built once with `transitions`; principle 3).
Leaving a phase is guarded by rules C1–C5, each refusal citing the notice's own clause; the
guards are all-or-nothing like the hazard loop's (`hazard/lifecycle.py`): every failed rule is
collected first, and `Rejected` is raised before anything changes.

`Campaign.tick(at)` is the clock: it lists what is due or overdue at ``at`` (deliverables, 调度表 and what
goes with them, phases past their end, the principal's checks and dispatching, drills, quotas, the
enterprises' one-off tasks, the listing and weekly dispatch of major hazards, dated targets) as
`Obligation` records citing their rule and clause. It reads only: it never advances a phase and
gives the same answer for the same moment. Filings after ``at`` are ignored, so a past moment can
be asked about too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from hazardflow import notices as _notices
from hazardflow.campaign.filers import filer
from hazardflow.campaign.periods import CONTAINING, Period, dispatch_slots, periods
from hazardflow.campaign.phases import (
    C1,
    C2,
    C3,
    C4,
    C5,
    C6,
    C7,
    C8,
    C9,
    C10,
    H11,
    H12,
    NEXT_STEP,
    PHASE_RULE,
    PHASES,
    Filing,
    Obligation,
    ObligationStatus,
    Participation,
    PhaseEvent,
    Step,
    TargetStatus,
    Ticket,
)
from hazardflow.checks import InvalidInput, aware_time, local_date
from hazardflow.hazard.guards import five_measures
from hazardflow.hazard.records import Actor, Hazard
from hazardflow.hazard.supervision import Dispatch, dispatch_obligations
from hazardflow.notices import (
    Deliverable,
    DeliverableKind,
    Every,
    Notice,
    Phase,
    Target,
    UnitKind,
)
from hazardflow.notices.profile import end_of_day
from hazardflow.rules import Reason, Rejected, guard, register_notice
from hazardflow.vocab import PhaseKind, Role, Stage

__all__ = [
    "PHASES",
    "Campaign",
    "Filing",
    "Obligation",
    "ObligationStatus",
    "Participation",
    "PhaseEvent",
    "Step",
    "TargetStatus",
]


def _member(enum: type[Any], value: object, field: str) -> Any:
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        for member in enum:
            if value.strip() in (member.value, member.name, member.name.lower()):
                return member
    choices = ", ".join(f"{m.name.lower()} ({m.label})" for m in enum)
    raise InvalidInput(field, f"a hazardflow.{enum.__name__} or one of {choices}", value)


def _actor(by: object) -> Actor:
    if not isinstance(by, Actor):
        raise InvalidInput("by", "a hazardflow.Actor", by)
    return by


def _within(at: datetime, p: Period) -> bool:
    return p.start <= local_date(at) <= p.end


_NAMED = frozenset({DeliverableKind.TASK, DeliverableKind.TARGET, DeliverableKind.HAZARD_DISPATCH})
"""Filings that must name what they are for (a task, a target, a listed hazard): refused if there is none."""


def _closed_at(h: Hazard) -> datetime | None:
    """When the hazard was closed (销号), if it is closed."""
    if h.stage is not Stage.CLOSED:
        return None
    return next((e.at for e in reversed(h.events) if e.to_stage is Stage.CLOSED), None)


def _open_during(h: Hazard, period: Period, at: datetime) -> bool:
    """Whether the major hazard ``h`` was found and not yet closed at some day of ``period`` (as known at ``at``)."""
    if not h.is_major or h.found_at > at:
        return False
    closed = _closed_at(h)
    last = local_date(closed) if closed is not None and closed <= at else local_date(at)
    return local_date(h.found_at) <= period.end and last >= period.start


class Campaign:
    """One notice's campaign: the units taking part, their phases, deliverables and deadlines.

    >>> c = Campaign(hazardflow.notices.load("shenyang-2023"))          # doctest: +SKIP
    >>> c.join("铁西区应急管理局", kind="department", at=..., by=...)  # doctest: +SKIP
    """

    def __init__(self, notice: Notice | str) -> None:
        if isinstance(notice, str):
            notice = _notices.load(notice)
        if not isinstance(notice, Notice):
            raise InvalidInput("notice", "a hazardflow.notices.Notice or a profile id", notice)
        self.notice = notice
        register_notice(notice.id, notice.number)
        self._units: dict[str, Participation] = {}

    # participants ---------------------------------------------------------------------------

    def join(self, unit: str, *, kind: UnitKind | str, sector: str | None = None, at: datetime,
             by: Actor) -> Participation:
        """A unit takes part (未启动); ``kind`` is enterprise/department/town (or 企业/部门/乡镇)."""
        if not isinstance(unit, str) or not unit.strip():
            raise InvalidInput("unit", "a non-empty unit name", unit)
        if unit in self._units:
            raise InvalidInput("unit", "a unit not yet in the campaign", unit)
        if sector is not None and (not isinstance(sector, str) or not sector.strip()):
            raise InvalidInput("sector", "a sector name or None", sector)
        if sector is not None:
            known = self.notice.sector(sector.strip())
            if known is None:
                aliases = "、".join(f"{a}（即{s}）" for a, s in self.notice.sector_aliases)
                raise InvalidInput("sector", f"本通知的行业领域之一：{'、'.join(self.notice.sectors)}"
                                   + (f"，或别名 {aliases}" if aliases else ""), sector)
            sector = known
        p = Participation(unit, _member(UnitKind, kind, "kind"), sector, self.notice)
        p.events.append(PhaseEvent("join", None, Step.NOT_STARTED, _actor(by), aware_time(at),
                                   {"kind": p.kind, "sector": sector}))
        self._units[unit] = p
        return p

    def adopt(self, participation: Participation) -> None:
        """Take in a participation rebuilt from the register (`Ledger.load`) for this notice."""
        if not isinstance(participation, Participation) or participation.notice.id != self.notice.id:
            raise InvalidInput("participation", f"a participation in {self.notice.id}", participation)
        if participation.unit in self._units:
            raise InvalidInput("unit", "a unit not yet in the campaign", participation.unit)
        self._units[participation.unit] = participation

    def participation(self, unit: str) -> Participation:
        """The participation of ``unit``; an unknown unit is bad input."""
        try:
            return self._units[unit]
        except (KeyError, TypeError):
            known = "、".join(self._units) or "(none)"
            raise InvalidInput("unit", f"a unit that has joined ({known})", unit) from None

    __getitem__ = participation

    def __iter__(self) -> Iterator[Participation]:
        return iter(list(self._units.values()))

    def __len__(self) -> int:
        return len(self._units)

    def found(self, **fields: Any) -> Hazard:
        """发现 under this campaign's notice: `Hazard.found` with ``notice`` set, so that every refusal on
        the hazard cites this notice's clauses and the law's only (principle 12)."""
        if "notice" in fields:
            raise InvalidInput("notice", "no notice argument (the campaign's own notice is used)", fields["notice"])
        return Hazard.found(**fields, notice=self.notice.id)

    def register(self, unit: str, hazards: Iterable[Hazard]) -> None:
        """The unit's hazard register (台账): read by the C3/C4 guards when `advance` gets no ``hazards``, and by
        `tick` for H11 (weekly dispatching while a major hazard is open), H12 (listing) and C7 (counts)."""
        items = tuple(hazards)
        for h in items:
            if not isinstance(h, Hazard):
                raise InvalidInput("hazards", "hazardflow.Hazard records", h)
        p = self.participation(unit)
        p.hazards, p.registered = items, True

    # deliverables -----------------------------------------------------------------------------

    def deliverables(self, unit: str) -> list[Deliverable]:
        """The phase deliverables the notice asks of ``unit`` (by its kind), in due order."""
        p = self.participation(unit)
        return sorted((d for d in self.notice.deliverables if d.applies_to(p.kind)), key=lambda d: d.due_at)

    def _targets(self, p: Participation, kind: DeliverableKind) -> list[tuple[str, datetime]]:
        """What a filing of ``kind`` can count for: (deliverable or report id, deadline), by deadline."""
        targets = [(d.id, d.due_at) for d in self.notice.deliverables if d.kind is kind and d.applies_to(p.kind)]
        c = self.notice.cadence
        if kind is DeliverableKind.REPORT and c is not None and p.kind in c.units:
            targets += [(r.id, end_of_day(r.due)) for r in c.reports]
        if kind is DeliverableKind.DISPATCH and c is not None:
            targets += [(s.period.key, s.due) for s in dispatch_slots(c)]
        if c is not None and kind in c.bundle:
            targets += [(s.period.key, s.due) for s in dispatch_slots(c)]
        if kind is DeliverableKind.TASK:
            targets += [(t.id, t.due_at) for t in self.notice.tasks if t.applies_to(p.kind, p.sector)]
        if kind is DeliverableKind.TARGET:
            targets += [(g.id, g.due_at) for topic, g in self.notice.targets if topic.led_by(p.unit)]
        if kind is DeliverableKind.HAZARD_DISPATCH:
            targets += [(h.id, h.listing.at) for h in p.hazards if h.listing is not None]
        return sorted(targets, key=lambda t: t[1])

    def record(self, unit: str, what: DeliverableKind | str, *, at: datetime, by: Actor,
               period: str | None = None, note: str | None = None) -> Filing:
        """Put a deliverable on record (方案印发, 动员会, 联络人, 台账, 调度表, 检查, 演练 …).

        ``period`` says which deliverable or table it is: a deliverable id of the profile, a phase
        kind for a phase summary, a period like ``2023-06`` (``2023-W22`` weekly) for a 调度表. Left
        out, a 调度表 is for the period containing ``at``, and a deliverable is the earliest one of its
        kind not on record whose deadline has not passed (else the earliest one not on record: a
        late filing). Checks, drills and quota items count by their date. A C9 task (``task``) names
        the task id, a C10 target met (``target``) the target id with its measured value in ``note``,
        a 周调度 of a listed hazard (``hazard_dispatch``, H12) the hazard's id.
        With a directory in use, only
        the unit's own people file, its head the commitment and checks (`filers.filer`; `Rejected` if not).
        """
        p = self.participation(unit)
        kind = _member(DeliverableKind, what, "what")
        at, by = aware_time(at), _actor(by)
        if note is not None and not isinstance(note, str):
            raise InvalidInput("note", "a string or None", note)
        refused = filer(self.notice, unit, kind, by)
        if refused is not None:
            raise Rejected([refused])
        targets = dict(self._targets(p, kind))
        if kind is DeliverableKind.DISPATCH:
            c = self.notice.cadence
            if c is None:
                raise InvalidInput("what", "a deliverable this notice asks for (it sets no 调度表 cadence)", what)
            if period is None:
                period = CONTAINING[c.every](local_date(at)).key
        elif (kind is DeliverableKind.PHASE_SUMMARY and isinstance(period, str)
              and period.upper() in PhaseKind.__members__):
            phase = self.notice.phase(PhaseKind[period.upper()])
            ids = [d.id for d in phase.deliverables if d.kind is kind and d.applies_to(p.kind)]
            period = ids[0] if ids else period
        elif kind is DeliverableKind.HAZARD_DISPATCH and period is None:
            raise InvalidInput("period", f"the id of the listed hazard dispatched ({', '.join(targets)})", period)
        elif period is None and targets:
            open_ = [t for t in targets if p.filed(kind, t) is None]
            pending = [t for t in open_ if targets[t] >= at]
            period = pending[0] if pending else open_[0] if open_ else list(targets)[-1]
        if kind in _NAMED and not targets:
            raise InvalidInput("what", f"本通知未向{p.unit}提出“{kind.label}”（a deliverable this notice asks of it）",
                               what)
        if period is not None and targets and period not in targets:
            raise InvalidInput("period", f"one of {', '.join(targets)}", period)
        if period is not None and not isinstance(period, str):
            raise InvalidInput("period", "a string", period)
        # a 周调度 counts for the week it falls in (H12): it has no deadline of its own to be late against
        due = targets.get(period) if period is not None and kind is not DeliverableKind.HAZARD_DISPATCH else None
        filing = Filing(kind, period, at, by, due, note)
        p.filings.append(filing)
        p.events.append(PhaseEvent("record", p.step, p.step, by, at, {"filing": filing}))
        return filing

    # advancing --------------------------------------------------------------------------------

    def _cite(self, rule: Any, message: str, clause: str) -> Reason:
        return Reason(rule.id, message, (self.notice.cite(clause),))

    @guard(C2, C3, C4, C5)
    def _missing(self, p: Participation, phase: Phase, at: datetime) -> list[Reason]:
        reasons = []
        for d in phase.deliverables:
            if d.gate and d.applies_to(p.kind) and p.filed(d.kind, d.id, until=at) is None:
                reasons.append(self._cite(PHASE_RULE[phase.kind],
                                          f"{p.unit}尚未完成“{d.name}”（应于{d.due}前完成），不能结束{phase.name}阶段",
                                          d.clause))
        return reasons

    @guard(C3, C4)
    def _hazard_reasons(self, p: Participation, phase: Phase, at: datetime,
                        hazards: tuple[Hazard, ...]) -> list[Reason]:
        rule = PHASE_RULE[phase.kind]
        reasons = []
        for h in hazards:
            if not h.is_major or h.stage is Stage.CLOSED:
                continue
            broken = five_measures(h.plan, h.found_at)
            if broken is not None:
                message = f"重大事故隐患“{h.description}”未销号，且{broken.message}"
                reasons.append(self._cite(rule, message, phase.clause))
            if phase.kind is PhaseKind.REMEDIATION and h.is_overdue(at) and not h.listed:
                reasons.append(self._cite(rule, f"重大事故隐患“{h.description}”已逾期（整改时限{h.deadline}），"
                                                f"尚未挂牌督办升级处理", phase.clause))
        return reasons

    @guard(C5)
    def _summary_reason(self, p: Participation, phase: Phase, at: datetime) -> list[Reason]:
        """C5: whatever the notice asks of this kind of unit, concluding needs a summary on record."""
        if p.filed(DeliverableKind.SUMMARY, until=at) is not None:
            return []
        if any(d.kind is DeliverableKind.SUMMARY and d.applies_to(p.kind) for d in phase.deliverables):
            return []  # reported by _missing with the deliverable's own date and clause
        return [self._cite(C5, f"{p.unit}尚未报送专项行动总结，不能完成专项行动", phase.clause)]

    def why_not_advance(self, unit: str, *, at: datetime, by: Actor,
                        hazards: Iterable[Hazard] | None = None) -> list[Reason]:
        """The reasons `advance` would be refused now (empty if it would pass); never raises Rejected."""
        return self._prepare(unit, at, by, hazards).reasons

    @guard(C1)
    def _prepare(self, unit: str, at: datetime, by: Actor, hazards: Iterable[Hazard] | None) -> Ticket:
        p = self.participation(unit)
        at, by = aware_time(at), _actor(by)
        given = p.hazards if hazards is None else tuple(hazards)
        for h in given:
            if not isinstance(h, Hazard):
                raise InvalidInput("hazards", "hazardflow.Hazard records", h)
        reasons: list[Reason] = []
        first = self.notice.phases[0]
        if p.step is Step.DONE:
            reasons.append(self._cite(C1, f"{p.unit}已完成专项行动，没有下一阶段", self.notice.phases[-1].clause))
        elif p.step is Step.NOT_STARTED:
            if local_date(at) < self.notice.start:
                reasons.append(self._cite(C1, f"专项行动自{self.notice.start}开始，尚不能启动", first.clause))
        else:
            phase = p.phase
            assert phase is not None
            following = self.notice.phases[phase.number] if phase.number < len(self.notice.phases) else None
            if following is not None and local_date(at) < following.start:
                reasons.append(self._cite(C1, f"{following.name}阶段自{following.start}开始，{p.unit}尚不能进入",
                                          following.clause))
            reasons += self._missing(p, phase, at)
            if phase.kind in (PhaseKind.INVESTIGATION, PhaseKind.REMEDIATION):
                reasons += self._hazard_reasons(p, phase, at, given)
            if phase.kind is PhaseKind.CONSOLIDATION:
                reasons += self._summary_reason(p, phase, at)
        dest = NEXT_STEP.get(p.step, p.step)
        return Ticket(PhaseEvent("advance", p.step, dest, by, at), reasons)

    def advance(self, unit: str, *, at: datetime, by: Actor, hazards: Iterable[Hazard] | None = None) -> PhaseEvent:
        """Move ``unit`` to its next phase (or to 已完成), or raise `Rejected` with every failed rule.

        ``hazards`` is the unit's register for the C3/C4 guards (default: what `register` was given).
        """
        return PHASES.fire(self.participation(unit), self._prepare(unit, at, by, hazards))

    # the clock --------------------------------------------------------------------------------

    def tick(self, at: datetime, *, unit: str | None = None) -> list[Obligation]:
        """What is due (today) or overdue at ``at``, for every unit (or one); reads only, never advances."""
        at = aware_time(at)
        chosen = list(self) if unit is None else [self.participation(unit)]
        out: list[Obligation] = []
        for p in chosen:
            out += self._phase_late(p, at)
            out += self._deliverables_due(p, at)
            out += self._dispatch_due(p, at)
            out += self._recurring_due(p, at)
            out += self._dispatching_due(p, at)
            out += self._quotas_due(p, at)
            out += self._tasks_due(p, at)
            out += self._listing_due(p, at)
            out += self._targets_due(p, at)
        return sorted(out, key=lambda o: (o.due, o.unit, o.rule, o.what))

    def _obligation(self, rule: Any, p: Participation, what: str, due: datetime, at: datetime, clause: str,
                    period: str | None = None, kind: DeliverableKind | None = None) -> Obligation | None:
        """An obligation if ``due`` has come (its day has begun), else None."""
        if local_date(at) < local_date(due):
            return None
        status = ObligationStatus.OVERDUE if at > due else ObligationStatus.DUE
        return Obligation(rule.id, p.unit, what, due, status, (self.notice.cite(clause),), period, kind)

    @guard(C1)
    def _phase_late(self, p: Participation, at: datetime) -> list[Obligation]:
        if p.step is Step.DONE:
            return []
        phase = p.phase or self.notice.phases[0]
        what = (f"尚未启动专项行动，{phase.name}阶段于{phase.end}结束" if p.step is Step.NOT_STARTED
                else f"仍处于{phase.name}阶段，该阶段于{phase.end}结束")
        o = self._obligation(C1, p, what, end_of_day(phase.end), at, phase.clause, phase.kind.name.lower())
        return [] if o is None else [o]

    @guard(C2, C3, C4, C5)
    def _deliverables_due(self, p: Participation, at: datetime) -> list[Obligation]:
        out = []
        for phase in self.notice.phases:
            for d in phase.deliverables:
                if not d.applies_to(p.kind) or p.filed(d.kind, d.id, until=at) is not None:
                    continue
                rule = C5 if d.kind in (DeliverableKind.SUMMARY, DeliverableKind.PHASE_SUMMARY) else (
                    C6 if d.kind is DeliverableKind.REPORT else PHASE_RULE[phase.kind])
                o = self._obligation(rule, p, f"未完成“{d.name}”", d.due_at, at, d.clause, d.id, d.kind)
                if o is not None:
                    out.append(o)
        return out

    @guard(C6)
    def _dispatch_due(self, p: Participation, at: datetime) -> list[Obligation]:
        c = self.notice.cadence
        if c is None or p.kind not in c.units:
            return []
        out = []
        for slot in dispatch_slots(c):
            if p.filed(DeliverableKind.DISPATCH, slot.period.key, until=at) is None:
                o = self._obligation(C6, p, f"未报送{slot.period.name}《{c.name}》", slot.due, at, c.clause,
                                     slot.period.key, DeliverableKind.DISPATCH)
                if o is not None:
                    out.append(o)
            for kind in sorted(c.bundle, key=list(DeliverableKind).index):
                if p.filed(kind, slot.period.key, until=at) is None:
                    o = self._obligation(C6, p, f"未随{slot.period.name}调度表报送“{kind.label}”", slot.due, at,
                                         c.clause, slot.period.key, kind)
                    if o is not None:
                        out.append(o)
        for r in c.reports:
            if p.filed(DeliverableKind.REPORT, r.id, until=at) is None:
                o = self._obligation(C6, p, f"未报送{r.name}（{r.due}前）", end_of_day(r.due), at, r.clause, r.id,
                                     DeliverableKind.REPORT)
                if o is not None:
                    out.append(o)
        return out

    def _periodic(self, rule: Any, p: Participation, at: datetime, every: Every, start: date,
                  done_in: Callable[[Period], int], count: int, what: str, clause: str,
                  owed: Callable[[Period], bool] = lambda _: True,
                  kind: DeliverableKind | None = None) -> list[Obligation]:
        """Each period of ``every`` (that is ``owed``) needs ``count`` things done inside it (``done_in``).

        Periods are clipped to ``start``..the campaign's end: a period that began before the campaign
        counts only from ``start`` (a May check for 沈阳 is due within 05-22..05-31; a March drill does
        not count for 2023上半年).
        """
        out = []
        for period in periods(every, start, self.notice.end):
            if local_date(at) < period.end:
                break
            if not owed(period):
                continue
            done = done_in(period)
            if done < count:
                o = self._obligation(rule, p, f"{period.name}{what}（已{done}次，应不少于{count}次）",
                                     end_of_day(period.end), at, clause, period.key, kind)
                if o is not None:
                    out.append(o)
        return out

    @staticmethod
    def _filed_in(p: Participation, at: datetime, kinds: frozenset[DeliverableKind],
                  principal: bool = False) -> Callable[[Period], int]:
        """How many filings of ``kinds`` (by the principal only, if ``principal``) fall in a period."""
        def done_in(period: Period) -> int:
            return sum(1 for f in p.filings if f.kind in kinds and f.at <= at and _within(f.at, period)
                       and (not principal or f.by.role is Role.PRINCIPAL))
        return done_in

    @guard(H11, C8)
    def _recurring_due(self, p: Participation, at: datetime) -> list[Obligation]:
        """H11 (the principal's checks: only those filed by the principal count) and C8 (drills), at the
        frequency of the unit's sector."""
        out = []
        for rule, spec, kind in ((H11, self.notice.inspection, DeliverableKind.CHECK),
                                 (C8, self.notice.drill, DeliverableKind.DRILL)):
            if spec is not None and p.kind in spec.units:
                every = spec.every_for(p.sector)
                done_in = self._filed_in(p, at, frozenset({kind}), principal=rule is H11)
                out += self._periodic(rule, p, at, every, self.notice.start, done_in, 1,
                                      f"{spec.name}未达{every.label}至少1次", spec.clause, kind=kind)
        return out

    @guard(H11)
    def _dispatching_due(self, p: Participation, at: datetime) -> list[Obligation]:
        """H11 as 沈阳 三(一)1 writes it: the principal dispatches at least ``every`` period, and every week
        in which a major hazard of the unit's register is open (重大事故隐患整治期间，主要负责人要每周调度)."""
        d = self.notice.dispatching
        if d is None or p.kind not in d.units:
            return []
        done_in = self._filed_in(p, at, frozenset({DeliverableKind.PRINCIPAL_DISPATCH}), principal=True)
        kind = DeliverableKind.PRINCIPAL_DISPATCH
        out = self._periodic(H11, p, at, d.every, self.notice.start, done_in, 1,
                             f"{d.name}未达{d.every.label}至少1次", d.clause, kind=kind)
        if d.while_major is not None:
            out += self._periodic(H11, p, at, d.while_major, self.notice.start, done_in, 1,
                                  f"重大事故隐患整治期间{d.name}未达每周至少1次", d.clause,
                                  owed=lambda week: any(_open_during(h, week, at) for h in p.hazards), kind=kind)
        return out

    def _counted_in(self, p: Participation, at: datetime, items: frozenset[DeliverableKind]) -> Callable[[Period], int]:
        """C7: with a register given (`register`), its major and key hazards found in the period count for
        ``major_hazard``/``key_hazard``; without one, the filings do. Other items count as filings."""
        from_register = frozenset({DeliverableKind.MAJOR_HAZARD, DeliverableKind.KEY_HAZARD}) if p.registered \
            else frozenset()
        filed = self._filed_in(p, at, items - from_register)

        def done_in(period: Period) -> int:
            found = [h for h in p.hazards if h.found_at <= at and _within(h.found_at, period)]
            return filed(period) + sum(
                1 for h in found if (DeliverableKind.MAJOR_HAZARD in items & from_register and h.is_major)
                or (DeliverableKind.KEY_HAZARD in items & from_register and h.key and not h.is_major))
        return done_in

    @guard(C7)
    def _quotas_due(self, p: Participation, at: datetime) -> list[Obligation]:
        out = []
        for q in self.notice.quotas:
            if q.applies_to(p.kind, p.unit, p.sector):
                out += self._periodic(C7, p, at, q.every, q.start, self._counted_in(p, at, q.items), q.count,
                                      f"{q.name}未达标", q.clause)
        return out

    @guard(C9)
    def _tasks_due(self, p: Participation, at: datetime) -> list[Obligation]:
        """C9: each dated one-off task of the notice not on record by its day (沈阳 三(一)2–7 …)."""
        found = [self._obligation(C9, p, f"未完成“{t.name}”", t.due_at, at, t.clause, t.id, DeliverableKind.TASK)
                 for t in self.notice.tasks
                 if t.applies_to(p.kind, p.sector) and p.filed(DeliverableKind.TASK, t.id, until=at) is None]
        return [o for o in found if o is not None]

    @guard(H12)
    def _listing_due(self, p: Participation, at: datetime) -> list[Obligation]:
        """H12 (宜明 二(二)10): every open major hazard of the register is listed within the profile's days of
        its finding; a listed one is dispatched every week of its listing (the H7 weeks)."""
        rule = self.notice.listing
        if rule is None or p.kind not in rule.units:
            return []
        dispatches = [Dispatch(f.period, f.note or "周调度", f.by, f.at) for f in p.filings
                      if f.kind is DeliverableKind.HAZARD_DISPATCH and f.period is not None and f.at <= at]
        out = []
        for h in p.hazards:
            closed = _closed_at(h)
            if not h.is_major or h.found_at > at or (closed is not None and closed <= at):
                continue
            if h.listing is None or h.listing.at > at:
                due = end_of_day(local_date(h.found_at) + timedelta(days=rule.within_days))
                what = f"重大事故隐患“{h.description}”发现后{rule.within_days}日内未挂牌督办"
                found = [self._obligation(H12, p, what, due, at, rule.clause, h.id)]
            else:
                found = [self._obligation(H12, p, f"挂牌督办（{w.number}）的重大事故隐患“{h.description}”"
                                                  f"{w.start}至{w.due}未周调度", end_of_day(w.due), at, rule.clause,
                                          f"{h.id}@{w.start}", DeliverableKind.HAZARD_DISPATCH)
                         for w in dispatch_obligations(h, dispatches, at=at) if w.done is None]
            out += [o for o in found if o is not None]
        return out

    def _met(self, target: Target, at: datetime) -> Filing | None:
        """The first filing by any 牵头单位 that marks ``target`` met, by ``at``."""
        found = [f for p in self for f in p.filings
                 if f.kind is DeliverableKind.TARGET and f.period == target.id and f.at <= at]
        return min(found, key=lambda f: f.at, default=None)

    @guard(C10)
    def _targets_due(self, p: Participation, at: datetime) -> list[Obligation]:
        """C10: a target of a topic the unit leads, past its date and not marked met (by any of its leads)."""
        found = [self._obligation(C10, p, f"{topic.name}：{g.what}{f'（目标值{g.value}）' if g.value else ''}未完成",
                                   g.due_at, at, g.clause, g.id, DeliverableKind.TARGET)
                 for topic, g in self.notice.targets if topic.led_by(p.unit) and self._met(g, at) is None]
        return [o for o in found if o is not None]

    def targets(self, at: datetime) -> list[TargetStatus]:
        """C10: every target of the notice with its 牵头单位, due date and whether it is met at ``at``."""
        at = aware_time(at)
        return [TargetStatus(topic, g, self._met(g, at), at) for topic, g in self.notice.targets]
