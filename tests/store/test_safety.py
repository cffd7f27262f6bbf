"""Safe persistence: bare SQLite paths, `Ledger.retrying` on Conflict, storage faults that say what was written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import hazardflow as hf
from store.helpers import STAFF, open_hazard, step


def test_a_bare_path_is_an_sqlite_file(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    with hf.Ledger("taizhang.db") as ledger:
        ledger.add(open_hazard("h1"))
        assert ledger.url == "sqlite:///taizhang.db"
    assert (tmp_path / "taizhang.db").exists()
    with pytest.raises(hf.InvalidInput, match="url"):
        hf.Ledger("")


def test_not_found_is_public(ledger: hf.Ledger) -> None:
    with pytest.raises(hf.NotFound) as missing:
        ledger.get("nope")
    assert missing.value.hazard_id == "nope" and str(missing.value) == "台账中没有隐患 nope"


def test_retrying_reruns_the_work_on_conflict(ledger: hf.Ledger) -> None:
    h = open_hazard()
    ledger.add(h)
    runs: list[int] = []

    def work(u: hf.Unit) -> hf.Event:
        runs.append(len(runs))
        event = step(u.get(h.id))
        if len(runs) == 1:  # a rival commits between this attempt's read and its commit
            with ledger.unit(by=STAFF) as rival:
                step(rival.get(h.id))
        return event

    event = ledger.retrying(work, by=STAFF, attempts=3)
    # the rival submitted; the second attempt read 验收 and so rejected: one event each, none lost
    assert runs == [0, 1] and event.trigger == "reject"
    assert [e.trigger for e in ledger.history(h.id)][-2:] == ["submit", "reject"] and ledger.verify_chain() == []


def test_retrying_gives_up_after_its_attempts(ledger: hf.Ledger) -> None:
    h = open_hazard()
    ledger.add(h)

    def always_raced(u: hf.Unit) -> None:
        step(u.get(h.id))
        with ledger.unit(by=STAFF) as rival:
            step(rival.get(h.id))

    with pytest.raises(hf.Conflict):
        ledger.retrying(always_raced, by=STAFF, attempts=2)
    assert len(ledger.history(h.id)) == len(h.events) + 2  # only the rivals' two commits
    with pytest.raises(hf.InvalidInput, match="attempts"):
        ledger.retrying(always_raced, by=STAFF, attempts=0)


def test_a_storage_fault_says_nothing_was_written(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with hf.Ledger(f"sqlite:///{path}") as ledger:
        h = open_hazard()
        ledger.add(h)
    with hf.Ledger(f"sqlite:///file:{path}?mode=ro&uri=true") as readonly:
        with pytest.raises(hf.StorageError) as fault, readonly.unit(by=STAFF) as u:
            step(u.get(h.id))
        assert fault.value.written is False and "未写入任何内容" in str(fault.value)
        assert readonly.get(h.id) == h
