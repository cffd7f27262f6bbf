"""The penalty arithmetic at its boundaries: L3 days, refusal (L5, L6, L8), P2, P3 从重, P4, P5, L10, explanation."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import attrs
import pytest
from enforcement_helpers import INSPECTOR, STEEL, at, hazard, penalty

import hazardflow as hf

ENTERPRISE, RESPONSIBLE, PRINCIPAL = hf.Target.ENTERPRISE, hf.Target.RESPONSIBLE, hf.Target.PRINCIPAL
DAILY, FINE, SUSPENSION = hf.MeasureKind.DAILY_FINE, hf.MeasureKind.FINE, hf.MeasureKind.SUSPENSION


def ordered(h: hf.Hazard, when: object, number: str = "一号", deadline: date | None = None) -> hf.Penalty:
    """A decision ordering correction (by ``deadline``, None: 立即) and fining the enterprise 3万元."""
    order = hf.Measure(hf.MeasureKind.ORDER, ENTERPRISE, (), deadline=deadline)
    fine = hf.Measure(FINE, ENTERPRISE, (), amount=Decimal(3))
    return hf.Penalty(number, h.enterprise, h.id, (order, fine), hf.Signature(INSPECTOR, when))  # type: ignore[arg-type]


class TestL3DailyFines:
    """第一百一十二条: from the day after the order's deadline, at the original amount, each day once."""

    @pytest.mark.parametrize(("day", "days"), [(9, 0), (10, 0), (11, 1), (12, 2)])
    def test_counted_from_the_day_after_the_deadline(self, day: int, days: int) -> None:
        h = hazard(hf.Source.DEPARTMENT)  # plan deadline 06-30
        d = hf.decide_penalty(h, at=at(6, day), penalties=[ordered(h, at(6, 5), deadline=date(2023, 6, 10))])
        assert sum(m.days for m in d.measures if m.kind is DAILY) == days
        assert d.includes(SUSPENSION) is (days > 0)

    def test_an_immediate_order_falls_due_the_day_it_is_made(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, deadline=date(2023, 6, 5))
        d = hf.decide_penalty(h, at=at(6, 10), penalties=[ordered(h, at(6, 6))])
        assert d.measure(DAILY).spans == ((date(2023, 6, 7), date(2023, 6, 10)),)

    def test_two_decisions_never_fine_the_same_day(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="found", reported=True)  # no plan: the order is 立即
        first = ordered(h, at(6, 1, 15))
        second = hf.decide_penalty(h, at=at(7, 10), penalties=[first])
        assert second.measure(DAILY).spans == ((date(2023, 6, 2), date(2023, 7, 10)),)
        two = second.confirm(number="二号", at=at(7, 10), by=INSPECTOR,
                             fines={RESPONSIBLE: Decimal(5), PRINCIPAL: Decimal(2)})
        third = hf.decide_penalty(h, at=at(7, 20), penalties=[first, two]).measure(DAILY)
        assert third.spans == ((date(2023, 7, 11), date(2023, 7, 20)),) and third.amount == Decimal(30)
        assert (two.total - 7) + third.amount == Decimal(147)  # 49 days × 3万, not 264万 (88 days)
        assert "二号已罚2023-06-02至2023-07-10" in "\n".join(third.figures)

    @pytest.mark.parametrize(("closed", "last"), [(date(2023, 6, 11), date(2023, 6, 11)), (None, date(2023, 6, 20))])
    def test_no_day_after_the_hazard_was_closed(self, closed: date | None, last: date) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="closed" if closed else "verifying", deadline=date(2023, 6, 5))
        d = hf.decide_penalty(h, at=at(6, 20), penalties=[ordered(h, at(6, 5))])
        daily = d.measure(DAILY)
        assert daily.spans == ((date(2023, 6, 6), last),)
        if closed:
            assert not d.includes(SUSPENSION) and not d.includes(FINE)  # nothing else is refused any more

    def test_days_it_stood_accepted_before_a_look_back_reopened_it_are_not_fined(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="closed", deadline=date(2023, 6, 5))  # closed 06-11
        first = ordered(h, at(6, 5))
        hf.look_back([h], findings={h.id: "纸面整改"}, at=at(7, 15), by=INSPECTOR)
        daily = hf.decide_penalty(h, at=at(7, 20), penalties=[first]).measure(DAILY)
        assert daily.spans == ((date(2023, 6, 6), date(2023, 6, 11)), (date(2023, 7, 15), date(2023, 7, 20)))
        assert daily.amount == Decimal(36) and "2023-06-12至2023-07-14）不计罚" in "\n".join(daily.figures)

    def test_daily_fines_function(self) -> None:
        fine = hf.daily_fines(Decimal(1), date(2023, 6, 1), date(2023, 6, 30),
                              fined=[(date(2023, 6, 5), date(2023, 6, 9))], corrected=date(2023, 6, 20))
        assert fine.spans == ((date(2023, 6, 2), date(2023, 6, 4)), (date(2023, 6, 10), date(2023, 6, 20)))
        assert (fine.days, fine.total) == (14, Decimal(14))
        with pytest.raises(hf.InvalidInput, match="fined"):
            hf.daily_fines(Decimal(1), date(2023, 6, 1), date(2023, 6, 2), fined=[date(2023, 6, 1)])  # type: ignore[list-item]


class TestRefusal:
    """第一百零二条 拒不执行, 第九十四条 逾期未改正: only once a deadline passed uncorrected."""

    @pytest.mark.parametrize(("day", "refused"), [(29, False), (30, False), (31, True)])
    def test_rectifying_within_the_deadline_is_no_refusal(self, day: int, refused: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT, deadline=date(2023, 7, 30))
        earlier = penalty(h, at(7, 5), fines={ENTERPRISE: Decimal(3), PRINCIPAL: Decimal(2)})
        d = hf.decide_penalty(h, at=at(7, day), penalties=[earlier])
        assert d.includes(SUSPENSION) is refused
        assert d.includes(FINE, RESPONSIBLE) is refused and d.includes(DAILY) is refused
        assert d.includes(FINE, PRINCIPAL) is refused
        if refused:
            principal = d.measure(FINE, PRINCIPAL)
            responsible = d.measure(FINE, RESPONSIBLE)
            assert (principal.minimum, principal.maximum) == (Decimal(5), Decimal(10))
            assert (responsible.minimum, responsible.maximum) == (Decimal(5), Decimal(10))
        else:
            assert not d.penalised and not d.includes(FINE, ENTERPRISE)  # already fined for it (一事不再罚)

    def test_a_fine_up_to_five_is_above_zero(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5))
        with pytest.raises(hf.Rejected, match="大于零") as refusal:
            d.confirm(number="一号", at=at(6, 5), by=INSPECTOR, fines={ENTERPRISE: Decimal(0)})
        assert refusal.value.rules == ["L6"]

    def test_the_confirmed_deadline_sets_when_the_refusal_starts(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        d = hf.decide_penalty(h, at=at(6, 5))
        assert d.measure(hf.MeasureKind.ORDER).deadline == date(2023, 6, 30)
        p = d.confirm(number="一号", at=at(6, 5), by=INSPECTOR, fines={ENTERPRISE: Decimal(3)},
                      deadline=date(2023, 6, 15))
        assert hf.decide_penalty(h, at=at(6, 16), penalties=[p]).measure(DAILY).spans == (
            (date(2023, 6, 16), date(2023, 6, 16)),)
        with pytest.raises(hf.InvalidInput, match="deadline"):
            d.confirm(number="一号", at=at(6, 5), by=INSPECTOR, fines={ENTERPRISE: Decimal(3)},
                      deadline=date(2023, 6, 4))


class TestP2AndP4:
    @pytest.mark.parametrize(("day", "exempt"), [(1, True), (2, False)])
    def test_self_found_reported_and_not_yet_assigned(self, day: int, exempt: bool) -> None:
        h = hazard(stage="found")  # found 06-01 09:00, reported 10:00
        d = hf.decide_penalty(h, at=at(6, day, 11))
        assert (d.rules == ["P2"]) is exempt and d.penalised is not exempt

    @pytest.mark.parametrize("reported", [True, False])
    def test_department_found_and_unreported_is_dual(self, reported: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="found", reported=reported)
        d = hf.decide_penalty(h, at=at(6, 1, 15))
        assert ("P4" in d.rules) is not reported
        assert d.includes(FINE, PRINCIPAL) is not reported
        if not reported:
            assert "既未自查发现也未报告" in str(d)

    def test_self_found_but_unreported_is_not_exempt(self) -> None:
        d = hf.decide_penalty(hazard(stage="found", reported=False), at=at(6, 1, 15))
        assert "P2" not in d.rules and "P4" not in d.rules  # found by itself: no 排查整治不力


class TestL8Unreported:
    """第一百零一条(五), not 第一百零二条, for an unreported major hazard."""

    def test_up_to_ten(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT, stage="found", reported=False), at=at(6, 1, 15))
        fine = d.measure(FINE, ENTERPRISE)
        assert (fine.minimum, fine.maximum) == (Decimal(0), Decimal(10)) and "L8" in fine.rules
        assert d.cites("第一百零一条(五)") and not any("L6" in m.rules for m in d.measures if m.kind is FINE)

    def test_general_hazards_are_not_l8(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT, level=hf.Level.GENERAL, stage="found", reported=False),
                              at=at(6, 1, 15))
        assert d.measure(FINE, ENTERPRISE).maximum == Decimal(5) and "L8" not in d.rules

    @pytest.mark.parametrize(("day", "upper"), [(1, False), (2, True)])
    def test_overdue_report_climbs_the_ladder(self, day: int, upper: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="found", reported=False)
        earlier = ordered(h, at(6, 1, 12))
        d = hf.decide_penalty(h, at=at(6, day, 15), penalties=[earlier])
        assert d.includes(SUSPENSION) is upper
        if upper:
            assert (d.measure(FINE, ENTERPRISE).minimum, d.measure(FINE, ENTERPRISE).maximum) == (10, 20)
            assert (d.measure(FINE, RESPONSIBLE).minimum, d.measure(FINE, RESPONSIBLE).maximum) == (2, 5)


class TestL10Record:
    def test_a_record_not_kept_is_fined_even_while_rectifying(self) -> None:
        d = hf.decide_penalty(hazard(), at=at(6, 5), unrecorded="台账未记录该隐患")
        assert d.rules == ["L10"] and d.cites("第九十七条(五)")
        assert d.measure(FINE, ENTERPRISE).maximum == Decimal(10)

    def test_two_violations_are_added_up_on_one_target(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5), unrecorded="未向从业人员通报")
        fine = d.measure(FINE, ENTERPRISE)
        assert (fine.minimum, fine.maximum) == (Decimal(0), Decimal(15)) and {"L6", "L10"} <= set(fine.rules)

    def test_bad_finding(self) -> None:
        with pytest.raises(hf.InvalidInput, match="unrecorded"):
            hf.decide_penalty(hazard(), at=at(6, 5), unrecorded=" ")


class TestP3Strict:
    def test_strict_fines_state_the_upper_half(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.TIP), at=at(6, 5))
        fine = d.measure(FINE, ENTERPRISE)
        assert (fine.minimum, fine.strict_minimum, fine.maximum) == (Decimal(0), Decimal("2.5"), Decimal(5))
        assert any("从重处罚" in f and "巫山经信发〔2023〕5号 二(八)2" in f and "2.5–5万元" in f for f in fine.figures)

    def test_self_found_fines_are_not_strict(self) -> None:
        d = hf.decide_penalty(hazard(), at=at(7, 5))
        assert d.measure(FINE, ENTERPRISE).strict_minimum is None


class TestP5Closure:
    """第一百一十三条(一): the decision being made counts; (二) a failed suspension review."""

    @pytest.mark.parametrize(("first", "petition"), [(date(2023, 2, 2), True), (date(2023, 2, 1), False)])
    def test_the_decision_being_made_is_the_third(self, first: date, petition: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        history = [penalty(h, hf.at_date(first, 9), "一号"), penalty(h, at(5, 1), "二号")]
        d = hf.decide_penalty(h, at=at(8, 1), penalties=history)  # 2023-08-01 is day 180 after 02-02
        assert ("P5" in d.rules) is petition
        if petition:
            assert "本决定" in str(d) and d.includes(hf.MeasureKind.CLOSURE)
        assert not hf.closure_grounds(h, at=at(8, 1), penalties=history)  # two on record: not yet

    @pytest.mark.parametrize(("count", "petition"), [(3, False), (4, True)])
    def test_three_or_four_within_a_year(self, count: int, petition: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        days = [at(1, 2), at(5, 1), at(9, 1), at(12, 30)][:count]  # never three within 180 days
        history = [penalty(h, d, f"{i}号") for i, d in enumerate(days)]
        assert bool(hf.closure_grounds(h, at=at(12, 31), penalties=history)) is petition

    def test_a_decision_without_a_measure_is_no_penalty(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        empty = [hf.Penalty(f"{i}号", STEEL, h.id, (), hf.Signature(INSPECTOR, at(6, i))) for i in (2, 3, 4)]
        assert not hf.closure_grounds(h, at=at(6, 5), penalties=empty)
        zero = hf.Penalty("零号", STEEL, h.id, (hf.Measure(hf.MeasureKind.ORDER, ENTERPRISE, ()),),
                          hf.Signature(INSPECTOR, at(6, 2)))
        assert not zero.administrative

    def test_failed_suspension_review(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        s = hf.Suspension.ordered(hazards=[h], reason="无法保证安全", at=at(6, 5), by=INSPECTOR)
        assert not hf.closure_grounds(h, at=at(7, 1), suspensions=[s])
        s.fail_review(finding="仍不具备安全生产条件", at=at(6, 30), by=INSPECTOR)
        grounds = hf.closure_grounds(h, at=at(7, 1), suspensions=[s])
        assert grounds and "第一百一十三条(二)" in str(grounds)
        assert s.in_force  # the order stands


class TestExplanation:
    def test_str_and_json_carry_every_figure(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, deadline=date(2023, 6, 10))
        d = hf.decide_penalty(h, at=at(6, 20), penalties=[ordered(h, at(6, 5), "沈应急罚〔2023〕9号")])
        text = str(d)
        assert "3万元/日×10日，自2023-06-11至2023-06-20" in text and "沈应急罚〔2023〕9号" in text
        assert "法定幅度5–10万元" in text and "第一百零二条" in text
        data = d.to_json()
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
        daily = next(m for m in data["measures"] if m["kind_label"] == "按日连续处罚")
        assert daily["days"] == 10 and daily["spans"] == [["2023-06-11", "2023-06-20"]]
        assert daily["amount"] == "30" and daily["earlier"] == ["沈应急罚〔2023〕9号"] and daily["rules"] == ["L3"]

    def test_measure_fields_have_defaults(self) -> None:
        m = hf.Measure(FINE, ENTERPRISE, (), amount=Decimal(1))
        assert (m.deadline, m.spans, m.days, m.figures, m.earlier) == (None, (), 0, (), ())
        assert attrs.evolve(m, spans=((date(2023, 6, 1), date(2023, 6, 3)),)).days == 3
