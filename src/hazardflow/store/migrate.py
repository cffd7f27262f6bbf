"""Schema migrations: Alembic, configured in code (no alembic.ini), shipped inside the package.

`upgrade(url)` is what ``hazardflow db upgrade`` runs; `Ledger` runs the very same function on a
database that has no schema yet, and refuses one whose revision is not the head. There is no
``metadata.create_all`` anywhere: the migrations are the only path to a schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
"""The Alembic script directory inside the installed package."""


class SchemaOutdated(RuntimeError):
    """The database's schema is not at the package's head revision."""

    def __init__(self, current: str | None, head: str) -> None:
        self.current = current
        self.head = head
        super().__init__(f"the database schema is at revision {current!r}, this hazardflow needs {head!r}; "
                         "run `hazardflow db upgrade --url URL`")


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations (and at ``connection``)."""
    from alembic.config import Config  # imported on use: `import hazardflow` stays light

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision shipped with this package."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    """The revision the database is at (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade_engine(engine: Engine) -> None:
    """Apply every migration not yet applied, in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(config(connection), "head")


def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the head revision (``hazardflow db upgrade``)."""
    engine = create_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()


def ensure(engine: Engine) -> None:
    """Create the schema on an empty database through the migrations; refuse an outdated one."""
    with engine.connect() as connection:
        at = current(connection)
    if at is None:
        upgrade_engine(engine)
        return
    wanted = head()
    if at != wanted:
        raise SchemaOutdated(at, wanted)
