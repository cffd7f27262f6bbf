"""An optional PostgreSQL layout for a province's register (issue 20): the event logs in hash
partitions of the record id, so that each partition (and its index) stays a fraction of the whole.

``events`` is partitioned by ``hazard_id`` and ``record_events`` by ``record_id``: every key of
both tables starts with (or holds) that id, a hazard's or record's whole chain lives in one
partition, and a read of one hazard touches one partition. Migration 0010 creates the layout when
asked for — `upgrade` here, or ``HAZARDFLOW_PG_PARTITIONS=N`` set for ``hazardflow db upgrade`` — and
otherwise changes nothing; SQLite keeps its one table. Existing rows are copied over in the
migration's transaction. docs/citus.md takes the same keys to distribute the tables over nodes.
"""

from __future__ import annotations

import os

from sqlalchemy import Connection, create_engine, text

from hazardflow.checks import InvalidInput

LAYOUT = {
    "events": ("hazard_id", "pk_events", ("hazard_id", "seq"), [], ["FOREIGN KEY (hazard_id) REFERENCES hazards (id)"]),
    "record_events": ("record_id", "pk_record_events", ("kind", "record_id", "seq"),
                      [("ix_record_events_kind_trigger_at", ("kind", "trigger", "at"))],
                      ["CONSTRAINT fk_record_events_records FOREIGN KEY (kind, record_id) "
                       "REFERENCES records (kind, id)"]),
}
"""Per event table: the partition key, the primary key (name, columns), its indexes and foreign keys,
as `store.tables` declares them."""

ENV = "HAZARDFLOW_PG_PARTITIONS"


def asked(attributes: dict[str, object]) -> int:
    """How many partitions migration 0010 is asked for (0: none): the Alembic config's
    ``partitions`` attribute (`upgrade`), else ``HAZARDFLOW_PG_PARTITIONS``."""
    value = attributes.get("partitions", os.environ.get(ENV, "0"))
    try:
        n = int(str(value))
    except ValueError:
        n = -1
    if n < 0 or isinstance(value, bool):
        raise InvalidInput("partitions", "a whole number of partitions (0: none)", value, zh="分区数（非负整数）")
    return n


def create(connection: Connection, n: int) -> None:
    """Turn the event tables into ``n`` hash partitions of their record id (PostgreSQL), rows kept."""
    for table, (key, pk, pk_columns, indexes, foreign) in LAYOUT.items():
        old = f"{table}_unpartitioned"
        statements = [f"ALTER TABLE {table} RENAME TO {old}", f"ALTER TABLE {old} RENAME CONSTRAINT {pk} TO {pk}_old"]
        statements += [f"ALTER INDEX {name} RENAME TO {name}_old" for name, _ in indexes]
        statements.append(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS, CONSTRAINT {pk} PRIMARY KEY "
                          f"({', '.join(pk_columns)})) PARTITION BY HASH ({key})")
        statements += [f"CREATE TABLE {table}_p{r} PARTITION OF {table} FOR VALUES WITH (MODULUS {n}, REMAINDER {r})"
                       for r in range(n)]
        statements += [f"INSERT INTO {table} SELECT * FROM {old}", f"DROP TABLE {old}"]
        statements += [f"CREATE INDEX {name} ON {table} ({', '.join(columns)})" for name, columns in indexes]
        statements += [f"ALTER TABLE {table} ADD {constraint}" for constraint in foreign]
        for statement in statements:
            connection.execute(text(statement))


def upgrade(url: str, partitions: int) -> None:
    """`migrate.upgrade` with the event tables in ``partitions`` hash partitions (PostgreSQL only;
    migration 0010 must not have run yet: a layout is chosen when the register is created or first
    reaches 0010)."""
    from alembic import command

    from hazardflow.store import migrate

    if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1:
        raise InvalidInput("partitions", "a positive int", partitions, zh="正整数")
    engine = create_engine(url)
    try:
        if engine.dialect.name != "postgresql":
            raise InvalidInput("url", "a PostgreSQL URL (SQLite keeps one table)", url, zh="PostgreSQL 数据库地址")
        with engine.begin() as connection:
            config = migrate.config(connection)
            config.attributes["partitions"] = partitions
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def partitioned(connection: Connection) -> dict[str, int]:
    """The partitioned event tables and how many partitions each has (PostgreSQL)."""
    rows = connection.execute(text(
        "SELECT p.relname, count(i.inhrelid) FROM pg_partitioned_table t JOIN pg_class p ON p.oid = t.partrelid "
        "LEFT JOIN pg_inherits i ON i.inhparent = p.oid GROUP BY p.relname"))
    return {name: int(count) for name, count in rows}
