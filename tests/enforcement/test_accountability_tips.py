"""P7 倒查 (signers of earlier checks and acceptances) and P8 举报奖励."""

from __future__ import annotations

from decimal import Decimal

import pytest
from enforcement_helpers import BOSS, INSPECTOR, OTHER, STEEL, at, hazard

import hazardflow as hf


class TestP7Trace:
    def test_lists_the_signer_of_the_acceptance_that_closed_the_hazard(self) -> None:
        h = hazard(stage="closed")
        accident = hf.Accident(STEEL, at(8, 1), "煤气中毒", (h.id,))
        (t,) = hf.trace(accident, hazards=[h])
        assert t.kind is hf.TraceKind.ACCEPTED and t.signer == hf.Signature(INSPECTOR, at(6, 11))
        assert t.signed_by == "沈阳市应急管理局监管部门王五" and t.basis.rule == "P7"

    def test_acceptances_undone_by_a_look_back_are_still_traced(self) -> None:
        h = hazard(stage="closed")
        hf.look_back([h], findings={h.id: "假整改"}, at=at(7, 1), by=OTHER)
        accident = hf.Accident(STEEL, at(8, 1), "煤气中毒", (h.id,))
        assert [t.signer.by for t in hf.trace(accident, hazards=[h])] == [INSPECTOR]

    def test_inspections_that_missed_or_did_not_follow_up(self) -> None:
        # 巫山 二(五)4: checks signed while the hazard was on the register (found 06-01 09:00, accident 08-01)
        earlier = hf.Inspection.signed(enterprise=STEEL, scope="春季检查", at=at(5, 20), by=OTHER)
        h = hazard(hf.Source.DEPARTMENT)
        followed = hf.Inspection.signed(enterprise=STEEL, scope="专项检查", hazards=[h], at=at(6, 1), by=INSPECTOR)
        missed = hf.Inspection.signed(enterprise=STEEL, scope="煤气检查", at=at(7, 1), by=OTHER)
        later = hf.Inspection.signed(enterprise=STEEL, scope="事故后检查", at=at(8, 2), by=INSPECTOR)
        elsewhere = hf.Inspection.signed(enterprise="别的公司", scope="检查", at=at(7, 1), by=INSPECTOR)
        accident = hf.Accident(STEEL, at(8, 1), "煤气中毒", (h.id,))
        traces = hf.trace(accident, hazards=[h, hazard()], inspections=[earlier, followed, missed, later, elsewhere])
        assert [(t.kind, t.signer.by.name, t.reference) for t in traces] == [
            (hf.TraceKind.NOT_FOLLOWED, "王五", followed.id), (hf.TraceKind.MISSED, "钱七", missed.id)]

    @pytest.mark.parametrize(("when", "traced"), [(at(6, 1, 8), False), (at(6, 1, 9), True), (at(6, 1, 10), True)])
    def test_only_from_the_moment_the_hazard_is_on_the_register(self, when: object, traced: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        check = hf.Inspection.signed(enterprise=STEEL, scope="检查", at=when, by=OTHER)  # type: ignore[arg-type]
        accident = hf.Accident(STEEL, at(8, 1), "煤气中毒", (h.id,))
        assert bool(hf.trace(accident, hazards=[h], inspections=[check])) is traced

    def test_bad_input(self) -> None:
        with pytest.raises(hf.InvalidInput):
            hf.trace("事故", hazards=[])  # type: ignore[arg-type]
        with pytest.raises(hf.InvalidInput):
            hf.Accident(STEEL, at(8, 1), "煤气中毒", ())


class TestP8Tips:
    def test_verified_major_tip_earns_a_reward_and_totals_count_anonymous_ones(self) -> None:
        named = hf.TipOff.received_by(content="夜间违规动火", enterprise=STEEL, informant="赵某", at=at(6, 1),
                                      by=INSPECTOR)
        anonymous = hf.TipOff.received_by(content="煤气柜报警器拆除", enterprise=STEEL, channel="网站",
                                          at=at(6, 2), by=INSPECTOR)
        assert anonymous.anonymous and not named.anonymous
        rewards = []
        for tip, amount in ((named, Decimal("0.5")), (anonymous, Decimal("0.3"))):
            h = hf.verify_tip(tip, level=hf.Level.MAJOR, sector="金属冶炼", jurisdiction="铁西区", at=at(6, 5),
                          by=INSPECTOR)
            assert h.source is hf.Source.TIP and h.description == tip.content
            rewards.append(hf.reward_tip(tip, h, amount=amount, at=at(6, 10), by=INSPECTOR, earlier=rewards))
        totals = hf.reward_totals(rewards)
        assert (totals.count, totals.total, totals.anonymous_count, totals.anonymous_total) == (
            2, Decimal("0.8"), 1, Decimal("0.3"))
        assert hf.reward_totals(rewards, since=at(6, 11)).count == 0

    def test_no_reward_for_a_general_hazard_a_second_time_or_from_the_enterprise(self) -> None:
        tip = hf.TipOff.received_by(content="通道堵塞", enterprise=STEEL, at=at(6, 1), by=INSPECTOR)
        h = hf.verify_tip(tip, level=hf.Level.GENERAL, sector="金属冶炼", jurisdiction="铁西区", at=at(6, 5),
                          by=INSPECTOR)
        with pytest.raises(hf.Rejected) as refusal:
            hf.reward_tip(tip, h, amount=Decimal("0.1"), at=at(6, 10), by=BOSS)
        assert refusal.value.rules == ["P8", "P8"]
        major = hf.verify_tip(tip, level=hf.Level.MAJOR, sector="金属冶炼", jurisdiction="铁西区", at=at(6, 5),
                          by=INSPECTOR)
        paid = hf.reward_tip(tip, major, amount=Decimal("0.1"), at=at(6, 10), by=INSPECTOR)
        with pytest.raises(hf.Rejected, match="不得重复奖励"):
            hf.reward_tip(tip, major, amount=Decimal("0.1"), at=at(6, 11), by=INSPECTOR, earlier=[paid])

    def test_only_hazards_found_through_the_tip(self) -> None:
        tip = hf.TipOff.received_by(content="违规动火", enterprise=STEEL, at=at(6, 1), by=INSPECTOR)
        with pytest.raises(hf.Rejected, match="不是经查证该举报发现的隐患"):
            hf.reward_tip(tip, hazard(), amount=Decimal(1), at=at(6, 10), by=INSPECTOR)

    def test_verification_by_a_department(self) -> None:
        tip = hf.TipOff.received_by(content="违规动火", enterprise=STEEL, at=at(6, 1), by=INSPECTOR)
        with pytest.raises(hf.Rejected) as refusal:
            hf.verify_tip(tip, level=hf.Level.MAJOR, sector="金属冶炼", jurisdiction="铁西区", at=at(6, 5), by=BOSS)
        assert refusal.value.rules == ["P8"]

    def test_bad_input(self) -> None:
        tip = hf.TipOff.received_by(content="违规动火", enterprise=STEEL, at=at(6, 1), by=INSPECTOR)
        h = hf.verify_tip(tip, level=hf.Level.MAJOR, sector="金属冶炼", jurisdiction="铁西区", at=at(6, 5),
                          by=INSPECTOR)
        with pytest.raises(hf.InvalidInput, match="amount"):
            hf.reward_tip(tip, h, amount=1.0, at=at(6, 10), by=INSPECTOR)  # type: ignore[arg-type]
        with pytest.raises(hf.InvalidInput, match="informant"):
            hf.TipOff("x", "内容", STEEL, "电话", False, None, hf.Signature(INSPECTOR, at(6, 1)))
