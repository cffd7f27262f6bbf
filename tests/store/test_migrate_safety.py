"""Migrations that cannot leave a register half-made: atomic on SQLite, serialised on first open, and a
schema newer than the package refused with what to install."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest
from alembic.operations import Operations
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

import hazardflow as hf
from hazardflow.cli.main import main
from hazardflow.store import migrate
from store import workers

SPAWN = multiprocessing.get_context("spawn")


def test_a_fault_in_the_third_create_table_leaves_nothing_and_the_next_open_works(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    made = Operations.create_table
    calls = {"n": 0}

    def failing(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (injected)")
        return made(self, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_table", failing)
    with pytest.raises(OSError, match="injected"):
        hf.Ledger(sqlite_url)
    engine = create_engine(sqlite_url)
    assert inspect(engine).get_table_names() == []  # all or nothing
    engine.dispose()
    monkeypatch.setattr(Operations, "create_table", made)
    with hf.Ledger(sqlite_url) as ledger:
        assert ledger.count() == 0


def test_eight_processes_opening_an_empty_register_at_once_all_succeed(url: str) -> None:
    barrier = SPAWN.Manager().Barrier(8)
    with SPAWN.Pool(8) as pool:
        assert pool.starmap(workers.first_open, [(url, barrier)] * 8) == [0] * 8
    engine = create_engine(url)
    with engine.connect() as c:
        assert c.scalar(text("SELECT version_num FROM alembic_version")) == migrate.head()
    engine.dispose()


def test_a_newer_schema_is_refused_naming_the_version_and_what_to_install(url: str) -> None:
    hf.Ledger(url).close()
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(migrate.SchemaNewer, match=r"0099.*pip install -U hazardflow"):
        hf.Ledger(url)
    result = CliRunner().invoke(main, ["db", "upgrade", "--db", url])
    assert result.exit_code != 0 and "0099" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
