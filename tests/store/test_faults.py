"""Faults with real processes: racing writers, many writers, a writer killed mid-batch, tampering."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, text

import hazardflow as hf
from store import workers
from store.helpers import open_hazard

pytestmark = pytest.mark.slow

SPAWN = multiprocessing.get_context("spawn")


def test_two_processes_transition_the_same_hazard_at_once(ledger: hf.Ledger, url: str) -> None:
    h = open_hazard()
    ledger.add(h)
    barrier = SPAWN.Manager().Barrier(2)
    with SPAWN.Pool(2) as pool:
        outcomes = pool.starmap(workers.race, [(url, h.id, barrier)] * 2)
    assert sorted(outcomes) == ["committed", f"conflict {h.id}"]
    assert len(ledger.history(h.id)) == len(h.events) + 1
    assert ledger.verify_chain() == []


def check_every_commit_has_one_event(ledger: hf.Ledger, url: str, setup: int,
                                     results: list[dict[str, int]]) -> Counter[str]:
    committed: Counter[str] = Counter()
    for result in results:
        committed.update({k: v for k, v in result.items() if k != "conflicts"})
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT hazard_id, COUNT(*), MAX(seq) FROM events GROUP BY hazard_id"))
        stored = {hazard_id: (count, top) for hazard_id, count, top in rows}
    engine.dispose()
    for hazard_id, (count, top) in stored.items():
        assert count == top == setup + committed[hazard_id], hazard_id
        h = ledger.get(hazard_id)
        assert len(h.events) == count
        assert ledger.replay(hazard_id) == h  # no event without its state change, and vice versa
    assert ledger.verify_chain() == []
    return committed


@pytest.mark.postgres
@pytest.mark.parametrize("shared", [False, True], ids=["distinct hazards", "shared hazards"])
def test_eight_processes_five_hundred_transitions_each(pg_url: str, shared: bool) -> None:
    processes, transitions = 8, 500
    with hf.Ledger(pg_url) as ledger:
        hazards = [open_hazard() for _ in range(3 if shared else processes)]
        for h in hazards:
            ledger.add(h)
        ids = [h.id for h in hazards]
        jobs = [(pg_url, ids if shared else [ids[p]], transitions, p) for p in range(processes)]
        with SPAWN.Pool(processes) as pool:
            results = pool.starmap(workers.hammer, jobs)
        committed = check_every_commit_has_one_event(ledger, pg_url, 3, results)
    assert sum(committed.values()) == processes * transitions
    if shared:
        assert sum(r["conflicts"] for r in results) > 0  # the race was real


def test_four_processes_on_sqlite(sqlite_url: str) -> None:
    with hf.Ledger(sqlite_url) as ledger:
        hazards = [open_hazard() for _ in range(2)]
        for h in hazards:
            ledger.add(h)
        ids = [h.id for h in hazards]
        with SPAWN.Pool(4) as pool:
            results = pool.starmap(workers.hammer, [(sqlite_url, ids, 100, p) for p in range(4)])
        committed = check_every_commit_has_one_event(ledger, sqlite_url, 3, results)
    assert sum(committed.values()) == 400


def test_a_writer_killed_mid_batch_leaves_whole_units_only(url: str) -> None:
    batch = 50
    with hf.Ledger(url) as ledger:
        hazards = [open_hazard() for _ in range(batch)]
        for h in hazards:
            ledger.add(h)
    ready = SPAWN.Event()
    writer = SPAWN.Process(target=workers.write_batches, args=(url, [h.id for h in hazards], ready))
    writer.start()
    try:
        assert ready.wait(60), "the writer never committed a batch"
        ready.clear()
        assert ready.wait(60)
        for _ in range(3):  # let it get well into the next batches, then kill it without warning
            ready.clear()
            ready.wait(60)
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.join(30)
    assert writer.exitcode == -signal.SIGKILL
    with hf.Ledger(url) as restarted:
        counts = {len(restarted.history(h.id)) for h in hazards}
        assert len(counts) == 1  # every hazard moved by the same number of whole units
        assert counts.pop() >= 3 + 2
        for h in hazards:
            assert restarted.get(h.id).stage is restarted.replay(h.id).stage
            assert restarted.get(h.id) == restarted.replay(h.id)
        assert restarted.verify_chain() == []
        with restarted.unit(by=h.found_by) as u:  # and the register takes writes again
            workers.step(u.get(hazards[0].id))


def killed_after(units: int, target: Callable[..., None], *args: Any) -> None:
    """Run ``target(*args, ready)`` in a child process and kill it with SIGKILL, without warning, once it
    has committed ``units`` units of work (it sets ``ready`` after each)."""
    ready = SPAWN.Event()
    child = SPAWN.Process(target=target, args=(*args, ready))
    child.start()
    try:
        for _ in range(units):
            assert ready.wait(60), "the child never committed a unit"
            ready.clear()
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(30)
    assert child.exitcode == -signal.SIGKILL


def test_a_writer_killed_mid_unit_of_records_leaves_whole_units_only(url: str) -> None:
    """Kill -9 during units writing cases, a dossier and a hazard together: each unit is all or nothing."""
    with hf.Ledger(url) as ledger:
        h = open_hazard()
        ledger.add(h)
        ids = [f"案-{i}" for i in range(20)]
        with ledger.unit(by=workers.INSPECTOR) as u:
            for case_id in ids:
                inspection = hf.Inspection.signed(enterprise=h.enterprise, scope="煤气", hazards=[h],
                                                  at=workers.at(4), by=workers.INSPECTOR)
                u.put(hf.EnforcementCase.open(inspection=inspection, at=workers.at(4), by=workers.INSPECTOR,
                                              id=case_id))
            u.put(hf.Campaign(workers.SHENYANG).join(h.enterprise, kind="enterprise", sector="金属冶炼",
                                                     at=workers.at(4), by=workers.PRINCIPAL))
    killed_after(4, workers.write_record_batches, url, ids, h.id)
    with hf.Ledger(url) as restarted:
        rounds = {len(restarted.load("case", i).events) - 1 for i in ids}
        assert len(rounds) == 1
        done = rounds.pop()
        assert done >= 4
        assert len(restarted.load("tip", "举-1").events) == done
        assert len(restarted.history(h.id)) == 3 + done
        assert restarted.record_ids("spotcheck") == sorted(f"抽-{n}" for n in range(1, done + 1))
        assert len(restarted.load("dispatch", h.id).events) == len(restarted.load("decision", "罚-1").events) == done
        assert len(restarted.load("participation", f"{workers.SHENYANG}/{h.enterprise}").filings) == done
        assert restarted.verify_chain() == []  # every chain whole, every stored state its replay


def test_a_tick_killed_mid_catch_up_leaves_whole_days_and_catches_up_later(url: str) -> None:
    """Kill -9 while the tick records day after day: every day on record is whole, none twice, and the
    next tick records exactly the days still missing."""
    with hf.Ledger(url) as ledger:
        h = open_hazard()
        ledger.add(h)
    killed_after(3, workers.tick_days, url)
    with hf.Ledger(url) as restarted:
        days = [date.fromisoformat(d) for d in restarted.record_ids("tick")]
        assert len(days) >= 3 and days == [days[0] + timedelta(days=n) for n in range(len(days))]
        assert all(len(restarted.load("tick", d.isoformat()).events) == 1 for d in days)
        assert restarted.verify_chain() == []
        later = days[-1] + timedelta(days=3)
        caught = restarted.tick(hf.at_date(later, 9), by=workers.CLOCK)
        assert [d.id for d in caught] == [(days[-1] + timedelta(days=n)).isoformat() for n in (1, 2, 3)]
        assert restarted.verify_chain() == []
