"""The Ledger (台账): hazards persisted with their events, a unit of work, optimistic locking.

How a hazard becomes rows, and back: explicit conversion, not an ORM mapping (see `tables`).
A hazard row holds the fields fixed at discovery and the current loop state; its plan, listing
and 双报告 entries have their own tables; every event is one row of the hash-chained log.

The write path is SQLAlchemy Core: each statement is built once from the `tables` and compiled
for the engine's dialect, with positional parameters, when the Ledger opens, then run with the
DBAPI cursor of a pooled SQLAlchemy connection (``executemany`` of tuples for batches, ``COPY`` for
many inserted rows on PostgreSQL; the Ledger keeps one pooled connection between units). A unit of
work therefore costs, besides the domain's own work, two reads per hazard (its row joined with its
plan, listing and reports; its events) or per 512 hazards (`Unit.get_all`), one UPDATE per changed
hazard and one INSERT per new event, and the seal's three statements (`seal.Sealer`), with no ORM
session, no per-statement compilation and no result processing; the benchmark (bench/store.py)
holds it to a fraction of raw ``sqlite3`` doing the same writes.

A cold read decodes the hazard's rows and its events' stored texts, each payload on first use, and
checks the state against them (principle 11): against the state already established for the very
same event texts (`history.Verified`, whose docstring gives the argument), else by replaying them
(`history.check_stored`). Reads are also served through a small cache of decoded hazards keyed by
id, valid only while the row's ``version`` and chain ``head`` are the ones cached: such a read costs
one primary-key SELECT, and any change committed by another process (which always moves both)
makes the next read load the rows again. The cache never decides a write: the version check on
commit does.
"""

from __future__ import annotations

import contextlib
import copy
import json
import operator
import os
import threading
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType, TracebackType
from typing import Any, NamedTuple, TypeVar

import attrs
from sqlalchemy import (
    ClauseElement,
    Connection,
    Engine,
    Insert,
    Select,
    create_engine,
    event,
    literal_column,
    select,
)
from sqlalchemy import bindparam as param
from sqlalchemy.sql.compiler import SQLCompiler

from hazardflow.checks import InvalidInput
from hazardflow.directory import Directory
from hazardflow.enforcement.activities import Activity, ActivityKind
from hazardflow.hazard.lifecycle import read_only
from hazardflow.hazard.lifecycle import replay as replay_events
from hazardflow.hazard.records import Actor, Event, Hazard, Listing, Plan, Report
from hazardflow.store import (
    activity_log,
    checkpoint,
    codec,
    directory_store,
    facts,
    history,
    migrate,
    queries,
    safety,
    seal,
    validate,
)
from hazardflow.store import audit as audits
from hazardflow.store.errors import Conflict as Conflict
from hazardflow.store.errors import NotFound as NotFound
from hazardflow.store.errors import RecordNotFound as RecordNotFound
from hazardflow.store.records import Dossier, Kind, Note, kind_named, kind_of, origin_hash
from hazardflow.store.tables import events, hazards, listings, plans, record_events, records, reports, unit_keys
from hazardflow.vocab import Level, ReportKind, Role, Source, Stage

T = TypeVar("T")

SYNCHRONOUS = "FULL"
"""The default SQLite ``synchronous`` level (with ``journal_mode=WAL``); see `Ledger`."""

VERIFIED = 100_000
"""How many hazards' established states a Ledger keeps (`history.Verified`): a few hundred bytes
each beyond what the hazards share; a hazard past that is replayed on its next cold read."""


# --- row conversion -----------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _actor(text: str) -> Actor:
    value = codec.loads(text)
    assert isinstance(value, Actor)
    return value


@lru_cache(maxsize=4096)
def _record_text(value: Any) -> str:
    """Canonical JSON of a frozen (hashable) record such as an Actor or a Signature."""
    return codec.dumps(value)


_TEXTS: dict[int, tuple[object, str]] = {}
"""`_record_text` by identity, for the records a unit writes again and again (its actors): finding
an attrs record in an equality-keyed cache hashes its fields, which costs more than the rest of the
column. Each entry holds the record itself, so its id cannot be reused while the entry lives."""


def _actor_templates() -> tuple[Callable[[Actor], tuple[str, str]], dict[Any, tuple[str, str, str]]]:
    """The canonical text of an Actor as three constant parts per role around its two text fields
    (found by encoding one Actor with placeholder texts), and a getter of those two fields."""
    names = [a.name for a in attrs.fields(Actor) if a.type in (str, "str")]
    assert len(names) == 2 and len(attrs.fields(Actor)) == 3, names
    marks = ("\ue000", "\ue001")
    parts: dict[Any, tuple[str, str, str]] = {}
    for role in Role:
        fields: dict[str, Any] = {names[0]: marks[0], names[1]: marks[1], "role": role}
        text = codec.dumps(Actor(**fields))
        head, rest = text.split(marks[0])
        middle, tail = rest.split(marks[1])
        parts[role] = (head, middle, tail)
    return operator.attrgetter(*names), parts


_actor_fields, _ACTOR_PARTS = _actor_templates()


_ACTOR_TEXTS: dict[tuple[str, str, Role], str] = {}
"""`_actor_text` by the actor's values (a plain tuple: cheaper to hash than the attrs record)."""


def _actor_text(actor: Actor) -> str:
    """``codec.dumps(actor)``, interned by value: a new Actor object equal to one seen before (a
    request's own) costs a lookup by its two texts and role; a new one is built from them and the
    role's constant parts (two escapes, not an encode)."""
    first, second = _actor_fields(actor)
    role = actor.role
    key = (first, second, role)
    text = _ACTOR_TEXTS.get(key)
    if text is None:
        head, middle, tail = _ACTOR_PARTS[role]
        text = f"{head}{_quote(first)[1:-1]}{middle}{_quote(second)[1:-1]}{tail}"
        if len(_ACTOR_TEXTS) >= 4096:
            _ACTOR_TEXTS.clear()
        _ACTOR_TEXTS[key] = text
    return text


_quote = json.encoder.encode_basestring


def _text_of(value: Any) -> str:
    """`_record_text` of a frozen record (an Actor by its values: `_actor_text`), looked up by
    identity first."""
    if type(value) is Actor:
        return _actor_text(value)
    hit = _TEXTS.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    text = _record_text(value)
    if len(_TEXTS) >= 4096:
        _TEXTS.clear()
    _TEXTS[id(value)] = (value, text)
    return text


def _text_or_none(value: Any) -> str | None:
    return None if value is None else _text_of(value)


def _date_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date_value(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _time_or_none(text: str | None) -> datetime | None:
    return None if text is None else codec.time_value(text)


_STATE = ("stage", "deadline", "rectifier", "evidence", "acceptance", "assessment", "sham", "events", "head",
          *facts.COLUMNS)
_EVENT_COLUMNS = ("hazard_id", "seq", "trigger", "from_stage", "to_stage", "actor", "at", "payload",
                  "recorded_by", "prev", "hash")
_trigger_at = operator.itemgetter(_EVENT_COLUMNS.index("trigger"), _EVENT_COLUMNS.index("at"))


def _state_row(h: Hazard, n_events: int, head: str, known: facts.Facts) -> tuple[Any, ...]:
    """The values of the state columns (`_STATE`), in that order: the report facts ``known`` of its
    events (`facts.then`) in the same row, hence the same transaction, as the events they come from."""
    deadline, rectifier, acceptance, assessment = h.deadline, h.rectifier, h.acceptance, h.assessment
    return (
        h.stage._name_, None if deadline is None else deadline.isoformat(),
        None if rectifier is None else _text_of(rectifier), h.evidence,
        None if acceptance is None else _text_of(acceptance),
        None if assessment is None else _text_of(assessment),
        h.sham, n_events, head, *known,
    )


def _hazard_row(h: Hazard, head: str, known: facts.Facts) -> dict[str, Any]:
    row = dict(zip(_STATE, _state_row(h, len(h.events), head, known), strict=True))
    row.update(
        id=h.id, description=h.description, level=h.level.name, source=h.source.name,
        enterprise=h.enterprise, sector=h.sector, unit=h.jurisdiction, key=h.key,
        found_at=codec.time_text(h.found_at), found_by=_text_of(h.found_by), version=1,
        standard_items=codec.dumps(list(h.standard_items)),
    )
    return row


def _plan_row(hazard_id: str, p: Plan) -> dict[str, Any]:
    return {
        "hazard_id": hazard_id, "responsible": p.responsible, "measures": p.measures,
        "funds": None if p.funds is None else str(p.funds), "deadline": _date_text(p.deadline),
        "contingency": p.contingency,
    }


def _listing_row(hazard_id: str, listing: Listing) -> dict[str, Any]:
    return {
        "hazard_id": hazard_id, "authority": _text_of(listing.authority), "title": listing.title,
        "number": listing.number, "at": codec.time_text(listing.at),
        "delisted_at": None if listing.delisted_at is None else codec.time_text(listing.delisted_at),
    }


def _report_rows(hazard_id: str, start: int, new: Sequence[Report]) -> list[dict[str, Any]]:
    return [
        {"hazard_id": hazard_id, "seq": seq, "kind": r.kind.name, "recipient": r.to,
         "by": _text_of(r.by), "at": codec.time_text(r.at)}
        for seq, r in enumerate(new, start + 1)
    ]


def _event_rows(rows: list[tuple[Any, ...]], hazard_id: str, start: int, prev: str, new: Sequence[Event],
                recorded_by: str) -> str:
    """Append to ``rows`` the rows (`_EVENT_COLUMNS`) of the ``new`` events, numbered from
    ``start + 1`` and chained to ``prev``; the new head."""
    chain, dumps, time_text, append = codec.chain_hash, codec.dumps, codec.time_text, rows.append
    seq = start
    for e in new:
        seq += 1
        before = e.from_stage
        from_stage = None if before is None else before._name_
        to_stage = e.to_stage._name_
        actor = _text_of(e.actor)
        at = time_text(e.at)
        payload = dumps(e.payload)
        digest = chain(prev, hazard_id, seq, e.trigger, from_stage, to_stage, actor, at, payload, recorded_by)
        append((hazard_id, seq, e.trigger, from_stage, to_stage, actor, at, payload, recorded_by, prev, digest))
        prev = digest
    return prev


def _payload(text: str) -> Any:
    """`codec.loads` of a stored payload; JSON without a tag (no ``"$`` anywhere, the case of most
    events) decodes to itself, so it skips the decoder's walk."""
    return _plain_json(text) if '"$' not in text else codec.loads(text)


_plain_json = json.loads


def _event(row: Sequence[Any]) -> Event:
    """An event from its stored row, without re-running the validators: the values were validated
    when the event was made, and the hash chain covers the row since (`Ledger.verify_chain`)."""
    trigger, from_stage, to_stage, actor, at, payload = row
    return Event.recorded(trigger, None if from_stage is None else Stage[from_stage], Stage[to_stage],
                          _actor(actor), codec.time_value(at), _payload(payload))


class _Payload(Mapping[str, Any]):
    """A stored event's payload, decoded (`_payload`) on first use: a read of a hazard decodes its
    row, not every payload of its history (a trigger reads none of the earlier ones)."""

    __slots__ = ("_text", "_value")

    def __init__(self, text: str) -> None:
        self._text = text
        self._value: Mapping[str, Any] | None = None

    def _decoded(self) -> Mapping[str, Any]:
        value = self._value
        if value is None:
            value = self._value = MappingProxyType(_payload(self._text))
        return value

    def __getitem__(self, key: str) -> Any:
        return self._decoded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __repr__(self) -> str:
        return repr(dict(self._decoded()))


_NO_PAYLOAD: Mapping[str, Any] = MappingProxyType({})
_STAGES = {stage.name: stage for stage in Stage}
_new, _put = object.__new__, object.__setattr__


def _stored_event(row: Sequence[Any]) -> Event:
    """`_event`, its payload decoded on first use (`_Payload`)."""
    trigger, from_stage, to_stage, actor, at, payload = row
    e = _new(Event)
    _put(e, "trigger", trigger)
    _put(e, "from_stage", None if from_stage is None else _STAGES[from_stage])
    _put(e, "to_stage", _STAGES[to_stage])
    _put(e, "actor", _actor(actor))
    _put(e, "at", codec.time_value(at))
    _put(e, "payload", _NO_PAYLOAD if payload == "{}" else _Payload(payload))
    return e


def _notice(found_payload: str) -> str | None:
    """The notice a hazard was opened under, from its ``found`` event's stored payload: a key
    ``"notice":`` can only be there as a key (inside a JSON string its quotes are escaped)."""
    if '"notice":' not in found_payload:
        return None
    notice: str | None = _payload(found_payload).get("notice")
    return notice


_HAZARD_COLUMNS = (
    "id", "description", "level", "source", "enterprise", "sector", "unit", "key", "found_at", "found_by",
    "stage", "deadline", "rectifier", "evidence", "acceptance", "assessment", "sham", "version", "events", "head",
    "standard_items",
)
_PLAN_COLUMNS = ("hazard_id", "responsible", "measures", "funds", "deadline", "contingency")
_LISTING_COLUMNS = ("hazard_id", "authority", "title", "number", "at", "delisted_at")
_REPORT_COLUMNS = ("kind", "recipient", "by", "at")
_JOINED = (*_HAZARD_COLUMNS, *_PLAN_COLUMNS, *_LISTING_COLUMNS, *_REPORT_COLUMNS)
"""The columns of a joined hazard row (`_joined`)."""
_REPORTS = len(_JOINED) - len(_REPORT_COLUMNS)
_N_EVENTS = _HAZARD_COLUMNS.index("events")


class _Read(NamedTuple):
    """A hazard read: it, its version and head, its events' `history.fingerprint` (None: not known,
    a cached hazard) and their report facts (`facts.then` of the stored texts)."""

    hazard: Hazard
    version: int
    head: str
    fingerprint: Any
    facts: facts.Facts


_LEVELS = {level.name: level for level in Level}
_SOURCES = {source.name: source for source in Source}
_NO_ITEMS = codec.dumps([])


def _hazard(row: Sequence[Any], plan: Sequence[Any], listing: Sequence[Any],
            report_rows: Sequence[Sequence[Any]], event_list: list[Event], notice: str | None) -> Hazard:
    """A hazard from its rows (the inverse of `_hazard_row`, `_plan_row`, `_listing_row`, ...): ``row``
    in the order of `_HAZARD_COLUMNS`, the values made in the order of `_FIELDS` (asserted there),
    without the Hazard's validators: what is served is checked field by field against the state its
    events establish (`Ledger._checked`), which the validators made."""
    (hazard_id, description, level, source, enterprise, sector, jurisdiction, key, found_at, found_by, stage,
     deadline, rectifier, evidence, acceptance, assessment, sham, _version, _events, _head, standard_items) = row
    return _copy((
        hazard_id, description, _LEVELS[level], _SOURCES[source], enterprise, sector, jurisdiction,
        codec.time_value(found_at), _actor(found_by), bool(key),
        () if standard_items == _NO_ITEMS else tuple(codec.loads(standard_items)), notice, _STAGES[stage],
        None if plan[0] is None else Plan(
            plan[1], plan[2], None if plan[3] is None else Decimal(plan[3]), _date_value(plan[4]), plan[5]),
        _date_value(deadline),
        None if listing[0] is None else Listing(
            _actor(listing[1]), listing[2], listing[3], codec.time_value(listing[4]), _time_or_none(listing[5])),
        tuple(Report(ReportKind[kind], to, _actor(by), codec.time_value(at)) for kind, to, by, at in report_rows),
        None if rectifier is None else _actor(rectifier), evidence, codec.optional_value(acceptance),
        codec.optional_value(assessment), sham,
    ), tuple(event_list))


# --- statements ---------------------------------------------------------------------------------

def _statements() -> dict[str, tuple[ClauseElement, Sequence[str] | None]]:
    """Every statement of the hot paths, with the column keys to compile it for."""
    by_id = hazards.c.id == param("id")
    return {
        "head": (select(hazards.c.version, hazards.c.head).where(by_id), None),
        "hazard": (_joined().where(by_id), None),
        "events": (
            select(events.c.trigger, events.c.from_stage, events.c.to_stage, events.c.actor, events.c.at,
                   events.c.payload)
            .where(events.c.hazard_id == param("id"), events.c.seq <= param("n"))
            .order_by(events.c.seq), None),
        "insert_hazard": (hazards.insert(), None),
        "update_hazard": (
            hazards.update()
            .where(hazards.c.id == param("w_id"), hazards.c.version == param("w_version"))
            .values(version=hazards.c.version + literal_column("1")), _STATE),
        "insert_event": (events.insert(), None),
        "insert_report": (reports.insert(), None),
        "insert_plan": (plans.insert(), None),
        "update_plan": (plans.update().where(plans.c.hazard_id == param("w_id")), _PLAN_COLUMNS[1:]),
        "delete_plan": (plans.delete().where(plans.c.hazard_id == param("w_id")), None),
        "insert_listing": (listings.insert(), None),
        "update_listing": (
            listings.update().where(listings.c.hazard_id == param("w_id")), _LISTING_COLUMNS[1:]),
        "delete_listing": (listings.delete().where(listings.c.hazard_id == param("w_id")), None),
        "record": (
            select(records.c.origin, records.c.version, records.c.head, records.c.events)
            .where(records.c.kind == param("kind"), records.c.id == param("id")), None),
        "record_events": (
            select(*(record_events.c[c] for c in _RECORD_EVENT_READ))
            .where(record_events.c.kind == param("kind"), record_events.c.record_id == param("id"),
                   record_events.c.seq <= param("n"))
            .order_by(record_events.c.seq), None),
        "insert_record": (records.insert(), None),
        "update_record": (
            records.update()
            .where(records.c.kind == param("w_kind"), records.c.id == param("w_id"),
                   records.c.version == param("w_version"))
            .values(version=records.c.version + literal_column("1")), ("state", "events", "head")),
        "insert_record_event": (record_events.insert(), None),
        "unit_key": (select(unit_keys.c.key).where(unit_keys.c.key == param("key")), None),
        "insert_unit_key": (unit_keys.insert(), None),
    }


BATCH_SIZES = (1, 8, 64, 512)
"""The id-list lengths the batched reads are compiled for; a shorter list is padded with its last id
(an ``IN`` list ignores repeats), so a few compiled statements serve every length."""


def _joined() -> Select[Any]:
    """A hazard's row with its plan and listing and, one row per report (in order), its 双报告
    entries (`_JOINED`): everything but the events in one statement, hence one snapshot."""
    return (select(*(hazards.c[c] for c in _HAZARD_COLUMNS), *(plans.c[c] for c in _PLAN_COLUMNS),
                   *(listings.c[c] for c in _LISTING_COLUMNS), *(reports.c[c] for c in _REPORT_COLUMNS))
            .select_from(hazards.outerjoin(plans).outerjoin(listings).outerjoin(reports))
            .order_by(reports.c.seq))


def _batched(size: int) -> dict[str, ClauseElement]:
    """The batched reads (`Ledger._read_many`) for ``size`` ids: heads, hazard rows joined with
    their plan, listing and reports (`_joined`), and events, each one statement for every hazard of
    a batch."""
    ids: list[Any] = [param(f"i{k}") for k in range(size)]
    return {
        "heads": select(hazards.c.id, hazards.c.version, hazards.c.head).where(hazards.c.id.in_(ids)),
        "hazards": _joined().where(hazards.c.id.in_(ids)),
        "events": (
            select(events.c.hazard_id, events.c.seq, events.c.trigger, events.c.from_stage, events.c.to_stage,
                   events.c.actor, events.c.at, events.c.payload)
            .where(events.c.hazard_id.in_(ids)).order_by(events.c.hazard_id, events.c.seq)),
    }


_RECORD_EVENT_READ = ("trigger", "from_stage", "to_stage", "actor", "at", "payload")
_RECORD_EVENT_COLUMNS = ("kind", "record_id", "seq", *_RECORD_EVENT_READ, "recorded_by", "prev", "hash")


def _record_event_rows(rows: list[dict[str, Any]], kind: Kind, record_id: str, start: int, prev: str,
                       new: Sequence[Any], recorded_by: str) -> str:
    """Append to ``rows`` the rows of a record's ``new`` events, numbered from ``start + 1`` and
    chained to ``prev``; the new head."""
    seq = start
    for entry in new:
        seq += 1
        trigger, before, after, actor, at, payload = kind.row(entry)
        values = (trigger, before, after, _text_of(actor), codec.time_text(at), codec.dumps(payload))
        digest = codec.chain_hash(prev, f"{kind.name}/{record_id}", seq, values[0], values[1], values[2] or "",
                                  *values[3:], recorded_by)
        rows.append(dict(zip(_RECORD_EVENT_COLUMNS,
                             (kind.name, record_id, seq, *values, recorded_by, prev, digest), strict=True)))
        prev = digest
    return prev


def _record_entry(kind: Kind, row: Sequence[Any]) -> Any:
    trigger, before, after, actor, at, payload = row
    return kind.entry(trigger, before, after, _actor(actor), codec.time_value(at), codec.loads(payload))


_ROWS = audits.Rows(_event, _state_row, _STATE, _plan_row, _listing_row, _report_rows, _record_entry)
"""The conversions the audit replays stored rows with."""


class _Held(NamedTuple):
    """A record a unit holds: what it was when read (None: new in this unit)."""

    record: Any
    kind: Kind
    version: int | None
    head: str
    n_events: int
    origin: str


_ORDERS: dict[str, tuple[str, ...]] = {
    "head": ("id",), "hazard": ("id",), "events": ("id", "n"),
    "update_hazard": (*_STATE, "w_id", "w_version"), "insert_event": _EVENT_COLUMNS,
}
"""The parameters of the hot statements, in the order their rows are built as tuples (checked
against the compiled statements when a Ledger opens); the other statements' rows are dicts."""


def _positional(dialect: Any) -> Any:
    """A copy of ``dialect`` rendering positional parameters (``?`` for sqlite3, ``%s`` for psycopg),
    which the DBAPI binds from tuples: cheaper than binding each row's dict by name."""
    positional = copy.copy(dialect)
    positional.paramstyle = "qmark" if dialect.loaded_dbapi.paramstyle == "qmark" else "format"
    positional.positional = True
    return positional


def _compiled(stmt: ClauseElement, dialect: Any, keys: Sequence[str] | None) -> SQLCompiler:
    """``stmt`` compiled for ``dialect`` (for ``keys`` of an insert or update)."""
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys) if keys is not None else None)
    assert isinstance(compiled, SQLCompiler)
    return compiled


def _tuples(order: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A row dict as the tuple of its values in ``order``."""
    if len(order) == 1:
        key = order[0]
        return lambda row: (row[key],)
    return operator.itemgetter(*order)


_FIELDS = tuple(a.name for a in attrs.fields(Hazard) if a.name != "events")
assert _FIELDS == ("id", "description", "level", "source", "enterprise", "sector", "jurisdiction", "found_at",
                   "found_by", "key", "standard_items", "notice", "stage", "plan", "deadline", "listing", "reports",
                   "rectifier", "evidence", "acceptance", "assessment", "sham"), "`_hazard` makes them in this order"
assert _HAZARD_COLUMNS[-4:] == ("version", "events", "head", "standard_items"), "`_hazard` reads them so"
_fields_of = operator.attrgetter(*_FIELDS)


def _copier() -> Callable[[tuple[Any, ...], tuple[Event, ...]], Hazard]:
    """A function making a new Hazard from the values of `_FIELDS` and its events, without
    re-running the validators (the values were validated when first stored). Generated, as attrs
    generates its own methods: a loop over the fields costs ten times more."""
    assert len(_FIELDS) + 1 == len(attrs.fields(Hazard))
    lines = ["def copy(values, events):", "    h = new(Hazard)"]
    lines += [f"    put(h, {name!r}, values[{i}])" for i, name in enumerate(_FIELDS)]
    lines += ["    put(h, 'events', events)", "    return h"]
    namespace: dict[str, Any] = {"new": object.__new__, "Hazard": Hazard, "put": object.__setattr__}
    exec(compile("\n".join(lines), "<hazardflow.store.ledger copy>", "exec"), namespace)
    made: Callable[[tuple[Any, ...], tuple[Event, ...]], Hazard] = namespace["copy"]
    return made


_copy = _copier()


class _Cached(NamedTuple):
    """A hazard's field values as of ``version`` / ``head``; `hazard` makes a fresh copy."""

    values: tuple[Any, ...]
    events: tuple[Event, ...]
    version: int
    head: str
    facts: facts.Facts

    def hazard(self) -> Hazard:
        """A new Hazard with these values (fields are immutable values, the events tuple is shared)."""
        return _copy(self.values, self.events)


class _Loaded(NamedTuple):
    """What a unit saw when it loaded a hazard: the base its changes are written against."""

    hazard: Hazard
    version: int
    head: str
    n_events: int
    n_reports: int
    plan: Plan | None
    listing: Listing | None
    events: tuple[Event, ...]
    values: tuple[Any, ...]
    fingerprint: Any
    """`history.fingerprint` of the events read (None: not known, the hazard came from the cache)."""
    facts: facts.Facts
    """The report facts of the events read."""

    @classmethod
    def of(cls, read: _Read) -> _Loaded:
        h = read.hazard
        return cls(h, read.version, read.head, len(h.events), len(h.reports), h.plan, h.listing, h.events,
                   _fields_of(h), read.fingerprint, read.facts)


class Unit:
    """A unit of work: hazards read and added inside it are written together on exit, or not at all.

    Obtain one from `Ledger.unit`. On a normal exit every hazard that gained events is written:
    its new state (guarded by the version it was read at) and its new events, chained, in one
    transaction. On an exception nothing is written and the exception propagates. If a hazard
    changed since it was read, nothing is written and `Conflict` is raised.
    """

    def __init__(self, ledger: Ledger, by: Actor, key: str | None = None) -> None:
        if not isinstance(by, Actor):
            raise InvalidInput("by", "a hazardflow.Actor", by)
        if key is not None:
            if not isinstance(key, str) or not key:
                raise InvalidInput("key", "a non-empty idempotency key", key, zh="非空的幂等键")
            validate.text_value("key", key, 200)
        self.key = key
        self.duplicate = False
        """Whether the unit's ``key`` had been applied already, so that it wrote nothing."""
        self._ledger = ledger
        self._by = _text_of(by)
        validate.text_value("events.recorded_by", self._by, None)
        self._loaded: dict[str, _Loaded] = {}
        self._added: dict[str, Hazard] = {}
        self._raw: Any = None
        self._kept = False
        self._cursor: Any = None
        self._used = False
        self._records: dict[tuple[str, str], _Held] = {}

    def __enter__(self) -> Unit:
        if self._used:
            raise RuntimeError("a unit of work is used once")
        self._used = True
        self._raw, self._kept = self._ledger._connection()
        try:
            self._cursor = self._raw.cursor()
        except BaseException:
            self._ledger._release(self._raw, self._kept, sound=False)
            raise
        return self

    def get(self, hazard_id: str) -> Hazard:
        """The hazard ``hazard_id`` as stored (the same object on every call within this unit)."""
        seen = self._loaded.get(hazard_id)
        if seen is not None:
            return seen.hazard
        added = self._added.get(hazard_id)
        if added is not None:
            return added
        if self._cursor is None:
            raise RuntimeError("use the unit of work in a `with` block")
        self._loaded[hazard_id] = read = _Loaded.of(self._ledger._read(self._cursor, hazard_id))
        h = read.hazard
        return h

    def get_all(self, hazard_ids: Sequence[str]) -> list[Hazard]:
        """The hazards ``hazard_ids`` as stored, in the order given (each the same object `get` returns
        within this unit), read in one batch: one version/head read for all of them, and one read of
        the rows of those not cached (`Ledger._read_many`); `NotFound` for the first id not stored."""
        if self._cursor is None:
            raise RuntimeError("use the unit of work in a `with` block")
        wanted = [i for i in dict.fromkeys(hazard_ids) if i not in self._loaded and i not in self._added]
        for hazard_id, read in self._ledger._read_many(self._cursor, wanted).items():
            self._loaded[hazard_id] = _Loaded.of(read)
        return [self.get(hazard_id) for hazard_id in hazard_ids]

    def add(self, hazard: Hazard) -> str:
        """Put a new hazard on the ledger with this unit; returns its id."""
        if not isinstance(hazard, Hazard):
            raise InvalidInput("hazard", "a hazardflow.Hazard", hazard)
        if hazard.id in self._loaded or hazard.id in self._added:
            raise Conflict([hazard.id], "已在本工作单元中")
        self._added[hazard.id] = hazard
        return hazard.id

    def load(self, kind: str, record_id: str) -> Any:
        """The stored record ``record_id`` of ``kind`` (``case``, ``suspension``, ``participation``,
        ``tip``, ``decision``, ``typical``, ``trace``), rebuilt from its events; the same object on
        every call within this unit. Change it through the domain; it is written on exit."""
        held = self._records.get((kind, record_id))
        if held is not None:
            return held.record
        if self._cursor is None:
            raise RuntimeError("use the unit of work in a `with` block")
        k = kind_named(kind)
        found = self._ledger._read_record(self._cursor, k, record_id)
        if found is None:
            raise RecordNotFound(k, record_id)
        record, version, head, origin = found
        self._records[(kind, record_id)] = _Held(record, k, version, head, len(k.entries(record)), origin)
        return record

    def put(self, record: Any) -> str:
        """Put a record just created by the domain (with its one creating event) on the ledger; its id."""
        k = kind_of(record)
        record_id = k.key(record)
        if len(k.entries(record)) != 1:
            raise InvalidInput("record", "a record just created (exactly its creating event)", record_id)
        if (k.name, record_id) in self._records:
            raise Conflict([f"{k.name}/{record_id}"], "已在本工作单元中")
        self._records[(k.name, record_id)] = _Held(record, k, None, codec.GENESIS, 0, k.state(record))
        return record_id

    def note(self, kind: str, record_id: str, trigger: str, *, at: datetime, by: Actor, **values: Any) -> Dossier:
        """Note the ``values`` the domain decided (a TipOff, a Reward, a Penalty …) in the dossier
        ``record_id`` of ``kind``, opening it on its first note; the dossier."""
        k = kind_named(kind)
        if k.cls is not Dossier:
            raise InvalidInput("kind", "a dossier kind (tip, decision, typical, trace)", kind)
        try:
            dossier: Dossier = self.load(kind, record_id)
        except RecordNotFound:
            dossier = Dossier(kind, record_id)
            self._records[(kind, record_id)] = _Held(dossier, k, None, codec.GENESIS, 0, k.state(dossier))
        note = Note(trigger, by, at, values)
        if dossier.events and note.at < dossier.events[-1].at:
            raise InvalidInput("at", f"a time not before the last note ({dossier.events[-1].at.isoformat()})", at)
        k.apply(dossier, note)
        return dossier

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        raw, cursor, self._raw, self._cursor = self._raw, self._cursor, None, None
        sound = False  # whether the connection ended the unit cleanly (nothing left open)
        fault = self._ledger._fault
        try:
            if kind is not None:
                with contextlib.suppress(fault):  # a dead connection cannot roll back: it is invalidated
                    raw.rollback()
                    sound = True
                if isinstance(error, fault):  # the database failed while the unit read: nothing written
                    raise safety.StorageError(False, str(error)) from error
                return
            self._commit(raw, cursor)
            sound = True
        except Conflict:
            sound = True  # rolled back
            raise
        finally:
            self._ledger._release(raw, self._kept, sound=sound)

    def _commit(self, raw: Any, cursor: Any) -> None:
        ledger = self._ledger
        by = self._by
        event_rows: list[tuple[Any, ...]] = []
        writes: dict[str, list[dict[str, Any]]] = {}
        fresh: list[_Read] = []
        for h in self._added.values():
            history.admit_new(h)
            first = len(event_rows)
            head = _event_rows(event_rows, h.id, 0, codec.GENESIS, h.events, by)
            new_rows = event_rows[first:]
            known = facts.then(facts.NONE, map(_trigger_at, new_rows))
            writes.setdefault("insert_hazard", []).append(_hazard_row(h, head, known))
            self._side_rows(writes, h, 0, None, None)
            fresh.append(_Read(h, 1, head, history.fingerprint([row[2:8] for row in new_rows]), known))
        updates: list[tuple[Any, ...]] = []
        loaded = self._loaded
        # in id order: concurrent units lock the rows they share in the same order
        for hazard_id in sorted(loaded):
            read = loaded[hazard_id]
            h, version, prev, n_events, n_reports, plan, listing = read[:7]
            events_now = h.events
            n = len(events_now)
            if n == n_events:  # nothing to write (the events cannot be reassigned: `Hazard.events`)
                continue
            history.admit(h, _copy(read.values, read.events))
            first = len(event_rows)
            head = _event_rows(event_rows, hazard_id, n_events, prev, events_now[n_events:], by)
            new_rows = event_rows[first:]
            known = facts.then(read.facts, map(_trigger_at, new_rows))
            updates.append((*_state_row(h, n, head, known), hazard_id, version))
            if len(h.reports) != n_reports or h.plan is not plan or h.listing is not listing:
                self._side_rows(writes, h, n_reports, plan, listing)
            fingerprint = read.fingerprint
            if fingerprint is not None:
                fingerprint = history.fingerprint([row[2:8] for row in new_rows], fingerprint)
            fresh.append(_Read(h, version + 1, head, fingerprint, known))
        held = self._record_writes(by) if self._records else None
        if not fresh and not held:
            raw.rollback()
            return
        _validate(event_rows, updates, writes, held)
        run = ledger._run
        committing = False
        try:
            if self.key is not None:
                cursor.execute(ledger._sql["unit_key"], (self.key,))
                if cursor.fetchone() is not None:
                    raw.rollback()
                    self.duplicate = True
                    return
                run(cursor, "insert_unit_key", [{"key": self.key, "by": by}])
            if updates:
                changed = run(cursor, "update_hazard", updates)
                if changed != len(updates):
                    raw.rollback()
                    raise self._conflict(cursor, updates)
            if "insert_hazard" in writes:  # before their events (foreign key)
                run(cursor, "insert_hazard", writes.pop("insert_hazard"))
            if event_rows:
                run(cursor, "insert_event", event_rows)
            for name in ("insert_report", "insert_plan", "update_plan", "delete_plan", "insert_listing",
                         "update_listing", "delete_listing"):
                rows = writes.get(name)
                if rows:
                    run(cursor, name, rows)
            if held:
                self._write_records(raw, cursor, held)
            # last: every version is checked first, and the sequence's row is locked the shortest time
            ledger._seal.seal(cursor, _seal_items(event_rows, held))
            committing = True
            raw.commit()
        except ledger._integrity as error:
            raw.rollback()
            ids = [h.id for h, *_ in fresh] + [f"{k}/{i}" for k, i in self._records]
            raise Conflict(ids, "与台账中已有记录冲突（重复登记或并发写入）") from error
        except ledger._fault as error:  # the database failed: nothing written, or unknown if committing
            if not committing:
                with contextlib.suppress(ledger._fault):
                    raw.rollback()
            raise safety.StorageError(None if committing else False, str(error)) from error
        except BaseException:
            raw.rollback()
            raise
        for written in fresh:
            ledger._remember(written)

    def _record_writes(self, by: str) -> dict[str, list[dict[str, Any]]]:
        """The rows of the records that are new or gained events in this unit."""
        writes: dict[str, list[dict[str, Any]]] = {"insert_record": [], "update_record": [],
                                                   "insert_record_event": []}
        for (kind, record_id), h in sorted(self._records.items()):
            entries = h.kind.entries(h.record)
            if len(entries) == h.n_events:
                continue
            head = _record_event_rows(writes["insert_record_event"], h.kind, record_id, h.n_events,
                                      h.head if h.version is not None else origin_hash(kind, record_id, h.origin),
                                      entries[h.n_events:], by)
            row = {"state": h.kind.state(h.record), "events": len(entries), "head": head}
            if h.version is None:
                writes["insert_record"].append({**row, "kind": kind, "id": record_id, "origin": h.origin,
                                                "version": 1})
            else:
                writes["update_record"].append({**row, "w_kind": kind, "w_id": record_id, "w_version": h.version})
        return writes if writes["insert_record_event"] else {}

    def _write_records(self, raw: Any, cursor: Any, writes: dict[str, list[dict[str, Any]]]) -> None:
        run = self._ledger._run
        updates = writes["update_record"]
        if updates and run(cursor, "update_record", updates) != len(updates):
            raw.rollback()
            raise Conflict([f"{row['w_kind']}/{row['w_id']}" for row in updates])
        for name in ("insert_record", "insert_record_event"):
            if writes[name]:
                run(cursor, name, writes[name])

    def _conflict(self, cursor: Any, updates: list[tuple[Any, ...]]) -> Conflict:
        """Name the hazards whose version moved (the rows read stale) and forget them."""
        stale = []
        for *_, hazard_id, read_version in updates:
            version = self._ledger._head(cursor, hazard_id)
            if version is None or version[0] != read_version:
                stale.append(hazard_id)
        for hazard_id in stale:
            self._ledger._forget(hazard_id)
        return Conflict(stale or [row[-2] for row in updates])

    @staticmethod
    def _side_rows(writes: dict[str, list[dict[str, Any]]], h: Hazard, n_reports: int,
                   plan: Plan | None, listing: Listing | None) -> None:
        """The plan, listing and report rows that changed since the hazard was read."""
        if len(h.reports) > n_reports:
            writes.setdefault("insert_report", []).extend(_report_rows(h.id, n_reports, h.reports[n_reports:]))
        _replace(writes, "plan", h.id, plan, h.plan, _plan_row)
        _replace(writes, "listing", h.id, listing, h.listing, _listing_row)


_EVENT_INPUT = ("seq", "payload")
_event_input = operator.itemgetter(*(_EVENT_COLUMNS.index(c) for c in _EVENT_INPUT))
_ACTOR = _EVENT_COLUMNS.index("actor")
_STATE_INPUT = ("rectifier", "evidence", "acceptance", "assessment", "sham", "events")
_state_input = operator.itemgetter(*(_STATE.index(c) for c in _STATE_INPUT))
_NEW_INPUT = ("id", "description", "enterprise", "sector", "unit", "found_by", "standard_items", *_STATE_INPUT)
_new_input = operator.itemgetter(*_NEW_INPUT)


def _validate(event_rows: list[tuple[Any, ...]], updates: list[tuple[Any, ...]],
              writes: dict[str, list[dict[str, Any]]], held: dict[str, list[dict[str, Any]]] | None) -> None:
    """Every value a unit writes, checked as PostgreSQL would (`store.validate`) on every back end.

    Of a hazard's event and hazard rows, the values that carry what callers gave (`_EVENT_INPUT`,
    each distinct actor text once, `_STATE_INPUT`, `_NEW_INPUT`; the unit's actor once, in `Unit`):
    the others are the store's own text (stage and trigger names the machine checked, enum names,
    ISO times and dates, hex digests, a version) or already checked (the id of a stored hazard)."""
    validate.rows(events, _EVENT_INPUT, map(_event_input, event_rows))
    validate.rows(events, ("actor",), [(text,) for text in {row[_ACTOR] for row in event_rows}])
    validate.rows(hazards, _STATE_INPUT, map(_state_input, updates))
    validate.rows(hazards, _NEW_INPUT, map(_new_input, writes.get("insert_hazard", ())))
    for name, table in (("insert_report", reports), ("insert_plan", plans),
                        ("update_plan", plans), ("insert_listing", listings), ("update_listing", listings)):
        validate.rows(table, None, writes.get(name, ()))
    if held:
        for name, table in (("insert_record", records), ("update_record", records),
                            ("insert_record_event", record_events)):
            validate.rows(table, None, held[name])


def _seal_items(event_rows: list[tuple[Any, ...]], held: dict[str, list[dict[str, Any]]] | None) -> list[seal.Item]:
    """The events a unit writes, as the seal numbers them: the hazards' then the records'."""
    items: list[seal.Item] = [("hazard", row[0], row[1], row[-1]) for row in event_rows]
    if held:
        items += [("record", f"{row['kind']}/{row['record_id']}", row["seq"], row["hash"])
                  for row in held["insert_record_event"]]
    return items


def _replace(writes: dict[str, list[dict[str, Any]]], table: str, hazard_id: str, old: Any, new: Any,
             to_row: Callable[[str, Any], dict[str, Any]]) -> None:
    """The insert, update or delete that turns the one-per-hazard row of ``table`` from old to new."""
    if new is old:
        return
    if new is None:
        writes.setdefault(f"delete_{table}", []).append({"w_id": hazard_id})
        return
    row = to_row(hazard_id, new)
    if old is not None:
        row["w_id"] = hazard_id
    writes.setdefault(f"insert_{table}" if old is None else f"update_{table}", []).append(row)


class Ledger:
    """The register (台账) of hazards in a database: ``Ledger("sqlite:///register.db")``.

    SQLite needs nothing beyond the package; PostgreSQL (``postgresql+psycopg://user@host/db``)
    needs the ``postgres`` extra. A database without a schema gets one through the packaged Alembic
    migrations (`migrate.upgrade`, the same path as ``hazardflow db upgrade``); a database at an
    older revision is refused with `migrate.SchemaOutdated` until it is upgraded.

    Durability on SQLite: ``journal_mode=WAL`` and, by default, ``synchronous=FULL``. The register
    is an audit record (H1, L1: every step recorded truthfully), so a commit that returned must
    survive not only a killed process but a power cut or kernel panic. With WAL, ``NORMAL`` already
    survives a killed process and never corrupts the file, but can lose the last commits on power
    loss, because the WAL is synced only at checkpoints; ``FULL`` syncs it on every commit. The
    price is one ``fsync`` per transaction: in batches of 1,000 transitions per unit it is invisible,
    one transition per transaction it is the disk's sync latency (bench/store.py prints both modes).
    Pass ``synchronous="NORMAL"`` where losing the last second on power loss is acceptable (a
    replica, a test); WAL is not negotiable (readers never block the writer).
    """

    def __init__(self, url: str, *, synchronous: str = SYNCHRONOUS, cache: int = 10_000,
                 read_url: str | None = None, key: bytes | str | None = None) -> None:
        """``url``: a SQLAlchemy URL, or a bare SQLite file path (``Ledger("taizhang.db")``); ``key``:
        the register's MAC key (`store.seal`: else from the environment or the key file beside a
        SQLite file, created with a new register).

        ``read_url``: a streaming replica of ``url`` (PostgreSQL hot standby) that the reports and
        queries read (`read_engine`: `ids`, `find`, `count`, `query`, `as_of`, `events_of`,
        `record_ids`, `activities`, `get_many(replica=True)`, the 调度表 and 清单), so they take no load
        off the primary's writers; units, `get`, `history`, `replay`, `load` and `verify_chain` read the
        primary, so a unit's own writes are read back at once. A replica lags by its replay delay:
        a report from it is the register as the replica has replayed it."""
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise InvalidInput("synchronous", "OFF, NORMAL, FULL or EXTRA", synchronous)
        self.url = url = safety.url_of(url)
        sqlite = url.startswith("sqlite")
        self.engine: Engine = create_engine(
            url, paramstyle="named" if sqlite else None, connect_args={"timeout": 60} if sqlite else {},
            pool_reset_on_return=None,  # every unit and read ends its transaction itself
            pool_pre_ping=True,  # a connection the server dropped (a restart) is replaced, not handed out
        )
        if sqlite:
            _sqlite_pragmas(self.engine, synchronous.upper())
        migrate.ensure(self.engine)
        self.read_engine: Engine = self.engine if read_url is None else _replica(read_url, self.engine)
        """Where reports and queries read: the replica given as ``read_url``, else the primary."""
        dialect = self.engine.dialect
        positional = _positional(dialect)
        self._sql: dict[str, str] = {}
        self._tuples: dict[str, Callable[[Mapping[str, Any]], tuple[Any, ...]]] = {}
        self._copies: dict[str, str] = {}
        """The ``COPY`` of each insert on PostgreSQL (`seal.insert_rows`)."""
        for name, (stmt, keys) in _statements().items():
            compiled = stmt.compile(dialect=positional, column_keys=list(keys) if keys is not None else None)
            self._sql[name] = str(compiled)
            assert isinstance(compiled, SQLCompiler)
            order = tuple(compiled.positiontup or ())
            if name in _ORDERS:
                if order != _ORDERS[name]:
                    raise RuntimeError(f"ledger: statement {name} binds {order}, not {_ORDERS[name]}")
            else:
                self._tuples[name] = _tuples(order)
            if dialect.name == "postgresql" and isinstance(stmt, Insert):
                self._copies[name] = seal.copy_statement(stmt.table, order)
        self._many: dict[tuple[str, int], str] = {
            (name, size): str(stmt.compile(dialect=positional))
            for size in BATCH_SIZES for name, stmt in _batched(size).items()}
        self._seal = seal.open_sealer(self.engine, url, lambda stmt, keys: _compiled(stmt, positional, keys), key)
        self._integrity: type[Exception] = dialect.loaded_dbapi.IntegrityError
        self._fault: type[Exception] = dialect.loaded_dbapi.Error
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        self._cache_lock = threading.Lock()  # threads share a Ledger (`hazardflow serve`): LRU moves are not atomic
        self._cache_size = cache
        self._verified = history.Verified(VERIFIED)
        self._kept: Any = None
        self._keeper = threading.Lock()
        _LEDGERS.add(self)

    def __repr__(self) -> str:
        return f"Ledger({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Close every pooled connection."""
        if self._keeper.acquire(blocking=False):
            try:
                kept, self._kept = self._kept, None
                if kept is not None:
                    kept.close()
            finally:
                self._keeper.release()
        self.engine.dispose()
        self.read_engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------

    def unit(self, *, by: Actor, key: str | None = None) -> Unit:
        """A unit of work recorded as done by ``by``: ``with ledger.unit(by=clerk) as u: ...``.

        ``key`` makes it idempotent: a unit with a key already applied writes nothing (``u.duplicate``
        is then True), so work retried after `StorageError` with ``written=None`` (the commit's outcome
        unknown) under the same key is never applied twice."""
        return Unit(self, by, key)

    def record(self, *items: Activity) -> int:
        """Record activities (spot checks, enforcement measures, leadership work) in one transaction."""
        return activity_log.record(self.engine, items, self._seal)

    def activities(self, *, kind: ActivityKind | None = None, unit: str | None = None) -> list[Activity]:
        """The recorded activities (of ``kind``, of ``unit``), in recording order."""
        return activity_log.read(self.read_engine, kind=kind, unit=unit)

    def save_directory(self, directory: Directory) -> None:
        """Store ``directory`` (名录), replacing the one stored, in one transaction."""
        directory_store.save(self.engine, directory)

    def directory(self) -> Directory | None:
        """The stored directory, read back unchanged, or None if none was saved."""
        return directory_store.load(self.engine)
    def retrying(self, work: Callable[[Unit], T], *, by: Actor, attempts: int = 3) -> T:
        """``work(unit)`` in a fresh unit of work by ``by``, again on `Conflict`, at most ``attempts`` times.

        Each attempt reads its hazards anew, so a rule that no longer holds refuses (`Rejected`) instead
        of being forced through; the last `Conflict` propagates."""
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise InvalidInput("attempts", "a positive int", attempts, zh="正整数")
        for _ in range(attempts - 1):
            try:
                with self.unit(by=by) as unit:
                    return work(unit)
            except Conflict:
                continue
        with self.unit(by=by) as unit:
            return work(unit)

    def import_hazards(self, hazards: Iterable[Hazard], *, by: Actor, per: int = 10_000) -> int:
        """Put many new hazards on the ledger, ``per`` to a transaction, each checked and chained as a
        unit of work does (`store.bulk`); how many were written."""
        from hazardflow.store import bulk

        return bulk.import_hazards(self, hazards, by=by, per=per)

    def add(self, hazard: Hazard, *, by: Actor | None = None) -> str:
        """Put a new hazard (with its events so far) on the ledger; returns its id."""
        with self.unit(by=hazard.found_by if by is None else by) as u:
            return u.add(hazard)

    # -- reading ----------------------------------------------------------------------------------

    def get(self, hazard_id: str) -> Hazard:
        """The stored hazard ``hazard_id``: a read-only snapshot (a trigger on it raises `ReadOnly`;
        change it inside a unit of work, `unit`)."""
        with self._cursor() as cursor:
            return read_only(self._read(cursor, hazard_id)[0])

    def get_many(self, hazard_ids: Sequence[str], *, replica: bool = False) -> list[Hazard]:
        """The stored hazards ``hazard_ids``, in the order given, as `get` gives them, read in batches
        (one version/head read and one read of the rows not cached per 512: `Unit.get_all`); with
        ``replica``, from the `read_engine` (a report's or a query's read)."""
        with _RawCursor(self, replica=replica) as cursor:
            read = self._read_many(cursor, hazard_ids)
        return [read_only(read[hazard_id][0]) for hazard_id in hazard_ids]

    def history(self, hazard_id: str) -> list[Event]:
        """The hazard's events in order."""
        return list(self.get(hazard_id).events)

    def replay(self, hazard_id: str) -> Hazard:
        """The hazard rebuilt from its stored events alone (`hazardflow.replay`)."""
        with self._cursor() as cursor:
            head = self._head(cursor, hazard_id)
            if head is None:
                raise NotFound(hazard_id)
            cursor.execute(self._sql["events"], (hazard_id, 2**31 - 1))
            return replay_events(_event(row) for row in cursor.fetchall())

    def as_of(self, hazard_ids: Sequence[str], end: str) -> list[Hazard]:
        """The hazards ``hazard_ids`` as they stood before the stored time ``end`` (principle 10):
        each rebuilt from its events dated before ``end`` alone (`hazardflow.replay`), in the order
        given; a hazard with no such event is left out. Events of a hazard are never dated before
        its last one, so these are a prefix of its history."""
        found: dict[str, list[Event]] = {}
        with self.read_engine.connect() as connection:
            for start in range(0, len(hazard_ids), 500):
                chunk = list(hazard_ids[start:start + 500])
                rows = connection.execute(
                    select(events.c.hazard_id, events.c.trigger, events.c.from_stage, events.c.to_stage,
                           events.c.actor, events.c.at, events.c.payload)
                    .where(events.c.hazard_id.in_(chunk), events.c.at < end)
                    .order_by(events.c.hazard_id, events.c.seq))
                for row in rows:
                    found.setdefault(row[0], []).append(_event(row[1:]))
        return [replay_events(found[i]) for i in hazard_ids if i in found]

    def ids(self, **filters: Any) -> list[str]:
        """The ids of the hazards matching every filter given (those of `query`), in order of discovery.

        ``overdue_at`` (a date, or an aware datetime taken in Beijing time) keeps the hazards that
        are overdue on that day (H8, `Hazard.is_overdue`); ``listed`` those under 挂牌督办 or not.
        ``unit`` is the deprecated name of ``jurisdiction`` (GLOSSARY.md: 属地 is ``jurisdiction``).
        A bad filter value raises `InvalidInput` naming the filter.
        """
        if "unit" in filters:
            place = filters.pop("unit")
            if place is not None:
                warnings.warn("Ledger.ids/find(unit=...) is deprecated: use jurisdiction=...", DeprecationWarning,
                              stacklevel=3)
                filters["jurisdiction"] = place
        query = queries.ordered(queries.where(select(hazards.c.id), queries.filters(**filters)), "found_at")
        with self.read_engine.connect() as connection:
            return list(connection.scalars(query))

    def find(self, **filters: Any) -> list[Hazard]:
        """The hazards matching the filters of `ids`."""
        return self.get_many(self.ids(**filters), replica=True)

    def count(self, **filters: Any) -> int:
        """How many hazards are on the ledger (matching the filters of `query`), counted in SQL."""
        with self.read_engine.connect() as connection:
            return int(connection.scalar(queries.count_query(queries.filters(**filters))) or 0)

    def query(self, *, order: str = "found_at", limit: int = 50, offset: int = 0, cursor: str | None = None,
              **filters: Any) -> queries.Page:
        """One page of the hazards matching ``filters`` (`queries.filters`: enterprise, jurisdiction,
        sector, level, stage, source, listed, overdue_at, found_from, found_before, id_prefix) in ``order``
        (`queries.ORDERS`, ``-`` first to reverse), with the total count; filtered and paged in SQL,
        by ``offset`` or after ``cursor`` (a previous page's ``next``: keyset paging)."""
        chosen = queries.filters(**filters)
        with self.read_engine.connect() as connection:
            rows = list(connection.execute(queries.ids_query(chosen, order=order, limit=limit, offset=offset,
                                                             cursor=cursor)))
            total = int(connection.scalar(queries.count_query(chosen)) or 0)
        page = tuple(self.get_many([row[-1] for row in rows[:limit]], replica=True))
        return queries.Page(page, total, limit, offset, queries.next_cursor(order, rows, limit), len(rows) > limit)

    def snapshot(self) -> contextlib.AbstractContextManager[Connection]:
        """A connection to the `read_engine` reading one snapshot (REPEATABLE READ on PostgreSQL, one
        read transaction on SQLite): what a report reads there is the register at one moment, so two
        rows written in one unit of work are counted both or neither (`store.audit.snapshot`)."""
        return audits.snapshot(self.read_engine)

    def verify_chain(self) -> list[str]:
        """The ids of every hazard (as ``kind/id`` every other record, as ``activity/N`` every activity,
        ``全局序号`` for the global sequence) whose stored rows were edited, deleted, added or reordered
        outside the library: a broken hash chain or MAC, a gap in a sequence, a head that is not the
        chain's end, a stored state that is not its replay (`store.audit`, read in one snapshot).
        Empty when the ledger is intact."""
        subjects: list[str] = self.audit().subjects
        return subjects

    def audit(self) -> audits.Audit:
        """The full audit (`store.audit`): each finding in 中文, the sealed count, the re-seal."""
        return audits.audit(self.engine, self._seal.key, _ROWS)

    @property
    def keyed(self) -> bool:
        """Whether the register's key is at hand (`store.seal`): needed to write and to check the MACs."""
        return self._seal.key is not None

    def checkpoint(self) -> dict[str, Any]:
        """A signed checkpoint of the register now (`store.checkpoint`), to keep elsewhere."""
        return checkpoint.take(self.engine, self._seal.require())

    def check_checkpoint(self, data: Mapping[str, Any]) -> list[audits.Finding]:
        """What the register now contradicts in a checkpoint taken earlier (empty: nothing)."""
        return checkpoint.check(self.engine, self._seal.require(), data)

    def load(self, kind: str, record_id: str, *, until: datetime | None = None) -> Any:
        """The stored record ``record_id`` of ``kind`` (see `Unit.load`), rebuilt from its events;
        with ``until``, from its events at or before that moment alone (`RecordNotFound` if none)."""
        k = kind_named(kind)
        with self._cursor() as cursor:
            found = self._read_record(cursor, k, record_id, until)
        if found is None:
            raise RecordNotFound(k, record_id)
        return found[0]

    def tick(self, at: datetime, *, by: Actor) -> list[Dossier]:
        """Record, once per day, what is due or overdue for every stored campaign and hazard (C1–C8,
        H11, H8), as of each day since the last tick up to ``at``'s; the days newly recorded. Running
        it again for the same day records nothing (`store.clock`)."""
        from hazardflow.store import clock

        return clock.tick(self, at, by=by)

    def record_ids(self, kind: str, *, prefix: str | None = None) -> list[str]:
        """The ids of the stored records of ``kind`` (those starting with ``prefix``, if given), in id order."""
        kind_named(kind)
        query = select(records.c.id).where(records.c.kind == kind)
        prefix = queries.filter_text("prefix", prefix)
        if prefix is not None:
            query = query.where(queries.starts_with(records.c.id, prefix))
        with self.read_engine.connect() as connection:
            return list(connection.scalars(query.order_by(records.c.id)))

    def events_of(self, kind: str, triggers: Sequence[str], *, before: str) -> list[tuple[str, Any]]:
        """(record id, event) of every event ``triggers`` of the records of ``kind`` dated before the
        stored time ``before`` (`reports.dispatch.end_of`), in time order: what the figures read."""
        k = kind_named(kind)
        query = (select(record_events.c.record_id, *(record_events.c[c] for c in _RECORD_EVENT_READ))
                 .where(record_events.c.kind == kind, record_events.c.trigger.in_(list(triggers)),
                        record_events.c.at < before)
                 .order_by(record_events.c.at, record_events.c.record_id, record_events.c.seq))
        with self.read_engine.connect() as connection:
            return [(row[0], _record_entry(k, row[1:])) for row in connection.execute(query)]

    def replay_record(self, kind: str, record_id: str) -> Any:
        """The record rebuilt from its stored origin and events alone (as `load` does)."""
        return self.load(kind, record_id)

    def _read_record(self, cursor: Any, kind: Kind, record_id: str,
                     until: datetime | None = None) -> tuple[Any, int, str, str] | None:
        """The record, its version, head and origin text, read consistently (retried if a commit
        lands in between); None if there is none."""
        while True:
            cursor.execute(self._sql["record"], (kind.name, record_id))
            found = cursor.fetchone()
            if found is None:
                return None
            origin, version, head, n = found
            cursor.execute(self._sql["record_events"], (kind.name, record_id, n))
            entries = [_record_entry(kind, row) for row in cursor.fetchall()]
            cursor.execute(self._sql["record"], (kind.name, record_id))
            again = cursor.fetchone()
            if again is not None and (again[1], again[2]) == (version, head):
                break
        if until is not None:
            entries = [e for e in entries if kind.row(e)[4] <= until]
            if not entries:
                return None
        return kind.replay(codec.loads(origin), entries), version, head, origin

    # -- internals --------------------------------------------------------------------------------

    def _cursor(self) -> _RawCursor:
        return _RawCursor(self)

    def _connection(self) -> tuple[Any, bool]:
        """A pooled DBAPI connection for a unit or a read, and whether it is the kept one.

        The Ledger keeps one pooled connection checked out between units and reads (a pool
        checkout and checkin cost more than the rest of a one-transition unit's Python): whoever
        finds it free uses it; a unit or read meanwhile (another thread, a read inside a unit) takes
        one from the pool as before. Every unit and read ends its transaction, so the kept
        connection rests with none open, as a pooled one does."""
        if self._keeper.acquire(blocking=False):
            try:
                if self._kept is None:
                    self._kept = self.engine.raw_connection()
            except BaseException:
                self._keeper.release()
                raise
            return self._kept, True
        return self.engine.raw_connection(), False

    def _release(self, raw: Any, kept: bool, *, sound: bool) -> None:
        """Give back a connection from `_connection`; the kept one is kept only if ``sound`` (its
        unit or read ended cleanly), otherwise it goes back to the pool like any other."""
        if not kept:
            if sound:
                raw.close()
            else:
                raw.invalidate()
            return
        try:
            if not sound:
                self._kept = None
                raw.invalidate()  # a driver error may have left it broken: never pooled again
        finally:
            self._keeper.release()

    def _after_fork(self) -> None:
        """In a forked child: forget the parent's kept connection and pool (they are the parent's to
        close: a child committing on a shared socket would commit the parent's half-done unit); the
        child opens connections of its own."""
        self._kept = None
        self._keeper = threading.Lock()
        self.engine.dispose(close=False)

    def _run(self, cursor: Any, name: str, rows: Sequence[Any]) -> int:
        """Run statement ``name`` for every row (tuples in the order of `_ORDERS` for the statements
        named there, dicts for the others); the number of rows it touched."""
        to_tuple = self._tuples.get(name)
        if to_tuple is not None:
            rows = [to_tuple(row) for row in rows]
        copy = self._copies.get(name)
        seal.insert_rows(cursor, self._sql[name], copy, rows)
        return len(rows) if copy is not None else int(cursor.rowcount)

    def _head(self, cursor: Any, hazard_id: str) -> tuple[int, str] | None:
        cursor.execute(self._sql["head"], (hazard_id,))
        row = cursor.fetchone()
        return None if row is None else (row[0], row[1])

    def _read(self, cursor: Any, hazard_id: str) -> _Read:
        """The hazard, its version, head and event rows: from the cache when still current, else from
        the rows."""
        cached = self._cache.get(hazard_id)
        if cached is not None:
            cursor.execute(self._sql["head"], (hazard_id,))
            row = cursor.fetchone()
            if row is None:
                self._forget(hazard_id)
                raise NotFound(hazard_id)
            if row[0] == cached.version and row[1] == cached.head:
                self._touch(hazard_id)
                return _Read(cached.hazard(), cached.version, cached.head, None, cached.facts)
        read = self._load(cursor, hazard_id)
        self._remember(read._replace(fingerprint=None))
        return read

    def _load(self, cursor: Any, hazard_id: str) -> _Read:
        """The hazard from its rows: its row with its plan, listing and reports in one statement (one
        snapshot), then its events up to the row's count (events are only ever appended)."""
        sql = self._sql
        cursor.execute(sql["hazard"], (hazard_id,))
        found = cursor.fetchall()
        if not found:
            raise NotFound(hazard_id)
        cursor.execute(sql["events"], (hazard_id, found[0][_N_EVENTS]))
        return self._checked(found, cursor.fetchall())

    def _checked(self, found: Sequence[Sequence[Any]], stored: Sequence[Sequence[Any]]) -> _Read:
        """The hazard of its joined rows ``found`` (one per report, `_JOINED`) and its event rows
        ``stored`` (trigger … payload), its state checked against its events: by the entry of
        `history.Verified` for this very history, else by replaying them (`history.check_stored`)."""
        first = found[0]
        n = len(_HAZARD_COLUMNS)
        report_rows = [r[_REPORTS:] for r in found if r[_REPORTS] is not None]
        h = _hazard(first[:n], first[n:n + len(_PLAN_COLUMNS)], first[n + len(_PLAN_COLUMNS):_REPORTS], report_rows,
                    [_stored_event(e) for e in stored], _notice(stored[0][5]) if stored else None)
        version, events_count, head = first[_N_EVENTS - 1:_N_EVENTS + 2]
        fingerprint = history.fingerprint(stored)
        entry = history.Entry(events_count, head, fingerprint.digest(), _fields_of(h))
        if not self._verified.holds(h.id, entry):
            history.check_stored(h)
            self._verified.put(h.id, entry)
        return _Read(h, version, head, fingerprint, facts.then(facts.NONE, ((e[0], e[4]) for e in stored)))

    def _batch(self, cursor: Any, name: str, ids: Sequence[str]) -> list[Any]:
        """The rows of batched read ``name`` (`_batched`) for at most 512 ``ids``."""
        size = next(n for n in BATCH_SIZES if n >= len(ids))
        cursor.execute(self._many[name, size], (*ids, *([ids[-1]] * (size - len(ids)))))
        return list(cursor.fetchall())

    def _heads(self, cursor: Any, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        return {row[0]: (row[1], row[2]) for row in self._batch(cursor, "heads", ids)}

    def _read_many(self, cursor: Any, hazard_ids: Sequence[str]) -> dict[str, _Read]:
        """`_read` for many hazards at once: per batch of 512, one version/head read for those
        cached (none when none is), the ones still current served from the cache, the rest loaded
        together (`_load_many`); `NotFound` for the first id not stored."""
        wanted = list(dict.fromkeys(hazard_ids))
        found: dict[str, _Read] = {}
        cache = self._cache
        for start in range(0, len(wanted), BATCH_SIZES[-1]):
            chunk = wanted[start:start + BATCH_SIZES[-1]]
            stale = chunk
            if any(hazard_id in cache for hazard_id in chunk):
                heads = self._heads(cursor, chunk)
                stale = []
                for hazard_id in chunk:
                    current = heads.get(hazard_id)
                    if current is None:
                        self._forget(hazard_id)
                        raise NotFound(hazard_id)
                    cached = cache.get(hazard_id)
                    if cached is not None and (cached.version, cached.head) == current:
                        self._touch(hazard_id)
                        found[hazard_id] = _Read(cached.hazard(), cached.version, cached.head, None, cached.facts)
                    else:
                        stale.append(hazard_id)
            if stale:
                found.update(self._load_many(cursor, stale))
        return found

    def _load_many(self, cursor: Any, hazard_ids: list[str]) -> dict[str, _Read]:
        """`_load` for at most 512 hazards: their joined rows in one statement, their events in
        another (each hazard's up to its row's count)."""
        joined: dict[str, list[Any]] = {}
        for found in self._batch(cursor, "hazards", hazard_ids):
            joined.setdefault(found[0], []).append(found)
        if len(joined) != len(hazard_ids):
            raise NotFound(next(i for i in hazard_ids if i not in joined))
        stored: dict[str, list[Any]] = {}
        for e in self._batch(cursor, "events", hazard_ids):
            stored.setdefault(e[0], []).append(e)
        loaded: dict[str, _Read] = {}
        for hazard_id, found in joined.items():
            n = found[0][_N_EVENTS]
            read = self._checked(found, [e[2:] for e in stored.get(hazard_id, ()) if e[1] <= n])
            self._remember(read._replace(fingerprint=None))
            loaded[hazard_id] = read
        return loaded

    def _remember(self, read: _Read) -> None:
        """Cache the hazard read (if the cache is on) and, given its events' fingerprint (a commit's:
        the hazard was just admitted), note its state as established for its history (`history.Verified`)."""
        h, version, head, fingerprint, known = read
        if fingerprint is not None:
            self._verified.put(h.id, history.Entry(len(h.events), head, fingerprint.digest(), _fields_of(h)))
        if not self._cache_size:
            return
        entry = _Cached(_fields_of(h), h.events, version, head, known)
        with self._cache_lock:
            self._cache[h.id] = entry
            self._cache.move_to_end(h.id)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _touch(self, hazard_id: str) -> None:
        """Mark a cached hazard as just used (another thread may have evicted it meanwhile)."""
        with self._cache_lock:
            if hazard_id in self._cache:
                self._cache.move_to_end(hazard_id)

    def _forget(self, hazard_id: str) -> None:
        with self._cache_lock:
            self._cache.pop(hazard_id, None)


class _RawCursor:
    """A DBAPI cursor on a pooled connection (`Ledger._connection`; with ``replica``, one of the
    `Ledger.read_engine` where that is a replica), for reads; the connection goes back on exit."""

    def __init__(self, ledger: Ledger, *, replica: bool = False) -> None:
        self._ledger = ledger
        if replica and ledger.read_engine is not ledger.engine:
            self._raw, self._kept = ledger.read_engine.raw_connection(), False
        else:
            self._raw, self._kept = ledger._connection()

    def __enter__(self) -> Any:
        try:
            return self._raw.cursor()
        except BaseException:
            self._ledger._release(self._raw, self._kept, sound=False)
            raise

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        sound = False
        fault = self._ledger._fault
        try:
            with contextlib.suppress(fault):
                self._raw.rollback()
                sound = True
        finally:
            self._ledger._release(self._raw, self._kept, sound=sound)
        if isinstance(error, fault):  # a read failed in the database: nothing was written
            raise safety.StorageError(False, str(error)) from error


_LEDGERS: weakref.WeakSet[Ledger] = weakref.WeakSet()
"""Every open Ledger of the process, for `_forget_kept_connections`."""


def _forget_kept_connections() -> None:
    for ledger in list(_LEDGERS):
        ledger._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_kept_connections)


def _replica(url: str, primary: Engine) -> Engine:
    """The engine of the replica at ``url``: the primary's kind of database, at its schema revision
    (a replica is read-only: it is never migrated, it replays the primary's migrations)."""
    engine = create_engine(safety.url_of(url), pool_reset_on_return=None)
    if engine.dialect.name != primary.dialect.name:
        engine.dispose()
        raise InvalidInput("read_url", f"a replica of the {primary.dialect.name} database at url", url,
                           zh=f"url 所指 {primary.dialect.name} 数据库的只读副本")
    with engine.connect() as connection:
        at = migrate.current(connection)
    if at != migrate.head():
        engine.dispose()
        raise migrate.SchemaOutdated(at, migrate.head())
    return engine


def _sqlite_pragmas(engine: Engine, synchronous: str) -> None:
    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

