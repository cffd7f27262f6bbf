"""The 调度表's enforcement and reward rows from the register's records (no activity entered by hand),
as of a date, with 曝光、约谈、联合惩戒 defined once with `tally`."""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import hazardflow as hf
from hazardflow.enforcement.activities import accountability_activity, typical_case
from tests.conftest import at

MINGYUESHAN = hf.notices.load("mingyueshan-2023")
ENFORCE, LEAD = "部门精准严格执法情况", "党委政府组织领导情况"


def test_records_fill_the_enforcement_rows_as_of_their_dates(tmp_path: Path, make: object, plan: hf.Plan,
                                                               principal: hf.Actor, inspector: hf.Actor) -> None:
    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'r.db'}", synchronous="NORMAL")
    h = make(source=hf.Source.DEPARTMENT, by=inspector)  # type: ignore[operator]
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 1, 10), by=principal)
    h.assign(plan=attrs_evolve(plan), at=at(6, 2), by=principal)
    ledger.add(h)
    inspection = hf.Inspection.signed(enterprise=h.enterprise, scope="煤气", hazards=[h], at=at(6, 1), by=inspector)
    case = hf.EnforcementCase.open(inspection=inspection, at=at(6, 1), by=inspector, id="案-1")
    penalty = hf.decide_penalty(h, at=at(6, 15)).confirm(
        number="罚-1", at=at(6, 15), by=inspector, extra=[hf.MeasureKind.CIRCULATE, hf.MeasureKind.SUMMON],
        fines={hf.Target.ENTERPRISE: Decimal(5), hf.Target.PRINCIPAL: Decimal(2)})
    order = hf.Suspension.ordered(hazards=[h], reason="无法保证安全", at=at(6, 16), by=inspector, id="停-1")
    accident = hf.Accident(h.enterprise, at(6, 20), "煤气中毒", (h.id,))
    traces = hf.trace(accident, hazards=[h], inspections=[inspection])
    tip = hf.TipOff.received_by(content="无报警", enterprise=h.enterprise, at=at(6, 1), by=inspector, id="举-1")
    reward = hf.Reward(tip.id, h.id, Decimal("0.5"), True, hf.Signature(inspector, at(7, 2)))
    with ledger.unit(by=inspector) as u:
        u.put(case)
        u.put(order)
        u.note("decision", penalty.number, "confirm", at=at(6, 15), by=inspector, penalty=penalty)
        u.note("typical", case.id, "publish", at=at(6, 18), by=inspector,
               activity=typical_case(case, title="未设报警", dangerous_operation=True, at=at(6, 18), by=inspector))
        u.note("trace", "事故-1", "trace", at=at(6, 21), by=inspector, accident=accident, traces=tuple(traces))
        u.note("tip", tip.id, "reward", at=at(7, 2), by=inspector, reward=reward, enterprise=tip.enterprise)
    june = hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 6, 30))
    t = hf.tally([penalty])
    assert june.figure(ENFORCE, 3) == (t.penalties, t.amount) == (1, Decimal(7))
    assert june.figure(ENFORCE, 4) == (t.dual,) == (1,)
    assert june.figure(ENFORCE, 6) == (1,)  # 责令停产整顿 from the order
    assert june.figure(ENFORCE, 7) == (t.publicity,) == (1,)  # 约谈; 通报 is not 曝光、约谈、联合惩戒
    assert june.figure(ENFORCE, 8) == (1, 1)
    assert june.figure(ENFORCE, 9) == (accountability_activity(accident, traces, at=at(6, 21), by=inspector).count,)
    assert june.figure(ENFORCE, 9)[0] >= 1
    assert june.figure(LEAD, 5) == (Decimal(0), Decimal(0))
    assert hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 7, 31)).figure(LEAD, 5) == (
        Decimal("0.5"), Decimal("0.5"))
    assert hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 6, 14)).figure(ENFORCE, 3) == (0, Decimal(0))
    assert hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 6, 30), unit="别的区").figure(ENFORCE, 3) == (
        0, Decimal(0))


def attrs_evolve(plan: hf.Plan) -> hf.Plan:
    """The plan with a deadline already passed on 06-15 (H8 逾期, so P4 一案双罚 applies)."""
    return hf.Plan(plan.responsible, plan.measures, plan.funds, date(2023, 6, 10), plan.contingency)


def test_a_row_the_records_produce_entered_by_hand_warns(tmp_path: Path, inspector: hf.Actor) -> None:
    """Activities stay for what is truly manual; one entered for a row the records produce is still kept
    (and counted), with a warning that it would be counted twice."""
    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'w.db'}", synchronous="NORMAL")
    with pytest.warns(DeprecationWarning, match="重复计数"):
        ledger.record(hf.Activity(hf.ActivityKind.PENALTY, "沈阳市应急管理局", at(6, 10), inspector,
                                  amount=Decimal(1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ledger.record(hf.Activity(hf.ActivityKind.REGION_SUMMONS, "沈阳市应急管理局", at(6, 11), inspector),
                      hf.Activity(hf.ActivityKind.STUDY, "温汤镇", at(6, 11), inspector))
    june = hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 6, 30))
    assert june.figure(ENFORCE, 3) == (1, Decimal(1)) and june.figure(ENFORCE, 10) == (1,)
    assert june.figure(LEAD, 1) == (1,)
