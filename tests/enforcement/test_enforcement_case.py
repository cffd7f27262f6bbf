"""P1 执法三部曲: 检查诊断 → (行政处罚) → 整改复查 → 结案; H5 on the inspection; L4 publication in the case."""

from __future__ import annotations

import attrs
import pytest
from enforcement_helpers import BOSS, INSPECTOR, OTHER, STEEL, TOWN, at, hazard, penalty

import hazardflow as hf


def case_on(*hazards: hf.Hazard) -> hf.EnforcementCase:
    inspection = hf.Inspection.signed(enterprise=STEEL, scope="煤气设施专项检查", hazards=hazards,
                                      at=at(6, 1), by=INSPECTOR)
    return hf.EnforcementCase.open(inspection=inspection, at=at(6, 1), by=INSPECTOR)


def snapshot(case: hf.EnforcementCase) -> tuple[object, ...]:
    return (*attrs.astuple(case, recurse=False, filter=lambda a, v: a.name != "events"), tuple(case.events))


class TestThreeSteps:
    def test_penalised_case_cannot_close_before_reinspection(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        case = case_on(h)
        case.penalize(penalty=penalty(h, at(6, 5)), at=at(6, 5), by=INSPECTOR)
        before = snapshot(case)
        with pytest.raises(hf.Rejected) as refusal:
            case.close(at=at(6, 6), by=INSPECTOR)
        assert refusal.value.rules == ["P1"]
        assert "严禁以罚代管、罚而不管" in refusal.value.reasons[0].message
        assert any("巫山经信发〔2023〕5号 二(五)3" in s for s in refusal.value.reasons[0].sources)
        assert snapshot(case) == before
        assert case.why_not("close", at=at(6, 6), by=INSPECTOR) == refusal.value.reasons

    def test_reinspection_finding_the_hazard_keeps_the_case_open_and_escalates(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        case = case_on(h)
        case.penalize(penalty=penalty(h, at(6, 5)), at=at(6, 5), by=INSPECTOR)
        entry = case.reinspect(finding="报警仪仍未安装", remaining=[h.id], at=at(6, 20), by=INSPECTOR)
        assert entry.trigger == "escalate"
        assert case.stage is hf.CaseStage.PENALIZED and case.escalations == 1
        with pytest.raises(hf.Rejected, match="发现隐患依然存在"):
            case.close(at=at(6, 21), by=INSPECTOR)
        case.penalize(penalty=penalty(h, at(6, 22), "沈应急罚〔2023〕2号"), at=at(6, 22), by=INSPECTOR)
        case.reinspect(finding="已安装并联网", at=at(7, 10), by=INSPECTOR)
        case.close(at=at(7, 11), by=INSPECTOR)
        assert case.stage is hf.CaseStage.CLOSED
        assert [e.trigger for e in case.events] == ["inspect", "penalize", "escalate", "penalize", "reinspect",
                                                    "close"]
        assert [r.passed for r in case.reinspections] == [False, True]

    def test_full_loop_labels(self) -> None:
        assert [s.label for s in hf.CaseStage] == ["检查诊断", "行政处罚", "整改复查", "结案"]

    def test_unpenalised_case_with_hazards_still_needs_reinspection(self) -> None:
        case = case_on(hazard(hf.Source.DEPARTMENT))
        with pytest.raises(hf.Rejected, match="尚未整改复查") as refusal:
            case.close(at=at(6, 2), by=INSPECTOR)
        assert refusal.value.rules == ["P1"]
        case.reinspect(finding="已整改", at=at(6, 20), by=INSPECTOR)
        case.close(at=at(6, 21), by=INSPECTOR)

    def test_inspection_that_found_nothing_closes_at_once(self) -> None:
        case = case_on()
        case.close(at=at(6, 2), by=INSPECTOR)
        assert case.stage is hf.CaseStage.CLOSED

    def test_no_penalty_after_reinspection_passed(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        case = case_on(h)
        case.reinspect(finding="已整改", at=at(6, 20), by=INSPECTOR)
        with pytest.raises(hf.Rejected) as refusal:
            case.penalize(penalty=penalty(h, at(6, 21)), at=at(6, 21), by=INSPECTOR)
        assert refusal.value.rules == ["P1"]

    def test_one_machine_drives_every_case(self) -> None:
        first, second = case_on(hazard()), case_on(hazard())
        assert type(first).flow is type(second).flow
        assert not hf.EnforcementCase.flow.machine.models


class TestSignatures:
    def test_inspection_is_signed_by_a_department(self) -> None:
        with pytest.raises(hf.Rejected) as refusal:
            hf.Inspection.signed(enterprise=STEEL, scope="自查", at=at(6, 1), by=BOSS)
        assert refusal.value.rules == ["H5"]

    def test_case_opened_and_closed_by_the_inspecting_department(self) -> None:
        inspection = hf.Inspection.signed(enterprise=STEEL, scope="检查", at=at(6, 1), by=INSPECTOR)
        with pytest.raises(hf.Rejected) as refusal:
            hf.EnforcementCase.open(inspection=inspection, at=at(6, 1), by=OTHER)
        assert refusal.value.rules == ["H5"]
        case = hf.EnforcementCase.open(inspection=inspection, at=at(6, 1), by=INSPECTOR)
        with pytest.raises(hf.Rejected) as refusal:
            case.close(at=at(6, 2), by=TOWN)
        assert "H5" in refusal.value.rules

    def test_case_links_the_inspection_and_its_hazards(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        case = case_on(h)
        assert case.hazards == (h.id,)
        assert case.inspection.signature.by == INSPECTOR
        assert case.events[0].payload["hazards"] == (h.id,)

    def test_hazards_of_another_enterprise_are_bad_input(self) -> None:
        with pytest.raises(hf.InvalidInput, match="hazards"):
            hf.Inspection.signed(enterprise="别的公司", scope="检查", hazards=[hazard()], at=at(6, 1), by=INSPECTOR)


class TestPenaltyRecords:
    def test_penalty_on_another_hazard_is_refused(self) -> None:
        case = case_on(hazard(hf.Source.DEPARTMENT))
        stray = hazard(hf.Source.DEPARTMENT, description="别的隐患")
        with pytest.raises(hf.Rejected, match="不是针对本案") as refusal:
            case.penalize(penalty=penalty(stray, at(6, 5)), at=at(6, 5), by=INSPECTOR)
        assert refusal.value.rules == ["P1"]

    def test_the_same_decision_is_not_recorded_twice(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        case = case_on(h)
        case.penalize(penalty=penalty(h, at(6, 5)), at=at(6, 5), by=INSPECTOR)
        with pytest.raises(hf.Rejected, match="已记录在案"):
            case.penalize(penalty=penalty(h, at(6, 5)), at=at(6, 6), by=INSPECTOR)

    def test_publication_is_recorded_once(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        case = case_on(h)
        p = penalty(h, at(6, 2))  # Friday
        case.penalize(penalty=p, at=at(6, 2), by=INSPECTOR)
        assert hf.overdue_publications(case.penalties, at=at(6, 14)) == [case.penalties[0]]
        case.publish(number=p.number, at=at(6, 13), by=INSPECTOR)
        assert case.penalties[0].published is not None
        assert hf.overdue_publications(case.penalties, at=at(6, 14)) == []
        with pytest.raises(hf.Rejected) as refusal:
            case.publish(number=p.number, at=at(6, 14), by=INSPECTOR)
        assert refusal.value.rules == ["L4"]
        with pytest.raises(hf.InvalidInput):
            case.publish(number="无此文号", at=at(6, 14), by=INSPECTOR)

    def test_bad_input(self) -> None:
        case = case_on(hazard(hf.Source.DEPARTMENT))
        with pytest.raises(hf.InvalidInput, match="timezone-aware"):
            case.close(at=at(6, 2).replace(tzinfo=None), by=INSPECTOR)
        with pytest.raises(hf.InvalidInput, match="penalty"):
            case.penalize(penalty="罚款", at=at(6, 2), by=INSPECTOR)  # type: ignore[arg-type]
        with pytest.raises(hf.InvalidInput, match="remaining"):
            case.reinspect(finding="x", remaining=["无此隐患"], at=at(6, 2), by=INSPECTOR)
        with pytest.raises(hf.InvalidInput, match="finding"):
            case.reinspect(finding=" ", at=at(6, 2), by=INSPECTOR)
