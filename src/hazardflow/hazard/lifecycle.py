"""The hazard machine: one `transitions` Machine per process, driving every hazard (H1–H10).

The machine holds no models (ARCHITECTURE.md principle 3; pytransitions #379, #642): a trigger is
fired on the hazard record directly, so a million hazards cost a million records, not a million
machines. Each trigger runs in two steps, all-or-nothing:

1. `Loop.prepare` validates the arguments, checks the move against the machine's transitions (H1),
   collects every failed rule (`Reason`) and builds the candidate `Event`, touching nothing; any
   failure raises `Rejected` with all the reasons, and the hazard is exactly as before;
2. `Loop.fire` applies the event's effect (`EFFECTS`), moves the stage and appends the event. The
   same effects rebuild a hazard from its events alone (`replay`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

import attrs
from transitions import Machine

from hazardflow import rules
from hazardflow.checks import InvalidInput, aware_time
from hazardflow.hazard import authority, guards, workforce
from hazardflow.hazard.guards import H1
from hazardflow.hazard.records import Actor, Allowed, Event, Hazard, Listing, Plan, Report, Signature, advance, put
from hazardflow.rules import MISSING, Reason, Rejected, missing
from hazardflow.vocab import TRIGGER_LABELS, ReportKind, Stage

Guard = Callable[[Hazard, datetime, Actor, Mapping[str, Any]], "Reason | None"]
Check = tuple[Callable[..., "Reason | None"], Guard]
"""A guard: the named rule function (in `rules.GUARDS`) and how the trigger's arguments reach it."""
Effect = Callable[[Hazard, Event], None]

_OPEN = (Stage.FOUND, Stage.ASSIGNED, Stage.RECTIFYING, Stage.VERIFYING)
_ALL = tuple(Stage)


@attrs.frozen
class Trigger:
    """One trigger of the hazard machine: where it may start, where it leads, what guards it."""

    name: str
    sources: tuple[Stage, ...]
    dest: Stage | None
    guards: tuple[Check, ...] = ()
    arguments: tuple[str, ...] = ()
    argument_set: frozenset[str] = attrs.field(init=False)

    @argument_set.default
    def _argument_set(self) -> frozenset[str]:
        return frozenset(self.arguments)

    @property
    def rules(self) -> list[str]:
        """The ids of the rules guarding this trigger, in order (H1 guards every trigger's source)."""
        ids = ["H1"]
        for function, _ in self.guards:
            ids += [r for r in rules.rules_of(function) if r not in ids]
        return ids


def _text_argument(name: str, expected: str) -> Callable[[Mapping[str, Any]], None]:
    def check(kwargs: Mapping[str, Any]) -> None:
        value = kwargs.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(name, expected, value)

    return check


TRIGGERS: dict[str, Trigger] = {
    t.name: t
    for t in (
        Trigger("assign", (Stage.FOUND,), Stage.ASSIGNED, (
            (guards.five_measures, lambda h, at, by, kw: guards.five_measures(kw["plan"], h.found_at)),
            (authority.found_reported, lambda h, at, by, kw: authority.found_reported(h)),
            (authority.assigner, lambda h, at, by, kw: authority.assigner(h, by)),
        ), ("plan",)),
        Trigger("rectify", (Stage.ASSIGNED,), Stage.RECTIFYING),
        Trigger("submit", (Stage.RECTIFYING,), Stage.VERIFYING, (), ("evidence",)),
        Trigger("close", (Stage.VERIFYING,), Stage.CLOSED, (
            (authority.fixed_reported, lambda h, at, by, kw: authority.fixed_reported(h)),
            (guards.not_own_work, lambda h, at, by, kw: guards.not_own_work(h, by)),
            (authority.not_responsible, lambda h, at, by, kw: authority.not_responsible(h, by)),
            (authority.may_close, lambda h, at, by, kw: authority.may_close(h, by)),
        )),
        Trigger("reject", (Stage.VERIFYING,), Stage.RECTIFYING, (
            (guards.rejection_reason, lambda h, at, by, kw: guards.rejection_reason(kw.get("reason"))),
            (authority.may_reject, lambda h, at, by, kw: authority.may_reject(h, by)),
        ), ("reason",)),
        Trigger("fix_on_spot", (Stage.FOUND,), Stage.VERIFYING, (
            (guards.fixable_on_spot, lambda h, at, by, kw: guards.fixable_on_spot(h)),
        ), ("measures",)),
        Trigger("reopen", (Stage.CLOSED,), Stage.RECTIFYING, (
            (guards.lookback_finding, lambda h, at, by, kw: guards.lookback_finding(kw.get("reason"))),
            (authority.reviewer, lambda h, at, by, kw: authority.reviewer(h, by)),
        ), ("reason",)),
        Trigger("report", _ALL, None, (
            (guards.fixed_report_in_time, lambda h, at, by, kw: guards.fixed_report_in_time(h, kw["kind"])),
            (workforce.workforce_channel,
             lambda h, at, by, kw: workforce.workforce_channel(h, kw["kind"], kw["to"])),
            (authority.reporter, lambda h, at, by, kw: authority.reporter(h, by, kw["kind"], kw["to"])),
        ), ("kind", "to")),
        Trigger("list_for_supervision", _OPEN, None, (
            (authority.lister, lambda h, at, by, kw: authority.lister(h, by)),
            (guards.listable, lambda h, at, by, kw: guards.listable(h, at)),
        ), ("title", "number")),
        Trigger("delist", _ALL, None, (
            (authority.delister, lambda h, at, by, kw: authority.delister(h, by)),
        )),
        Trigger("extend", (Stage.ASSIGNED, Stage.RECTIFYING, Stage.VERIFYING), None, (
            (guards.extension, lambda h, at, by, kw: guards.extension(h, kw["deadline"], kw.get("reason"))),
            (authority.extender, lambda h, at, by, kw: authority.extender(h, by)),
        ), ("deadline", "reason")),
        Trigger("assess", (Stage.RECTIFYING, Stage.VERIFYING), None, (
            (authority.assessor, lambda h, at, by, kw: authority.assessor(h, by)),
        ), ("opinion",)),
    )
}
"""Every trigger of the hazard loop, its sources, destination (None: the stage stays) and guards."""


def _check_plan(kwargs: Mapping[str, Any]) -> None:
    if not isinstance(kwargs.get("plan"), Plan):
        raise InvalidInput("plan", "a hazardflow.Plan (五落实)", kwargs.get("plan"))


def _check_kind(kwargs: Mapping[str, Any]) -> None:
    if not isinstance(kwargs.get("kind"), ReportKind):
        raise InvalidInput("kind", "a hazardflow.ReportKind", kwargs.get("kind"))


def _check_deadline(kwargs: Mapping[str, Any]) -> None:
    value = kwargs.get("deadline")
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput("deadline", "a date", value)


def _check_reason(kwargs: Mapping[str, Any]) -> None:
    value = kwargs.get("reason")
    if value is not None and not isinstance(value, str):
        raise InvalidInput("reason", "a string", value)


_ARGUMENTS_ZH: dict[str, str] = {
    "plan": "五落实整改方案 hazardflow.Plan", "kind": "报告类型 hazardflow.ReportKind", "to": "报告对象（部门名称）",
    "evidence": "整改情况说明", "measures": "即查即改采取的措施", "title": "督办文件名称", "number": "督办文件文号",
    "opinion": "专家评估意见", "deadline": "新的整改时限（日期）", "reason": "理由",
}
"""What each trigger argument is, in 中文: how a missing one is reported (`why_not`, `allowed`)."""

_READS: dict[Callable[..., Any], frozenset[str]] = {
    guards.five_measures: frozenset({"plan"}), guards.fixed_report_in_time: frozenset({"kind"}),
    guards.extension: frozenset({"deadline", "reason"}), guards.rejection_reason: frozenset({"reason"}),
    guards.lookback_finding: frozenset({"reason"}), workforce.workforce_channel: frozenset({"kind", "to"}),
    authority.reporter: frozenset({"kind", "to"}),
}
"""The trigger arguments each guard reads: without them it is not judged (the argument is missing)."""


_ARGUMENT_CHECKS: dict[str, Callable[[Mapping[str, Any]], None]] = {
    "plan": _check_plan,
    "kind": _check_kind,
    "to": _text_argument("to", "the name of the department reported to"),
    "evidence": _text_argument("evidence", "a description of what was done"),
    "measures": _text_argument("measures", "the measures taken on the spot"),
    "title": _text_argument("title", "the listing document's title"),
    "number": _text_argument("number", "the listing document's number (文号)"),
    "opinion": _text_argument("opinion", "the expert's assessment"),
    "deadline": _check_deadline,
    "reason": _check_reason,
}


# Effects: how each event changes the hazard beyond its stage. Live triggers and replay share them.

def _plan(h: Hazard, e: Event) -> None:
    put(h, "plan", e.payload["plan"])
    put(h, "deadline", h.plan.deadline if h.plan is not None else None)


def _rectifier(h: Hazard, e: Event) -> None:
    put(h, "rectifier", e.actor)


def _evidence(h: Hazard, e: Event) -> None:
    put(h, "evidence", e.payload["evidence"])


def _on_spot(h: Hazard, e: Event) -> None:
    put(h, "rectifier", e.actor)
    put(h, "evidence", e.payload["measures"])


def _accept(h: Hazard, e: Event) -> None:
    put(h, "acceptance", Signature(e.actor, e.at))
    if h.listing is not None and h.listing.active:
        put(h, "listing", attrs.evolve(h.listing, delisted_at=e.at))


def _sham(h: Hazard, e: Event) -> None:
    put(h, "sham", h.sham + 1)
    put(h, "acceptance", None)


def _report(h: Hazard, e: Event) -> None:
    put(h, "reports", (*h.reports, Report(e.payload["kind"], e.payload["to"], e.actor, e.at)))


def _list(h: Hazard, e: Event) -> None:
    put(h, "listing", Listing(e.actor, e.payload["title"], e.payload["number"], e.at))


def _delist(h: Hazard, e: Event) -> None:
    assert h.listing is not None
    put(h, "listing", attrs.evolve(h.listing, delisted_at=e.at))


def _extend(h: Hazard, e: Event) -> None:
    put(h, "deadline", e.payload["deadline"])


def _assess(h: Hazard, e: Event) -> None:
    put(h, "assessment", Signature(e.actor, e.at))


def _nothing(h: Hazard, e: Event) -> None:
    return None


EFFECTS: dict[str, Effect] = {
    "assign": _plan, "rectify": _rectifier, "submit": _evidence, "fix_on_spot": _on_spot,
    "close": _accept, "reopen": _sham, "report": _report, "list_for_supervision": _list,
    "delist": _delist, "extend": _extend, "assess": _assess, "reject": _nothing,
}


class ReadOnly(RuntimeError):
    """A trigger on a hazard read from a Ledger outside a unit of work: it would not be saved.

    ``Ledger.get`` (and ``find``) return read-only snapshots (`read_only`); a change is made inside
    ``with ledger.unit(by=...) as u: u.get(id).close(...)``, which saves it or raises `Conflict`.
    """

    def __init__(self, h: Hazard, trigger: str) -> None:
        self.hazard_id = h.id
        self.trigger = trigger
        super().__init__(
            f"隐患 {h.id} 是从台账读取的只读快照（ledger.get），在工作单元之外{TRIGGER_LABELS.get(trigger, trigger)}"
            f"不会被保存，已拒绝；请在 `with ledger.unit(by=…) as u:` 中用 u.get(id) 办理 (read-only snapshot: "
            f"{trigger} outside a unit of work would not be saved)")


_READ_ONLY: dict[int, weakref.finalize[Any, Any]] = {}
"""The hazards handed out as read-only snapshots, by identity (an entry leaves with its hazard)."""


def read_only(h: Hazard) -> Hazard:
    """Mark ``h`` as a read-only snapshot: its triggers raise `ReadOnly`; ``why_not``/``allowed`` still answer."""
    key = id(h)
    _READ_ONLY[key] = weakref.finalize(h, _READ_ONLY.pop, key, None)
    return h


@attrs.define
class _Ticket:
    """A prepared trigger: the candidate event and the reasons it is refused (empty: admitted)."""

    event: Event
    reasons: list[Reason]


class Loop:
    """The hazard machine: built once, it drives any number of hazards without holding them.

    ``machine`` is the `transitions` definition of the loop (states, triggers, sources and
    destinations: what `hazardflow diagram` draws). At build time it is compiled into a dispatch
    table, ``(trigger, stage) → destination``, read from the machine's own transitions; firing
    looks the move up there instead of going through transitions' per-call ``EventData`` and
    callback chain (about 11 µs a call, twice the rest of a trigger), and the guards run first so
    that every failed rule is reported (pytransitions #272: conditions only say no).
    """

    def __init__(self) -> None:
        self.machine = Machine(
            model=None,
            states=list(Stage),
            initial=Stage.FOUND,
            transitions=[{"trigger": t.name, "source": list(t.sources), "dest": t.dest} for t in TRIGGERS.values()],
            auto_transitions=False,
            model_attribute="stage",
        )
        self._moves: dict[tuple[str, Stage], Stage | None] = {
            (name, Stage[source]): (Stage[moves[0].dest] if moves[0].dest is not None else None)
            for name, event in self.machine.events.items()
            for source, moves in event.transitions.items()
        }
        self._sources: dict[str, tuple[Stage, ...]] = {
            name: tuple(Stage[source] for source in event.transitions) for name, event in self.machine.events.items()
        }

    def prepare(self, h: Hazard, trigger: str, at: datetime, by: Actor, kwargs: Mapping[str, Any], *,
                partial: bool = False) -> _Ticket:
        """Validate the arguments, evaluate every guard and build the candidate event; mutate nothing.

        With ``partial`` (`why_not`) an argument not given (or None) is reported as a `missing`
        reason and the guards that read it are not judged; one given with a wrong type still raises.
        """
        spec = TRIGGERS.get(trigger)
        if spec is None:
            raise InvalidInput("trigger", f"one of {', '.join(TRIGGERS)}", trigger)
        aware_time(at)
        if not isinstance(by, Actor):
            raise InvalidInput("by", "a hazardflow.Actor", by)
        if h.events and at < h.events[-1].at:
            raise InvalidInput("at", f"a time not before the hazard's last event ({h.events[-1].at.isoformat()})", at)
        if kwargs.keys() - spec.argument_set:
            unexpected = sorted(kwargs.keys() - spec.argument_set)
            raise InvalidInput(f"{trigger}()", f"arguments {spec.arguments or '(none)'}", unexpected)
        absent = frozenset(n for n in spec.arguments if kwargs.get(n) is None) if partial else frozenset()
        for name in spec.arguments:
            if name not in absent:
                _ARGUMENT_CHECKS[name](kwargs)
        reasons: list[Reason] = [missing(name, _ARGUMENTS_ZH[name]) for name in spec.arguments if name in absent]
        stage = h.stage
        key = (trigger, stage)
        if key not in self._moves:
            reasons.append(guards.out_of_order(h, trigger, self._sources[trigger]))
        for function, call in spec.guards:
            if absent and _READS.get(function, frozenset()) & absent:
                continue
            reason = call(h, at, by, kwargs)
            if reason is not None:
                reasons.append(reason)
        if reasons and h.notice is not None:
            reasons = rules.scoped(reasons, h.notice)
        dest = self._moves.get(key) or stage
        return _Ticket(Event.recorded(trigger, stage, dest, by, at, kwargs), reasons)

    def fire(self, h: Hazard, trigger: str, at: datetime, by: Actor, **kwargs: Any) -> Event:
        """Run ``trigger`` on ``h``: record exactly one event, or raise `Rejected` and change nothing."""
        if _READ_ONLY and id(h) in _READ_ONLY:
            raise ReadOnly(h, trigger)
        ticket = self.prepare(h, trigger, at, by, kwargs)
        if ticket.reasons:
            raise Rejected(ticket.reasons)
        event = ticket.event
        EFFECTS[trigger](h, event)
        advance(h, event)
        return event

    def step(self, stage: Stage, last: datetime | None, e: Event) -> Reason | None:
        """H1: why ``e`` is not a step the machine makes from ``stage`` after an event at ``last``
        (None: it is): its trigger, the stage it starts from, the stage it leads to, its time order.
        The guards are not judged: `prepare` judged them when the trigger fired."""
        if e.trigger not in EFFECTS:
            return H1.reason(f"“{e.trigger}”不是隐患状态机的触发器")
        label = TRIGGER_LABELS.get(e.trigger, e.trigger)
        key = (e.trigger, stage)
        if key not in self._moves:
            stages = "、".join(s.label for s in self._sources[e.trigger])
            return H1.reason(f"隐患处于“{stage.label}”阶段，不能{label}（只能在{stages}阶段进行），闭环环节不得跳过")
        if e.from_stage is not stage or (self._moves[key] or stage) is not e.to_stage:
            went = "—" if e.from_stage is None else e.from_stage.label
            return H1.reason(f"事件记为“{went}→{e.to_stage.label}”，但隐患处于“{stage.label}”阶段，"
                             f"{label}不会这样改变阶段")
        if last is not None and e.at < last:
            return H1.reason(f"事件时间 {e.at.isoformat()} 早于上一事件 {last.isoformat()}，时间不得倒退")
        return None

    def why_not(self, h: Hazard, trigger: str, at: datetime, by: Actor, **kwargs: Any) -> list[Reason]:
        """The reasons ``trigger`` would be refused (empty if it would pass); the arguments not
        given are reported as `missing` reasons (rule ``INPUT``) instead of raising."""
        return self.prepare(h, trigger, at, by, kwargs, partial=True).reasons

    def allowed(self, h: Hazard, at: datetime, by: Actor) -> list[Allowed]:
        """The triggers ``by`` may fire on ``h`` at ``at``, each with the arguments it still needs."""
        out = []
        for name, spec in TRIGGERS.items():
            reasons = self.prepare(h, name, at, by, {}, partial=True).reasons
            if all(r.rule == MISSING for r in reasons):
                out.append(Allowed(name, spec.arguments))  # none given: every argument is still needed
        return out


def replay(events: Iterable[Event]) -> Hazard:
    """Rebuild a hazard from its events alone (the first must be ``found``), each step checked
    against the machine (H1, `Loop.step`): an event that does not start from the stage the history
    reached, is not a move of the machine, or is dated before the one it follows is refused
    (`InvalidInput` naming it), so a history edited to skip 验收 cannot be replayed into a state."""
    it = iter(events)
    first = next(it, None)
    if first is None or first.trigger != "found" or first.from_stage is not None or first.to_stage is not Stage.FOUND:
        raise InvalidInput("events", "a history starting with a 'found' event", first)
    p = first.payload
    h = Hazard(
        id=p["id"], description=p["description"], level=p["level"], source=p["source"],
        enterprise=p["enterprise"], sector=p["sector"],
        jurisdiction=p["jurisdiction"] if "jurisdiction" in p else p["unit"], key=p["key"],
        standard_items=p.get("standard_items", ()), found_at=first.at, found_by=first.actor,
        notice=p.get("notice"),
    )
    advance(h, first)
    for n, e in enumerate(it, start=2):
        wrong = LOOP.step(h.stage, h.events[-1].at, e)
        if wrong is not None:
            raise InvalidInput(f"events[{n}]", f"a step the hazard machine makes ({wrong.message})", e.trigger,
                               zh=f"状态机能走的一步（{wrong.message}）")
        EFFECTS[e.trigger](h, e)
        advance(h, e)
    return h


LOOP = Loop()
"""The process's one hazard machine."""

Hazard.driver = LOOP
