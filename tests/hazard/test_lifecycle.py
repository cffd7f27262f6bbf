"""Unit tests of the hazard loop, one group per rule H1–H10."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest

import hazardflow as hf
from tests.conftest import at, snapshot

Make = Callable[..., hf.Hazard]



def through_verifying(h: hf.Hazard, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor) -> hf.Hazard:
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 1, 10), by=principal)
    h.assign(plan=plan, at=at(6, 2), by=principal)
    h.rectify(at=at(6, 3), by=staff)
    h.submit(evidence="已加装报警仪", at=at(6, 10), by=staff)
    return h


class TestRecords:
    def test_labels(self) -> None:
        assert hf.Stage.FOUND.label == "发现"
        assert [s.label for s in hf.Stage] == ["发现", "交办", "整改", "验收", "销号"]
        assert hf.Level.from_label("重大事故隐患") is hf.Level.MAJOR

    def test_unknown_label_names_the_choices(self) -> None:
        with pytest.raises(ValueError, match="一般事故隐患、重大事故隐患"):
            hf.Level.from_label("特大隐患")

    def test_bad_field_names_field_and_expectation(self, make: Make) -> None:
        with pytest.raises(hf.InvalidInput, match=r"Hazard.level: expected a hazardflow.Level"):
            make(level="重大")
        with pytest.raises(hf.InvalidInput, match=r"Plan.funds: expected a non-negative Decimal"):
            hf.Plan(funds=5.0)  # type: ignore[arg-type]
        with pytest.raises(hf.InvalidInput, match=r"Actor.name: expected a non-empty string"):
            hf.Actor("", hf.Role.ENTERPRISE, "x")

    def test_naive_time_is_refused(self, make: Make) -> None:
        with pytest.raises(hf.InvalidInput, match="timezone-aware"):
            make(at=datetime(2023, 6, 1, 9))

    def test_events_are_immutable(self, make: Make) -> None:
        event = make().events[0]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            event.trigger = "x"  # type: ignore[misc]
        with pytest.raises(TypeError):
            event.payload["id"] = "y"  # type: ignore[index]


class TestH1Loop:
    def test_full_loop_one_event_per_transition(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                principal: hf.Actor, inspector: hf.Actor) -> None:
        h = through_verifying(make(), plan, staff, principal)
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 11), by=principal)
        h.close(at=at(6, 12), by=inspector)
        assert [e.trigger for e in h.events] == [
            "found", "report", "assign", "rectify", "submit", "report", "close"]
        assert [e.to_stage for e in h.events][-1] is hf.Stage.CLOSED
        assert all(e.at.utcoffset() is not None and isinstance(e.actor, hf.Actor) for e in h.events)
        assert [e.at for e in h.events] == sorted(e.at for e in h.events)
        for before, after in zip(h.events, h.events[1:], strict=False):
            assert after.from_stage is before.to_stage

    def test_skipping_a_stage_is_refused_with_h1(self, make: Make, inspector: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        with pytest.raises(hf.Rejected) as refused:
            h.close(at=at(6, 2), by=inspector)
        assert refused.value.rules[0] == "H1"
        assert h.stage is hf.Stage.FOUND and len(h.events) == 1

    def test_unknown_trigger_and_argument(self, make: Make, staff: hf.Actor) -> None:
        h = make()
        with pytest.raises(hf.InvalidInput, match="trigger"):
            h.why_not("demolish", at=at(6, 2), by=staff)
        with pytest.raises(hf.InvalidInput, match="rectify"):
            hf.LOOP.fire(h, "rectify", at(6, 2), staff, evidence="x")


class TestH2FiveMeasures:
    def test_no_funds_is_refused_citing_shenyang(self, make: Make, principal: hf.Actor) -> None:
        h = make()
        before = snapshot(h)
        plan = hf.Plan("李四", "加装报警仪", None, date(2023, 6, 30), "预案")
        with pytest.raises(hf.Rejected) as refused:
            h.assign(plan=plan, at=at(6, 2), by=principal)
        h2 = [r for r in refused.value.reasons if r.rule == "H2"]
        assert h2 and "资金" in h2[0].message
        assert "沈应急发〔2023〕27号 三(一)1" in h2[0].sources
        assert "H4" in refused.value.rules
        assert snapshot(h) == before

    @pytest.mark.parametrize("field", ["responsible", "measures", "funds", "deadline", "contingency"])
    def test_each_missing_field(self, make: Make, principal: hf.Actor, plan: hf.Plan, field: str) -> None:
        h = make(level=hf.Level.GENERAL)
        reasons = h.why_not("assign", at=at(6, 2), by=principal, plan=attrs.evolve(plan, **{field: None}))
        assert [r.rule for r in reasons] == ["H2"]

    def test_deadline_must_follow_finding(self, make: Make, principal: hf.Actor, plan: hf.Plan) -> None:
        h = make(level=hf.Level.GENERAL)
        reasons = h.why_not("assign", at=at(6, 2), by=principal, plan=attrs.evolve(plan, deadline=date(2023, 6, 1)))
        assert [r.rule for r in reasons] == ["H2"]

    def test_why_not_matches_the_refusal(self, make: Make, principal: hf.Actor) -> None:
        h = make()
        plan = hf.Plan("李四", "", None, None, "")
        reasons = h.why_not("assign", at=at(6, 2), by=principal, plan=plan)
        with pytest.raises(hf.Rejected) as refused:
            h.assign(plan=plan, at=at(6, 2), by=principal)
        assert refused.value.reasons == reasons


class TestH3OnTheSpot:
    def test_major_refused(self, make: Make, staff: hf.Actor) -> None:
        h = make()
        with pytest.raises(hf.Rejected) as refused:
            h.fix_on_spot(measures="已处理", at=at(6, 1, 10), by=staff)
        assert refused.value.rules == ["H3"]
        assert h.stage is hf.Stage.FOUND

    def test_general_reaches_verifying_then_closed_with_signature(
            self, make: Make, staff: hf.Actor, colleague: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.fix_on_spot(measures="已关闭配电箱门", at=at(6, 1, 10), by=staff)
        assert h.stage is hf.Stage.VERIFYING
        h.close(at=at(6, 1, 11), by=colleague)
        assert h.stage is hf.Stage.CLOSED
        assert h.acceptance == hf.Signature(colleague, at(6, 1, 11))


class TestH4DoubleReport:
    def test_unreported_major_cannot_be_assigned(self, make: Make, plan: hf.Plan, principal: hf.Actor) -> None:
        with pytest.raises(hf.Rejected) as refused:
            make().assign(plan=plan, at=at(6, 2), by=principal)
        assert refused.value.rules == ["H4"]

    def test_close_needs_rectification_report(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                              principal: hf.Actor, inspector: hf.Actor) -> None:
        h = through_verifying(make(), plan, staff, principal)
        with pytest.raises(hf.Rejected) as refused:
            h.close(at=at(6, 12), by=inspector)
        assert refused.value.rules == ["H4"]
        assert h.stage is hf.Stage.VERIFYING

    def test_fixed_report_only_after_rectification(self, make: Make, principal: hf.Actor) -> None:
        with pytest.raises(hf.Rejected) as refused:
            make().report(kind=hf.ReportKind.FIXED, to="市应急管理局", at=at(6, 2), by=principal)
        assert refused.value.rules == ["H4"]

    def test_general_needs_no_report(self, make: Make, plan: hf.Plan, principal: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        assert h.stage is hf.Stage.ASSIGNED


class TestH5H6Acceptance:
    def test_rectifier_cannot_sign(self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        h.rectify(at=at(6, 3), by=staff)
        h.submit(evidence="done", at=at(6, 4), by=staff)
        with pytest.raises(hf.Rejected) as refused:
            h.close(at=at(6, 5), by=staff)
        assert refused.value.rules == ["H5"]

    def test_major_needs_authority_or_assessed_principal(
            self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor, expert: hf.Actor) -> None:
        h = through_verifying(make(), plan, staff, principal)
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 11), by=principal)
        assert [r.rule for r in h.why_not("close", at=at(6, 12), by=principal)] == ["H6"]
        with pytest.raises(hf.Rejected) as refused:
            h.assess(opinion="ok", at=at(6, 12), by=principal)
        assert refused.value.rules == ["H6"]
        h.assess(opinion="符合要求", at=at(6, 12), by=expert)
        h.close(at=at(6, 13), by=principal)
        assert h.stage is hf.Stage.CLOSED

    def test_listed_hazard_only_closed_by_listing_authority(
            self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
            inspector: hf.Actor, district: hf.Actor) -> None:
        h = make()
        h.list_for_supervision(title="挂牌督办通知", number="铁应急督〔2023〕3号", at=at(6, 1, 9), by=district)
        through_verifying(h, plan, staff, principal)
        h.report(kind=hf.ReportKind.FIXED, to="铁西区应急管理局", at=at(6, 11), by=principal)
        with pytest.raises(hf.Rejected) as refused:
            h.close(at=at(6, 12), by=inspector)
        assert refused.value.rules == ["H6"]
        with pytest.raises(hf.Rejected):
            h.delist(at=at(6, 12), by=inspector)
        h.close(at=at(6, 12), by=district)
        assert h.listing is not None and not h.listing.active and not h.listed


class TestH7Listing:
    def test_enterprise_cannot_list_and_general_needs_cause(self, make: Make, principal: hf.Actor,
                                                            inspector: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        reasons = h.why_not("list_for_supervision", at=at(6, 2), by=principal, title="t", number="n")
        assert [r.rule for r in reasons] == ["H7", "H7"]

    def test_no_double_listing(self, make: Make, inspector: hf.Actor) -> None:
        h = make()
        h.list_for_supervision(title="t", number="n1", at=at(6, 2), by=inspector)
        assert h.listed
        with pytest.raises(hf.Rejected):
            h.list_for_supervision(title="t", number="n2", at=at(6, 3), by=inspector)


class TestH8Overdue:
    def test_overdue_after_deadline_day(self, make: Make, plan: hf.Plan, principal: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        assert not h.is_overdue(at(6, 30, 23))
        assert h.is_overdue(at(7, 1, 0))

    def test_extension_needs_reason_and_authority(self, make: Make, plan: hf.Plan, principal: hf.Actor,
                                                  inspector: hf.Actor) -> None:
        h = make()
        h.report(kind=hf.ReportKind.FOUND, to="x", at=at(6, 1, 10), by=principal)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        reasons = h.why_not("extend", at=at(7, 2), by=principal, deadline=date(2023, 7, 31), reason="")
        assert [r.rule for r in reasons] == ["H8", "H8"]
        h.extend(deadline=date(2023, 7, 31), reason="停炉施工", at=at(7, 2), by=inspector)
        assert h.deadline == date(2023, 7, 31) and h.plan is not None and h.plan.deadline == date(2023, 6, 30)
        assert not h.is_overdue(at(7, 2))


def test_an_event_cannot_precede_the_last_one(make: Make, principal: hf.Actor) -> None:
    h = make()
    with pytest.raises(hf.InvalidInput, match="not before the hazard's last event"):
        h.report(kind=hf.ReportKind.FOUND, to="市应急管理局", at=at(5, 31), by=principal)
    assert len(h.events) == 1


class TestH9H10:
    def test_reject_needs_reason(self, make: Make, staff: hf.Actor, colleague: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.fix_on_spot(measures="m", at=at(6, 1, 10), by=staff)
        with pytest.raises(hf.Rejected) as refused:
            h.reject(reason=" ", at=at(6, 2), by=colleague)
        assert refused.value.rules == ["H9"]
        h.reject(reason="仍不合格", at=at(6, 2), by=colleague)
        assert h.stage is hf.Stage.RECTIFYING
        assert h.events[-1].payload["reason"] == "仍不合格"

    def test_reopen_marks_sham(self, make: Make, staff: hf.Actor, colleague: hf.Actor, inspector: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.fix_on_spot(measures="m", at=at(6, 1, 10), by=staff)
        h.close(at=at(6, 2), by=colleague)
        h.reopen(reason="纸面整改", at=at(9, 15), by=inspector)
        assert h.stage is hf.Stage.RECTIFYING and h.sham == 1 and h.acceptance is None


def test_replay_equals_live(make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
                            inspector: hf.Actor) -> None:
    h = through_verifying(make(), plan, staff, principal)
    h.list_for_supervision(title="t", number="n", at=at(6, 10, 12), by=inspector)
    h.report(kind=hf.ReportKind.FIXED, to="x", at=at(6, 11), by=principal)
    h.close(at=at(6, 12), by=inspector)
    assert hf.replay(h.events) == h


def test_funds_are_decimal(plan: hf.Plan) -> None:
    assert plan.funds == Decimal("50000")
