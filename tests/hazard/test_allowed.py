"""`Hazard.allowed` (what this actor may do now) and `why_not` without the arguments it would need."""

from __future__ import annotations

from collections.abc import Callable

import hazardflow as hf
from tests.conftest import at

Make = Callable[..., hf.Hazard]


def allowed(h: hf.Hazard, by: hf.Actor, day: int = 2) -> dict[str, tuple[str, ...]]:
    return {a.trigger: a.missing for a in h.allowed(at=at(6, day), by=by)}


def test_found_major_hazard_enterprise_may_report_only(make: Make, principal: hf.Actor) -> None:
    # H4: a major hazard is reported before it is assigned; H3: no fix on the spot
    assert allowed(make(), principal) == {"report": ("kind", "to")}


def test_reported_major_hazard_may_be_assigned_with_a_plan(make: Make, principal: hf.Actor) -> None:
    h = make()
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 1, 10), by=principal)
    assert allowed(h, principal) == {"assign": ("plan",), "report": ("kind", "to")}


def test_general_hazard_may_be_fixed_on_the_spot(make: Make, staff: hf.Actor) -> None:
    assert allowed(make(level=hf.Level.GENERAL), staff) == {
        "assign": ("plan",), "fix_on_spot": ("measures",), "report": ("kind", "to")}


def test_department_may_list_a_major_hazard(make: Make, inspector: hf.Actor) -> None:
    assert "list_for_supervision" in allowed(make(), inspector)
    assert allowed(make(), inspector)["list_for_supervision"] == ("title", "number")


def test_rectifier_may_not_close_own_work(make: Make, plan: hf.Plan, staff: hf.Actor, colleague: hf.Actor,
                                         principal: hf.Actor) -> None:
    h = make(level=hf.Level.GENERAL)
    h.assign(plan=plan, at=at(6, 2), by=principal)
    assert allowed(h, staff, 3) == {"rectify": (), "extend": ("deadline", "reason"), "report": ("kind", "to")}
    h.rectify(at=at(6, 3), by=staff)
    h.submit(evidence="已整改", at=at(6, 4), by=staff)
    assert "close" not in allowed(h, staff, 5)  # H5
    assert allowed(h, colleague, 5)["close"] == () and allowed(h, colleague, 5)["reject"] == ("reason",)


def test_closed_hazard_may_be_reopened_with_a_finding(make: Make, plan: hf.Plan, staff: hf.Actor,
                                                     colleague: hf.Actor, principal: hf.Actor) -> None:
    h = make(level=hf.Level.GENERAL)
    h.fix_on_spot(measures="更换护栏", at=at(6, 1, 10), by=staff)
    h.close(at=at(6, 2), by=colleague)
    assert allowed(h, principal, 3) == {"reopen": ("reason",), "report": ("kind", "to")}


def test_allowed_agrees_with_firing(make: Make, plan: hf.Plan, principal: hf.Actor) -> None:
    h = make()
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 1, 10), by=principal)
    (assign,) = [a for a in h.allowed(at=at(6, 2), by=principal) if a.trigger == "assign"]
    assert assign.to_json() == {"trigger": "assign", "trigger_label": "交办", "missing": ["plan"]}
    h.assign(plan=plan, at=at(6, 2), by=principal)
    assert h.stage is hf.Stage.ASSIGNED


class TestWhyNotWithoutArguments:
    def test_missing_plan_is_reported_not_raised(self, make: Make, principal: hf.Actor) -> None:
        reasons = make().why_not("assign", at=at(6, 2), by=principal)
        assert [r.rule for r in reasons] == ["INPUT", "H4"]
        assert reasons[0].message.startswith("缺少参数 plan")

    def test_given_arguments_are_still_judged(self, make: Make, principal: hf.Actor) -> None:
        reasons = make().why_not("assign", plan=hf.Plan(responsible="李四"), at=at(6, 2), by=principal)
        assert [r.rule for r in reasons] == ["H2", "H4"]

    def test_a_wrong_type_still_raises(self, make: Make, principal: hf.Actor) -> None:
        try:
            make().why_not("assign", plan="方案", at=at(6, 2), by=principal)
        except hf.InvalidInput as error:
            assert error.field == "plan"
        else:
            raise AssertionError("a plan of the wrong type must raise InvalidInput")

    def test_out_of_order_and_missing_together(self, make: Make, staff: hf.Actor) -> None:
        reasons = make().why_not("extend", at=at(6, 2), by=staff)
        assert [r.rule for r in reasons] == ["INPUT", "INPUT", "H1", "H8"]  # H8: major, not an authority
