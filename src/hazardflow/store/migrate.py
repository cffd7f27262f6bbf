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


class SchemaNewer(SchemaOutdated):
    """The database's schema is newer than this hazardflow knows: refused, never migrated down."""

    def __init__(self, current: str, head: str) -> None:
        super().__init__(current, head)
        self.args = (f"数据库结构版本 {current} 比本程序能读的最新版本 {head} 新：请安装更新的 hazardflow "
                     f"（pip install -U hazardflow）后再打开，不要降级或改动数据库 (the schema is at {current}, newer "
                     f"than this hazardflow's {head}: install a newer hazardflow)",)


_LOCK = 1_612_0008
"""The PostgreSQL advisory lock key that serialises migrations (one process migrates, the others wait)."""


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
    """Apply every migration not yet applied, in one transaction, holding the database's write lock
    (SQLite: ``BEGIN IMMEDIATE``, so the DDL is atomic too — pysqlite would otherwise commit each
    statement; PostgreSQL: an advisory lock): processes opening an empty database at once wait for
    the first, then find the schema made. A schema newer than this package is refused (`SchemaNewer`)."""
    from alembic import command

    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK})")
        at = current(connection)
        if at is not None and not _known(at):
            raise SchemaNewer(at, head())
        command.upgrade(config(connection), "head")


def _known(revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the head revision (``hazardflow db upgrade``)."""
    engine = create_engine(url, connect_args={"timeout": 60} if url.startswith("sqlite") else {})
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
        raise SchemaOutdated(at, wanted) if _known(at) else SchemaNewer(at, wanted)
