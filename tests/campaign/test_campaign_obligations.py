"""The notices' dated, counted obligations in `tick`: C9 tasks, H12 listing, H11 as 沈阳 writes it, C10 targets,
C1 phase starts, C7 from the register, clipped periods and the sector vocabulary, each at its boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from campaign_helpers import DISTRICT, STEEL, full_plan, major_hazard, moment

import hazardflow as hf
from hazardflow.notices import DeliverableKind

OVERDUE, DUE = hf.ObligationStatus.OVERDUE, hf.ObligationStatus.DUE
FIRE = "明月山消防救援大队"


def of(obligations: list[hf.Obligation], rule: str, unit: str | None = None) -> list[hf.Obligation]:
    return [o for o in obligations if o.rule == rule and (unit is None or o.unit == unit)]


# C9 -------------------------------------------------------------------------------------------------------

def test_c9_shenyang_may_30_tasks_are_overdue_on_may_31_each_citing_its_clause(shenyang: hf.Campaign) -> None:
    tasks = of(shenyang.tick(moment(5, 31)), "C9", STEEL)
    assert [(o.period, o.status, o.sources) for o in tasks] == [
        ("duty-system", OVERDUE, ("沈应急发〔2023〕27号 三(一)2",)),
        ("hot-work-staff", OVERDUE, ("沈应急发〔2023〕27号 三(一)3",)),
        ("outsourcing-check", OVERDUE, ("沈应急发〔2023〕27号 三(一)4",)),
        ("contractor-ledger", OVERDUE, ("沈应急发〔2023〕27号 三(一)4",)),
        ("network-ledger", OVERDUE, ("沈应急发〔2023〕27号 三(一)7",)),
    ]
    assert all(hf.local_date(o.due) == date(2023, 5, 30) and o.kind is DeliverableKind.TASK for o in tasks)
    assert of(shenyang.tick(moment(5, 31)), "C9", DISTRICT) == []


def test_c9_due_on_its_day_overdue_the_day_after_gone_once_filed(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    def duty(day: int) -> list[hf.ObligationStatus]:
        return [o.status for o in of(shenyang.tick(moment(5, day, 20)), "C9") if o.period == "duty-system"]

    assert (duty(29), duty(30), duty(31)) == ([], [DUE], [OVERDUE])
    filing = shenyang.record(STEEL, "task", period="duty-system", at=moment(5, 31, 10), by=principal)
    assert filing.late and duty(31) == []
    # left out, a task filing is for the earliest task still open whose day has not passed
    assert shenyang.record(STEEL, "企业专项任务", at=moment(6, 1), by=principal).period == "first-round"


def test_c9_a_task_is_named_and_asked_of_the_unit(shenyang: hf.Campaign, principal: hf.Actor,
                                                   district: hf.Actor) -> None:
    with pytest.raises(hf.InvalidInput, match="period"):
        shenyang.record(STEEL, "task", period="no-such-task", at=moment(5, 29), by=principal)
    with pytest.raises(hf.InvalidInput, match="what"):
        shenyang.record(DISTRICT, "task", at=moment(5, 29), by=district)
    assert shenyang[DISTRICT].filings == []


def test_c9_plan_filing_only_for_metal_smelting_and_crowded_venues(principal: hf.Actor) -> None:
    c = hf.Campaign("shenyang-2023")
    for unit, sector in ((STEEL, "金属冶炼"), ("某商场", "商场"), ("某粉尘企业", "粉尘涉爆")):
        c.join(unit, kind="enterprise", sector=sector, at=moment(5, 22), by=principal)
    filing = {o.unit for o in of(c.tick(moment(7, 1)), "C9") if o.period == "plan-filing"}
    assert filing == {STEEL, "某商场"}


# H12 ------------------------------------------------------------------------------------------------------

@pytest.fixture
def mingyueshan(district: hf.Actor) -> hf.Campaign:
    c = hf.Campaign("mingyueshan-2023")
    c.join(FIRE, kind="department", sector="消防", at=moment(5, 18), by=district)
    return c


def test_h12_an_unlisted_major_hazard_is_overdue_a_week_after_it_was_found(mingyueshan: hf.Campaign,
                                                                          principal: hf.Actor) -> None:
    mingyueshan.register(FIRE, [major_hazard(principal, date(2023, 6, 5))])

    def listing(day: int) -> list[hf.ObligationStatus]:
        return [o.status for o in of(mingyueshan.tick(moment(6, day, 20)), "H12")]

    assert (listing(11), listing(12), listing(13)) == ([], [DUE], [OVERDUE])
    (o,) = of(mingyueshan.tick(moment(6, 13)), "H12")
    assert o.sources == ("宜明办字〔2023〕23号 二(二)10",) and "未挂牌督办" in o.what


def test_h12_a_listed_hazard_is_dispatched_every_week(mingyueshan: hf.Campaign, principal: hf.Actor,
                                                      district: hf.Actor) -> None:
    h = major_hazard(principal, date(2023, 6, 5), plan=full_plan(date(2023, 9, 30)))
    h.list_for_supervision(title="关于挂牌督办的通知", number="宜明消〔2023〕3号", at=moment(6, 8), by=district)
    mingyueshan.register(FIRE, [h])
    weeks = [(o.period, hf.local_date(o.due), o.status) for o in of(mingyueshan.tick(moment(6, 22)), "H12")]
    assert weeks == [(f"{h.id}@2023-06-08", date(2023, 6, 14), OVERDUE), (f"{h.id}@2023-06-15", date(2023, 6, 21),
                                                                           OVERDUE)]
    with pytest.raises(hf.InvalidInput, match="period"):
        mingyueshan.record(FIRE, "hazard_dispatch", at=moment(6, 20), by=district)
    dispatch = mingyueshan.record(FIRE, "挂牌督办周调度", period=h.id, note="已停用", at=moment(6, 20), by=district)
    assert (dispatch.due, dispatch.late, dispatch.note) == (None, False, "已停用")
    assert [o.period for o in of(mingyueshan.tick(moment(6, 22)), "H12")] == [f"{h.id}@2023-06-08"]
    assert of(mingyueshan.tick(moment(6, 13)), "H12") == []       # the first week is not over


def test_h12_general_hazards_and_those_closed_within_the_week_need_no_listing(
        mingyueshan: hf.Campaign, staff: hf.Actor, principal: hf.Actor, district: hf.Actor,
        expert: hf.Actor) -> None:
    general = hf.Hazard.found(description="灭火器过期", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK,
                              enterprise=STEEL, sector="消防", jurisdiction="温汤镇", at=moment(6, 5), by=staff)
    closed = major_hazard(principal, date(2023, 6, 5), plan=full_plan(date(2023, 6, 30)))
    closed.rectify(at=moment(6, 6), by=principal)
    closed.submit(evidence="已更换报警装置", at=moment(6, 7), by=principal)
    closed.assess(opinion="整改到位", at=moment(6, 7, 10), by=expert)
    closed.report(kind=hf.ReportKind.FIXED, to=FIRE, at=moment(6, 7, 11), by=principal)
    closed.close(at=moment(6, 8), by=district)
    mingyueshan.register(FIRE, [general, closed])
    assert of(mingyueshan.tick(moment(6, 20)), "H12") == []
    assert len(of(mingyueshan.tick(moment(6, 7, 20)), "H12")) == 0     # open, but its week is not over


def test_h12_only_where_the_notice_says_so(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    shenyang.register(DISTRICT, [major_hazard(principal, date(2023, 6, 5))])
    assert of(shenyang.tick(moment(7, 1)), "H12") == []


# H11 as 沈阳 三(一)1 writes it -----------------------------------------------------------------------------

def test_h11_a_check_filed_by_staff_is_not_the_principals(shenyang: hf.Campaign, staff: hf.Actor,
                                                          principal: hf.Actor) -> None:
    def checks() -> list[str | None]:
        return [o.period for o in of(shenyang.tick(moment(7, 1)), "H11") if o.kind is DeliverableKind.CHECK]

    shenyang.record(STEEL, "check", at=moment(6, 10), by=staff)
    assert checks() == ["2023-05", "2023-06"]
    shenyang.record(STEEL, "check", at=moment(6, 11), by=principal)
    assert checks() == ["2023-05"]


def test_h11_a_may_check_is_owed_within_the_campaigns_part_of_may(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    def may() -> list[str | None]:
        return [o.period for o in of(shenyang.tick(moment(6, 1)), "H11")
                if o.kind is DeliverableKind.CHECK and o.period == "2023-05"]

    shenyang.record(STEEL, "check", at=moment(5, 21), by=principal)       # before the campaign: does not count
    assert may() == ["2023-05"]
    shenyang.record(STEEL, "check", at=moment(5, 22), by=principal)
    assert may() == []


def test_h11_weekly_dispatching_while_a_major_hazard_is_open(shenyang: hf.Campaign, principal: hf.Actor,
                                                             district: hf.Actor, expert: hf.Actor) -> None:
    h = major_hazard(principal, date(2023, 6, 7), plan=full_plan(date(2023, 6, 30)))   # week 23: 06-05..06-11
    shenyang.register(STEEL, [h])

    def weeks(at_day: int) -> list[str | None]:
        return [o.period for o in of(shenyang.tick(moment(6, at_day, 20)), "H11")
                if o.kind is DeliverableKind.PRINCIPAL_DISPATCH and "W" in (o.period or "")]

    assert weeks(10) == [] and weeks(11) == ["2023-W23"]
    assert weeks(19) == ["2023-W23", "2023-W24"]
    shenyang.record(STEEL, "主要负责人调度", at=moment(6, 13), by=principal)
    assert weeks(19) == ["2023-W23"]
    h.rectify(at=moment(6, 14), by=principal)
    h.submit(evidence="已加装报警仪", at=moment(6, 15), by=principal)
    h.assess(opinion="整改到位", at=moment(6, 15, 10), by=expert)
    h.report(kind=hf.ReportKind.FIXED, to=DISTRICT, at=moment(6, 15, 11), by=principal)
    h.close(at=moment(6, 16), by=district)
    assert weeks(30) == ["2023-W23"]                                     # closed in W24: no W25, W26 owed
    assert [o.period for o in of(shenyang.tick(moment(7, 1)), "H11")
            if o.kind is DeliverableKind.PRINCIPAL_DISPATCH and "W" not in (o.period or "")] == ["2023-05"]


# C8 clipped -----------------------------------------------------------------------------------------------

def test_c8_a_march_drill_does_not_count_for_the_first_half(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    def first_half() -> list[str | None]:
        return [o.period for o in of(shenyang.tick(moment(7, 1)), "C8", STEEL)]

    shenyang.record(STEEL, "drill", at=moment(3, 10), by=principal)
    assert first_half() == ["2023-H1"]
    shenyang.record(STEEL, "drill", at=moment(5, 22), by=principal)
    assert first_half() == []


# C1 -------------------------------------------------------------------------------------------------------

def test_c1_the_next_phase_cannot_be_entered_before_it_starts(shenyang: hf.Campaign, district: hf.Actor) -> None:
    shenyang.advance(DISTRICT, at=moment(5, 22, 10), by=district)
    for what in ("plan", "meeting", "contact"):
        shenyang.record(DISTRICT, what, at=moment(5, 23), by=district)
    (reason,) = shenyang.why_not_advance(DISTRICT, at=moment(5, 31, 23), by=district)
    assert (reason.rule, reason.sources) == ("C1", ("沈应急发〔2023〕27号 四(二)",))
    assert "2023-06-01" in reason.message
    shenyang.advance(DISTRICT, at=moment(6, 1, 0), by=district)
    with pytest.raises(hf.Rejected) as info:
        shenyang.advance(DISTRICT, at=moment(8, 31), by=district)
    assert info.value.rules == ["C1"]
    shenyang.advance(DISTRICT, at=moment(9, 1), by=district)
    assert shenyang[DISTRICT].phase_name == "执法督导"


# C7 from the register -------------------------------------------------------------------------------------

def test_c7_the_registers_major_hazards_count_once_a_register_is_given(mingyueshan: hf.Campaign,
                                                                      principal: hf.Actor,
                                                                      district: hf.Actor) -> None:
    def hazards_quota() -> list[str | None]:
        return [o.period for o in of(mingyueshan.tick(moment(8, 1)), "C7") if "排查重大隐患" in o.what]

    mingyueshan.record(FIRE, "major_hazard", at=moment(6, 10), by=district)
    assert hazards_quota() == ["2023-07"]                                # no register: filings count
    mingyueshan.register(FIRE, [major_hazard(principal, date(2023, 7, 3))])
    assert hazards_quota() == ["2023-06"]                                # the register counts, not the filing


# the 宜明 bundle -------------------------------------------------------------------------------------------

def test_c6_the_list_goes_with_the_months_table(mingyueshan: hf.Campaign, district: hf.Actor) -> None:
    filing = mingyueshan.record(FIRE, "重大隐患（重点隐患）清单", at=moment(6, 14), by=district)
    assert filing.period == "2023-06" and not filing.late
    parts = {o.kind for o in of(mingyueshan.tick(moment(6, 17)), "C6") if o.period == "2023-06"}
    assert parts == {DeliverableKind.DISPATCH, DeliverableKind.CASE}


# the sector vocabulary ------------------------------------------------------------------------------------

def test_a_sector_alias_joins_as_its_sector_and_an_unknown_sector_is_refused(principal: hf.Actor) -> None:
    c = hf.Campaign("dongsheng-2023")
    assert c.join("某燃气公司", kind="enterprise", sector="燃气", at=moment(5, 22), by=principal).sector == "电气燃气"
    with pytest.raises(hf.InvalidInput) as info:
        c.join("某化工厂", kind="enterprise", sector="化工", at=moment(5, 22), by=principal)
    assert info.value.field == "sector" and "电气燃气" in str(info.value) and "燃气（即电气燃气）" in str(info.value)
    assert len(c) == 1


# C10 ------------------------------------------------------------------------------------------------------

def test_c10_targets_are_owed_by_their_lead_and_met_by_any_lead(district: hf.Actor) -> None:
    c = hf.Campaign("wuhua-2020")
    for unit in ("县交通运输局", "县公安局", "华城镇人民政府"):
        c.join(unit, kind="department", at=moment(7, 30, year=2020), by=district)
    late = {(o.unit, o.period) for o in of(c.tick(moment(1, 1, year=2023)), "C10")}
    assert late == {(u, t) for u in ("县交通运输局", "县公安局") for t in ("road-hazards", "road-trucks")}
    assert of(c.tick(moment(12, 31, 9, year=2022)), "C10")[0].status is DUE
    c.record("县公安局", "target", period="road-hazards", note="0", at=moment(12, 20, year=2022), by=district)
    status = {s.target.id: s for s in c.targets(moment(1, 1, year=2023)) if s.topic.id == "road"}
    assert status["road-hazards"].status == "已完成（0）" and status["road-trucks"].status == "逾期未完成"
    assert {o.period for o in of(c.tick(moment(1, 1, year=2023)), "C10")} == {"road-trucks"}
    with pytest.raises(hf.InvalidInput, match="period"):
        c.record("县公安局", "target", period="hazchem-alarms", at=moment(12, 20, year=2022), by=district)
    with pytest.raises(hf.InvalidInput, match="what"):
        c.record("华城镇人民政府", "target", period="road-trucks", at=moment(12, 20, year=2022), by=district)
    assert len(c.targets(moment(1, 1, year=2021))) == len(c.notice.targets) == 31
