"""Principle 10: a table for a past day uses only events up to the end of that day (Asia/Shanghai),
and is byte-identical whenever it is produced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import hazardflow as hf
from tests.conftest import at

MINGYUESHAN = hf.notices.load("mingyueshan-2023")
SHENYANG = hf.notices.load("shenyang-2023")
JUNE_16 = date(2023, 6, 16)


def tables(ledger: hf.Ledger, day: date) -> tuple[bytes, bytes, bytes, bytes]:
    return (hf.reports.register(ledger, day).to_csv(), hf.reports.register(ledger, day).to_text().encode(),
            hf.reports.dispatch_table(ledger, MINGYUESHAN, day).to_csv(),
            hf.reports.dispatch_table(ledger, SHENYANG, date(2023, 6, 30)).to_csv())


def test_tables_of_june_16_are_the_same_after_later_events(
        tmp_path: Path, make: Callable[..., hf.Hazard], plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
        inspector: hf.Actor, district: hf.Actor) -> None:
    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'register.db'}", synchronous="NORMAL")
    listed, closing, reopening = (make(description=d, at=at(6, 1, 7 + i))
                                  for i, d in enumerate(("挂牌的隐患", "9月销号的隐患", "回头看的隐患")))
    for h in (listed, closing, reopening):
        h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 1, 10), by=principal)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        h.rectify(at=at(6, 3), by=staff)
    reopening.submit(evidence="已整改", at=at(6, 10), by=staff)
    reopening.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 11), by=principal)
    reopening.close(at=at(6, 12), by=inspector)
    for h in (listed, closing, reopening):
        ledger.add(h)
    with ledger.unit(by=inspector) as u:  # a record dated before the day counts in it
        check = hf.SpotCheck.made(enterprise=listed.enterprise, findings=[hf.Finding.NO_DRILLS], at=at(6, 10),
                                  by=inspector, id="抽-1")
        u.note("spotcheck", check.id, "check", at=check.at, by=inspector, check=check)
    before = tables(ledger, JUNE_16)
    assert hf.reports.dispatch_table(ledger, MINGYUESHAN, JUNE_16).figure("对企业自查自改进行抽查检查情况", 8) == (1,)
    register = hf.reports.register(ledger, JUNE_16)
    assert [r.progress for r in register.rows] == ["整改中", "整改中", "已完成整改并销号"]
    assert [r.listing for r in register.rows] == ["", "", ""]

    with ledger.unit(by=inspector) as u:
        u.get(listed.id).list_for_supervision(title="挂牌督办通知", number="铁应急督〔2023〕3号", at=at(6, 20),
                                              by=district)
        u.get(closing.id).extend(deadline=date(2023, 8, 31), reason="设备到货延迟", at=at(6, 25), by=inspector)
        u.get(reopening.id).reopen(reason="回头看发现纸面整改", at=at(7, 15), by=inspector)
    with ledger.unit(by=inspector) as u:
        h = u.get(closing.id)
        h.submit(evidence="已整改", at=at(9, 1), by=staff)
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(9, 1, 12), by=principal)
        h.close(at=at(9, 2), by=inspector)
    hf.Ledger(ledger.url).record(hf.Activity(hf.ActivityKind.PENALTY, "铁西区", at(6, 17), inspector))
    later_records(ledger, listed, reopening, inspector)

    assert tables(ledger, JUNE_16)[:3] == before[:3]
    later = hf.reports.register(ledger, date(2023, 9, 30))
    assert [r.progress for r in later.rows] == [
        "整改中（已逾期）", "已完成整改并销号", "整改中（已逾期）（回头看发现虚假整改1次）"]
    assert later.rows[0].listing == "挂牌督办通知（铁应急督〔2023〕3号）"
    assert later.rows[1].deadline == "2023-08-31" and register.rows[1].deadline == "2023-06-30"
    assert tables(ledger, JUNE_16)[3] != before[3]  # the activity of 06-17 is in the June table
    july = hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 7, 31))
    assert july.figure("对企业自查自改进行抽查检查情况", 1) == (1,)  # one enterprise, checked twice
    assert july.figure("对企业自查自改进行抽查检查情况", 3) == (1,)
    assert july.figure("部门精准严格执法情况", 3)[0] == 2  # the activity entered by hand and the confirmed decision
    assert july.figure("部门精准严格执法情况", 6) == (1,)
    assert july.figure("部门精准严格执法情况", 8) == (1, 0)


def later_records(ledger: hf.Ledger, h: hf.Hazard, sham: hf.Hazard, inspector: hf.Actor) -> None:
    """Records dated after 06-16: a spot check, a case and a suspension over ``h``, a typical case, a 周调度,
    and a penalty confirmed on ``sham`` after its look-back (P3)."""
    with ledger.unit(by=inspector) as u:
        found = u.get(h.id)
        check = hf.SpotCheck.made(enterprise=h.enterprise, findings=[hf.Finding.PRINCIPAL_NOT_LEADING], at=at(6, 17),
                                  by=inspector, id="抽-2")
        u.note("spotcheck", check.id, "check", at=check.at, by=inspector, check=check)
        inspection = hf.Inspection.signed(enterprise=h.enterprise, scope="煤气", hazards=[found], at=at(6, 18),
                                          by=inspector)
        case = hf.EnforcementCase.open(inspection=inspection, at=at(6, 18), by=inspector, id="案-1")
        u.put(case)
        u.put(hf.Suspension.ordered(hazards=[found], reason="无法保证安全", at=at(6, 18), by=inspector, id="停-1"))
        decision = hf.decide_penalty(u.get(sham.id), at=at(7, 16))
        penalty = decision.confirm(number="罚-1", at=at(7, 16), by=inspector, fines={
            m.target: m.minimum or Decimal(1) for m in decision.measures
            if m.kind is hf.MeasureKind.FINE and m.amount is None})
        u.note("decision", penalty.number, "confirm", at=at(7, 16), by=inspector, penalty=penalty)
        u.note("typical", case.id, "publish", at=at(6, 25), by=inspector,
               activity=hf.typical_case(case, title="未设报警", at=at(6, 25), by=inspector))
        u.note("dispatch", h.id, "dispatch", at=at(6, 26), by=inspector,
               dispatch=hf.dispatch_progress(found, progress="整改中", at=at(6, 26), by=inspector))
