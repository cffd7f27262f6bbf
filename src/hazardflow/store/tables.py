"""The register's tables (SQLAlchemy Core): hazards, plans, listings, reports, events, and the other records.

The domain classes are not mapped: `ledger.py` converts rows to records and back explicitly. An
imperative ORM mapping would instrument `Hazard` (a slotted attrs class, compared field by field)
and put an ORM session between every trigger and its row; explicit conversion keeps the domain free
of SQLAlchemy (CONTRIBUTING.md layering) and keeps the write path to two precompiled statements per
transition, which is what the benchmark (bench/store.py) asks for.

Types are deliberately plain and identical on SQLite and PostgreSQL: enums as their member names,
dates and times as ISO 8601 text (a time keeps its zone, see `codec.time_text`), amounts as exact
decimal text, actors and signatures as canonical JSON (`codec`). ISO text sorts like the value, so
the ``deadline < :day`` of the overdue query is correct on both back ends, and the bytes hashed into
the event chain are the bytes stored, whatever the back end.

The schema itself is created only by the Alembic migrations in ``migrations/``; this module is the
code's view of it, and ``tests/store/test_migrations.py`` checks that the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

hazards = Table(
    "hazards", metadata,
    Column("id", String(64), primary_key=True),
    Column("description", Text, nullable=False),
    Column("level", String(16), nullable=False),
    Column("source", String(16), nullable=False),
    Column("enterprise", String(200), nullable=False),
    Column("sector", String(100), nullable=False),
    Column("unit", String(200), nullable=False),
    Column("key", Boolean, nullable=False),
    Column("found_at", String(64), nullable=False),
    Column("found_by", Text, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("deadline", String(10)),
    Column("rectifier", Text),
    Column("evidence", Text),
    Column("acceptance", Text),
    Column("assessment", Text),
    Column("sham", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("head", String(64), nullable=False),
    Column("standard_items", Text, nullable=False, server_default="[]"),
    Column("closed_at", String(64)),
    Column("reopened_at", String(64)),
    Column("listed_at", String(64)),
    Column("last_at", String(64)),
    Column("first_closed_at", String(64)),
    Column("first_reopened_at", String(64)),
    Column("assigned_at", String(64)),
    Column("extended_at", String(64)),
    Index("ix_hazards_stage", "stage"),
    Index("ix_hazards_level_unit_found_at", "level", "unit", "found_at"),
    Index("ix_hazards_source", "source"),
    Index("ix_hazards_unit_found_at", "unit", "found_at"),
    Index("ix_hazards_enterprise", "enterprise"),
    Index("ix_hazards_sector", "sector"),
    Index("ix_hazards_deadline", "deadline"),
    Index("ix_hazards_last_at", "last_at"),
    Index("ix_hazards_first_reopened_at_last_at", "first_reopened_at", "last_at", "id"),
    Index("ix_hazards_facts", "level", "found_at", "source", "unit", "first_closed_at", "first_reopened_at",
          "closed_at", "reopened_at", "last_at", "listed_at", "id"),
)
"""One row per hazard: the fields fixed at discovery, the current loop state, the optimistic-lock
``version``, the event count and ``head`` hash that pin the end of its event chain, the
判定标准 items it cites (L7) as a JSON list (``[]`` for none), and the report facts of its events
(`store.facts`: closed, reopened, listed, assigned, extended, last event)."""

plans = Table(
    "plans", metadata,
    Column("hazard_id", String(64), ForeignKey("hazards.id"), primary_key=True),
    Column("responsible", Text),
    Column("measures", Text),
    Column("funds", String(40)),
    Column("deadline", String(10)),
    Column("contingency", Text),
)
"""五落实: the current plan of a hazard (H2)."""

listings = Table(
    "listings", metadata,
    Column("hazard_id", String(64), ForeignKey("hazards.id"), primary_key=True),
    Column("authority", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("number", String(200), nullable=False),
    Column("at", String(64), nullable=False),
    Column("delisted_at", String(64)),
)
"""挂牌督办: the current (or last) listing of a hazard (H7); active while ``delisted_at`` is NULL."""

reports = Table(
    "reports", metadata,
    Column("hazard_id", String(64), ForeignKey("hazards.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("by", Text, nullable=False),
    Column("at", String(64), nullable=False),
    PrimaryKeyConstraint("hazard_id", "seq", name="pk_reports"),
)
"""双报告 entries of a hazard, in order (H4)."""

events = Table(
    "events", metadata,
    Column("hazard_id", String(64), ForeignKey("hazards.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("trigger", String(40), nullable=False),
    Column("from_stage", String(16)),
    Column("to_stage", String(16), nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("prev", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    PrimaryKeyConstraint("hazard_id", "seq", name="pk_events"),
)
"""The append-only, hash-chained event log: ``seq`` counts from 1 per hazard, ``prev`` is the hash
of event ``seq - 1`` (empty for the first) and ``hash`` that of ``prev`` and this row's content."""

activities = Table(
    "activities", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("unit", String(200), nullable=False),
    Column("enterprise", String(200)),
    Column("at", String(64), nullable=False),
    Column("by", Text, nullable=False),
    Column("count", Integer, nullable=False),
    Column("amount_fen", BigInteger),
    Column("flag", Boolean, nullable=False),
    Column("note", Text),
    Index("ix_activities_kind_at", "kind", "at"),
    Index("ix_activities_unit", "unit"),
)
"""Recorded activities (`hazardflow.Activity`) the 调度表 counts: amounts in 分 (0.01 元) so sums are exact."""

activity_findings = Table(
    "activity_findings", metadata,
    Column("activity_id", Integer, ForeignKey("activities.id"), nullable=False),
    Column("finding", String(40), nullable=False),
    PrimaryKeyConstraint("activity_id", "finding", name="pk_activity_findings"),
)
"""A spot check's findings (`hazardflow.Finding`), one row each."""

directory_organisations = Table(
    "directory_organisations", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("jurisdiction", Text, nullable=False),
    Column("sectors", Text, nullable=False),
    Column("staff", Integer),
    Column("enterprise", String(200)),
    Index("ux_directory_organisations_name", "name", unique=True),
)
"""The directory's organisations (`hazardflow.Organisation`) in registration order: kind as its member
name, jurisdiction as its path text (沈阳市/铁西区), sectors as a JSON list, a workers' congress's enterprise."""

directory_people = Table(
    "directory_people", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("organisation", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("position", String(32), nullable=False),
    Index("ux_directory_people", "organisation", "name", unique=True),
)
"""The directory's people (`hazardflow.Person`) in registration order, one per organisation and name."""

records = Table(
    "records", metadata,
    Column("kind", String(32), nullable=False),
    Column("id", String(200), nullable=False),
    Column("origin", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("head", String(64), nullable=False),
    PrimaryKeyConstraint("kind", "id", name="pk_records"),
)
"""Every other aggregate the library decides (`store.records`: enforcement cases, suspensions,
campaign participations, and the noted values of tip-offs, penalty decisions, typical cases and
traces), one row each: ``origin`` the record as created (canonical JSON), ``state`` as it stands
now, the optimistic-lock ``version``, and the event count and ``head`` hash of its chain."""

record_events = Table(
    "record_events", metadata,
    Column("kind", String(32), nullable=False),
    Column("record_id", String(200), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("trigger", String(40), nullable=False),
    Column("from_stage", String(40)),
    Column("to_stage", String(40)),
    Column("actor", Text, nullable=False),
    Column("at", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("prev", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    PrimaryKeyConstraint("kind", "record_id", "seq", name="pk_record_events"),
    ForeignKeyConstraint(["kind", "record_id"], ["records.kind", "records.id"], name="fk_record_events_records"),
    Index("ix_record_events_kind_trigger_at", "kind", "trigger", "at"),
)
"""The hash-chained events of the `records`, as ``events`` is for hazards: ``seq`` from 1 per
record, the first event's ``prev`` the hash of the record's ``origin`` (`codec.origin_hash`)."""

seals = Table(
    "seals", metadata,
    Column("gseq", BigInteger, primary_key=True, autoincrement=False),
    Column("source", String(16), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("alg", String(16), nullable=False),
    Column("mac", String(64), nullable=False),
    Index("ux_seals_event", "source", "subject", "seq", unique=True),
)
"""The global sequence (`store.seal`): one row per event of every record, numbered from 1 without gaps
(``gseq``), naming the event (``source`` hazard, record or activity; its ``subject`` and ``seq``),
its content digest (the chained hash) and its MAC under the register's key, chained to the
previous row's MAC; ``alg`` is HMAC-SM3 or HMAC-SHA256."""

seal_state = Table(
    "seal_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("gseq", BigInteger, nullable=False),
    Column("mac", String(64), nullable=False),
    Column("pending", Boolean, nullable=False),
    Column("resealed", BigInteger),
    Column("resealed_at", String(64)),
)
"""One row (id 1): the last global sequence number and MAC, whether a register older than the seal
still waits to be re-sealed, and up to which number (when) it was."""

unit_keys = Table(
    "unit_keys", metadata,
    Column("key", String(200), primary_key=True),
    Column("by", Text, nullable=False),
)
"""The idempotency key of every unit of work that was given one (`Ledger.unit(key=...)`), written in
the unit's own transaction: a unit retried after an ambiguous commit finds its key and writes nothing."""
