"""The optional PostgreSQL layout (issue 20, `store.partitions`, migration 0010): the event tables in hash
partitions of the record id when asked for, the rows and the schema the code uses unchanged; nothing
changes when not asked."""

from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

import hazardflow as hf
from hazardflow.store import migrate, partitions
from hazardflow.store.tables import metadata
from store.helpers import INSPECTOR, STAFF, found, full_loop, open_hazard, step


def _not_a_partition(name: str | None, kind: str, parents: dict[str, str | None]) -> bool:
    """The parent tables are the schema the code uses; their partitions are storage."""
    table = name if kind == "table" else parents.get("table_name")
    return not re.fullmatch(r"(events|record_events)_p\d+", table or "")


@pytest.mark.postgres
def test_partitioned_event_tables_hold_the_register(pg_url: str) -> None:
    partitions.upgrade(pg_url, 4)
    hazards = [open_hazard() for _ in range(20)] + [found(hf.Level.MAJOR)]
    full_loop(hazards[-1])
    with hf.Ledger(pg_url) as ledger:
        ledger.import_hazards(hazards, by=STAFF)
        with ledger.unit(by=STAFF) as u:
            for h in u.get_all([h.id for h in hazards[:20]]):
                step(h)
        with ledger.unit(by=INSPECTOR) as u:
            u.note("tip", "举-1", "received", at=hazards[0].found_at, by=INSPECTOR, text="举报")
        assert ledger.verify_chain() == []
        assert ledger.get(hazards[-1].id) == hazards[-1]
        with ledger.engine.connect() as connection:
            assert partitions.partitioned(connection) == {"events": 4, "record_events": 4}
            context = MigrationContext.configure(connection, opts={"include_name": _not_a_partition})
            assert compare_metadata(context, metadata) == []
            spread = connection.exec_driver_sql(
                "SELECT count(DISTINCT tableoid) FROM events").scalar()
    assert spread is not None and spread > 1


@pytest.mark.postgres
def test_without_asking_the_tables_are_plain(pg_url: str) -> None:
    migrate.upgrade(pg_url)
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        assert partitions.partitioned(connection) == {}
    engine.dispose()


@pytest.mark.parametrize("value", ["x", "-1", True])
def test_the_number_asked_for_is_checked(value: object) -> None:
    with pytest.raises(hf.InvalidInput, match="partitions"):
        partitions.asked({"partitions": value})


def test_sqlite_keeps_one_table(sqlite_url: str) -> None:
    with pytest.raises(hf.InvalidInput, match="PostgreSQL"):
        partitions.upgrade(sqlite_url, 4)
