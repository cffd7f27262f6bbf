"""``Ledger(url, read_url=...)`` (issue 20): reports and queries read a streaming replica, units and `get`
the primary — against a real hot standby of the test cluster (`.ci/services/postgres.sh` starts it with
pg_basebackup on 127.0.0.1 and sets ``HAZARDFLOW_PG_REPLICA_URL``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date

import pytest

import hazardflow as hf
from store.helpers import STAFF, found, full_loop, open_hazard

pytestmark = pytest.mark.postgres


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture
def urls(pg_url: str) -> Iterator[tuple[str, str]]:
    """The fresh test database on the primary, and the same database on the replica (replayed there)."""
    import psycopg

    replica = os.environ.get("HAZARDFLOW_PG_REPLICA_URL")
    if not replica:
        if os.environ.get("HAZARDFLOW_REQUIRE_PG") == "1" and os.environ.get("HAZARDFLOW_PG_REPLICA") != "0":
            pytest.fail("HAZARDFLOW_REQUIRE_PG=1 but HAZARDFLOW_PG_REPLICA_URL is not set (.ci/services/postgres.sh)")
        pytest.skip("no replica: HAZARDFLOW_PG_REPLICA_URL is not set (.ci/services/postgres.sh sets it)")
    read_url = f"{replica.rpartition('/')[0]}/{pg_url.rpartition('/')[2]}"
    hf.Ledger(pg_url).close()  # the schema, on the primary
    _caught_up(pg_url, read_url)
    yield pg_url, read_url
    with psycopg.connect(_plain(replica), autocommit=True) as standby:
        if standby.execute("SELECT pg_is_wal_replay_paused()").fetchone() == (True,):
            standby.execute("SELECT pg_wal_replay_resume()")


def _caught_up(primary: str, replica: str) -> None:
    """Wait until the replica has replayed everything the primary wrote so far."""
    import psycopg

    with psycopg.connect(_plain(primary), autocommit=True) as p:
        lsn = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]  # type: ignore[index]
    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(_plain(replica), autocommit=True) as r:
                if r.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone() == (True,):
                    return
        except psycopg.OperationalError:  # the database itself not replayed yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the replica did not catch up within 60 s")
        time.sleep(0.05)


def test_reports_and_queries_read_the_replica(urls: tuple[str, str]) -> None:
    primary, replica = urls
    hazards = [open_hazard() for _ in range(3)] + [found(hf.Level.MAJOR)]
    full_loop(hazards[-1])
    with hf.Ledger(primary, read_url=replica) as ledger:
        with ledger.read_engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_is_in_recovery()").scalar() is True
        ledger.import_hazards(hazards, by=STAFF)
        _caught_up(primary, replica)
        assert ledger.count() == 4 and sorted(ledger.ids()) == sorted(h.id for h in hazards)
        assert ledger.find() == ledger.get_many(ledger.ids())
        assert ledger.query(limit=2).total == 4
        register = hf.reports.register(ledger, date(2023, 12, 31))
        assert [r.description for r in register.rows] == ["煤气柜未设置泄漏报警"]
        with hf.Ledger(primary) as alone:
            assert hf.reports.register(alone, date(2023, 12, 31)) == register


def test_a_paused_replica_shows_the_past_while_units_read_the_primary(urls: tuple[str, str]) -> None:
    import psycopg

    primary, replica = urls
    standby = replica.rpartition("/")[0] + "/hazardflow"
    with hf.Ledger(primary, read_url=replica) as ledger:
        first = ledger.add(open_hazard())
        _caught_up(primary, replica)
        with psycopg.connect(_plain(standby), autocommit=True) as r:
            r.execute("SELECT pg_wal_replay_pause()")
        later = ledger.add(open_hazard())
        assert ledger.get(later).id == later  # the primary: a unit's writes read back at once
        with ledger.unit(by=STAFF) as u:
            assert u.get(later).stage is hf.Stage.RECTIFYING
        assert ledger.ids() == [first] and ledger.count() == 1  # the replica, paused before it
        with psycopg.connect(_plain(standby), autocommit=True) as r:
            r.execute("SELECT pg_wal_replay_resume()")
        _caught_up(primary, replica)
        assert sorted(ledger.ids()) == sorted([first, later])


def test_a_replica_of_another_kind_is_refused(urls: tuple[str, str], sqlite_url: str) -> None:
    primary, _ = urls
    with pytest.raises(hf.InvalidInput, match="read_url"):
        hf.Ledger(primary, read_url=sqlite_url)
