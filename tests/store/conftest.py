"""Store fixtures: a ``url`` over a fresh SQLite file and a fresh PostgreSQL database.

PostgreSQL comes from ``HAZARDFLOW_PG_URL`` (``.ci/services/postgres.sh`` starts a throwaway
cluster and sets it). Each PostgreSQL test gets a database of its own, dropped afterwards. With
no server reachable the PostgreSQL tests are skipped with the reason, unless
``HAZARDFLOW_REQUIRE_PG=1`` (CI), where they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache

import pytest

import hazardflow as hf
from store.helpers import open_hazard

os.environ.setdefault("HAZARDFLOW_KEY", "store-tests-key-not-a-secret")
"""The register key (`store.seal`) for PostgreSQL, whose key never lives in the database; the SQLite
key file beside the register is tested with this unset (test_seal.py)."""


@cache
def pg_server() -> tuple[str | None, str]:
    """The server URL and "" when reachable, else None and why not."""
    url = os.environ.get("HAZARDFLOW_PG_URL")
    if not url:
        return None, "HAZARDFLOW_PG_URL is not set (.ci/services/postgres.sh sets it)"
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed (pip install -e '.[postgres]')"
    try:
        psycopg.connect(_plain(url), connect_timeout=3).close()
    except psycopg.Error as error:
        return None, f"no PostgreSQL server reachable at {url}: {error}".strip()
    return url, ""


def _plain(url: str) -> str:
    """A libpq URL from a SQLAlchemy one."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _server_or_skip() -> str:
    url, why = pg_server()
    if url is None:
        if os.environ.get("HAZARDFLOW_REQUIRE_PG") == "1":
            pytest.fail(f"HAZARDFLOW_REQUIRE_PG=1 but {why}")
        pytest.skip(why)
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database; dropped after the test."""
    import psycopg

    server = _server_or_skip()
    name = f"hf_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_plain(server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = server.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(_plain(server), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    """A fresh SQLite file."""
    return f"sqlite:///{tmp_path}/register.db"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    """Each store test runs on SQLite and on PostgreSQL."""
    name = "pg_url" if request.param == "postgres" else "sqlite_url"
    value: str = request.getfixturevalue(name)
    return value


@pytest.fixture
def ledger(url: str) -> Iterator[hf.Ledger]:
    with hf.Ledger(url) as opened:
        yield opened


@pytest.fixture
def clerk() -> hf.Actor:
    return hf.Actor("周八", hf.Role.ENTERPRISE, "沈阳某钢铁公司")


@pytest.fixture
def stored(ledger: hf.Ledger) -> hf.Hazard:
    """A general hazard on the ledger, in 整改."""
    h = open_hazard()
    ledger.add(h)
    return h
