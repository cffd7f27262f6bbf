"""Advancing through a notice's phases: C1–C5 guards, all-or-nothing, with the notice's clauses."""

from __future__ import annotations

from datetime import date

import pytest
from campaign_helpers import DISTRICT, STEEL, full_plan, major_hazard, moment

import hazardflow as hf
from hazardflow.campaign.campaign import PHASES


def snapshot(p: hf.Participation) -> tuple[object, ...]:
    return (p.step, tuple(p.events), tuple(p.filings))


def mobilised(c: hf.Campaign, by: hf.Actor) -> None:
    """The enterprise starts and records its three 动员部署 deliverables (沈阳 三(一)1, 四(一))."""
    c.advance(STEEL, at=moment(5, 22, 10), by=by)
    for what in ("plan", "standards", "meeting"):
        c.record(STEEL, what, at=moment(5, 29), by=by)


def test_joining_starts_not_started_with_an_event(shenyang: hf.Campaign) -> None:
    p = shenyang[STEEL]
    assert (p.step, p.phase_name, p.phase) == (hf.Step.NOT_STARTED, "未启动", None)
    assert [e.trigger for e in p.events] == ["join"]


def test_c1_no_start_before_the_campaign(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    with pytest.raises(hf.Rejected) as info:
        shenyang.advance(STEEL, at=moment(5, 21), by=principal)
    assert info.value.rules == ["C1"]
    event = shenyang.advance(STEEL, at=moment(5, 22, 10), by=principal)
    assert (event.from_step, event.to_step) == (hf.Step.NOT_STARTED, hf.Step.MOBILIZATION)
    assert shenyang[STEEL].phase_name == "动员部署"


def test_c2_without_a_plan_a_unit_cannot_leave_mobilisation(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    shenyang.advance(STEEL, at=moment(5, 22, 10), by=principal)
    shenyang.record(STEEL, "standards", at=moment(5, 29), by=principal)
    shenyang.record(STEEL, "动员部署会议", at=moment(5, 29), by=principal)
    before = snapshot(shenyang[STEEL])
    with pytest.raises(hf.Rejected) as info:
        shenyang.advance(STEEL, at=moment(6, 1), by=principal)
    (reason,) = info.value.reasons
    assert reason.rule == "C2"
    assert reason.sources == ("沈应急发〔2023〕27号 三(一)1",)
    assert "自查自改工作计划" in reason.message
    assert snapshot(shenyang[STEEL]) == before


def test_c2_every_missing_deliverable_is_listed(shenyang: hf.Campaign, district: hf.Actor) -> None:
    shenyang.advance(DISTRICT, at=moment(5, 23), by=district)
    reasons = shenyang.why_not_advance(DISTRICT, at=moment(6, 1), by=district)
    assert [r.rule for r in reasons] == ["C2", "C2", "C2"]
    assert {r.sources for r in reasons} == {("沈应急发〔2023〕27号 四(一)",), ("沈应急发〔2023〕27号 五(四)",)}
    with pytest.raises(hf.Rejected) as info:
        shenyang.advance(DISTRICT, at=moment(6, 1), by=district)
    assert info.value.reasons == reasons


def test_c2_a_plan_filed_after_the_moment_does_not_count(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    mobilised(shenyang, principal)
    assert "C2" in [r.rule for r in shenyang.why_not_advance(STEEL, at=moment(5, 28), by=principal)]
    assert [r.rule for r in shenyang.why_not_advance(STEEL, at=moment(5, 30), by=principal)] == ["C1"]
    assert shenyang.why_not_advance(STEEL, at=moment(6, 1), by=principal) == []


def test_c3_register_and_commitment_before_leaving_investigation(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    mobilised(shenyang, principal)
    shenyang.advance(STEEL, at=moment(6, 1), by=principal)
    assert shenyang[STEEL].phase_name == "隐患排查治理"
    with pytest.raises(hf.Rejected) as info:
        shenyang.advance(STEEL, at=moment(9, 1), by=principal)
    assert info.value.rules == ["C3", "C3"]
    assert all(r.sources == ("沈应急发〔2023〕27号 四(二)1",) for r in info.value.reasons)


def test_c3_late_register_is_recorded_late_but_counts(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    mobilised(shenyang, principal)
    shenyang.advance(STEEL, at=moment(6, 1), by=principal)
    register = shenyang.record(STEEL, "register", at=moment(6, 20), by=principal)
    commitment = shenyang.record(STEEL, "commitment", at=moment(6, 14), by=principal)
    assert register.late and not commitment.late
    assert register.period == "register"
    shenyang.advance(STEEL, at=moment(9, 1), by=principal)
    assert shenyang[STEEL].phase_name == "执法督导"


def test_c3_every_major_hazard_closed_or_under_five_measures(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    mobilised(shenyang, principal)
    shenyang.advance(STEEL, at=moment(6, 1), by=principal)
    for what in ("register", "commitment"):
        shenyang.record(STEEL, what, at=moment(6, 10), by=principal)
    bare = major_hazard(principal)
    reasons = shenyang.why_not_advance(STEEL, at=moment(9, 1), by=principal, hazards=[bare])
    assert [r.rule for r in reasons] == ["C3"]
    assert "五落实" in reasons[0].message and reasons[0].sources == ("沈应急发〔2023〕27号 四(二)",)
    planned = major_hazard(principal, plan=full_plan(date(2023, 7, 30)))
    shenyang.register(STEEL, [planned])
    assert shenyang.why_not_advance(STEEL, at=moment(9, 1), by=principal) == []


def test_c4_overdue_major_hazards_must_be_escalated(shenyang: hf.Campaign, principal: hf.Actor,
                                                     district: hf.Actor) -> None:
    mobilised(shenyang, principal)
    shenyang.advance(STEEL, at=moment(6, 1), by=principal)
    for what in ("register", "commitment"):
        shenyang.record(STEEL, what, at=moment(6, 10), by=principal)
    h = major_hazard(principal, plan=full_plan(date(2023, 8, 31)))
    shenyang.register(STEEL, [h])
    shenyang.advance(STEEL, at=moment(9, 1), by=principal)
    with pytest.raises(hf.Rejected) as info:
        shenyang.advance(STEEL, at=moment(12, 1), by=principal)
    assert info.value.rules == ["C4"] and "挂牌督办" in info.value.reasons[0].message
    assert info.value.reasons[0].sources == ("沈应急发〔2023〕27号 四(三)",)
    h.list_for_supervision(title="关于挂牌督办重大事故隐患的通知", number="铁应急〔2023〕9号",
                           at=moment(9, 5), by=district)
    shenyang.advance(STEEL, at=moment(12, 1), by=principal)
    assert shenyang[STEEL].phase_name == "总结提升"


def test_c5_concluding_needs_the_summary(shenyang: hf.Campaign, district: hf.Actor) -> None:
    shenyang.advance(DISTRICT, at=moment(5, 23), by=district)
    for what in ("plan", "meeting", "contact"):
        shenyang.record(DISTRICT, what, at=moment(5, 24), by=district)
    for _ in range(3):
        shenyang.advance(DISTRICT, at=moment(12, 1), by=district)
    assert shenyang[DISTRICT].phase_name == "总结提升"
    with pytest.raises(hf.Rejected) as info:
        shenyang.advance(DISTRICT, at=moment(12, 16), by=district)
    assert info.value.rules == ["C5"]
    assert info.value.reasons[0].sources == ("沈应急发〔2023〕27号 五(四)",)
    shenyang.record(DISTRICT, "summary", at=moment(12, 16), by=district)
    shenyang.advance(DISTRICT, at=moment(12, 17), by=district)
    p = shenyang[DISTRICT]
    assert p.done and p.phase_name == "已完成" and p.filings[-1].late
    with pytest.raises(hf.Rejected) as done:
        shenyang.advance(DISTRICT, at=moment(12, 18), by=district)
    assert done.value.rules == ["C1"]


def test_c5_an_enterprise_needs_a_summary_too(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    mobilised(shenyang, principal)
    for what in ("register", "commitment"):
        shenyang.record(STEEL, what, at=moment(6, 10), by=principal)
    for _ in range(3):
        shenyang.advance(STEEL, at=moment(12, 1), by=principal)
    (reason,) = shenyang.why_not_advance(STEEL, at=moment(12, 20), by=principal)
    assert (reason.rule, reason.sources) == ("C5", ("沈应急发〔2023〕27号 四(四)",))
    shenyang.record(STEEL, "专项行动总结", at=moment(12, 20), by=principal)
    shenyang.advance(STEEL, at=moment(12, 21), by=principal)
    assert shenyang[STEEL].done


@pytest.mark.parametrize("ident", hf.notices.available())
def test_c2_holds_under_every_notice(ident: str, principal: hf.Actor) -> None:
    notice = hf.notices.load(ident)
    c = hf.Campaign(notice)
    c.join(STEEL, kind="企业", at=moment(5, 1, year=notice.start.year), by=principal)
    start = notice.start
    c.advance(STEEL, at=moment(start.month, start.day, year=start.year), by=principal)
    end = notice.phases[0].end
    reasons = c.why_not_advance(STEEL, at=moment(end.month, end.day, year=end.year), by=principal)
    assert "C2" in [r.rule for r in reasons]
    assert all(r.sources[0].startswith(notice.number) for r in reasons)


def test_one_machine_holds_no_participations(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    for i in range(50):
        shenyang.join(f"企业{i}", kind="enterprise", at=moment(5, 22), by=principal)
        shenyang.advance(f"企业{i}", at=moment(5, 23), by=principal)
    assert PHASES.machine.models == []
    assert len(shenyang) == 52


def test_bad_input(shenyang: hf.Campaign, principal: hf.Actor) -> None:
    from datetime import datetime

    with pytest.raises(hf.InvalidInput, match="at"):
        shenyang.advance(STEEL, at=datetime(2023, 6, 1), by=principal)
    with pytest.raises(hf.InvalidInput, match="kind"):
        shenyang.join("某村", kind="village", at=moment(5, 22), by=principal)
    with pytest.raises(hf.InvalidInput, match="unit"):
        shenyang.join(STEEL, kind="enterprise", at=moment(5, 22), by=principal)
    with pytest.raises(hf.InvalidInput, match="unit"):
        shenyang.advance("某公司", at=moment(5, 22), by=principal)
    with pytest.raises(hf.InvalidInput, match="what"):
        shenyang.record(STEEL, "banner", at=moment(5, 22), by=principal)
    with pytest.raises(hf.InvalidInput, match="period"):
        shenyang.record(DISTRICT, "dispatch", period="2024-01", at=moment(5, 22), by=principal)
    with pytest.raises(hf.InvalidInput, match="by"):
        shenyang.record(STEEL, "plan", at=moment(5, 22), by="李四")  # type: ignore[arg-type]
    with pytest.raises(hf.InvalidInput, match="hazards"):
        shenyang.register(STEEL, ["煤气柜"])  # type: ignore[list-item]


def test_record_resolves_what_it_is_for(shenyang: hf.Campaign, district: hf.Actor) -> None:
    table = shenyang.record(DISTRICT, "调度表", at=moment(6, 29), by=district)
    assert (table.period, table.late) == ("2023-06", True)
    may = shenyang.record(DISTRICT, "dispatch", period="2023-05", at=moment(5, 27), by=district)
    assert not may.late
    summary = shenyang.record(DISTRICT, "phase_summary", period="investigation", at=moment(9, 2), by=district)
    assert (summary.period, summary.late) == ("summary-2", False)
    first = shenyang.record(DISTRICT, "phase_summary", at=moment(6, 2), by=district)
    assert first.period == "summary-1"
    assert [e.trigger for e in shenyang[DISTRICT].events][-1] == "record"
