"""The one JSON shape of hazardflow's records (docs/json.md; schema in ``schema/hazardflow.schema.json``).

Plain JSON, English keys as the attributes are named, nothing Python-specific:

- an enum is its member name, followed by ``<key>_label`` with its 中文 label
  (``"stage": "VERIFYING", "stage_label": "验收"``);
- a date is ``YYYY-MM-DD``; an aware datetime is RFC 3339 with its offset
  (``2023-06-28T10:30:00+08:00``; read back at +08:00 it is Beijing time again);
- an amount (Decimal) is its exact decimal text (``"50000"``, ``"12.50"``);
- a record (Actor, Plan, Signature, Report, Listing, Event, Measure, PenaltyDecision …) is an object
  of its fields, followed by the derived values a record names in ``json_derived()`` (a
  `PenaltyDecision`'s ``rules``, ``penalised``, ``strict``), wherever it appears;
- a hazard carries its events (numbered from 1 as ``seq``), and `hazard_from_json` rebuilds it
  from them (`lifecycle.replay`) and refuses a document whose state its events do not produce;
- an actor's body is ``organisation``, a hazard's 属地 ``jurisdiction`` (GLOSSARY.md). Documents
  written before that renaming (``unit`` for both) are read as if written with today's names; a
  ``found`` event's payload keeps the names it was recorded with.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from hazardflow.checks import SHANGHAI, InvalidInput
from hazardflow.hazard.lifecycle import replay
from hazardflow.hazard.records import Actor, Event, Hazard, Plan
from hazardflow.vocab import TRIGGER_LABELS, Labelled, Level, ReportKind, Role, Source, Stage

_BEIJING = timedelta(hours=8)


def plain(value: Any) -> Any:
    """``value`` as JSON data in the documented shape (enums by name, ISO dates, exact amounts)."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


def labelled_fields(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """An object of ``items``, each enum (or collection of enums) followed by its 中文 label(s)."""
    out: dict[str, Any] = {}
    for key, value in items:
        kind = type(value)
        if kind in _AS_IS:
            out[key] = value
            continue
        convert = _CONVERTERS.get(kind)
        if convert is None:
            convert = _CONVERTERS[kind] = _converter(kind)
        out[key] = convert(value)
        if kind in _LABELLED:
            out[f"{key}_label"] = value.label
        elif kind in _COLLECTIONS and value and all(type(v) in _LABELLED for v in value):
            out[f"{key}_labels"] = [m.label for m in (sorted(value, key=lambda v: v.name)
                                                      if isinstance(value, set | frozenset) else value)]
    return out


_AS_IS = frozenset({str, int, bool, float, type(None)})
_COLLECTIONS = frozenset({set, frozenset, list, tuple})
_CONVERTERS: dict[type, Callable[[Any], Any]] = {}
"""How each type met so far becomes JSON (`_converter`'s answer, kept: the checks run once per type)."""
_LABELLED: set[type] = set()
"""The `Labelled` enums met so far (their values are followed by ``_label``)."""


def _record(kind: type) -> Callable[[Any], Any]:
    names = tuple(a.name for a in attrs.fields(kind))
    derived = hasattr(kind, "json_derived")

    def convert(value: Any) -> dict[str, Any]:
        out = labelled_fields([(name, getattr(value, name)) for name in names])
        if derived:
            out.update(labelled_fields(value.json_derived().items()))
        return out

    return convert


_ACTORS: dict[Actor, dict[str, Any]] = {}
"""The JSON of the actors met (a few people sign most events), at most `_ACTORS_KEPT`."""
_ACTORS_KEPT = 4096


def _actor(actor: Actor) -> dict[str, Any]:
    """An actor's JSON (a fresh copy of the one kept: its values are text)."""
    shaped = _ACTORS.get(actor)
    if shaped is None:
        if len(_ACTORS) >= _ACTORS_KEPT:
            _ACTORS.clear()
        shaped = _ACTORS[actor] = _record(Actor)(actor)
    return dict(shaped)


def _converter(kind: type) -> Callable[[Any], Any]:
    """The conversion of values of ``kind`` (in this order: an enum is also a str or an int)."""
    if issubclass(kind, Enum):
        if issubclass(kind, Labelled):
            _LABELLED.add(kind)
        return lambda v: v._name_
    if issubclass(kind, date | time):  # datetime too
        return lambda v: v.isoformat()
    if issubclass(kind, Decimal):
        return str
    if kind is Actor:
        return _actor
    if attrs.has(kind):
        return _record(kind)
    if issubclass(kind, Mapping):
        return lambda v: labelled_fields(v.items())
    if issubclass(kind, set | frozenset):
        return lambda v: [plain(x) for x in sorted(v, key=lambda x: x.name if isinstance(x, Enum) else str(x))]
    if issubclass(kind, list | tuple):
        return lambda v: [plain(x) for x in v]
    return lambda v: v


def event_json(e: Event, seq: int | None = None) -> dict[str, Any]:
    """An event as JSON; ``seq`` (its place in the hazard's history, from 1) when known."""
    out: dict[str, Any] = {} if seq is None else {"seq": seq}
    out.update(plain(e))
    out["trigger_label"] = TRIGGER_LABELS.get(e.trigger, e.trigger)
    return out


_HAZARD_FIELDS = tuple(a.name for a in attrs.fields(Hazard) if a.name != "events")
"""A hazard's fields but its events (numbered by `hazard_json` itself)."""


def hazard_json(h: Hazard, *, events: bool = True) -> dict[str, Any]:
    """A hazard as JSON: its fields, ``listed``, and (unless ``events=False``) its numbered events."""
    out = labelled_fields([(name, getattr(h, name)) for name in _HAZARD_FIELDS])
    out["listed"] = h.listed
    if events:
        out["events"] = [event_json(e, seq) for seq, e in enumerate(h.events, start=1)]
    return out


# --- reading back -------------------------------------------------------------------------------

def _field(data: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(data, Mapping) or key not in data:
        raise InvalidInput(f"{where}.{key}", "a JSON object with this key (docs/json.md)", data)
    return data[key]


def _enum(kind: type[Enum], where: str) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if not isinstance(value, str) or value not in kind.__members__:
            raise InvalidInput(where, f"one of {', '.join(kind.__members__)}", value)
        return kind[value]

    return read


def time_from_json(value: Any, where: str = "at") -> datetime:
    """An RFC 3339 datetime with an offset; at +08:00 it is put back in Asia/Shanghai."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.utcoffset() is None:
        raise InvalidInput(where, "an RFC 3339 date-time with its offset, e.g. 2023-06-28T10:30:00+08:00", value)
    return parsed.astimezone(SHANGHAI) if parsed.utcoffset() == _BEIJING else parsed


def date_from_json(value: Any, where: str = "date") -> date:
    """A ``YYYY-MM-DD`` date."""
    try:
        if isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidInput(where, "a date YYYY-MM-DD", value)


def actor_from_json(data: Any, where: str = "actor") -> Actor:
    """An `Actor` from its JSON object (``unit``, the former name of ``organisation``, is read too)."""
    organisation = "unit" if isinstance(data, Mapping) and "organisation" not in data and "unit" in data \
        else "organisation"
    return Actor(_field(data, "name", where), _enum(Role, f"{where}.role")(_field(data, "role", where)),
                 _field(data, organisation, where))


def current_names(data: Any) -> Any:
    """A JSON document with the names of before GLOSSARY.md's renaming (``unit``) put as today's:
    ``organisation`` in an actor (an object with a ``role``), ``jurisdiction`` elsewhere. An event's
    payload is what was recorded and keeps its names (a ``found`` event of then: ``unit``)."""
    if isinstance(data, Mapping):
        now = "organisation" if "role" in data else "jurisdiction"
        return {now if k == "unit" and now not in data else k: v if k == "payload" else current_names(v)
                for k, v in data.items()}
    if isinstance(data, list):
        return [current_names(v) for v in data]
    return data


def plan_from_json(data: Any, where: str = "plan") -> Plan:
    """A `Plan` from its JSON object; a field left out is missing (null), for H2 to judge."""
    if not isinstance(data, Mapping):
        raise InvalidInput(where, "a JSON object (docs/json.md)", data, zh="JSON 对象")
    deadline = data.get("deadline")
    return Plan(responsible=data.get("responsible"), measures=data.get("measures"), funds=data.get("funds"),
                deadline=None if deadline is None else date_from_json(deadline, f"{where}.deadline"),
                contingency=data.get("contingency"))


_PAYLOAD: dict[str, Callable[[Any], Any]] = {
    "plan": plan_from_json, "kind": _enum(ReportKind, "payload.kind"), "level": _enum(Level, "payload.level"),
    "source": _enum(Source, "payload.source"), "deadline": lambda v: date_from_json(v, "payload.deadline"),
}
"""How the payload values that are not plain text come back (the trigger arguments, the found fields)."""


def event_from_json(data: Any) -> Event:
    """An `Event` from its JSON object (labels and ``seq`` are ignored)."""
    before = _field(data, "from_stage", "event")
    payload = _field(data, "payload", "event")
    if not isinstance(payload, Mapping):
        raise InvalidInput("event.payload", "a JSON object", payload)
    return Event(
        trigger=_field(data, "trigger", "event"),
        from_stage=None if before is None else _enum(Stage, "event.from_stage")(before),
        to_stage=_enum(Stage, "event.to_stage")(_field(data, "to_stage", "event")),
        actor=actor_from_json(_field(data, "actor", "event"), "event.actor"),
        at=time_from_json(_field(data, "at", "event"), "event.at"),
        payload={key: _PAYLOAD.get(key, lambda v: v)(value) for key, value in payload.items()
                 if not key.endswith("_label")},
    )


def hazard_from_json(data: Any) -> Hazard:
    """A `Hazard` rebuilt from the events of its JSON document; the document's state must be theirs."""
    history = _field(data, "events", "hazard")
    if not isinstance(history, list):
        raise InvalidInput("hazard.events", "a JSON array of events", history)
    h = replay(event_from_json(e) for e in history)
    if hazard_json(h) != current_names(data):
        raise InvalidInput("hazard", "a document whose fields are those its events produce (docs/json.md)",
                           data.get("id"))
    return h


Hazard.json_form = sys.modules[__name__]  # mypy checks this module against records.JsonForm
