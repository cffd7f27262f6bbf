"""The law's enforcement rules: L2 suspension, L3 daily fines, L4 publication in working days, L5/L6 ladders."""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal

import pytest
from enforcement_helpers import BOSS, INSPECTOR, STAFF, at, hazard, penalty

import hazardflow as hf


class TestL2Suspension:
    def test_cannot_resume_before_a_signed_review(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        s = hf.Suspension.ordered(hazards=[h], reason="煤气泄漏无法保证安全", at=at(6, 5), by=INSPECTOR)
        assert s.in_force
        with pytest.raises(hf.Rejected) as refusal:
            s.resume(at=at(6, 6), by=BOSS)
        assert refusal.value.rules == ["L2"]
        assert any("第六十五条(三)" in src for src in refusal.value.reasons[0].sources)
        assert s.stage is hf.SuspensionStage.SUSPENDED and len(s.events) == 1

    def test_review_only_once_the_hazard_is_removed_and_by_a_department(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="verifying")
        s = hf.Suspension.ordered(hazards=[h], reason="无法保证安全", equipment="2号煤气柜", at=at(6, 5),
                                  by=INSPECTOR)
        with pytest.raises(hf.Rejected) as refusal:
            s.lift(hazards=[h], review="现场复核", at=at(6, 10), by=BOSS)
        assert refusal.value.rules == ["L2", "L2"]  # not a department, and the hazard is still there
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 10, 10), by=BOSS)
        h.close(at=at(6, 11), by=INSPECTOR)
        s.lift(hazards=[h], review="隐患已排除，同意恢复使用", at=at(6, 12), by=INSPECTOR)
        assert s.review == hf.Signature(INSPECTOR, at(6, 12)) and not s.in_force
        s.resume(at=at(6, 13), by=STAFF)
        assert s.stage is hf.SuspensionStage.RESUMED
        assert [e.trigger for e in s.events] == ["order", "lift", "resume"]

    def test_only_the_ordered_enterprise_resumes(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="verifying")
        s = hf.Suspension.ordered(hazards=[h], reason="无法保证安全", at=at(6, 5), by=INSPECTOR)
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 10, 10), by=BOSS)
        h.close(at=at(6, 11), by=INSPECTOR)
        s.lift(hazards=[h], review="隐患已排除，同意恢复使用", at=at(6, 12), by=INSPECTOR)
        other = hf.Actor("赵六", hf.Role.ENTERPRISE, "沈阳某化工公司")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the refusal names the organisation, not the deprecated Actor.unit
            reasons = s.why_not("resume", at=at(6, 13), by=other)
        assert [r.rule for r in reasons] == ["L2"]
        assert reasons[0].message == f"沈阳某化工公司不是被责令停产停业的{STAFF.organisation}"

    def test_review_must_see_every_hazard_of_the_order(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        s = hf.Suspension.ordered(hazards=[h], reason="无法保证安全", at=at(6, 5), by=INSPECTOR)
        with pytest.raises(hf.InvalidInput, match="hazards"):
            s.lift(hazards=[], review="同意", at=at(6, 12), by=INSPECTOR)

    def test_only_a_department_orders_and_only_over_a_major_hazard(self) -> None:
        with pytest.raises(hf.Rejected) as refusal:
            hf.Suspension.ordered(hazards=[hazard(level=hf.Level.GENERAL)], reason="x", at=at(6, 5), by=BOSS)
        assert refusal.value.rules == ["L2", "L2"]

    def test_refusal_is_recorded_while_in_force(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        s = hf.Suspension.ordered(hazards=[h], reason="无法保证安全", at=at(6, 5), by=INSPECTOR)
        s.refuse(finding="夜间擅自生产", at=at(6, 7), by=INSPECTOR)
        assert s.refused and s.refusals[0].by == INSPECTOR
        with pytest.raises(hf.Rejected):
            s.refuse(finding="x", at=at(6, 7), by=BOSS)


class TestL3DailyFines:
    def test_counted_from_the_day_after_the_order(self) -> None:
        fine = hf.daily_fines(Decimal(3), date(2023, 6, 1), date(2023, 6, 10))
        assert (fine.start, fine.end, fine.days, fine.total) == (date(2023, 6, 2), date(2023, 6, 10), 9, Decimal(27))

    def test_nothing_on_the_day_of_the_order(self) -> None:
        assert hf.daily_fines(Decimal(3), date(2023, 6, 1), date(2023, 6, 1)).days == 0

    def test_proposed_for_a_refusal_after_the_deadline(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, deadline=date(2023, 6, 5))
        d = hf.decide_penalty(h, at=at(6, 15), penalties=[penalty(h, at(6, 5))])
        daily = d.measure(hf.MeasureKind.DAILY_FINE)
        assert daily.amount == Decimal(30) and daily.rules == ("L3",)
        assert "3万元/日×10日，自2023-06-06至2023-06-15" in daily.note

    def test_bad_amount(self) -> None:
        with pytest.raises(hf.InvalidInput, match="amount"):
            hf.daily_fines(3, date(2023, 6, 1), date(2023, 6, 2))  # type: ignore[arg-type]


class TestL4Publication:
    def test_seven_working_days_across_weekends(self) -> None:
        assert hf.publication_deadline(date(2023, 6, 2)) == date(2023, 6, 13)  # Friday → Tuesday week after
        assert hf.publication_deadline(date(2023, 6, 3)) == date(2023, 6, 13)  # Saturday: the same week counts
        assert hf.publication_deadline(date(2023, 6, 5)) == date(2023, 6, 14)  # Monday

    def test_china_calendar_by_default(self) -> None:
        # 端午 2023: 06-22..24 off, Sunday 06-25 a 调休 working day (国办发明电〔2022〕16号)
        assert hf.publication_deadline(date(2023, 6, 19)) == date(2023, 6, 29)
        # 中秋国庆 2023: 09-29..10-06 off, 10-07 and 10-08 working days
        assert hf.publication_deadline(date(2023, 9, 28)) == date(2023, 10, 13)

    def test_own_lists_override_the_calendar(self) -> None:
        dragon_boat = {date(2023, 6, 22), date(2023, 6, 23)}
        assert hf.publication_deadline(date(2023, 6, 19), statutory=False) == date(2023, 6, 28)
        assert hf.publication_deadline(date(2023, 6, 19), dragon_boat, statutory=False) == date(2023, 6, 30)
        assert hf.publication_deadline(date(2023, 6, 19), dragon_boat, {date(2023, 6, 25)},
                                       statutory=False) == date(2023, 6, 29)
        assert hf.publication_deadline(date(2023, 6, 19), (), {date(2023, 6, 24)}) == date(2023, 6, 28)
        assert hf.publication_deadline(date(2023, 6, 19), {date(2023, 6, 25)}) == date(2023, 6, 30)

    def test_unpublished_decision_shows_up_as_overdue(self) -> None:
        p = penalty(hazard(hf.Source.DEPARTMENT), at(6, 2))
        assert not p.publication_overdue(at(6, 13, 23))
        assert p.publication_overdue(at(6, 14))
        assert hf.overdue_publications([p], at=at(6, 14)) == [p]

    def test_late_publication_stays_late(self) -> None:
        import attrs
        p = attrs.evolve(penalty(hazard(), at(6, 2)), published=hf.Signature(INSPECTOR, at(6, 20)))
        assert p.publication_overdue(at(6, 21))

    def test_working_days_between(self) -> None:
        assert hf.working_days_between(date(2023, 6, 2), date(2023, 6, 13)) == 7
        assert hf.working_days_between(date(2023, 6, 13), date(2023, 6, 2)) == 0
        with pytest.raises(hf.InvalidInput):
            hf.add_working_days(date(2023, 6, 2), -1)


class TestL5L6Ladders:
    def test_enterprise_first_tier(self) -> None:
        d = hf.decide_penalty(hazard(hf.Source.DEPARTMENT), at=at(6, 5))
        assert [m.kind for m in d.measures] == [hf.MeasureKind.ORDER, hf.MeasureKind.FINE]
        assert d.cites("第一百零二条")

    def test_enterprise_second_tier_on_refusal(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, deadline=date(2023, 6, 10))
        d = hf.decide_penalty(h, at=at(6, 15), penalties=[penalty(h, at(6, 5))])
        assert d.includes(hf.MeasureKind.SUSPENSION, hf.Target.ENTERPRISE)
        responsible = d.measure(hf.MeasureKind.FINE, hf.Target.RESPONSIBLE)
        assert (responsible.minimum, responsible.maximum) == (Decimal(5), Decimal(10))
        assert not d.includes(hf.MeasureKind.FINE, hf.Target.ENTERPRISE)

    def test_back_to_first_tier_once_the_hazard_is_closed(self) -> None:
        h = hazard(hf.Source.DEPARTMENT, stage="closed")
        d = hf.decide_penalty(h, at=at(6, 15), penalties=[penalty(h, at(6, 5))])
        assert not d.includes(hf.MeasureKind.SUSPENSION)

    def test_principal_first_and_second_tier(self) -> None:
        h = hazard(hf.Source.DEPARTMENT)
        first = hf.decide_penalty(h, at=at(7, 5))
        assert first.measure(hf.MeasureKind.FINE, hf.Target.PRINCIPAL).maximum == Decimal(5)
        earlier = penalty(h, at(7, 5), fines={hf.Target.ENTERPRISE: Decimal(3), hf.Target.PRINCIPAL: Decimal(2)})
        second = hf.decide_penalty(h, at=at(7, 20), penalties=[earlier])
        principal = second.measure(hf.MeasureKind.FINE, hf.Target.PRINCIPAL)
        assert (principal.minimum, principal.maximum) == (Decimal(5), Decimal(10))
        assert second.cites("第九十四条")
