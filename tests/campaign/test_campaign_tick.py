"""The clock: what is due or overdue at a moment (C1, C2–C5 deliverables, C6, C7, C8, H11)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from campaign_helpers import DISTRICT, STEEL, moment

import hazardflow as hf


def of(obligations: list[hf.Obligation], rule: str, unit: str | None = None) -> list[hf.Obligation]:
    return [o for o in obligations if o.rule == rule and (unit is None or o.unit == unit)]


def campaign(ident: str, unit: str, kind: str, by: hf.Actor, sector: str | None = None) -> hf.Campaign:
    c = hf.Campaign(ident)
    c.join(unit, kind=kind, sector=sector, at=moment(5, 18), by=by)
    return c


def test_shenyang_may_and_june_tables_overdue_on_june_29(shenyang: hf.Campaign, district: hf.Actor) -> None:
    tables = of(shenyang.tick(moment(6, 29)), "C6", DISTRICT)
    tables = [o for o in tables if o.kind is hf.notices.DeliverableKind.DISPATCH]
    assert [(o.period, hf.local_date(o.due), o.status) for o in tables] == [
        ("2023-05", date(2023, 5, 28), hf.ObligationStatus.OVERDUE),
        ("2023-06", date(2023, 6, 28), hf.ObligationStatus.OVERDUE),
    ]
    assert tables[0].sources == ("沈应急发〔2023〕27号 五(四)",)
    shenyang.record(DISTRICT, "dispatch", period="2023-06", at=moment(6, 28), by=district)
    left = [o.period for o in of(shenyang.tick(moment(6, 29)), "C6", DISTRICT)
            if o.kind is hf.notices.DeliverableKind.DISPATCH]
    assert left == ["2023-05"]


def test_shenyang_table_is_due_on_the_28th_and_overdue_after(shenyang: hf.Campaign) -> None:
    def june(at_day: int) -> list[hf.ObligationStatus]:
        return [o.status for o in of(shenyang.tick(moment(6, at_day, 20)), "C6") if o.period == "2023-06"]

    assert june(27) == []
    assert june(28) == [hf.ObligationStatus.DUE]
    assert june(29) == [hf.ObligationStatus.OVERDUE]


def test_the_enterprise_owes_no_district_table(shenyang: hf.Campaign) -> None:
    assert not [o for o in of(shenyang.tick(moment(6, 29)), "C6", STEEL)]


def test_mingyueshan_table_due_on_the_16th_rolled_over_holidays(district: hf.Actor) -> None:
    c = campaign("mingyueshan-2023", "明月山应急管理局", "department", district)

    def table(month: int, day: int, hour: int = 9) -> list[tuple[str | None, date, hf.ObligationStatus]]:
        return [(o.period, hf.local_date(o.due), o.status) for o in of(c.tick(moment(month, day, hour)), "C6")
                if o.kind is hf.notices.DeliverableKind.DISPATCH]

    assert table(6, 15) == []
    assert table(6, 16) == [("2023-06", date(2023, 6, 16), hf.ObligationStatus.DUE)]
    assert table(6, 17) == [("2023-06", date(2023, 6, 16), hf.ObligationStatus.OVERDUE)]
    c.record("明月山应急管理局", "调度表", at=moment(6, 17), by=district)
    assert table(7, 16) == []                                       # a Sunday: 遇节假日顺延
    assert table(7, 17) == [("2023-07", date(2023, 7, 17), hf.ObligationStatus.DUE)]
    assert c["明月山应急管理局"].filings[0].late


def test_wushan_table_due_on_the_27th_at_ten(principal: hf.Actor) -> None:
    c = campaign("wushan-2023", STEEL, "enterprise", principal, "燃气")
    statuses = {h: [o.status for o in of(c.tick(moment(6, 27, h)), "C6") if o.period == "2023-06"] for h in (9, 11)}
    assert statuses == {9: [hf.ObligationStatus.DUE], 11: [hf.ObligationStatus.OVERDUE]}
    due = next(o.due for o in c.tick(moment(6, 27, 11)) if o.period == "2023-06")
    assert (due.hour, due.minute) == (10, 0)


def test_dongsheng_weekly_statistics_and_fixed_reports(principal: hf.Actor) -> None:
    c = campaign("dongsheng-2023", STEEL, "enterprise", principal, "建筑施工")
    weekly = of(c.tick(moment(5, 29)), "C6")
    assert [(o.period, hf.local_date(o.due)) for o in weekly] == [("2023-W21", date(2023, 5, 28))]
    reports = [o for o in of(c.tick(moment(8, 11)), "C6") if o.period == "report-08-10"]
    assert reports and reports[0].overdue
    c.record(STEEL, "report", at=moment(8, 9), by=principal)
    assert not [o for o in of(c.tick(moment(8, 11)), "C6") if o.period == "report-08-10"]


def test_c1_a_phase_past_its_end(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    shenyang.advance(STEEL, at=moment(5, 22, 10), by=principal)
    assert of(shenyang.tick(moment(5, 30)), "C1", STEEL) == []
    (late,) = of(shenyang.tick(moment(6, 1)), "C1", STEEL)
    assert late.overdue and "动员部署" in late.what and late.sources == ("沈应急发〔2023〕27号 四(一)",)
    assert shenyang[STEEL].step is hf.Step.MOBILIZATION


def test_c2_to_c5_deliverables_missed(shenyang: hf.Campaign, principal: hf.Actor, district: hf.Actor) -> None:
    missed = {(o.rule, o.period) for o in shenyang.tick(moment(6, 16)) if o.rule in ("C2", "C3")}
    assert ("C2", "contact") in missed and ("C3", "register") in missed and ("C3", "commitment") in missed
    shenyang.record(DISTRICT, "contact", at=moment(5, 24), by=district)
    assert ("C2", "contact") not in {(o.rule, o.period) for o in shenyang.tick(moment(6, 16))}
    summaries = [o for o in shenyang.tick(moment(12, 16)) if o.rule == "C5" and o.unit == DISTRICT]
    assert {o.period for o in summaries} == {"summary-1", "summary-2", "summary-3", "summary"}


def test_h11_principal_checks_monthly_in_metal_smelting_quarterly_otherwise(principal: hf.Actor) -> None:
    c = hf.Campaign("shenyang-2023")
    c.join(STEEL, kind="enterprise", sector="金属冶炼", at=moment(5, 22), by=principal)
    c.join("沈阳某粉尘企业", kind="enterprise", sector="粉尘涉爆", at=moment(5, 22), by=principal)
    c.record(STEEL, "check", at=moment(5, 25), by=principal)
    def checks(at: datetime) -> list[hf.Obligation]:
        return [o for o in of(c.tick(at), "H11") if o.kind is hf.notices.DeliverableKind.CHECK]

    july = checks(moment(7, 1))
    assert {(o.unit, o.period) for o in july} == {(STEEL, "2023-06"), ("沈阳某粉尘企业", "2023-Q2")}
    assert july[0].sources == ("沈应急发〔2023〕27号 三(一)1",)
    c.record("沈阳某粉尘企业", "主要负责人带队检查", at=moment(6, 2), by=principal)
    assert [o.unit for o in checks(moment(7, 1))] == [STEEL]


def test_c8_drills_half_yearly_in_high_risk_sectors_and_crowded_venues(principal: hf.Actor) -> None:
    c = hf.Campaign("dongsheng-2023")
    for unit, sector in (("某建筑公司", "建筑施工"), ("某商场", "商场"), ("某投资公司", None)):
        c.join(unit, kind="enterprise", sector=sector, at=moment(5, 22), by=principal)
    assert {(o.unit, o.period) for o in of(c.tick(moment(7, 1)), "C8")} == {("某建筑公司", "2023-H1"),
                                                                             ("某商场", "2023-H1")}
    assert {o.unit for o in of(c.tick(moment(12, 31, 23)), "C8")} == {"某建筑公司", "某商场", "某投资公司"}
    c.record("某投资公司", "drill", at=moment(9, 1), by=principal)
    assert "某投资公司" not in {o.unit for o in of(c.tick(moment(12, 31, 23)), "C8")}


def test_c7_mingyueshan_monthly_quotas(district: hf.Actor) -> None:
    c = hf.Campaign("mingyueshan-2023")
    c.join("明月山消防救援大队", kind="department", sector="消防", at=moment(5, 18), by=district)
    c.join("明月山教体局", kind="department", sector="校园", at=moment(5, 18), by=district)
    c.join("温汤镇", kind="town", at=moment(5, 18), by=district)
    assert of(c.tick(moment(6, 29)), "C7") == []
    july = {(o.unit, o.what) for o in of(c.tick(moment(7, 1)), "C7")}
    assert ("明月山消防救援大队", "2023年6月每月上报典型执法案例（含危险作业罪）未达标（已0次，应不少于1次）") in july
    hazards = "2023年6月每月排查重大隐患（尚未出台判定标准的行业领域上报重点隐患）未达标（已0次，应不少于1次）"
    assert ("明月山教体局", hazards) in july
    assert {o.unit for o in of(c.tick(moment(7, 1)), "C7")} == {"明月山消防救援大队", "明月山教体局", "温汤镇"}
    assert "明月山教体局" not in {o.unit for o in of(c.tick(moment(7, 1)), "C7") if "案例" in o.what}
    c.record("明月山教体局", "key_hazard", at=moment(6, 20), by=district)
    c.record("温汤镇", "major_hazard", at=moment(6, 3), by=district)
    c.record("温汤镇", "case", at=moment(6, 30), by=district)
    monthly = [o for o in of(c.tick(moment(7, 1)), "C7") if o.sources[0].endswith(("二(二)10", "二(三)17"))]
    assert {o.unit for o in monthly} == {"明月山消防救援大队"}
    assert all(o.sources[0].startswith("宜明办字〔2023〕23号 二(") for o in of(c.tick(moment(7, 1)), "C7"))


def test_wuhua_yearly_summary(district: hf.Actor) -> None:
    c = hf.Campaign("wuhua-2020")
    c.join("华城镇", kind="town", at=moment(7, 30, year=2020), by=district)
    years = [o.period for o in of(c.tick(moment(1, 2, year=2022)), "C6")]
    assert years == ["2020", "2021"]


def test_tick_is_idempotent_reads_only_and_ignores_later_filings(shenyang: hf.Campaign, district: hf.Actor) -> None:
    shenyang.record(DISTRICT, "dispatch", period="2023-05", at=moment(7, 1), by=district)
    steps = [p.step for p in shenyang]
    events = [len(p.events) for p in shenyang]
    first = shenyang.tick(moment(6, 29))
    assert shenyang.tick(moment(6, 29)) == first
    assert "2023-05" in {o.period for o in first}                 # filed on 07-01, after the moment
    assert [p.step for p in shenyang] == steps and [len(p.events) for p in shenyang] == events
    assert shenyang.tick(moment(6, 29), unit=STEEL) == [o for o in first if o.unit == STEEL]
    with pytest.raises(hf.InvalidInput):
        from datetime import datetime

        shenyang.tick(datetime(2023, 6, 29))
