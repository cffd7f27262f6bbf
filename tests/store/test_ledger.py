"""The Ledger on SQLite and PostgreSQL: round trips, units of work, locking, queries, the chain."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import hazardflow as hf
from store import workers
from store.helpers import INSPECTOR, PRINCIPAL, STAFF, at, found, full_loop, open_hazard, plan, step


def database_image(url: str) -> object:
    """Everything stored: the SQLite files' bytes, or every PostgreSQL row in order."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return [p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))))
                    for table in ("hazards", "plans", "listings", "reports", "events", "alembic_version")}
    finally:
        engine.dispose()


def test_full_loop_read_back_in_another_process(ledger: hf.Ledger, url: str) -> None:
    h = found(hf.Level.MAJOR)
    ledger.add(h)
    with ledger.unit(by=STAFF) as u:
        full_loop(u.get(h.id))
        done = u.get(h.id)
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        seen = pool.apply(workers.read_back, (url, h.id))
    assert seen == workers.portrait(done)
    assert done.stage is hf.Stage.CLOSED
    assert len(done.events) == 9
    assert ledger.get(h.id) == done
    assert ledger.replay(h.id) == done
    assert ledger.history(h.id) == list(done.events)


def test_exception_in_a_unit_writes_nothing(ledger: hf.Ledger, url: str, stored: hf.Hazard) -> None:
    before = database_image(url)
    with pytest.raises(RuntimeError, match="boom"), ledger.unit(by=STAFF) as u:
        h = u.get(stored.id)
        step(h)
        u.add(found())
        raise RuntimeError("boom")
    assert database_image(url) == before
    assert ledger.get(stored.id) == stored


def test_a_refused_trigger_in_a_unit_writes_nothing(ledger: hf.Ledger, url: str, stored: hf.Hazard) -> None:
    before = database_image(url)
    with pytest.raises(hf.Rejected), ledger.unit(by=STAFF) as u:
        h = u.get(stored.id)
        step(h)
        h.close(at=at(9), by=STAFF)  # H5: the rectifier may not accept his own work
    assert database_image(url) == before


def test_a_unit_writes_state_and_events_together(ledger: hf.Ledger, stored: hf.Hazard) -> None:
    with ledger.unit(by=STAFF) as u:
        h = u.get(stored.id)
        assert u.get(stored.id) is h
        step(h)
        step(h)
        step(h)
    again = ledger.get(stored.id)
    assert again.stage is hf.Stage.VERIFYING
    assert [e.trigger for e in again.events] == ["found", "assign", "rectify", "submit", "reject", "submit"]
    assert again == h
    assert ledger.verify_chain() == []


def test_a_unit_without_changes_writes_nothing(ledger: hf.Ledger, url: str, stored: hf.Hazard) -> None:
    before = database_image(url)
    with ledger.unit(by=STAFF) as u:
        u.get(stored.id)
    assert database_image(url) == before


def test_stale_unit_raises_conflict_and_writes_nothing(ledger: hf.Ledger, url: str, stored: hf.Hazard) -> None:
    other = found()
    stale = ledger.unit(by=STAFF).__enter__()
    h = stale.get(stored.id)
    with ledger.unit(by=STAFF) as rival:
        step(rival.get(stored.id))
    step(h)
    stale.add(other)
    before = database_image(url)
    with pytest.raises(hf.Conflict) as caught:
        stale.__exit__(None, None, None)
    assert caught.value.hazard_id == stored.id
    assert stored.id in str(caught.value)
    assert database_image(url) == before
    assert ledger.ids() == [stored.id]
    assert len(ledger.get(stored.id).events) == len(stored.events) + 1
    assert ledger.verify_chain() == []


def test_no_double_transition(ledger: hf.Ledger, stored: hf.Hazard) -> None:
    first, second = ledger.unit(by=STAFF).__enter__(), ledger.unit(by=STAFF).__enter__()
    step(first.get(stored.id))
    step(second.get(stored.id))  # both submit from 整改
    first.__exit__(None, None, None)
    with pytest.raises(hf.Conflict):
        second.__exit__(None, None, None)
    with ledger.unit(by=STAFF) as retry:
        step(retry.get(stored.id))  # read again: now in 验收, so the retry rejects
    assert [e.trigger for e in ledger.history(stored.id)][3:] == ["submit", "reject"]


def test_units_on_many_threads_share_the_ledger(ledger: hf.Ledger) -> None:
    """Units and reads on several threads at once: the connection the Ledger keeps between units
    serves one at a time, the others take pooled ones."""
    ids = [ledger.add(open_hazard()) for _ in range(4)]

    def work(hazard_id: str) -> None:
        for n in range(5):
            with ledger.unit(by=STAFF) as u:
                step(u.get(hazard_id), n)
            assert len(ledger.get(hazard_id).events) == 4 + n

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, ids))
    assert [len(ledger.history(i)) for i in ids] == [8] * 4
    assert ledger.verify_chain() == []


def test_a_closed_ledger_opens_again_on_use(ledger: hf.Ledger, stored: hf.Hazard) -> None:
    with ledger.unit(by=STAFF) as u:
        step(u.get(stored.id))
    ledger.close()
    with ledger.unit(by=STAFF) as u:
        step(u.get(stored.id))
    assert len(ledger.history(stored.id)) == len(stored.events) + 2


def test_adding_the_same_hazard_twice_is_a_conflict(ledger: hf.Ledger, stored: hf.Hazard) -> None:
    with pytest.raises(hf.Conflict):
        ledger.add(stored)
    assert ledger.count() == 1


def test_unknown_hazard(ledger: hf.Ledger) -> None:
    with pytest.raises(KeyError, match="nope"):
        ledger.get("nope")
    with pytest.raises(KeyError), ledger.unit(by=STAFF) as u:
        u.get("nope")


def test_a_hazard_read_outside_a_unit_refuses_triggers(ledger: hf.Ledger, stored: hf.Hazard) -> None:
    h = ledger.get(stored.id)
    with pytest.raises(hf.ReadOnly, match="只读快照") as refused:
        step(h)  # outside a unit it would not be saved: refused, not silently lost
    assert refused.value.hazard_id == stored.id and h == stored
    assert h.why_not("submit", evidence="已整改", at=at(9), by=STAFF) == []  # questions still answered
    assert ledger.get(stored.id) == stored


def test_queries(ledger: hf.Ledger) -> None:
    general = open_hazard()
    major = found(hf.Level.MAJOR, unit="沈河区", sector="危险化学品", source=hf.Source.DEPARTMENT)
    major.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(1), by=STAFF)
    major.assign(plan=plan(date(2023, 6, 10)), at=at(2), by=PRINCIPAL)
    major.list_for_supervision(title="挂牌督办通知", number="沈安委〔2023〕8号", at=at(3), by=INSPECTOR)
    closed = found()
    closed.fix_on_spot(measures="当场更换", at=at(1), by=STAFF)
    closed.close(at=at(2), by=PRINCIPAL)
    for h in (general, major, closed):
        ledger.add(h)
    assert ledger.ids(level=hf.Level.MAJOR) == [major.id]
    assert set(ledger.ids(stage=hf.Stage.RECTIFYING)) == {general.id}
    assert set(ledger.ids(source=hf.Source.SELF_CHECK)) == {general.id, closed.id}
    assert ledger.ids(unit="沈河区", sector="危险化学品", enterprise=major.enterprise) == [major.id]
    assert ledger.ids(listed=True) == [major.id]
    assert set(ledger.ids(listed=False)) == {general.id, closed.id}
    assert ledger.ids(overdue_at=date(2023, 6, 10)) == []
    assert ledger.ids(overdue_at=date(2023, 6, 11)) == [major.id]
    assert set(ledger.ids(overdue_at=at(31))) == {general.id, major.id}
    assert [h.id for h in ledger.find(level=hf.Level.MAJOR, listed=True)] == [major.id]
    assert ledger.find(level=hf.Level.MAJOR)[0] == major
    with ledger.unit(by=INSPECTOR) as u:
        u.get(major.id).delist(at=at(4), by=INSPECTOR)
    assert ledger.ids(listed=True) == []


def test_replay_equals_stored(ledger: hf.Ledger) -> None:
    h = found(hf.Level.MAJOR)
    full_loop(h)
    h.reopen(reason="回头看发现报警仪未联动", at=at(25), by=INSPECTOR)
    ledger.add(h)
    assert ledger.replay(h.id) == ledger.get(h.id) == h
    assert ledger.get(h.id).sham == 1


TAMPERING = {
    "edit a payload": "UPDATE events SET payload = REPLACE(payload, '已安装', '未安装') WHERE seq = 7",
    "edit an actor": "UPDATE events SET actor = REPLACE(actor, '王五', '王六') WHERE seq = 9",
    "delete the last event": "DELETE FROM events WHERE seq = 9",
    "delete a middle event": "DELETE FROM events WHERE seq = 4",
    "reorder two events": "UPDATE events SET seq = CASE seq WHEN 5 THEN 6 ELSE 5 END WHERE seq IN (5, 6)",
    "edit the state row": "UPDATE hazards SET stage = 'RECTIFYING'",
    "edit the plan row": "UPDATE plans SET funds = '1.00'",
}


@pytest.mark.parametrize("sql", TAMPERING.values(), ids=TAMPERING.keys())
def test_verify_chain_names_tampered_hazards(ledger: hf.Ledger, url: str, sql: str) -> None:
    intact, tampered = found(hf.Level.MAJOR), found(hf.Level.MAJOR)
    for h in (intact, tampered):
        full_loop(h)
        ledger.add(h)
    assert ledger.verify_chain() == []
    engine = create_engine(url)
    with engine.begin() as connection:
        if "seq IN (5, 6)" in sql:  # two steps, so the primary key holds throughout
            connection.execute(text("UPDATE events SET seq = -seq WHERE seq IN (5, 6) AND hazard_id = :id"),
                               {"id": tampered.id})
            sql = "UPDATE events SET seq = CASE seq WHEN -5 THEN 6 ELSE 5 END WHERE seq IN (-5, -6)"
        where = "hazard_id" if "hazards" not in sql else "id"
        joiner = " AND " if " WHERE " in sql else " WHERE "
        connection.execute(text(f"{sql}{joiner}{where} = :id"), {"id": tampered.id})
    engine.dispose()
    assert ledger.verify_chain() == [tampered.id]


def test_chain_links_every_event(ledger: hf.Ledger, url: str, stored: hf.Hazard) -> None:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT seq, prev, hash FROM events ORDER BY seq")).all()
    engine.dispose()
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev == ""
    assert [r.prev for r in rows[1:]] == [r.hash for r in rows[:-1]]
