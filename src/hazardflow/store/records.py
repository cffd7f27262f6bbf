"""The register of record beyond hazards (ARCHITECTURE.md principle 9): every other aggregate as an
event-sourced record in one generic pair of tables (``records``, ``record_events``), keyed by kind.

Why one pair of tables and not one per aggregate: every aggregate needs the same guarantees as a
hazard (one transaction per unit of work, an optimistic-lock version, a per-record hash chain, a
replay equal to the stored state) and nothing else from the schema; the figures the 调度表 needs
are read from the events (`Ledger.events_of`), never from columns. One pair keeps the guarantees in
one place, and a new aggregate is a `Kind` here, not a migration.

A `Kind` says how a record becomes rows and back, and how an event re-applies to it (replay): the
domain's own effects (`Flow` steps for cases and suspensions; filings and phase moves for
participations), never a rule. Values the domain decides that are not machines — a tip-off and its
reward, a confirmed penalty decision, a typical case, a 倒查 — are kept as a `Dossier`: the values
noted, each by the domain function that decided it, under the event that noted it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from types import MappingProxyType
from typing import Any

import attrs

from hazardflow import notices
from hazardflow.campaign.phases import Participation, PhaseEvent, Step
from hazardflow.checks import InvalidInput, moment, of_type, text
from hazardflow.enforcement.case import CaseStage, EnforcementCase
from hazardflow.enforcement.flow import Entry, Flow
from hazardflow.enforcement.suspension import Suspension, SuspensionStage
from hazardflow.hazard.records import Actor
from hazardflow.store import codec


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen
class Note:
    """One noted event of a `Dossier`: what was noted (``payload``), by whom, when."""

    trigger: str = attrs.field(validator=text)
    actor: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    at: datetime = attrs.field(validator=moment)
    payload: Mapping[str, Any] = attrs.field(default=None, converter=_frozen, eq=False)


@attrs.define(eq=False)
class Dossier:
    """The values noted about one matter (a tip-off, a penalty decision, a typical case, a 倒查),
    latest value per name in ``facts``, every note in ``events``."""

    kind: str
    id: str
    facts: dict[str, Any] = attrs.Factory(dict)
    events: list[Note] = attrs.Factory(list)

    def __getitem__(self, name: str) -> Any:
        return self.facts[name]

    def get(self, name: str, default: Any = None) -> Any:
        """The latest value noted as ``name``, or ``default``."""
        return self.facts.get(name, default)


DOSSIERS = {"tip": "举报", "decision": "处罚决定", "typical": "典型执法案例", "trace": "倒查", "tick": "每日到期检查",
            "spotcheck": "抽查检查", "dispatch": "挂牌督办周调度"}
"""The dossier kinds: 举报 (TipOff, the verified hazard's id, Reward), 处罚决定 (PenaltyDecision proposed,
Penalty confirmed), 典型执法案例 (its Activity), 倒查 (the Accident and its Traces), the daily
tick's findings (`store.clock`: obligations due or overdue, escalations, H7 weeks undispatched), one
dossier per day, 抽查检查 (one `SpotCheck` per dossier, noted ``check``) and a listed hazard's 周调度
(H7: its `Dispatch`es, noted ``dispatch``, one dossier per hazard, keyed by the hazard's id)."""


@attrs.frozen
class Kind:
    """How one kind of record is stored: its id, the fields of its state, how it is rebuilt."""

    name: str
    label: str
    cls: type
    key: Callable[[Any], str]
    fields: Callable[[Any], dict[str, Any]]
    make: Callable[[dict[str, Any]], Any]
    apply: Callable[[Any, Any], None]
    stages: type[Enum] | None = None

    def state(self, record: Any) -> str:
        """The record's state (every field but its events) as canonical JSON."""
        return codec.dumps(self.fields(record))

    def entries(self, record: Any) -> list[Any]:
        """The record's events."""
        events: list[Any] = record.events
        return events

    def row(self, entry: Any) -> tuple[str, str | None, str | None, Any, datetime, Mapping[str, Any]]:
        """An event as (trigger, from stage, to stage, actor, at, payload)."""
        if isinstance(entry, Note):
            return entry.trigger, None, None, entry.actor, entry.at, entry.payload
        if isinstance(entry, PhaseEvent):
            before, after = entry.from_step, entry.to_step
        else:
            before, after = entry.from_stage, entry.to_stage
        return (entry.trigger, None if before is None else before.name, after.name, entry.actor, entry.at,
                entry.payload)

    def entry(self, trigger: str, before: str | None, after: str | None, actor: Actor, at: datetime,
              payload: Mapping[str, Any]) -> Any:
        """The event a `row` came from."""
        if self.stages is None:
            return Note(trigger, actor, at, payload)
        stages = self.stages
        made: Callable[..., Any] = PhaseEvent if stages is Step else Entry
        return made(trigger, None if before is None else stages[before], stages[after or ""], actor, at,
                    payload)

    def replay(self, origin: dict[str, Any], events: list[Any]) -> Any:
        """The record rebuilt from its origin and its events alone."""
        record = self.make(dict(origin))
        for e in events:
            self.apply(record, e)
        return record


def _attrs_fields(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in attrs.fields(type(record)) if f.name != "events"}


def _flow_apply(flow: Flow) -> Callable[[Any, Entry], None]:
    def apply(record: Any, e: Entry) -> None:
        if e.from_stage is not None:
            step = flow.steps[e.trigger]
            if step.effect is not None:
                step.effect(record, e)
            record.stage = e.to_stage
        record.events.append(e)

    return apply


def _flow_kind(name: str, label: str, kind: type, stages: type[Enum]) -> Kind:
    flow: Flow = kind.flow  # type: ignore[attr-defined]
    return Kind(name, label, kind, lambda r: str(r.id), _attrs_fields, lambda f: kind(**f), _flow_apply(flow), stages)


def participation_id(notice_id: str, unit: str) -> str:
    """The record id of ``unit``'s participation in the campaign of ``notice_id``."""
    return f"{notice_id}/{unit}"


def _participation_fields(p: Participation) -> dict[str, Any]:
    return {"unit": p.unit, "kind": p.kind, "sector": p.sector, "notice": p.notice.id, "step": p.step,
            "filings": tuple(p.filings)}


def _participation(f: dict[str, Any]) -> Participation:
    return Participation(f["unit"], f["kind"], f["sector"], notices.load(f["notice"]), f["step"],
                         list(f["filings"]))


def _participation_apply(p: Participation, e: PhaseEvent) -> None:
    if e.trigger == "record":
        p.filings.append(e.payload["filing"])
    p.step = e.to_step
    p.events.append(e)


def _dossier_apply(d: Dossier, note: Note) -> None:
    d.facts.update(note.payload)
    d.events.append(note)


def _dossier_kind(name: str, label: str) -> Kind:
    return Kind(name, label, Dossier, lambda d: str(d.id),
                lambda d: {"kind": d.kind, "id": d.id, "facts": dict(d.facts)},
                lambda f: Dossier(f["kind"], f["id"], dict(f["facts"])), _dossier_apply)


KINDS: dict[str, Kind] = {
    "case": _flow_kind("case", "执法案件", EnforcementCase, CaseStage),
    "suspension": _flow_kind("suspension", "停产停业决定", Suspension, SuspensionStage),
    "participation": Kind("participation", "专项行动参加单位", Participation,
                          lambda p: participation_id(p.notice.id, p.unit), _participation_fields,
                          _participation, _participation_apply, Step),
    **{name: _dossier_kind(name, label) for name, label in DOSSIERS.items()},
}
"""Every kind of record the store keeps beside hazards."""


def kind_of(record: Any) -> Kind:
    """The `Kind` of ``record`` (an EnforcementCase, a Suspension, a Participation or a Dossier)."""
    if isinstance(record, Dossier):
        return KINDS[record.kind]
    for kind in KINDS.values():
        if type(record) is kind.cls:
            return kind
    raise InvalidInput("record", "an EnforcementCase, Suspension, Participation or Dossier", record)


def kind_named(name: str) -> Kind:
    """The `Kind` called ``name``."""
    try:
        return KINDS[name]
    except KeyError:
        raise InvalidInput("kind", f"one of {', '.join(KINDS)}", name) from None


def origin_hash(kind: str, record_id: str, origin: str) -> str:
    """The ``prev`` of a record's first event: the hash of its origin, so the chain covers it."""
    return codec.chain_hash(codec.GENESIS, f"{kind}/{record_id}", 0, "origin", None, "", "", "", origin, "")
