"""The register of record beyond hazards: cases, suspensions, participations and dossiers stored as
event-sourced records with the hazards' guarantees (one transaction, optimistic locking, the hash
chain, replay), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

import hazardflow as hf
from hazardflow.store.records import KINDS, participation_id
from store.helpers import INSPECTOR, PRINCIPAL, STAFF, at, found, plan


def major_overdue(ledger: hf.Ledger) -> hf.Hazard:
    h = found(hf.Level.MAJOR, source=hf.Source.DEPARTMENT)
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(1, 30), by=PRINCIPAL)
    h.assign(plan=plan(date(2023, 6, 10)), at=at(2), by=PRINCIPAL)
    ledger.add(h)
    return h


def opened_case(ledger: hf.Ledger, h: hf.Hazard) -> hf.EnforcementCase:
    inspection = hf.Inspection.signed(enterprise=h.enterprise, scope="煤气系统", hazards=[h], at=at(1, 10),
                                      by=INSPECTOR)
    case = hf.EnforcementCase.open(inspection=inspection, at=at(1, 10), by=INSPECTOR, id="案-1")
    with ledger.unit(by=INSPECTOR) as u:
        u.put(case)
    return case


def test_a_case_through_its_steps_is_stored_unit_by_unit(ledger: hf.Ledger) -> None:
    h = major_overdue(ledger)
    opened_case(ledger, h)
    decision = hf.decide_penalty(ledger.get(h.id), at=at(15))
    penalty = decision.confirm(number="沈应急罚〔2023〕1号", at=at(15, 30), by=INSPECTOR,
                               fines={hf.Target.ENTERPRISE: Decimal(5), hf.Target.PRINCIPAL: Decimal(3)})
    with ledger.unit(by=INSPECTOR) as u:
        u.note("decision", penalty.number, "propose", at=at(15), by=INSPECTOR, decision=decision)
        u.note("decision", penalty.number, "confirm", at=at(15, 30), by=INSPECTOR, penalty=penalty)
        u.load("case", "案-1").penalize(penalty=penalty, at=at(15, 30), by=INSPECTOR)
    with ledger.unit(by=INSPECTOR) as u:
        u.load("case", "案-1").publish(number=penalty.number, at=at(16), by=INSPECTOR)
    case = ledger.load("case", "案-1")
    assert case.stage is hf.CaseStage.PENALIZED
    assert case.penalties[0].published is not None and case.penalties[0].dual
    assert [e.trigger for e in case.events] == ["inspect", "penalize", "publish"]
    assert ledger.load("decision", penalty.number)["penalty"] == penalty
    assert [rid for rid, _ in ledger.events_of("decision", ["confirm"], before="2023-06-16")] == [penalty.number]
    assert ledger.events_of("decision", ["confirm"], before="2023-06-15T09:00") == []
    assert ledger.record_ids("decision", prefix="沈应急罚") == [penalty.number] == ledger.record_ids("decision")
    assert ledger.record_ids("case", prefix="案-") == ["案-1"] and ledger.record_ids("case", prefix="案-2") == []
    with pytest.raises(hf.InvalidInput, match="prefix"):
        ledger.record_ids("case", prefix="")
    assert ledger.verify_chain() == []


def test_suspension_and_participation(ledger: hf.Ledger) -> None:
    h = major_overdue(ledger)
    order = hf.Suspension.ordered(hazards=[h], reason="重大事故隐患无法保证安全", at=at(12), by=INSPECTOR, id="停-1")
    campaign = hf.Campaign("shenyang-2023")
    p = campaign.join(h.enterprise, kind="enterprise", sector="金属冶炼",
                      at=datetime(2023, 5, 20, 9, tzinfo=hf.SHANGHAI), by=PRINCIPAL)
    with ledger.unit(by=INSPECTOR) as u:
        u.put(order)
        u.put(p)
    with ledger.unit(by=PRINCIPAL) as u:
        stored = u.load("participation", participation_id("shenyang-2023", h.enterprise))
        assert stored.kind is hf.notices.UnitKind.ENTERPRISE
    assert ledger.load("suspension", "停-1").in_force
    assert ledger.record_ids("participation") == [participation_id("shenyang-2023", h.enterprise)]
    assert ledger.verify_chain() == []


def test_an_exception_writes_nothing_and_a_stale_read_conflicts(ledger: hf.Ledger) -> None:
    h = major_overdue(ledger)
    opened_case(ledger, h)
    with pytest.raises(ZeroDivisionError), ledger.unit(by=INSPECTOR) as u:
        u.note("tip", "举-1", "receive", at=at(3), by=INSPECTOR, content="举报内容")
        u.load("case", "案-1").reinspect(finding="隐患依然存在", remaining=[h.id], at=at(20), by=INSPECTOR)
        1 / 0  # noqa: B018
    assert ledger.record_ids("tip") == [] and len(ledger.load("case", "案-1").events) == 1
    with pytest.raises(hf.Conflict, match="记录 case/案-1"), ledger.unit(by=INSPECTOR) as u:
        u.load("case", "案-1").reinspect(finding="隐患依然存在", remaining=[h.id], at=at(20), by=INSPECTOR)
        u.note("tip", "举-1", "receive", at=at(3), by=INSPECTOR, content="举报内容")
        with ledger.unit(by=INSPECTOR) as rival:
            rival.load("case", "案-1").reinspect(finding="已整改", at=at(21), by=INSPECTOR)
    assert ledger.record_ids("tip") == []
    assert [e.trigger for e in ledger.load("case", "案-1").events] == ["inspect", "reinspect"]


def test_bad_input_is_refused(ledger: hf.Ledger) -> None:
    with ledger.unit(by=INSPECTOR) as u:
        with pytest.raises(hf.InvalidInput, match="kind"):
            u.note("case", "x", "receive", at=at(3), by=INSPECTOR)
        with pytest.raises(hf.InvalidInput, match="kind"):
            u.load("nothing", "x")
        with pytest.raises(hf.store.NotFound, match="台账中没有执法案件 无此案"):
            u.load("case", "无此案")
        u.note("tip", "举-1", "receive", at=at(3), by=INSPECTOR, content="内容")
        with pytest.raises(hf.InvalidInput, match="at"):
            u.note("tip", "举-1", "verify", at=at(2), by=INSPECTOR, hazard="h")
    assert sorted(KINDS) == ["case", "decision", "dispatch", "participation", "spotcheck", "suspension", "tick", "tip",
                            "trace", "typical"]


@pytest.mark.parametrize("edit", [
    "UPDATE record_events SET payload = '{}' WHERE seq = 2",
    "DELETE FROM record_events WHERE seq = 2",
    "UPDATE records SET state = replace(state, 'INSPECTED', 'CLOSED')",
    "UPDATE records SET origin = replace(origin, '煤气系统', '别的')",
])
def test_verify_chain_covers_the_records(ledger: hf.Ledger, url: str, edit: str) -> None:
    h = major_overdue(ledger)
    opened_case(ledger, h)
    with ledger.unit(by=INSPECTOR) as u:
        u.load("case", "案-1").reinspect(finding="隐患依然存在", remaining=[h.id], at=at(20), by=INSPECTOR)
    assert ledger.verify_chain() == []
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(edit))
    engine.dispose()
    assert ledger.verify_chain() == ["case/案-1"]


def test_replay_of_every_record_equals_its_state(ledger: hf.Ledger) -> None:
    h = major_overdue(ledger)
    opened_case(ledger, h)
    with ledger.unit(by=STAFF) as u:
        tip = hf.TipOff.received_by(content="煤气柜无报警", enterprise=h.enterprise, at=at(1), by=INSPECTOR, id="举-1")
        u.note("tip", tip.id, "receive", at=at(1), by=INSPECTOR, tip=tip)
        check = hf.SpotCheck.made(enterprise=h.enterprise, findings=[hf.Finding.NO_DRILLS], at=at(2), by=INSPECTOR,
                                  id="抽-1")
        u.note("spotcheck", check.id, "check", at=check.at, by=INSPECTOR, check=check)
        u.note("dispatch", h.id, "dispatch", at=at(3), by=INSPECTOR,
               dispatch=hf.Dispatch(h.id, "整改中", INSPECTOR, at(3)))
    assert ledger.load("spotcheck", "抽-1")["check"] == check
    assert ledger.verify_chain() == []
    for kind in KINDS:
        for record_id in ledger.record_ids(kind):
            stored = KINDS[kind].state(ledger.load(kind, record_id))
            engine = create_engine(ledger.url)
            with engine.connect() as connection:
                assert connection.scalar(text("SELECT state FROM records WHERE kind = :k AND id = :i"),
                                         {"k": kind, "i": record_id}) == stored
            engine.dispose()
    engine = create_engine(ledger.url)
    with engine.begin() as connection:  # a finding taken out of the stored check
        connection.execute(text("UPDATE record_events SET payload = replace(payload, 'NO_DRILLS', 'NO_DUTY_LIST') "
                                "WHERE kind = 'spotcheck'"))
    engine.dispose()
    assert ledger.verify_chain() == ["spotcheck/抽-1"]
