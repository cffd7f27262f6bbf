"""The 调度表 and the 清单 from a ledger built from a known scenario (SQLite)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import hazardflow as hf
from tests.conftest import at

SHENYANG = hf.notices.load("shenyang-2023")
MINGYUESHAN = hf.notices.load("mingyueshan-2023")


@pytest.fixture
def ledger(tmp_path: Path) -> hf.Ledger:
    return hf.Ledger(f"sqlite:///{tmp_path / 'register.db'}")


def _close(h: hf.Hazard, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor, closer: hf.Actor, day: int) -> None:
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, day, 10), by=principal)
    h.assign(plan=plan, at=at(6, day, 11), by=principal)
    h.rectify(at=at(6, day, 12), by=staff)
    h.submit(evidence="已整改", at=at(6, day, 13), by=staff)
    h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, day, 14), by=principal)
    h.close(at=at(6, day, 15), by=closer)


@pytest.fixture
def scenario(ledger: hf.Ledger, make: Callable[..., hf.Hazard], plan: hf.Plan, staff: hf.Actor,
             principal: hf.Actor, inspector: hf.Actor, district: hf.Actor) -> hf.Ledger:
    """3 self-found major hazards (2 closed), 2 department-found (1 closed), 1 of them listed and open."""
    hazards = [make(description=f"自查{i}") for i in range(3)]
    hazards += [make(description=f"部门{i}", source=hf.Source.DEPARTMENT, by=inspector) for i in range(2)]
    _close(hazards[0], plan, staff, principal, inspector, 5)
    _close(hazards[1], plan, staff, principal, inspector, 6)
    _close(hazards[3], plan, staff, principal, inspector, 7)
    hazards[4].list_for_supervision(title="挂牌督办通知", number="铁应急督〔2023〕3号", at=at(6, 8), by=district)
    make(description="一般隐患不计入", level=hf.Level.GENERAL)
    for h in hazards:
        ledger.add(h)
    late = make(description="7月发现的自查隐患", at=at(7, 3))
    ledger.add(late)
    return ledger


def overall(table: hf.reports.DispatchTable) -> list[object]:
    return [table.figure("总体情况", n)[0] for n in range(1, 7)]


def test_overall_figures_exact_and_cumulative(scenario: hf.Ledger) -> None:
    assert overall(hf.reports.dispatch_table(scenario, SHENYANG, date(2023, 6, 30))) == [3, 2, 2, 1, 1, 0]
    assert overall(hf.reports.dispatch_table(scenario, SHENYANG, date(2023, 7, 31))) == [4, 2, 2, 1, 1, 0]
    assert overall(hf.reports.dispatch_table(scenario, MINGYUESHAN, date(2023, 6, 5))) == [3, 1, 2, 0, 0, 0]
    assert overall(hf.reports.dispatch_table(scenario, SHENYANG, date(2023, 5, 31))) == [0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize(("asked", "counted"), [
    (date(2023, 6, 5), date(2023, 5, 31)), (date(2023, 6, 29), date(2023, 5, 31)),
    (date(2023, 6, 30), date(2023, 6, 30)), (date(2023, 7, 1), date(2023, 6, 30)),
    (date(2024, 3, 1), date(2024, 2, 29)),
])
def test_shenyang_reports_to_the_month_end(scenario: hf.Ledger, asked: date, counted: date) -> None:
    """沈应急发〔2023〕27号 附件 注1 截止月末: the last month end on or before the day asked."""
    table = hf.reports.dispatch_table(scenario, SHENYANG, asked)
    assert table.as_of == counted
    assert table.to_csv() == hf.reports.dispatch_table(scenario, SHENYANG, counted).to_csv()
    assert hf.reports.dispatch_table(scenario, MINGYUESHAN, asked).as_of == asked


def test_reopened_hazard_no_longer_counts_as_rectified(scenario: hf.Ledger, inspector: hf.Actor) -> None:
    hazard_id = scenario.ids(stage=hf.Stage.CLOSED)[0]
    with scenario.unit(by=inspector) as u:
        u.get(hazard_id).reopen(reason="回头看发现纸面整改", at=at(9, 15), by=inspector)
    before, after = (overall(hf.reports.dispatch_table(scenario, SHENYANG, day))
                     for day in (date(2023, 9, 14), date(2023, 9, 30)))
    assert sum(before[1::2]) == sum(after[1::2]) + 1


def test_variants_sections_rows_and_labels(ledger: hf.Ledger) -> None:
    shenyang = hf.reports.dispatch_table(ledger, SHENYANG, date(2023, 6, 30))
    mingyue = hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 6, 30))
    assert shenyang.sections == ["总体情况", "对企业自查自改进行抽查检查情况", "部门精准严格执法情况"]
    assert len(shenyang.rows) == 24
    assert mingyue.sections == [*shenyang.sections, "党委政府组织领导情况"]
    assert len(mingyue.rows) == 32
    assert shenyang.rows[0].label == "企业自查发现的重大事故隐患（个）"
    assert [r.label for r in shenyang.rows if r.section == "部门精准严格执法情况"][2] == "行政处罚（次、万元）"
    assert [r.label for r in mingyue.rows if r.section == "部门精准严格执法情况"][2] == "行政处罚（次，万元）"
    assert mingyue.rows[-1].label == "组织开展考核巡查督导检查（次）"


def test_a_notice_without_a_table_needs_a_variant(ledger: hf.Ledger) -> None:
    with pytest.raises(hf.InvalidInput, match="variant"):
        hf.reports.dispatch_table(ledger, hf.notices.load("dongsheng-2023"), date(2023, 6, 30))


def test_activities_fill_the_other_sections(ledger: hf.Ledger, inspector: hf.Actor) -> None:
    def did(kind: hf.ActivityKind, month: int, **extra: object) -> hf.Activity:
        return hf.Activity(kind, "沈阳市应急管理局", at(month, 10), inspector, **extra)  # type: ignore[arg-type]

    ledger.record(
        did(hf.ActivityKind.SPOT_CHECK, 6, enterprise="甲公司",
            findings={hf.Finding.PRINCIPAL_NOT_LEADING, hf.Finding.NO_DRILLS}),
        did(hf.ActivityKind.SPOT_CHECK, 6, enterprise="甲公司", findings={hf.Finding.NO_DRILLS}),
        did(hf.ActivityKind.SPOT_CHECK, 6, enterprise="乙公司"),
        did(hf.ActivityKind.PENALTY, 6, enterprise="甲公司", amount=Decimal("3.5")),
        did(hf.ActivityKind.PENALTY, 6, enterprise="乙公司", amount=Decimal("1.25")),
        did(hf.ActivityKind.EXPOSURE, 6, enterprise="甲公司"),
        did(hf.ActivityKind.SUMMONS, 6, enterprise="甲公司"),
        did(hf.ActivityKind.TYPICAL_CASE, 6, flag=True),
        did(hf.ActivityKind.TYPICAL_CASE, 6),
        did(hf.ActivityKind.JUDICIAL_REFERRAL, 6, count=2),
        did(hf.ActivityKind.PENALTY, 7, enterprise="丙公司", amount=Decimal("9")),
        did(hf.ActivityKind.TIP_REWARD, 6, amount=Decimal("0.5"), flag=True),
        did(hf.ActivityKind.TIP_REWARD, 6, amount=Decimal("0.2")),
        did(hf.ActivityKind.TECHNICAL_INSPECTORS, 6, count=3),
        did(hf.ActivityKind.TECHNICAL_INSPECTORS, 6, count=5),
    )
    table = hf.reports.dispatch_table(ledger, MINGYUESHAN, date(2023, 6, 30))
    spot, enforce, lead = "对企业自查自改进行抽查检查情况", "部门精准严格执法情况", "党委政府组织领导情况"
    assert table.figure(spot, 1) == (2,)
    assert table.figure(spot, 3) == (1,)
    assert table.figure(spot, 8) == (1,)
    assert table.figure(enforce, 3) == (2, Decimal("4.75"))
    assert table.figure(enforce, 5) == (2,)
    assert table.figure(enforce, 7) == (1,)
    assert table.figure(enforce, 8) == (2, 1)
    assert table.figure(lead, 5) == (Decimal("0.7"), Decimal("0.5"))
    assert table.figure(lead, 6) == ("否",)
    assert table.figure(lead, 7) == (5,)
    assert ledger.activities(kind=hf.ActivityKind.SPOT_CHECK)[0].findings == {
        hf.Finding.PRINCIPAL_NOT_LEADING, hf.Finding.NO_DRILLS}


def test_register(scenario: hf.Ledger) -> None:
    table = hf.reports.register(scenario, date(2023, 6, 30))
    assert table.columns[0] == "序号" and len(table.columns) == 9
    rows = {r.description: r for r in table.rows}
    assert sorted(rows) == ["自查0", "自查1", "自查2", "部门0", "部门1"]
    assert [r.number for r in table.rows] == [1, 2, 3, 4, 5]
    assert rows["部门1"].listing == "挂牌督办通知（铁应急督〔2023〕3号）"
    assert rows["自查0"].progress == "已完成整改并销号"
    assert rows["自查0"].measures == "加装一氧化碳报警仪"
    assert rows["自查2"].progress == "已登记，待交办"
