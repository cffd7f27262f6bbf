"""H7 weekly dispatch while listed, H8 escalation of overdue hazards, H10 look-back."""

from __future__ import annotations

from datetime import date

import pytest

import hazardflow as hf
from tests.enforcement.enforcement_helpers import INSPECTOR, TOWN, at, hazard

NUMBER = "铁西府督〔2023〕3号"


def listed() -> hf.Hazard:
    h = hazard(hf.Source.DEPARTMENT)
    h.list_for_supervision(title="关于对重大事故隐患挂牌督办的通知", number=NUMBER, at=at(6, 5), by=TOWN)
    return h


class TestH8Escalation:
    def test_overdue_listed_hazard_appears_with_its_document_number(self) -> None:
        h = listed()
        assert hf.escalations([h], at=at(6, 30)) == []
        (e,) = hf.escalations([h], at=at(7, 3))
        assert e.number == NUMBER and e.days_overdue == 3 and e.escalated
        assert e.department == "铁西区人民政府" and e.responsible == "李四"
        assert NUMBER in e.proposal and e.basis.rule == "H8"

    def test_extending_without_a_reason_is_refused(self) -> None:
        h = listed()
        with pytest.raises(hf.Rejected) as refusal:
            h.extend(deadline=date(2023, 7, 31), reason="", at=at(7, 3), by=TOWN)
        assert refusal.value.rules == ["H8"]
        h.extend(deadline=date(2023, 7, 31), reason="设备到货延迟，已落实临时管控措施", at=at(7, 3), by=TOWN)
        assert hf.escalations([h], at=at(7, 4)) == []
        assert h.events[-1].trigger == "extend" and h.events[-1].actor == TOWN

    def test_unlisted_major_hazard_is_proposed_for_listing(self) -> None:
        (e,) = hf.escalations([hazard()], at=at(7, 3))
        assert e.listing is None and e.number is None
        assert e.proposal.startswith("提请沈阳市应急管理局挂牌督办") and "李四" in e.proposal

    def test_general_hazards_are_reported_but_not_escalated_and_sorted_last(self) -> None:
        general = hazard(level=hf.Level.GENERAL, deadline=date(2023, 6, 10), description="通道堆放杂物")
        major = hazard()
        found = hf.escalations([general, major, hazard(stage="closed")], at=at(7, 3))
        assert [e.description for e in found] == ["煤气柜未设置一氧化碳泄漏报警", "通道堆放杂物"]
        assert not found[1].escalated

    def test_bad_input(self) -> None:
        with pytest.raises(hf.InvalidInput):
            hf.escalations(["隐患"], at=at(7, 3))  # type: ignore[list-item]


class TestH7Dispatch:
    def test_weekly_obligations_while_listed(self) -> None:
        h = listed()
        done = hf.Dispatch(h.id, "报警仪已采购", INSPECTOR, at(6, 9))
        dues = hf.dispatch_obligations(h, [done], at=at(6, 20))
        assert [(d.start, d.due) for d in dues] == [
            (date(2023, 6, 5), date(2023, 6, 11)), (date(2023, 6, 12), date(2023, 6, 18)),
            (date(2023, 6, 19), date(2023, 6, 25))]
        assert dues[0].done == done and not dues[0].overdue(at(6, 20))
        assert dues[1].overdue(at(6, 20)) and not dues[2].overdue(at(6, 20))
        assert dues[1].basis.rule == "H7" and NUMBER in dues[1].basis.message

    def test_no_obligation_after_delisting_or_without_listing(self) -> None:
        assert hf.dispatch_obligations(hazard(), [], at=at(6, 20)) == []
        h = listed()
        h.delist(at=at(6, 8), by=TOWN)
        assert len(hf.dispatch_obligations(h, [], at=at(7, 20))) == 1


class TestH10LookBack:
    def test_reopens_and_marks_sham(self) -> None:
        kept, sham = hazard(stage="closed"), hazard(stage="closed", description="除尘器未接地")
        review = hf.look_back([kept, sham], findings={sham.id: "接地线未连接，纸面整改"}, at=at(7, 1), by=INSPECTOR)
        assert review.reopened == (sham.id,) and set(review.reviewed) == {kept.id, sham.id}
        assert sham.stage is hf.Stage.RECTIFYING and sham.sham == 1 and sham.acceptance is None
        assert kept.stage is hf.Stage.CLOSED

    def test_all_or_nothing(self) -> None:
        closed, open_ = hazard(stage="closed"), hazard(description="仍在整改")
        with pytest.raises(hf.Rejected) as refusal:
            hf.look_back([closed, open_], findings={closed.id: "假整改", open_.id: "未整改"}, at=at(7, 1),
                         by=INSPECTOR)
        assert refusal.value.rules == ["H10"] and "仍在整改" in refusal.value.reasons[0].message
        assert closed.stage is hf.Stage.CLOSED and closed.sham == 0

    def test_finding_must_be_recorded(self) -> None:
        h = hazard(stage="closed")
        with pytest.raises(hf.Rejected) as refusal:
            hf.look_back([h], findings={h.id: " "}, at=at(7, 1), by=INSPECTOR)
        assert refusal.value.rules == ["H10"]

    def test_unknown_ids_are_bad_input(self) -> None:
        with pytest.raises(hf.InvalidInput, match="findings"):
            hf.look_back([hazard(stage="closed")], findings={"x": "假整改"}, at=at(7, 1), by=INSPECTOR)
