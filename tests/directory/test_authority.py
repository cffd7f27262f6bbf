"""Every 'who may act' rule asked of the directory: the issue's probes, refused with the rule and who may act."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date

import attrs
import pytest

import hazardflow as hf
from tests.conftest import ENTERPRISE, at

Make = Callable[..., hf.Hazard]
CONGRESS = "沈阳某钢铁公司职工代表大会"
pytestmark = pytest.mark.usefixtures("directory")


def person(name: str, role: hf.Role, unit: str) -> hf.Actor:
    return hf.Actor(name, role, unit)


OTHER_FIRM = person("冯二", hf.Role.PRINCIPAL, "沈阳某机械厂")
CULTURE = person("郑一", hf.Role.DEPARTMENT, "铁西区文化旅游局")
DALIAN = person("陈三", hf.Role.DEPARTMENT, "大连市应急管理局")
COMMITTEE = person("卫二", hf.Role.GOVERNMENT, "铁西区安委办")
COLLEAGUE_OF_DISTRICT = person("吴十", hf.Role.DEPARTMENT, "铁西区应急管理局")


def only(reasons: list[hf.Reason], rule: str) -> hf.Reason:
    assert [r.rule for r in reasons] == [rule], reasons
    return reasons[0]


def reported(h: hf.Hazard, kind: hf.ReportKind, by: hf.Actor, when: tuple[int, int, int]) -> None:
    h.report(kind=kind, to="铁西区应急管理局", at=at(*when), by=by)
    h.report(kind=kind, to=CONGRESS, at=at(*when), by=by)


def verifying(make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor) -> hf.Hazard:
    h = make()
    reported(h, hf.ReportKind.FOUND, principal, (6, 1, 10))
    h.assign(plan=plan, at=at(6, 2), by=principal)
    h.rectify(at=at(6, 3), by=staff)
    h.submit(evidence="已加装报警仪", at=at(6, 10), by=staff)
    reported(h, hf.ReportKind.FIXED, principal, (6, 11, 9))
    return h


class TestH4Reports:
    def test_report_to_free_text_is_refused_naming_the_recipients(self, make: Make, principal: hf.Actor) -> None:
        reason = only(make().why_not("report", at=at(6, 1, 10), by=principal, kind=hf.ReportKind.FOUND,
                                     to="随便写的"), "H4")
        assert "随便写的不是对金属冶炼负有安全生产监督管理职责的部门" in reason.message
        assert "沈阳市应急管理局" in reason.message and CONGRESS in reason.message

    def test_another_company_cannot_report_for_the_enterprise(self, make: Make) -> None:
        reason = only(make().why_not("report", at=at(6, 1, 10), by=OTHER_FIRM, kind=hf.ReportKind.FOUND,
                                     to="铁西区应急管理局"), "H4")
        assert "由沈阳某钢铁公司报告" in reason.message

    def test_a_department_of_another_sector_is_no_recipient(self, make: Make, principal: hf.Actor) -> None:
        only(make().why_not("report", at=at(6, 1, 10), by=principal, kind=hf.ReportKind.FOUND,
                            to="铁西区文化旅游局"), "H4")

    def test_the_workers_congress_is_the_second_recipient(self, make: Make, plan: hf.Plan,
                                                          principal: hf.Actor) -> None:
        h = make()
        h.report(kind=hf.ReportKind.FOUND, to="铁西区应急管理局", at=at(6, 1, 10), by=principal)
        reason = only(h.why_not("assign", at=at(6, 2), by=principal, plan=plan), "H4")
        assert CONGRESS in reason.message and "不得交办" in reason.message
        h.report(kind=hf.ReportKind.FOUND, to=CONGRESS, at=at(6, 1, 11), by=principal)
        h.assign(plan=plan, at=at(6, 2), by=principal)

    def test_reopened_hazard_needs_new_reports(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                               principal: hf.Actor, district: hf.Actor) -> None:
        h = verifying(make, plan, staff, principal)
        h.close(at=at(6, 12), by=district)
        h.reopen(reason="纸面整改", at=at(9, 15), by=district)
        h.submit(evidence="已联网", at=at(9, 20), by=staff)
        only(h.why_not("close", at=at(9, 21), by=district), "H4")
        reported(h, hf.ReportKind.FIXED, principal, (9, 20, 10))
        h.close(at=at(9, 21), by=district)
        assert h.stage is hf.Stage.CLOSED


class TestH5H6Acceptance:
    def test_rectifier_signing_as_principal(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                            principal: hf.Actor) -> None:
        h = verifying(make, plan, staff, principal)
        reasons = h.why_not("close", at=at(6, 12), by=person("张三", hf.Role.PRINCIPAL, ENTERPRISE))
        assert [r.rule for r in reasons] == ["H5", "H6"]
        assert "张三在名录中是沈阳某钢铁公司（企业）的从业人员，不能以企业主要负责人身份办理" in reasons[1].message

    def test_plan_responsible_does_not_accept(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                              principal: hf.Actor, colleague: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.assign(plan=plan, at=at(6, 2), by=principal)
        h.rectify(at=at(6, 3), by=staff)
        h.submit(evidence="已清理", at=at(6, 4), by=staff)
        assert "整改责任人" in only(h.why_not("close", at=at(6, 5), by=principal), "H5").message

    def test_department_of_another_sector_cannot_close(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                       principal: hf.Actor) -> None:
        reason = only(verifying(make, plan, staff, principal).why_not("close", at=at(6, 12), by=CULTURE), "H6")
        assert "沈阳市应急管理局" in reason.message and "铁西区应急管理局" in reason.message
        assert "铁西区人民政府" in reason.message

    def test_department_of_another_jurisdiction_cannot_close(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                             principal: hf.Actor) -> None:
        only(verifying(make, plan, staff, principal).why_not("close", at=at(6, 12), by=DALIAN), "H6")

    @pytest.mark.parametrize("who", ["王五", "钱七", "周九"])
    def test_competent_department_or_government_closes(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                       principal: hf.Actor, who: str) -> None:
        h = verifying(make, plan, staff, principal)
        unit = {"王五": "沈阳市应急管理局", "钱七": "铁西区应急管理局", "周九": "铁西区人民政府"}[who]
        role = hf.Role.GOVERNMENT if who == "周九" else hf.Role.DEPARTMENT
        h.close(at=at(6, 12), by=person(who, role, unit))
        assert h.stage is hf.Stage.CLOSED

    def test_principal_after_a_registered_experts_assessment(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                             principal: hf.Actor, expert: hf.Actor) -> None:
        h = verifying(make, attrs.evolve(plan, responsible="赵六"), staff, principal)
        assert "专家评估意见尚未在案" in only(h.why_not("close", at=at(6, 12), by=principal), "H6").message
        only(h.why_not("assess", at=at(6, 12), by=person("孙九", hf.Role.EXPERT, "沈阳市安全专家库"),
                       opinion="ok"), "H6")
        h.assess(opinion="符合要求", at=at(6, 12), by=expert)
        h.close(at=at(6, 13), by=principal)

    def test_registered_non_expert_cannot_assess(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                 principal: hf.Actor) -> None:
        h = verifying(make, attrs.evolve(plan, responsible="赵六"), staff, principal)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the refusal names the organisation, not the deprecated Actor.unit
            reason = only(h.why_not("assess", at=at(6, 12), by=person("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局"),
                                    opinion="ok"), "H6")
        assert reason.message == ("专家评估须由专家库（沈阳市安全专家库）的专家作出，"
                                  "沈阳市应急管理局王五不能出具评估意见")

    def test_unknown_person_or_organisation(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                            principal: hf.Actor) -> None:
        h = verifying(make, plan, staff, principal)
        stranger = person("路人甲", hf.Role.DEPARTMENT, "沈阳市应急管理局")
        assert "未在名录中登记" in only(h.why_not("close", at=at(6, 12), by=stranger), "H6").message
        ghost = person("王五", hf.Role.DEPARTMENT, "某某局")
        assert "某某局未在名录中登记" in only(h.why_not("close", at=at(6, 12), by=ghost), "H6").message

    def test_unregistered_enterprise(self, make: Make, staff: hf.Actor, district: hf.Actor) -> None:
        h = make(enterprise="无名公司")
        reason = only(h.why_not("list_for_supervision", at=at(6, 2), by=district, title="t", number="n"), "H7")
        assert "企业无名公司未在名录中登记" in reason.message


def test_key_hazard_accepted_as_a_major_one(make: Make, plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
                                            colleague: hf.Actor, district: hf.Actor) -> None:
    h = make(level=hf.Level.GENERAL, key=True)
    h.assign(plan=plan, at=at(6, 2), by=principal)
    h.rectify(at=at(6, 3), by=staff)
    h.submit(evidence="已配备", at=at(6, 4), by=staff)
    assert "需督办的重点隐患由" in only(h.why_not("close", at=at(6, 5), by=colleague), "H6").message
    h.close(at=at(6, 5), by=district)


class TestH6H7Listing:
    def test_listed_closed_by_a_colleague_of_the_listing_unit(self, make: Make, plan: hf.Plan, staff: hf.Actor,
                                                              principal: hf.Actor, district: hf.Actor,
                                                              inspector: hf.Actor) -> None:
        h = make()
        h.list_for_supervision(title="督办通知", number="铁应急督〔2023〕3号", at=at(6, 1, 9), by=district)
        reported(h, hf.ReportKind.FOUND, principal, (6, 1, 10))
        h.assign(plan=plan, at=at(6, 2), by=principal)
        h.rectify(at=at(6, 3), by=staff)
        h.submit(evidence="已加装", at=at(6, 10), by=staff)
        reported(h, hf.ReportKind.FIXED, principal, (6, 11, 9))
        assert "只能由铁西区应急管理局的执法人员或领导验收" in only(
            h.why_not("close", at=at(6, 12), by=inspector), "H6").message
        h.close(at=at(6, 12), by=COLLEAGUE_OF_DISTRICT)
        assert not h.listed

    def test_listing_by_an_incompetent_department(self, make: Make) -> None:
        reason = only(make().why_not("list_for_supervision", at=at(6, 2), by=CULTURE, title="t", number="n"), "H7")
        assert "铁西区应急管理局" in reason.message

    def test_delist_by_another_department(self, make: Make, district: hf.Actor, inspector: hf.Actor) -> None:
        h = make()
        h.list_for_supervision(title="t", number="n", at=at(6, 2), by=district)
        only(h.why_not("delist", at=at(6, 3), by=inspector), "H6")
        h.delist(at=at(6, 3), by=COLLEAGUE_OF_DISTRICT)


class TestOtherTriggers:
    def test_another_company_cannot_assign(self, make: Make, plan: hf.Plan) -> None:
        h = make(level=hf.Level.GENERAL)
        assert "无权交办" in only(h.why_not("assign", at=at(6, 2), by=OTHER_FIRM, plan=plan), "H2").message

    def test_safety_manager_or_competent_department_assigns(self, make: Make, plan: hf.Plan,
                                                            colleague: hf.Actor, district: hf.Actor) -> None:
        assert make(level=hf.Level.GENERAL).why_not("assign", at=at(6, 2), by=colleague, plan=plan) == []
        assert make(level=hf.Level.GENERAL).why_not("assign", at=at(6, 2), by=district, plan=plan) == []

    def test_plain_staff_cannot_assign(self, make: Make, plan: hf.Plan, staff: hf.Actor) -> None:
        only(make(level=hf.Level.GENERAL).why_not("assign", at=at(6, 2), by=staff, plan=plan), "H2")

    def test_stranger_cannot_reject(self, make: Make, staff: hf.Actor, colleague: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.fix_on_spot(measures="m", at=at(6, 1, 10), by=staff)
        only(h.why_not("reject", at=at(6, 2), by=OTHER_FIRM, reason="不合格"), "H9")
        h.reject(reason="不合格", at=at(6, 2), by=colleague)

    def test_enterprise_cannot_run_its_own_look_back(self, make: Make, staff: hf.Actor, colleague: hf.Actor,
                                                      principal: hf.Actor, district: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        h.fix_on_spot(measures="m", at=at(6, 1, 10), by=staff)
        h.close(at=at(6, 2), by=colleague)
        assert "回头看由" in only(h.why_not("reopen", at=at(9, 1), by=principal, reason="假"), "H10").message
        h.reopen(reason="纸面整改", at=at(9, 1), by=district)

    def test_extensions(self, make: Make, plan: hf.Plan, principal: hf.Actor, district: hf.Actor) -> None:
        general = make(level=hf.Level.GENERAL)
        general.assign(plan=plan, at=at(6, 2), by=principal)
        only(general.why_not("extend", at=at(6, 3), by=OTHER_FIRM, deadline=date(2023, 7, 31), reason="r"), "H8")
        assert general.why_not("extend", at=at(6, 3), by=principal, deadline=date(2023, 7, 31), reason="r") == []
        major = make()
        reported(major, hf.ReportKind.FOUND, principal, (6, 1, 10))
        major.assign(plan=plan, at=at(6, 2), by=principal)
        only(major.why_not("extend", at=at(6, 3), by=principal, deadline=date(2023, 7, 31), reason="r"), "H8")
        major.extend(deadline=date(2023, 7, 31), reason="停炉施工", at=at(6, 3), by=district)


class TestL2Suspension:
    def suspension(self, make: Make, district: hf.Actor) -> tuple[hf.Suspension, hf.Hazard]:
        h = make()
        return hf.Suspension.ordered(hazards=[h], reason="煤气泄漏风险", at=at(6, 2), by=district), h

    @pytest.mark.parametrize("who", [COMMITTEE, person("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局")])
    def test_only_the_ordering_department_lifts(self, make: Make, district: hf.Actor, who: hf.Actor) -> None:
        s, h = self.suspension(make, district)
        reasons = s.why_not("lift", at=at(6, 3), by=who, hazards=[h], review="同意")
        [ordering] = [r for r in reasons if "只有铁西区应急管理局的执法人员或领导可以审查同意" in r.message]
        assert ordering.rule == "L2"

    def test_a_colleague_of_the_ordering_department_lifts(self, make: Make, district: hf.Actor) -> None:
        s, h = self.suspension(make, district)
        reasons = s.why_not("lift", at=at(6, 3), by=COLLEAGUE_OF_DISTRICT, hazards=[h], review="同意")
        assert [r.message for r in reasons] == [f"重大事故隐患尚未排除（{h.description}），不得审查同意恢复生产"]


class TestCampaignFilings:
    def campaign(self, principal: hf.Actor) -> hf.Campaign:
        c = hf.Campaign("shenyang-2023")
        c.join(ENTERPRISE, kind="enterprise", sector="金属冶炼", at=at(5, 20), by=principal)
        return c

    def test_another_unit_cannot_file(self, principal: hf.Actor) -> None:
        c = self.campaign(principal)
        with pytest.raises(hf.Rejected) as refused:
            c.record(ENTERPRISE, "register", at=at(6, 10), by=OTHER_FIRM)
        assert refused.value.rules == ["C3"] and "不能代为报送" in refused.value.reasons[0].message
        assert not c.participation(ENTERPRISE).filings

    def test_the_commitment_is_the_principals(self, principal: hf.Actor, colleague: hf.Actor) -> None:
        c = self.campaign(principal)
        with pytest.raises(hf.Rejected) as refused:
            c.record(ENTERPRISE, "commitment", at=at(6, 10), by=colleague)
        assert "须由沈阳某钢铁公司主要负责人（李四）本人作出" in refused.value.reasons[0].message
        assert all(s.startswith(("沈应急发", "《中华人民共和国安全生产法》")) for s in refused.value.reasons[0].sources)
        c.record(ENTERPRISE, "commitment", at=at(6, 10), by=principal)
        c.record(ENTERPRISE, "register", at=at(6, 10), by=colleague)

    def test_principals_check(self, principal: hf.Actor, colleague: hf.Actor) -> None:
        c = self.campaign(principal)
        with pytest.raises(hf.Rejected) as refused:
            c.record(ENTERPRISE, "check", at=at(6, 10), by=colleague)
        assert refused.value.rules == ["H11"]
