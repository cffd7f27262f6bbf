"""The authority fixes that hold with or without a directory: H5 compares the person, H6/H7 the listing
organisation, H4 asks a new 整改报告 after a 回头看 reopening, H3 keeps 重点隐患 off the spot fix."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import hazardflow as hf
from tests.conftest import ENTERPRISE, at

Make = Callable[..., hf.Hazard]


def verifying_general(make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor) -> hf.Hazard:
    h = make(level=hf.Level.GENERAL)
    h.assign(plan=plan, at=at(6, 2), by=principal)
    h.rectify(at=at(6, 3), by=staff)
    h.submit(evidence="已清理", at=at(6, 4), by=staff)
    return h


class TestH5SamePerson:
    def test_rectifier_signing_as_principal_is_refused(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                       principal: hf.Actor) -> None:
        h = verifying_general(make, plan, staff, principal)
        disguised = hf.Actor(staff.name, hf.Role.PRINCIPAL, staff.organisation)
        with pytest.raises(hf.Rejected) as refused:
            h.close(at=at(6, 5), by=disguised)
        assert refused.value.rules == ["H5"]
        assert "张三是整改人" in refused.value.reasons[0].message

    def test_same_name_in_another_organisation_is_another_person(
            self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor) -> None:
        h = verifying_general(make, plan, staff, principal)
        namesake = hf.Actor(staff.name, hf.Role.DEPARTMENT, "铁西区应急管理局")
        assert h.why_not("close", at=at(6, 5), by=namesake) == []

    def test_a_colleague_accepts(self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
                                 colleague: hf.Actor) -> None:
        h = verifying_general(make, plan, staff, principal)
        h.close(at=at(6, 5), by=colleague)
        assert h.acceptance is not None and h.acceptance.by == colleague


class TestH6H7ListingOrganisation:
    def listed(self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
               district: hf.Actor) -> hf.Hazard:
        h = make()
        h.list_for_supervision(title="挂牌督办通知", number="铁应急督〔2023〕3号", at=at(6, 1, 9), by=district)
        h.report(kind=hf.ReportKind.FOUND, to="铁西区应急管理局", at=at(6, 1, 10), by=principal)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        h.rectify(at=at(6, 3), by=staff)
        h.submit(evidence="已加装报警仪", at=at(6, 10), by=staff)
        h.report(kind=hf.ReportKind.FIXED, to="铁西区应急管理局", at=at(6, 11), by=principal)
        return h

    def test_colleague_of_the_listing_unit_closes(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                  principal: hf.Actor, district: hf.Actor) -> None:
        h = self.listed(make, plan, staff, principal, district)
        colleague = hf.Actor("吴十", hf.Role.DEPARTMENT, district.organisation)
        h.close(at=at(6, 12), by=colleague)
        assert h.stage is hf.Stage.CLOSED and not h.listed

    def test_colleague_of_the_listing_unit_delists(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                   principal: hf.Actor, district: hf.Actor) -> None:
        h = self.listed(make, plan, staff, principal, district)
        h.delist(at=at(6, 12), by=hf.Actor("吴十", hf.Role.DEPARTMENT, district.organisation))
        assert not h.listed

    def test_another_unit_is_refused_and_told_who_may(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                      principal: hf.Actor, district: hf.Actor,
                                                      inspector: hf.Actor) -> None:
        h = self.listed(make, plan, staff, principal, district)
        [reason] = h.why_not("close", at=at(6, 12), by=inspector)
        assert reason.rule == "H6" and "铁西区应急管理局的有关人员可以验收" in reason.message
        assert [r.rule for r in h.why_not("delist", at=at(6, 12), by=inspector)] == ["H6"]

    def test_an_enterprise_person_named_like_the_unit_is_not_an_authority(
            self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor, district: hf.Actor) -> None:
        h = self.listed(make, plan, staff, principal, district)
        pretender = hf.Actor("吴十", hf.Role.ENTERPRISE, district.organisation)
        assert [r.rule for r in h.why_not("delist", at=at(6, 12), by=pretender)] == ["H6"]


class TestH4AfterReopen:
    def closed(self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
               inspector: hf.Actor) -> hf.Hazard:
        h = make()
        h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 1, 10), by=principal)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        h.rectify(at=at(6, 3), by=staff)
        h.submit(evidence="已加装报警仪", at=at(6, 10), by=staff)
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 11), by=principal)
        h.close(at=at(6, 12), by=inspector)
        h.reopen(reason="报警仪未联网，纸面整改", at=at(9, 15), by=inspector)
        h.submit(evidence="报警仪已联网", at=at(9, 20), by=staff)
        return h

    def test_the_old_report_does_not_close_a_reopened_hazard(
            self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor, inspector: hf.Actor) -> None:
        h = self.closed(make, plan, staff, principal, inspector)
        [reason] = h.why_not("close", at=at(9, 21), by=inspector)
        assert reason.rule == "H4" and "重新打开之后" in reason.message

    def test_a_new_report_after_the_reopening_closes_it(
            self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor, inspector: hf.Actor) -> None:
        h = self.closed(make, plan, staff, principal, inspector)
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(9, 20), by=principal)
        h.close(at=at(9, 21), by=inspector)
        assert h.stage is hf.Stage.CLOSED
        assert hf.replay(h.events) == h

    def test_reports_since_reopening(self, make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
                                     inspector: hf.Actor) -> None:
        h = self.closed(make, plan, staff, principal, inspector)
        assert h.reports_since_reopening() == () and len(h.reports) == 2
        h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(9, 20), by=principal)
        assert h.reports_since_reopening() == h.reports[-1:]


class TestH3KeyHazard:
    def test_key_hazard_is_not_fixed_on_the_spot(self, make: Make, staff: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL, key=True)
        with pytest.raises(hf.Rejected) as refused:
            h.fix_on_spot(measures="已处理", at=at(6, 1, 10), by=staff)
        assert refused.value.rules == ["H3"] and "重点隐患" in refused.value.reasons[0].message
        assert h.stage is hf.Stage.FOUND

    def test_plain_general_hazard_still_is(self, make: Make, staff: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL, key=False, enterprise=ENTERPRISE)
        h.fix_on_spot(measures="已处理", at=at(6, 1, 10), by=staff)
        assert h.stage is hf.Stage.VERIFYING

    def test_key_hazard_is_not_self_accepted(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                             principal: hf.Actor, colleague: hf.Actor, inspector: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL, key=True)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        h.rectify(at=at(6, 3), by=staff)
        h.submit(evidence="已配备气体检测仪", at=at(6, 4), by=staff)
        reason = h.why_not("close", at=at(6, 5), by=colleague)[0]
        assert reason.rule == "H6" and "需督办的重点隐患须由监管部门或党委政府验收" in reason.message
        h.close(at=at(6, 5), by=inspector)
