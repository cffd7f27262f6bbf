"""A small record machine for the enforcement records (case, suspension), on the pattern of `lifecycle.Loop`.

One `Flow` is built per record kind at import time and drives any number of records without holding
them (ARCHITECTURE.md principle 3): `prepare` validates and collects every failed rule without touching
the record, the `transitions` condition admits the transition only when no rule failed, and the
``after`` callback applies the step's effect and appends the `Entry`. All-or-nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import Enum
from types import MappingProxyType
from typing import Any, Protocol, cast

import attrs
from transitions import EventData, Machine

from hazardflow.checks import InvalidInput, aware_time, moment, of_type, text
from hazardflow.hazard.records import Actor
from hazardflow.rules import Reason, Rejected, Rule

Guard = Callable[[Any, datetime, Actor, Mapping[str, Any]], "Reason | None"]
Effect = Callable[[Any, "Entry"], None]
ArgumentCheck = Callable[[Mapping[str, Any]], None]


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen
class Entry:
    """One recorded change of an enforcement record: trigger, stage before and after, who, when, what."""

    trigger: str = attrs.field(validator=text)
    from_stage: Enum | None
    to_stage: Enum
    actor: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    at: datetime = attrs.field(validator=moment)
    payload: Mapping[str, Any] = attrs.field(default=None, converter=_frozen, eq=False)


class Driven(Protocol):
    """A record a `Flow` drives: it has a stage and a list of entries."""

    stage: Any
    events: list[Entry]


@attrs.frozen
class Step:
    """One trigger: where it may start, where it leads (None: the stage stays), its guards and effect."""

    name: str
    label: str
    sources: tuple[Enum, ...]
    dest: Enum | None
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    arguments: Mapping[str, ArgumentCheck] = attrs.field(factory=dict)


def text_argument(name: str, expected: str) -> ArgumentCheck:
    """An argument check: ``name`` is a non-blank string."""

    def check(kwargs: Mapping[str, Any]) -> None:
        value = kwargs.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(name, expected, value)

    return check


def instance_argument(name: str, kind: type, expected: str) -> ArgumentCheck:
    """An argument check: ``name`` is an instance of ``kind``."""

    def check(kwargs: Mapping[str, Any]) -> None:
        if not isinstance(kwargs.get(name), kind):
            raise InvalidInput(name, expected, kwargs.get(name))

    return check


def items_argument(name: str, kind: type, container: type, expected: str) -> ArgumentCheck:
    """An argument check: ``name`` is a ``container`` (tuple, Sequence) of ``kind`` items."""

    def check(kwargs: Mapping[str, Any]) -> None:
        value = kwargs.get(name)
        if not isinstance(value, container) or not all(isinstance(i, kind) for i in cast(Iterable[Any], value)):
            raise InvalidInput(name, expected, value)

    return check


@attrs.define
class _Ticket:
    entry: Entry
    reasons: list[Reason]
    effect: Effect | None


def _admitted(event_data: EventData) -> bool:
    (ticket,) = event_data.args
    return not cast(_Ticket, ticket).reasons


def _apply(event_data: EventData) -> None:
    (ticket,) = event_data.args
    record = cast(Driven, event_data.model)
    if ticket.effect is not None:
        ticket.effect(record, ticket.entry)
    record.events.append(ticket.entry)


class Flow:
    """A record machine: built once per record kind, it drives many records without holding them."""

    def __init__(self, states: type[Enum], steps: Iterable[Step], order: Rule, what: str) -> None:
        self.steps = {s.name: s for s in steps}
        self.order = order
        self.what = what
        self.machine = Machine(
            model=None,
            states=list(states),
            initial=next(iter(states)),
            transitions=[
                {"trigger": s.name, "source": list(s.sources), "dest": s.dest,
                 "conditions": [_admitted], "after": [_apply]}
                for s in self.steps.values()
            ],
            auto_transitions=False,
            send_event=True,
            model_attribute="stage",
            ignore_invalid_triggers=True,
        )

    def prepare(self, record: Driven, trigger: str, at: datetime, by: Actor, kwargs: Mapping[str, Any]) -> _Ticket:
        """Validate the arguments, evaluate every guard and build the candidate entry; mutate nothing."""
        step = self.steps.get(trigger)
        if step is None:
            raise InvalidInput("trigger", f"one of {', '.join(self.steps)}", trigger)
        aware_time(at)
        if not isinstance(by, Actor):
            raise InvalidInput("by", "a hazardflow.Actor", by)
        unexpected = set(kwargs) - set(step.arguments)
        if unexpected:
            raise InvalidInput(f"{trigger}()", f"arguments {tuple(step.arguments) or '(none)'}", sorted(unexpected))
        for check in step.arguments.values():
            check(kwargs)
        reasons: list[Reason] = []
        if record.stage not in step.sources:
            allowed = "、".join(s.value for s in step.sources)
            reasons.append(self.order.reason(
                f"{self.what}处于“{record.stage.value}”阶段，不能{step.label}（只能在{allowed}阶段进行）"))
        for guard in step.guards:
            reason = guard(record, at, by, kwargs)
            if reason is not None:
                reasons.append(reason)
        dest = step.dest if step.dest is not None else record.stage
        return _Ticket(Entry(trigger, record.stage, dest, by, at, kwargs), reasons, step.effect)

    def fire(self, record: Driven, trigger: str, at: datetime, by: Actor, **kwargs: Any) -> Entry:
        """Run ``trigger`` on ``record``: record exactly one entry, or raise `Rejected` and change nothing."""
        ticket = self.prepare(record, trigger, at, by, kwargs)
        if not self.machine.events[trigger].trigger(record, ticket):
            raise Rejected(ticket.reasons)
        return ticket.entry

    def why_not(self, record: Driven, trigger: str, at: datetime, by: Actor, **kwargs: Any) -> list[Reason]:
        """The reasons ``trigger`` would be refused now (empty if it would pass)."""
        return self.prepare(record, trigger, at, by, kwargs).reasons
