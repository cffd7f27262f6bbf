"""Connections that recover: a Ledger used in children after fork(), a connection the server dropped."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import create_engine, text

import hazardflow as hf
from store.helpers import STAFF, open_hazard, step


def test_a_ledger_used_in_forked_children_keeps_every_register_intact(ledger: hf.Ledger) -> None:
    hazards = [open_hazard() for _ in range(6)]
    for h in hazards:
        ledger.add(h)
    ledger.get(hazards[0].id)  # the parent holds a connection (kept and pooled) when it forks
    children = []
    for h in hazards[1:]:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                for _ in range(5):
                    with ledger.unit(by=STAFF) as u:
                        step(u.get(h.id))
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    for _ in range(5):
        with ledger.unit(by=STAFF) as u:
            step(u.get(hazards[0].id))
    assert all(os.waitpid(pid, 0)[1] == 0 for pid in children)
    assert ledger.verify_chain() == []
    assert [len(ledger.history(h.id)) for h in hazards] == [8] * 6


@pytest.mark.postgres
def test_writers_recover_after_the_server_drops_every_connection_twice(pg_url: str) -> None:
    h = open_hazard()
    with hf.Ledger(pg_url) as ledger:
        ledger.add(h)
        admin = create_engine(pg_url)
        for _ in range(2):  # what a restart does to the pooled and the kept connections
            with admin.connect() as c:
                c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            for _ in range(3):
                try:
                    with ledger.unit(by=STAFF) as u:
                        step(u.get(h.id))
                    break
                except hf.StorageError as error:
                    assert error.written is False  # refused before committing: safe to retry
        admin.dispose()
        assert len(ledger.history(h.id)) == len(h.events) + 2
        assert ledger.verify_chain() == []


def test_a_unit_retried_under_its_idempotency_key_is_applied_once(ledger: hf.Ledger) -> None:
    h = open_hazard()
    ledger.add(h)
    for attempt in range(2):  # the second: a retry after a commit whose outcome was unknown
        with ledger.unit(by=STAFF, key="交办-2023-06-04-001") as u:
            u.note("tip", "T9", "received", at=h.events[-1].at, by=STAFF, content="第二次不应再记")
        assert u.duplicate is (attempt == 1)
    assert len(ledger.load("tip", "T9").events) == 1
    assert ledger.verify_chain() == []


def test_threads_sharing_a_ledger_with_a_small_cache_read_every_hazard(sqlite_url: str) -> None:
    """`hazardflow serve` reads one Ledger from many threads: the cache's LRU moves race with evictions
    (a KeyError once reached HTTP as a 500); every read must still give the stored hazard."""
    with hf.Ledger(sqlite_url, cache=3) as ledger:
        ids = [ledger.add(open_hazard()) for _ in range(12)]
        failures: list[BaseException] = []

        def read(k: int) -> None:
            try:
                for n in range(400):
                    hazard_id = ids[(k * 5 + n) % len(ids)]
                    assert ledger.get(hazard_id).id == hazard_id
            except BaseException as error:  # reported, not lost with the thread
                failures.append(error)

        threads = [threading.Thread(target=read, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
