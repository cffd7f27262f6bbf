"""Alembic environment: runs on the connection handed over in ``config.attributes`` (migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from hazardflow.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # pragma: no cover - the `alembic` command line, given a sqlalchemy.url
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
