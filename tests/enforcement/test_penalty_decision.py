"""decide_penalty: P2 自查不处, P3 他查严处/假改严罚, P4 一案双罚, P5 提请关闭, P6 移送司法; confirming; tally."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from enforcement_helpers import BOSS, INSPECTOR, STAFF, STEEL, at, hazard, penalty

import hazardflow as hf

MAJOR_ACCIDENT = hf.AccidentGrade.MAJOR


def accident(h: hf.Hazard, grade: hf.AccidentGrade = hf.AccidentGrade.GENERAL) -> hf.Accident:
    return hf.Accident(STEEL, at(7, 20), "煤气中毒致1人死亡", (h.id,), grade)


class TestP2SelfFoundNotPunished:
    def test_self_found_reported_under_plan_draws_no_penalty(self) -> None:
        d = hf.decide_penalty(hazard(), at=at(6, 5))
        assert not d.penalised and d.measures == ()
        assert d.rules == ["P2"]
        assert d.cites("巫山经信发〔2023〕5号 二(八)2")

    def test_closed_and_on_the_spot_fixed_ones_are_exempt_too(self) -> None:
        assert hf.decide_penalty(hazard(stage="closed"), at=at(7, 5)).rules == ["P2"]
        h = hf.Hazard.found(description="配电箱门未关闭", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK,
                            enterprise=STEEL, sector="金属冶炼", jurisdiction="铁西区", at=at(6, 1), by=STAFF)
        h.fix_on_spot(measures="已关闭", at=at(6, 1, 10), by=STAFF)
        assert hf.decide_penalty(h, at=at(6, 2)).rules == ["P2"]

    @pytest.mark.parametrize(("kwargs", "when", "why"), [
        ({"reported": False, "stage": "found"}, at(6, 5), "未按规定向监管部门报告"),
        ({"stage": "found"}, at(6, 5), "未制定五落实"),
        ({}, at(7, 5), "超过整改期限"),
    ])
    def test_not_exempt_when_unreported_unplanned_or_overdue(self, kwargs: dict[str, object], when: object,
                                                              why: str) -> None:
        d = hf.decide_penalty(hazard(**kwargs), at=when)  # type: ignore[arg-type]
        assert d.penalised and "P2" not in d.rules and "P3" not in d.rules
        assert why in d.explain()
        assert d.includes(hf.MeasureKind.FINE, hf.Target.ENTERPRISE)


class TestP3StrictPenalty:
    @pytest.mark.parametrize("source", [hf.Source.DEPARTMENT, hf.Source.UNANNOUNCED, hf.Source.TIP])
    def test_found_by_others_is_penalised_strictly(self, source: hf.Source) -> None:
        d = hf.decide_penalty(hazard(source), at=at(6, 5))
        assert d.penalised and d.strict
        assert d.rules[0] == "P3"
        assert "他查严处" in d.grounds[0].message
        fine = d.measure(hf.MeasureKind.FINE, hf.Target.ENTERPRISE)
        assert (fine.minimum, fine.maximum) == (Decimal(0), Decimal(5))
        assert fine.rules == ("L6", "P3")
        assert d.includes(hf.MeasureKind.ORDER)

    def test_sham_rectification_found_by_look_back_is_penalised_strictly(self) -> None:
        h = hazard(stage="closed")
        assert hf.decide_penalty(h, at=at(7, 1)).rules == ["P2"]
        hf.look_back([h], findings={h.id: "报警仪未通电，纸面整改"}, at=at(7, 15), by=INSPECTOR)
        d = hf.decide_penalty(h, at=at(7, 16))
        sham = [r for r in d.grounds if r.rule == "P3"]
        assert sham and "假改严罚" in sham[0].message and "按事故查处" in sham[0].message
        assert d.cites("宜明办字〔2023〕23号 二(三)20")
        assert "P4" in d.rules  # 按事故查处: 一案双罚


class TestP4DualPenalty:
    def test_persisting_major_hazard_after_an_accident(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        d = hf.decide_penalty(h, at=at(7, 21), accident=accident(h))
        assert "P4" in d.rules
        assert d.includes(hf.MeasureKind.FINE, hf.Target.PRINCIPAL)
        assert d.includes(hf.MeasureKind.FINE, hf.Target.ENTERPRISE)
        assert d.includes(hf.MeasureKind.DISMISSAL, hf.Target.PRINCIPAL)
        ban = d.measure(hf.MeasureKind.BAN)
        assert ban.note.startswith("五年内") and ban.rules == ("L5",)

    def test_overdue_major_hazard_is_dual(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(7, 5))
        assert "P4" in d.rules
        principal = d.measure(hf.MeasureKind.FINE, hf.Target.PRINCIPAL)
        assert (principal.minimum, principal.maximum) == (Decimal(2), Decimal(5))
        assert principal.rules == ("P4", "L5")

    def test_major_hazard_under_a_timely_plan_is_not_dual(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5))
        assert "P4" not in d.rules and not d.includes(hf.MeasureKind.FINE, hf.Target.PRINCIPAL)

    def test_accident_must_be_caused_by_the_hazard(self) -> None:
        other = hazard(description="别的隐患")
        with pytest.raises(hf.InvalidInput, match="accident"):
            hf.decide_penalty(hazard(), at=at(7, 21), accident=accident(other))


def three(h: hf.Hazard, *days: int) -> list[hf.Penalty]:
    start = at(1, 2)
    return [penalty(h, start + timedelta(days=d), f"罚〔2023〕{i}号") for i, d in enumerate(days)]


class TestP5Closure:
    def test_three_penalties_within_180_days(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        d = hf.decide_penalty(h, at=at(7, 5), penalties=three(h, 0, 60, 120))
        assert "P5" in d.rules and d.cites("第一百一十三条")
        assert d.includes(hf.MeasureKind.CLOSURE, hf.Target.ENTERPRISE)
        ban = d.measure(hf.MeasureKind.BAN, hf.Target.PRINCIPAL)
        assert ban.note == "五年内不得担任任何生产经营单位的主要负责人"
        assert "P5" in ban.rules

    def test_two_penalties_within_180_days_are_not_enough(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        d = hf.decide_penalty(h, at=at(7, 5), penalties=three(h, 0, 60))
        assert "P5" not in d.rules and not d.includes(hf.MeasureKind.CLOSURE)

    def test_three_spread_over_thirteen_months_are_not_enough(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        start = at(6, 1, year=2022)
        history = [penalty(h, start, "一号"), penalty(h, at(12, 15, year=2022), "二号"),
                   penalty(h, at(6, 30, year=2023) - timedelta(days=1), "三号")]
        d = hf.decide_penalty(h, at=at(7, 5), penalties=history)
        assert "P5" not in d.rules

    @pytest.mark.parametrize(("span", "petition"), [(180, True), (181, False)])
    def test_the_180_day_boundary(self, span: int, petition: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        grounds = hf.closure_grounds(h, at=at(7, 5), penalties=three(h, 0, 90, span))
        assert bool(grounds) is petition

    @pytest.mark.parametrize(("last", "petition"), [(at(1, 2, year=2024), True), (at(1, 3, year=2024), False)])
    def test_four_within_a_year(self, last: object, petition: bool) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        history = [penalty(h, at(1, 2), "一号"), penalty(h, at(7, 1), "二号"), penalty(h, at(12, 1), "三号"),
                   penalty(h, last, "四号")]  # type: ignore[arg-type]
        grounds = hf.closure_grounds(h, at=at(3, 1, year=2024), penalties=history)
        assert bool(grounds) is petition
        if petition:
            assert "一年内四次" in str(grounds)

    def test_only_while_a_major_hazard_exists(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, level=hf.Level.GENERAL)
        assert "P5" not in hf.decide_penalty(h, at=at(7, 5), penalties=three(h, 0, 60, 120)).rules

    def test_other_enterprises_and_later_decisions_do_not_count(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        other = hazard(hf.Source.DEPARTMENT, enterprise="别的公司")
        history = [*three(other, 0, 60, 120), penalty(h, at(8, 1), "以后")]
        assert "P5" not in hf.decide_penalty(h, at=at(7, 5), penalties=history).rules

    def test_serious_accident_means_closure_and_a_lifetime_ban(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        d = hf.decide_penalty(h, at=at(7, 21), accident=accident(h, MAJOR_ACCIDENT))
        assert "P5" in d.rules
        bans = [m for m in d.measures if m.kind is hf.MeasureKind.BAN]
        assert len(bans) == 1 and bans[0].note.startswith("终身") and set(bans[0].rules) == {"L5", "P5"}

    def test_refused_suspension_means_closure(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        s = hf.Suspension.ordered(hazards=[h], reason="煤气泄漏无法保证安全", at=at(6, 5), by=INSPECTOR)
        assert "P5" not in hf.decide_penalty(h, at=at(6, 10), suspensions=[s]).rules
        s.refuse(finding="擅自恢复生产", at=at(6, 8), by=INSPECTOR)
        d = hf.decide_penalty(h, at=at(6, 10), suspensions=[s])
        assert "P5" in d.rules and "第一百一十三条(四)" in str(d.grounds)


class TestP6Referral:
    def test_suspected_crime_is_referred(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5), crime="危险作业罪")
        assert "P6" in d.rules and d.includes(hf.MeasureKind.REFERRAL)
        with pytest.raises(hf.Rejected) as refusal:
            d.confirm(number="一号", at=at(6, 6), by=INSPECTOR, fines={hf.Target.ENTERPRISE: Decimal(5)})
        assert refusal.value.rules == ["P6"]
        p = d.confirm(number="一号", at=at(6, 6), by=INSPECTOR, fines={hf.Target.ENTERPRISE: Decimal(5)},
                      referred=2)
        assert p.referred == 2 and p.includes(hf.MeasureKind.REFERRAL)

    def test_no_crime_no_referral(self) -> None:
        assert not hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5)).includes(hf.MeasureKind.REFERRAL)


class TestConfirmation:
    def test_the_department_picks_amounts_within_the_statute(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(7, 5))
        with pytest.raises(hf.Rejected) as refusal:
            d.confirm(number="一号", at=at(7, 6), by=INSPECTOR,
                      fines={hf.Target.ENTERPRISE: Decimal(6), hf.Target.PRINCIPAL: Decimal(1)})
        assert refusal.value.rules == ["L6", "L5"]
        p = d.confirm(number="一号", at=at(7, 6), by=INSPECTOR, extra=[hf.MeasureKind.EXPOSE],
                      fines={hf.Target.ENTERPRISE: Decimal("4.5"), hf.Target.PRINCIPAL: Decimal(3)})
        assert p.total == Decimal("7.5") and p.dual and p.administrative
        assert p.fined(hf.Target.PRINCIPAL) == Decimal(3)

    def test_mandatory_measures_cannot_be_left_out_discretionary_ones_can(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        d = hf.decide_penalty(h, at=at(7, 5), penalties=[penalty(h, at(6, 5))])
        assert d.measure(hf.MeasureKind.DAILY_FINE).mandatory is False
        fines = {hf.Target.RESPONSIBLE: Decimal(6), hf.Target.PRINCIPAL: Decimal(4)}
        with pytest.raises(hf.Rejected):
            d.confirm(number="二号", at=at(7, 6), by=INSPECTOR, fines=fines, omit=[hf.MeasureKind.SUSPENSION])
        p = d.confirm(number="二号", at=at(7, 6), by=INSPECTOR, fines=fines, omit=[hf.MeasureKind.DAILY_FINE])
        assert not p.includes(hf.MeasureKind.DAILY_FINE) and p.includes(hf.MeasureKind.SUSPENSION)

    def test_nothing_to_confirm_under_p2(self) -> None:
        d = hf.decide_penalty(hazard(), at=at(6, 5))
        with pytest.raises(hf.Rejected) as refusal:
            d.confirm(number="一号", at=at(6, 6), by=INSPECTOR)
        assert refusal.value.rules == ["P2"]

    def test_only_a_department_confirms(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5))
        with pytest.raises(hf.Rejected, match="无权决定") as refusal:
            d.confirm(number="一号", at=at(6, 6), by=BOSS, fines={hf.Target.ENTERPRISE: Decimal(1)})
        assert refusal.value.rules == ["L6"]

    def test_bad_input(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5))
        with pytest.raises(hf.InvalidInput, match="fines"):
            d.confirm(number="一号", at=at(6, 6), by=INSPECTOR, fines={hf.Target.ENTERPRISE: 1.5})  # type: ignore[dict-item]
        with pytest.raises(hf.InvalidInput, match="fines"):
            d.confirm(number="一号", at=at(6, 6), by=INSPECTOR, fines={hf.Target.PRINCIPAL: Decimal(1)})
        with pytest.raises(hf.InvalidInput, match="extra"):
            d.confirm(number="一号", at=at(6, 6), by=INSPECTOR, extra=[hf.MeasureKind.FINE])
        with pytest.raises(hf.InvalidInput, match="hazard"):
            hf.decide_penalty("隐患", at=at(6, 5))  # type: ignore[arg-type]
        with pytest.raises(hf.InvalidInput, match="crime"):
            hf.decide_penalty(hazard(), at=at(6, 5), crime=" ")


class TestTally:
    def test_dispatch_table_figures(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        first = hf.decide_penalty(h, at=at(7, 5)).confirm(
            number="一号", at=at(7, 5), by=INSPECTOR, extra=[hf.MeasureKind.SUMMON],
            fines={hf.Target.ENTERPRISE: Decimal(5), hf.Target.PRINCIPAL: Decimal(2)})
        second = hf.decide_penalty(h, at=at(7, 20), penalties=[first], crime="危险作业罪").confirm(
            number="二号", at=at(7, 20), by=INSPECTOR, referred=1, omit=[hf.MeasureKind.DAILY_FINE],
            fines={hf.Target.RESPONSIBLE: Decimal(5), hf.Target.PRINCIPAL: Decimal(6)})
        t = hf.tally([first, second])
        assert (t.penalties, t.amount, t.dual, t.referred, t.suspended, t.publicity) == (
            2, Decimal(18), 2, 1, 1, 1)
