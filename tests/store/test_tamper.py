"""Tampering with the register's rows, each detected by ``hazardflow db verify`` (with the key): the
plain edits by the chains, heads and replays, the forgeries with the plain hash recomputed by the
MAC and the global sequence, and a deletion of the newest events by a checkpoint taken before."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, create_engine, text

import hazardflow as hf
from hazardflow.cli.main import main
from hazardflow.store import codec
from store.helpers import INSPECTOR, PRINCIPAL, STAFF, at, found, full_loop, open_hazard


@pytest.fixture
def register(url: str) -> dict[str, str]:
    """A register with a closed major hazard (``a``), one in 整改 (``b``), a dossier and activities."""
    major = found(hf.Level.MAJOR)
    full_loop(major)
    with hf.Ledger(url) as ledger:
        ledger.add(major)
        b = ledger.add(open_hazard())
        with ledger.unit(by=INSPECTOR) as u:
            u.note("tip", "T1", "received", at=at(3), by=INSPECTOR, content="煤气柜漏气")
        ledger.record(
            hf.Activity(kind=hf.ActivityKind.SPOT_CHECK, unit="铁西区", at=at(4), by=INSPECTOR, enterprise="甲"),
            hf.Activity(kind=hf.ActivityKind.SPOT_CHECK, unit="铁西区", at=at(5), by=INSPECTOR, enterprise="乙",
                        findings=frozenset({hf.Finding.NO_DUTY_LIST})))
        with ledger.unit(by=STAFF) as u:  # the newest event is b's, after everything above
            u.get(b).submit(evidence="已加装", at=at(6), by=STAFF)
    return {"a": major.id, "b": b}


def verify(url: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["db", "verify", "--db", url, *extra])
    return result.exit_code, result.output


def rechain(c: Connection, hazard_id: str) -> None:
    """Recompute a hazard's plain hash chain and head, as anyone who read `codec.chain_hash` can."""
    prev = codec.GENESIS
    rows = c.execute(text("SELECT * FROM events WHERE hazard_id = :h ORDER BY seq"), {"h": hazard_id}).all()
    for n, r in enumerate(rows, start=1):
        digest = codec.chain_hash(prev, hazard_id, n, r.trigger, r.from_stage, r.to_stage, r.actor, r.at, r.payload,
                                  r.recorded_by)
        c.execute(text("UPDATE events SET seq = :n, prev = :p, hash = :d WHERE hazard_id = :h AND seq = :s"),
                  {"n": n, "p": prev, "d": digest, "h": hazard_id, "s": r.seq})
        prev = digest
    c.execute(text("UPDATE hazards SET events = :n, head = :d WHERE id = :h"),
              {"n": len(rows), "d": prev, "h": hazard_id})


def sql(*statements: str) -> Callable[[Connection, dict[str, str]], None]:
    def run(c: Connection, ids: dict[str, str]) -> None:
        for statement in statements:
            c.execute(text(statement.format(**ids)))
    return run


def forged(trigger: str, edit: str) -> Callable[[Connection, dict[str, str]], None]:
    """Edit hazard a's ``trigger`` event by ``edit`` (SQL SET clause) and recompute the plain chain."""
    def run(c: Connection, ids: dict[str, str]) -> None:
        c.execute(text(f"UPDATE events SET {edit} WHERE hazard_id = :h AND trigger = :t"),
                  {"h": ids["a"], "t": trigger})
        rechain(c, ids["a"])
    return run


def forged_close(c: Connection, ids: dict[str, str]) -> None:
    """A close appended to b (in 验收) with its plain hash, its stage and head updated."""
    actor = codec.dumps(PRINCIPAL)
    c.execute(text("INSERT INTO events (hazard_id, seq, trigger, from_stage, to_stage, actor, at, payload, "
                   "recorded_by, prev, hash) SELECT hazard_id, seq + 1, 'close', 'VERIFYING', 'CLOSED', :a, "
                   "'2023-06-07T09:00:00+08:00[Asia/Shanghai]', '{{}}', recorded_by, hash, '' FROM events "
                   "WHERE hazard_id = :h AND seq = (SELECT MAX(seq) FROM events WHERE hazard_id = :h)"),
              {"a": actor, "h": ids["b"]})
    c.execute(text("UPDATE hazards SET stage = 'CLOSED' WHERE id = :h"), {"h": ids["b"]})
    rechain(c, ids["b"])


def jump(c: Connection, ids: dict[str, str]) -> None:
    """发现→销号: every event of a but found and close deleted, the close re-pointed, the chain recomputed."""
    c.execute(text("DELETE FROM events WHERE hazard_id = :h AND trigger NOT IN ('found', 'close')"), {"h": ids["a"]})
    c.execute(text("UPDATE events SET from_stage = 'FOUND' WHERE hazard_id = :h AND trigger = 'close'"),
              {"h": ids["a"]})
    rechain(c, ids["a"])


def tail_deleted(c: Connection, ids: dict[str, str]) -> None:
    """b's last event deleted, the previous hash copied into its head and its last event's time into its
    report facts (no hash work)."""
    c.execute(text("DELETE FROM events WHERE hazard_id = :h AND seq = 4"), {"h": ids["b"]})
    c.execute(text("UPDATE hazards SET events = 3, head = (SELECT hash FROM events WHERE hazard_id = :h AND seq = 3), "
                   "last_at = (SELECT at FROM events WHERE hazard_id = :h AND seq = 3), "
                   "stage = 'RECTIFYING', evidence = NULL WHERE id = :h"), {"h": ids["b"]})


def reseal_forgery(c: Connection, ids: dict[str, str]) -> None:
    """Edited evidence with the plain chain recomputed and the seals' digests copied from it: the MAC remains."""
    forged("submit", "payload = REPLACE(payload, '联动', '不')")(c, ids)
    c.execute(text("UPDATE seals SET digest = (SELECT hash FROM events WHERE hazard_id = subject AND seq = seals.seq) "
                   "WHERE subject = :h"), {"h": ids["a"]})


DELETE_A = ("DELETE FROM events WHERE hazard_id = '{a}'", "DELETE FROM reports WHERE hazard_id = '{a}'",
            "DELETE FROM plans WHERE hazard_id = '{a}'", "DELETE FROM listings WHERE hazard_id = '{a}'",
            "DELETE FROM hazards WHERE id = '{a}'")

TAMPERING: dict[str, tuple[Callable[[Connection, dict[str, str]], None], str]] = {
    "edit a payload": (sql("UPDATE events SET payload = REPLACE(payload, '联动', '未联动') "
                           "WHERE hazard_id = '{a}'"), "a"),
    "edit an actor": (sql("UPDATE events SET actor = REPLACE(actor, '王五', '王六') WHERE hazard_id = '{a}'"), "a"),
    "delete a middle event": (sql("DELETE FROM events WHERE hazard_id = '{a}' AND seq = 4"), "a"),
    "reorder two events": (sql("UPDATE events SET seq = 100 WHERE hazard_id = '{a}' AND seq = 5",
                               "UPDATE events SET seq = 5 WHERE hazard_id = '{a}' AND seq = 6",
                               "UPDATE events SET seq = 6 WHERE hazard_id = '{a}' AND seq = 100"), "a"),
    "launder the stage": (sql("UPDATE hazards SET stage = 'VERIFYING' WHERE id = '{a}'"), "a"),
    "edit the state row": (sql("UPDATE hazards SET sham = 2 WHERE id = '{a}'"), "a"),
    "edit a report fact": (sql("UPDATE hazards SET closed_at = last_at, first_closed_at = last_at WHERE id = '{b}'"),
                           "b"),  # the 调度表 would count b rectified
    "edit the plan row": (sql("UPDATE plans SET funds = '1.00' WHERE hazard_id = '{a}'"), "a"),
    "edit a 双报告 row": (sql("UPDATE reports SET recipient = '别处' WHERE hazard_id = '{a}'"), "a"),
    "edit the head only": (sql("UPDATE hazards SET head = 'x' WHERE id = '{a}'"), "a"),
    "delete the tail, head copied": (tail_deleted, "b"),
    "delete a whole hazard": (sql(*DELETE_A), "a"),
    "edit an activity": (sql("UPDATE activities SET count = 9 WHERE enterprise = '甲'"), "activity/1"),
    "delete an activity": (sql("DELETE FROM activities WHERE enterprise = '甲'"), "activity/1"),
    "edit a finding": (sql("DELETE FROM activity_findings"), "activity/2"),
    "add an activity": (sql("INSERT INTO activities (kind, unit, at, by, count, flag) "
                            "SELECT kind, unit, at, by, 5, flag FROM activities WHERE enterprise = '甲'"),
                        "activity/3"),
    "edit a record's event": (sql("UPDATE record_events SET payload = REPLACE(payload, '漏气', '正常')"), "tip/T1"),
    "edit a record's state": (sql("UPDATE records SET state = REPLACE(state, '漏气', '正常')"), "tip/T1"),
    "forged close, plain hash recomputed": (forged_close, "b"),
    "发现→销号 jump, plain hash recomputed": (jump, "a"),
    "backdated close, plain hash recomputed": (forged("close", "at = '2023-06-02T09:00:00+08:00[Asia/Shanghai]'"), "a"),
    "edited evidence, plain hash recomputed": (forged("submit", "payload = REPLACE(payload, '联动', '未联动')"), "a"),
    "the seal's digest rewritten too": (reseal_forgery, "a"),
    "a seal deleted": (sql("DELETE FROM seals WHERE gseq = 3"), "全局序号"),
    "the sequence renumbered": (sql("DELETE FROM seals WHERE gseq = 3",
                                    "UPDATE seals SET gseq = gseq - 1 WHERE gseq > 3",
                                    "UPDATE seal_state SET gseq = gseq - 1"), "a"),
    "the sequence's state rolled back": (sql("UPDATE seal_state SET gseq = gseq - 1"), "全局序号"),
}


def test_an_intact_register_verifies(register: dict[str, str], url: str) -> None:
    code, out = verify(url)
    assert code == 0, out
    assert "台账完好" in out


@pytest.mark.parametrize("case", TAMPERING.keys())
def test_each_tampering_is_detected_by_db_verify(register: dict[str, str], url: str, case: str) -> None:
    tamper, subject = TAMPERING[case]
    engine = create_engine(url)
    with engine.begin() as c:
        tamper(c, register)
    engine.dispose()
    code, out = verify(url)
    assert code == 1, out
    named = register.get(subject, subject)
    assert f"✗ {named}：" in out, out


def test_a_checkpoint_taken_before_proves_the_deletion_of_the_newest_events(register: dict[str, str], url: str,
                                                                          tmp_path: Any) -> None:
    kept = tmp_path / "checkpoint.json"
    result = CliRunner().invoke(main, ["db", "checkpoint", "--db", url])
    assert result.exit_code == 0, result.output
    kept.write_text(result.output, encoding="utf-8")
    assert verify(url, "--checkpoint", str(kept))[0] == 0
    engine = create_engine(url)
    with engine.begin() as c:  # the newest event, its seal and the sequence's state rolled back: no gap left
        tail_deleted(c, register)
        last = c.execute(text("SELECT gseq FROM seals ORDER BY gseq DESC LIMIT 1")).scalar()
        c.execute(text("DELETE FROM seals WHERE gseq = :g"), {"g": last})
        c.execute(text("UPDATE seal_state SET gseq = :g, mac = (SELECT mac FROM seals WHERE gseq = :g)"),
                  {"g": last - 1})
    engine.dispose()
    assert verify(url)[0] == 0  # indistinguishable from a register that never had it …
    code, out = verify(url, "--checkpoint", str(kept))
    assert code == 1  # … but the checkpoint proves it
    assert "其后的事件被删除" in out


def test_a_checkpoint_signed_with_another_key_is_refused(register: dict[str, str], url: str, tmp_path: Any) -> None:
    with hf.Ledger(url) as ledger:
        data = ledger.checkpoint()
    data["gseq"] += 1
    kept = tmp_path / "checkpoint.json"
    kept.write_text(json.dumps(data), encoding="utf-8")
    code, out = verify(url, "--checkpoint", str(kept))
    assert code == 1 and "签名不符" in out
