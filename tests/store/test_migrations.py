"""The schema comes from the packaged Alembic migrations only, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

import hazardflow as hf
from hazardflow.store import codec, migrate
from hazardflow.store.tables import metadata


def schema(url: str) -> dict[str, Any]:
    """Tables, columns (name, nullability, type affinity), keys and indexes, back end aside."""
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return {
            table: {
                "columns": [(c["name"], c["nullable"], c["type"].python_type.__name__)
                            for c in found.get_columns(table)],
                "primary key": found.get_pk_constraint(table)["constrained_columns"],
                "foreign keys": sorted((tuple(k["constrained_columns"]), k["referred_table"])
                                       for k in found.get_foreign_keys(table)),
                "indexes": sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(table)),
            }
            for table in sorted(found.get_table_names())
        }
    finally:
        engine.dispose()


def upgrade_by_command(url: str) -> None:
    from hazardflow.cli.main import main

    result = CliRunner().invoke(main, ["db", "upgrade", "--url", url])
    assert result.exit_code == 0, result.output
    assert migrate.head() in result.output


@pytest.mark.postgres
def test_db_upgrade_gives_the_same_tables_on_sqlite_and_postgresql(sqlite_url: str, pg_url: str) -> None:
    upgrade_by_command(sqlite_url)
    upgrade_by_command(pg_url)
    on_sqlite, on_postgres = schema(sqlite_url), schema(pg_url)
    assert set(on_sqlite) == {"alembic_version", "hazards", "plans", "listings", "reports", "events", "activities",
                              "activity_findings", "directory_organisations", "directory_people", "records",
                              "record_events", "api_tokens", "seals", "seal_state", "unit_keys"}
    assert on_sqlite == on_postgres


def test_migrations_match_the_tables_the_code_uses(url: str) -> None:
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_twice_is_harmless(url: str) -> None:
    migrate.upgrade(url)
    migrate.upgrade(url)
    with hf.Ledger(url) as ledger:
        assert ledger.count() == 0


def test_a_fresh_ledger_creates_the_schema_through_the_migrations(url: str) -> None:
    with hf.Ledger(url):
        pass
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == migrate.head()
    engine.dispose()
    assert schema(url)["events"]["primary key"] == ["hazard_id", "seq"]


def test_an_outdated_schema_is_refused(url: str) -> None:
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    engine.dispose()
    with pytest.raises(hf.store.SchemaOutdated, match="hazardflow db upgrade"):
        hf.Ledger(url)


def test_the_register_of_record_migration_keeps_existing_data(url: str) -> None:
    from alembic import command

    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(migrate.config(connection), "0002")
        connection.execute(text("INSERT INTO activities (kind, unit, at, by, count, flag) "
                                "VALUES ('STUDY', '铁西区', '2023-06-01T09:00:00+08:00', :by, 2, false)"),
                           {"by": codec.dumps(hf.Actor("钱七", hf.Role.GOVERNMENT, "铁西区人民政府"))})
    engine.dispose()
    migrate.upgrade(url)
    with hf.Ledger(url) as ledger:
        assert [(a.kind, a.count) for a in ledger.activities()] == [(hf.ActivityKind.STUDY, 2)]
        assert ledger.record_ids("case") == []
