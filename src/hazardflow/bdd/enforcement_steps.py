"""Steps for enforcement in 中文: the case (P1), the penalty decision (P2–P6, L3–L6), suspension (L2),
publication (L4), escalation, dispatch and look-back (H7, H8, H10), 倒查 (P7) and 举报 (P8).

The hazard itself is driven by the hazard steps (hazard_steps.py); “该隐患” is the same hazard here.
Amounts are written as 「3万元」; a `当` step the rules refuse is kept for `那么 操作被拒绝，依据规则"P1"`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from pytest_bdd import given, parsers, step, then

import hazardflow as hf
from hazardflow.bdd.world import World, parse_date, parse_money

_TEN_THOUSAND = Decimal(10000)


@attrs.define
class EnforcementWorld:
    """The scenario's enforcement records: case, decision, penalties, accident, suspension, tips."""

    case: hf.EnforcementCase | None = None
    inspections: list[hf.Inspection] = attrs.Factory(list)
    decision: hf.PenaltyDecision | None = None
    penalties: dict[str, hf.Penalty] = attrs.Factory(dict)
    accident: hf.Accident | None = None
    crime: str | None = None
    suspension: hf.Suspension | None = None
    holidays: set[date] = attrs.Factory(set)
    workdays: set[date] = attrs.Factory(set)
    unrecorded: str | None = None
    supply_stop: hf.SupplyStop | None = None
    dispatches: list[hf.Dispatch] = attrs.Factory(list)
    escalations: list[hf.Escalation] | None = None
    traces: list[hf.Trace] | None = None
    tip: hf.TipOff | None = None
    rewards: list[hf.Reward] = attrs.Factory(list)

    def the_case(self) -> hf.EnforcementCase:
        """The case opened by the last inspection."""
        if self.case is None:
            raise AssertionError('尚无执法案件：请先写“"王五"对"某公司"开展"某某"执法检查，查出该隐患” (no case)')
        return self.case

    def the_decision(self) -> hf.PenaltyDecision:
        """The last penalty decision."""
        if self.decision is None:
            raise AssertionError("尚未作出处罚决定：请先写“当 对该隐患作出处罚决定” (no decision yet)")
        return self.decision

    def the_suspension(self) -> hf.Suspension:
        """The last suspension order."""
        if self.suspension is None:
            raise AssertionError("尚未责令停产停业 (no suspension order)")
        return self.suspension

    def penalty(self, number: str) -> hf.Penalty:
        """The confirmed decision ``number`` (as last recorded, published or not)."""
        if self.case is not None:
            for p in self.case.penalties:
                if p.number == number:
                    return p
        try:
            return self.penalties[number]
        except KeyError:
            raise AssertionError(f"未找到处罚决定“{number}” (unknown decision)") from None


@pytest.fixture
def enforcement() -> EnforcementWorld:
    """A fresh enforcement world for each scenario."""
    return EnforcementWorld()


def wan(text: str) -> Decimal:
    """「3万元」 → Decimal('3') (万元)."""
    return parse_money(text) / _TEN_THOUSAND


def _dates(text: str) -> list[date]:
    return [parse_date(part) for part in text.split("、")]


# 执法检查与案件 (P1, H5) -------------------------------------------------------------------------------

def _inspect(world: World, enforcement: EnforcementWorld, who: str, enterprise: str, scope: str,
             hazards: list[hf.Hazard]) -> None:
    actor = world.actor(who)
    inspection = world.act(lambda: hf.Inspection.signed(enterprise=enterprise, scope=scope, hazards=hazards,
                                                        at=world.now(), by=actor))
    if inspection is None:
        return
    enforcement.inspections.append(inspection)
    case = world.act(lambda: hf.EnforcementCase.open(inspection=inspection, at=world.now(), by=actor))
    if case is not None:
        enforcement.case = case


@step(parsers.parse('"{who}"对"{enterprise}"开展"{scope}"执法检查，查出该隐患'))
def inspect_found(world: World, enforcement: EnforcementWorld, who: str, enterprise: str, scope: str) -> None:
    """检查诊断（P1、H5）：签名的执法检查查出该隐患，立案。"""
    _inspect(world, enforcement, who, enterprise, scope, [world.hazard()])


@step(parsers.parse('"{who}"对"{enterprise}"开展"{scope}"执法检查，未查出隐患'))
def inspect_nothing(world: World, enforcement: EnforcementWorld, who: str, enterprise: str, scope: str) -> None:
    """检查诊断未查出隐患（同样签名；事后倒查可能追到，P7）。"""
    _inspect(world, enforcement, who, enterprise, scope, [])


@step(parsers.parse('"{who}"在该案件中记录处罚决定"{number}"'))
def record_penalty(world: World, enforcement: EnforcementWorld, who: str, number: str) -> None:
    """行政处罚：已确认的处罚决定 ``number`` 记入案件。"""
    case, actor, penalty = enforcement.the_case(), world.actor(who), enforcement.penalty(number)
    world.act(lambda: case.penalize(penalty=penalty, at=world.now(), by=actor))


@step(parsers.parse('"{who}"整改复查，隐患已消除'))
def reinspect_passed(world: World, enforcement: EnforcementWorld, who: str) -> None:
    """整改复查：案件的隐患全部消除。"""
    case, actor = enforcement.the_case(), world.actor(who)
    world.act(lambda: case.reinspect(finding="隐患已消除", at=world.now(), by=actor))


@step(parsers.parse('"{who}"整改复查，发现该隐患依然存在'))
def reinspect_failed(world: World, enforcement: EnforcementWorld, who: str) -> None:
    """整改复查发现该隐患依然存在：案件不结案并升级处理（P1）。"""
    case, actor, h = enforcement.the_case(), world.actor(who), world.hazard()
    world.act(lambda: case.reinspect(finding="隐患依然存在", remaining=[h.id], at=world.now(), by=actor))


@step(parsers.parse('"{who}"对该案件结案'))
def close_case(world: World, enforcement: EnforcementWorld, who: str) -> None:
    """结案（P1：须整改复查合格）。"""
    case, actor = enforcement.the_case(), world.actor(who)
    world.act(lambda: case.close(at=world.now(), by=actor))


@then(parsers.parse('该案件处于"{stage}"阶段'))
def case_stage(world: World, enforcement: EnforcementWorld, stage: str) -> None:
    """案件所处阶段：检查诊断、行政处罚、整改复查或结案。"""
    actual = enforcement.the_case().stage
    if actual is not hf.CaseStage.from_label(stage):
        raise world.failure(f"案件处于“{stage}”阶段", f"案件处于“{actual.label}”阶段")


@then(parsers.parse("该案件已升级处理{count:d}次"))
def case_escalated(world: World, enforcement: EnforcementWorld, count: int) -> None:
    """整改复查发现隐患仍存在的次数。"""
    actual = enforcement.the_case().escalations
    if actual != count:
        raise world.failure(f"升级处理 {count} 次", f"升级处理 {actual} 次")


# 处罚决定 (P2–P6, L3, L5, L6) -------------------------------------------------------------------------

@given(parsers.parse("该企业此前已于{days}因该隐患受到行政处罚，每次对企业罚款{amount}"))
def earlier_penalties(world: World, enforcement: EnforcementWorld, days: str, amount: str) -> None:
    """该隐患此前已确认的行政处罚（日期用 、 分隔），每次都对企业罚款。"""
    h, fine = world.hazard(), wan(amount)
    signer = next((a for a in world.actors.values() if a.role is hf.Role.DEPARTMENT), None)
    if signer is None:
        raise AssertionError("人员表中没有监管部门人员，无法签署此前的处罚决定")
    for n, day in enumerate(_dates(days), start=1):
        number = f"此前处罚{n}号"
        measure = hf.Measure(hf.MeasureKind.FINE, hf.Target.ENTERPRISE, (), amount=fine)
        enforcement.penalties[number] = hf.Penalty(number, h.enterprise, h.id, (measure,),
                                                   hf.Signature(signer, hf.at_date(day, 9)))


@step(parsers.parse('该隐患导致发生{grade}"{description}"'))
def accident(world: World, enforcement: EnforcementWorld, grade: str, description: str) -> None:
    """该隐患今天导致发生事故：一般事故、较大事故、重大事故或特别重大事故。"""
    h = world.hazard()
    enforcement.accident = hf.Accident(h.enterprise, world.now(), description, (h.id,),
                                       hf.AccidentGrade.from_label(grade))


@step(parsers.parse('该隐患排查治理情况未如实记录或者未向从业人员通报："{finding}"'))
def unrecorded(enforcement: EnforcementWorld, finding: str) -> None:
    """L10（安全生产法 第九十七条(五)）：部门查明隐患排查治理情况未如实记录或未通报。"""
    enforcement.unrecorded = finding


@step(parsers.parse('该隐患涉嫌"{crime}"'))
def suspected_crime(world: World, enforcement: EnforcementWorld, crime: str) -> None:
    """P6：该隐患涉嫌犯罪（如 危险作业罪），应移送司法机关。"""
    enforcement.crime = crime


@step("对该隐患作出处罚决定")
def decide(world: World, enforcement: EnforcementWorld) -> None:
    """今天对该隐患作出处罚决定，计入场景中的此前处罚、事故、涉嫌犯罪和停产停业。"""
    h = world.hazard()
    suspensions = [enforcement.suspension] if enforcement.suspension is not None else []
    enforcement.decision = world.act(lambda: hf.decide_penalty(
        h, at=world.now(), penalties=enforcement.penalties.values(), accident=enforcement.accident,
        crime=enforcement.crime, suspensions=suspensions, unrecorded=enforcement.unrecorded))


@step(parsers.parse('"{who}"确认处罚决定，文号"{number}"，罚款如下:'))
def confirm(world: World, enforcement: EnforcementWorld, who: str, number: str, datatable: list[list[str]]) -> None:
    """部门确认处罚决定，罚款见表，如 | 企业 | 3万元 |。"""
    fines = {hf.Target.from_label(row[0].strip()): wan(row[1]) for row in datatable}
    decision, actor = enforcement.the_decision(), world.actor(who)
    penalty = world.act(lambda: decision.confirm(number=number, at=world.now(), by=actor, fines=fines,
                                                 omit=[hf.MeasureKind.DAILY_FINE]))
    if penalty is not None:
        enforcement.penalties[number] = penalty


@step(parsers.parse('"{who}"确认处罚决定，文号"{number}"'))
def confirm_without_fines(world: World, enforcement: EnforcementWorld, who: str, number: str) -> None:
    """部门确认不含罚款的处罚决定（没有应当采取的措施时被拒绝：P2）。"""
    decision, actor = enforcement.the_decision(), world.actor(who)
    penalty = world.act(lambda: decision.confirm(number=number, at=world.now(), by=actor))
    if penalty is not None:
        enforcement.penalties[number] = penalty


@then(parsers.parse('不予行政处罚，依据规则"{rule}"'))
def not_penalised(world: World, enforcement: EnforcementWorld, rule: str) -> None:
    """自查不处（P2）：依据规则 ``rule`` 不予行政处罚。"""
    d = enforcement.the_decision()
    if d.penalised or rule not in d.rules:
        raise world.failure(f"不予行政处罚（{rule}）", d.explain())


@then(parsers.parse('处罚决定依据规则"{rule}"'))
def decision_rests_on(world: World, enforcement: EnforcementWorld, rule: str) -> None:
    """处罚决定依据规则 ``rule``（及其他规则）。"""
    d = enforcement.the_decision()
    if rule not in d.rules:
        raise world.failure(f"处罚决定依据 {rule}", d.explain())


@then(parsers.parse('处罚决定不依据规则"{rule}"'))
def decision_not_on(world: World, enforcement: EnforcementWorld, rule: str) -> None:
    """处罚决定不依据规则 ``rule``。"""
    d = enforcement.the_decision()
    if rule in d.rules:
        raise world.failure(f"处罚决定不依据 {rule}", d.explain())


@then(parsers.parse('处罚决定引用"{clause}"'))
def decision_cites(world: World, enforcement: EnforcementWorld, clause: str) -> None:
    """处罚决定的理由或措施引用条款 ``clause``（如 第一百一十三条）。"""
    d = enforcement.the_decision()
    if not d.cites(clause):
        raise world.failure(f"引用“{clause}”", d.explain())


@then(parsers.parse('处罚理由包括"{text}"'))
def decision_says(world: World, enforcement: EnforcementWorld, text: str) -> None:
    """处罚决定的说明含有 ``text``（如 假改严罚）。"""
    d = enforcement.the_decision()
    if text not in d.explain():
        raise world.failure(f"处罚理由包括“{text}”", d.explain())


@then(parsers.parse('处罚措施包括"{label}"'))
def measure_included(world: World, enforcement: EnforcementWorld, label: str) -> None:
    """应当采取名称以 ``label`` 开头的措施（如 企业主要负责人 罚款 2–5万元；写成 2-5万元 也可）。"""
    d = enforcement.the_decision()
    if not any(m.label.startswith(label) for m in d.measures):
        raise world.failure(f"处罚措施包括“{label}”", d.explain())


@then(parsers.parse('处罚措施不包括"{label}"'))
def measure_excluded(world: World, enforcement: EnforcementWorld, label: str) -> None:
    """没有名称含 ``label`` 的措施。"""
    d = enforcement.the_decision()
    if any(label in m.label for m in d.measures):
        raise world.failure(f"处罚措施不包括“{label}”", d.explain())


# 公示 (L4) ------------------------------------------------------------------------------------------

@given(parsers.parse("节假日为{days}"))
def holidays(enforcement: EnforcementWorld, days: str) -> None:
    """国家法定节假日以外的放假日期（用 、 分隔），不计为工作日。"""
    enforcement.holidays.update(_dates(days))


@given(parsers.parse("调休上班日为{days}"))
def workdays(enforcement: EnforcementWorld, days: str) -> None:
    """国家日历以外的调休上班日（日期用 、 分隔），计为工作日。"""
    enforcement.workdays.update(_dates(days))


@step(parsers.parse('"{who}"公示处罚决定"{number}"'))
def publish(world: World, enforcement: EnforcementWorld, who: str, number: str) -> None:
    """L4：公示案件中的处罚决定。"""
    case, actor = enforcement.the_case(), world.actor(who)
    world.act(lambda: case.publish(number=number, at=world.now(), by=actor))


@then(parsers.parse('处罚决定"{number}"的公示期限为{day}'))
def publication_due(world: World, enforcement: EnforcementWorld, number: str, day: str) -> None:
    """L4：公示期限为处罚决定后的第七个工作日。"""
    actual = enforcement.penalty(number).publication_due(enforcement.holidays, enforcement.workdays)
    if actual != parse_date(day):
        raise world.failure(f"公示期限为 {day}", f"公示期限为 {actual}")


@then(parsers.parse('处罚决定"{number}"公示已逾期'))
def publication_overdue(world: World, enforcement: EnforcementWorld, number: str) -> None:
    """L4：七个工作日内未公示，已逾期。"""
    if not enforcement.penalty(number).publication_overdue(world.now(), enforcement.holidays, enforcement.workdays):
        raise world.failure("公示已逾期", "未逾期")


@then(parsers.parse('处罚决定"{number}"公示未逾期'))
def publication_in_time(world: World, enforcement: EnforcementWorld, number: str) -> None:
    """L4：已按期公示，或仍在七个工作日内。"""
    if enforcement.penalty(number).publication_overdue(world.now(), enforcement.holidays, enforcement.workdays):
        raise world.failure("公示未逾期", "已逾期")


# 停产停业 (L2) -------------------------------------------------------------------------------------

@step(parsers.parse('"{who}"责令该企业停产停业，理由为"{reason}"'))
def suspend(world: World, enforcement: EnforcementWorld, who: str, reason: str) -> None:
    """L2：因该隐患责令企业停产停业。"""
    h, actor = world.hazard(), world.actor(who)
    order = world.act(lambda: hf.Suspension.ordered(hazards=[h], reason=reason, at=world.now(), by=actor))
    if order is not None:
        enforcement.suspension = order


@step(parsers.parse('"{who}"审查同意恢复生产："{review}"'))
def lift(world: World, enforcement: EnforcementWorld, who: str, review: str) -> None:
    """L2：隐患消除后，部门签名审查同意恢复生产。"""
    s, actor, h = enforcement.the_suspension(), world.actor(who), world.hazard()
    world.act(lambda: s.lift(hazards=[h], review=review, at=world.now(), by=actor))


@step(parsers.parse('"{who}"恢复生产'))
def resume(world: World, enforcement: EnforcementWorld, who: str) -> None:
    """企业恢复生产（L2：须经签名审查同意）。"""
    s, actor = enforcement.the_suspension(), world.actor(who)
    world.act(lambda: s.resume(at=world.now(), by=actor))


@step(parsers.parse('"{who}"认定该企业拒不执行停产停业决定："{finding}"'))
def refuse(world: World, enforcement: EnforcementWorld, who: str, finding: str) -> None:
    """拒不执行 (feeds P5, 第一百一十三条(四))."""
    s, actor = enforcement.the_suspension(), world.actor(who)
    world.act(lambda: s.refuse(finding=finding, at=world.now(), by=actor))


@step(parsers.parse('"{who}"认定该企业经停产停业整顿仍不具备安全生产条件："{finding}"'))
def review_failed(world: World, enforcement: EnforcementWorld, who: str, finding: str) -> None:
    """审查不合格 (feeds P5, 第一百一十三条(二))."""
    s, actor = enforcement.the_suspension(), world.actor(who)
    world.act(lambda: s.fail_review(finding=finding, at=world.now(), by=actor))


@step(parsers.parse('"{who}"经"{approver}"批准，以"{danger}"为由书面通知{hours:d}小时后停止供电'))
def stop_power(world: World, enforcement: EnforcementWorld, who: str, approver: str, danger: str,
               hours: int) -> None:
    """L9（安全生产法 第七十条）：经批准书面通知企业 ``hours`` 小时后停止供电。"""
    order, actor, head = enforcement.the_suspension(), world.actor(who), world.actor(approver)
    now = world.now()
    stop = world.act(lambda: hf.stop_supply(order, danger=danger, approved_by=head, at=now,
                                            effective=now + timedelta(hours=hours), by=actor))
    if stop is not None:
        enforcement.supply_stop = stop


@step(parsers.parse('"{who}"解除停止供电'))
def restore_power(world: World, enforcement: EnforcementWorld, who: str) -> None:
    """L9：企业履行决定后解除停止供电。"""
    stop, actor = enforcement.supply_stop, world.actor(who)
    if stop is None:
        raise AssertionError("尚未采取停止供电措施 (no supply stop)")
    lifted = world.act(lambda: stop.lift(order=enforcement.the_suspension(), hazards=world.hazards.values(),
                                         at=world.now(), by=actor))
    if lifted is not None:
        enforcement.supply_stop = lifted


@then(parsers.parse("停止供电措施{state}"))
def power_state(world: World, enforcement: EnforcementWorld, state: str) -> None:
    """L9：停止供电措施 已采取、已解除，或 应当及时解除（企业已履行而措施仍在）。"""
    stop = enforcement.supply_stop
    actual = ("未采取" if stop is None else "已解除" if stop.lifted is not None
              else "应当及时解除" if stop.must_lift(enforcement.the_suspension(), world.hazards.values())
              else "已采取")
    if actual != state:
        raise world.failure(f"停止供电措施{state}", f"停止供电措施{actual}")


@then(parsers.parse('停产停业决定处于"{stage}"状态'))
def suspension_stage(world: World, enforcement: EnforcementWorld, stage: str) -> None:
    """停产停业, 审查同意 or 恢复生产."""
    actual = enforcement.the_suspension().stage
    if actual is not hf.SuspensionStage.from_label(stage):
        raise world.failure(f"处于“{stage}”状态", f"处于“{actual.label}”状态")


# 逾期升级、周调度、回头看 (H7, H8, H10) --------------------------------------------------------------------

@step("开展逾期检查")
def check_overdue(world: World, enforcement: EnforcementWorld) -> None:
    """H8：对场景中的全部隐患开展逾期检查。"""
    enforcement.escalations = hf.escalations(world.hazards.values(), at=world.now())


def _escalation(world: World, enforcement: EnforcementWorld) -> hf.Escalation:
    if enforcement.escalations is None:
        raise AssertionError("请先写“当 开展逾期检查” (the overdue check was not run)")
    h = world.hazard()
    for e in enforcement.escalations:
        if e.hazard == h.id:
            return e
    listed = "、".join(e.description for e in enforcement.escalations) or "（空）"
    raise world.failure(f"逾期清单包括“{h.description}”", f"逾期清单：{listed}")


@then(parsers.parse('逾期清单包括该隐患，挂牌文号为"{number}"'))
def overdue_listed(world: World, enforcement: EnforcementWorld, number: str) -> None:
    """H8：逾期清单包括该隐患，并写明挂牌督办文号。"""
    e = _escalation(world, enforcement)
    if e.number != number:
        raise world.failure(f"挂牌文号为“{number}”", f"挂牌文号为“{e.number}”")


@then(parsers.parse('逾期清单包括该隐患，处理建议包括"{text}"'))
def overdue_proposal(world: World, enforcement: EnforcementWorld, text: str) -> None:
    """H8：逾期清单中的处理建议（如 提请…挂牌督办，点名主要负责人）。"""
    e = _escalation(world, enforcement)
    if text not in e.proposal:
        raise world.failure(f"处理建议包括“{text}”", e.proposal)


@then("逾期清单不包括该隐患")
def not_overdue_listed(world: World, enforcement: EnforcementWorld) -> None:
    """H8：该隐患今天未逾期，不在逾期清单中。"""
    if enforcement.escalations is None:
        raise AssertionError("请先写“当 开展逾期检查”")
    if any(e.hazard == world.hazard().id for e in enforcement.escalations):
        raise world.failure("逾期清单不包括该隐患", "逾期清单包括该隐患")


@step(parsers.parse('"{who}"调度该隐患整改进展："{progress}"'))
def dispatch(world: World, enforcement: EnforcementWorld, who: str, progress: str) -> None:
    """H7：对挂牌督办的隐患进行周调度，记录整改进展。"""
    enforcement.dispatches.append(hf.Dispatch(world.hazard().id, progress, world.actor(who), world.now()))


def _week(world: World, enforcement: EnforcementWorld, week: int) -> hf.DispatchDue:
    dues = hf.dispatch_obligations(world.hazard(), enforcement.dispatches, at=world.now())
    if not 1 <= week <= len(dues):
        raise world.failure(f"第{week}周有调度任务", f"共有 {len(dues)} 周调度任务")
    return dues[week - 1]


@then(parsers.parse("该隐患挂牌督办第{week:d}周调度已完成"))
def week_done(world: World, enforcement: EnforcementWorld, week: int) -> None:
    """H7：该周的调度已记录。"""
    if _week(world, enforcement, week).done is None:
        raise world.failure(f"第{week}周调度已完成", "未调度")


@then(parsers.parse("该隐患挂牌督办第{week:d}周调度已逾期"))
def week_overdue(world: World, enforcement: EnforcementWorld, week: int) -> None:
    """H7：该周已过而没有调度，已逾期。"""
    if not _week(world, enforcement, week).overdue(world.now()):
        raise world.failure(f"第{week}周调度已逾期", "未逾期")


@step(parsers.parse('"{who}"开展回头看，认定该隐患"{finding}"'))
def look_back(world: World, who: str, finding: str) -> None:
    """H10：对场景中的隐患开展回头看，认定该隐患虚假整改并重新打开。"""
    h, actor = world.hazard(), world.actor(who)
    world.act(lambda: hf.look_back(world.hazards.values(), findings={h.id: finding}, at=world.now(), by=actor))


# 倒查 (P7) ----------------------------------------------------------------------------------------

@step("对该事故倒查")
def trace(world: World, enforcement: EnforcementWorld) -> None:
    """P7：倒查事故背后签名的检查和验收。"""
    if enforcement.accident is None:
        raise AssertionError('请先写“该隐患导致发生一般事故"…"” (no accident)')
    enforcement.traces = hf.trace(enforcement.accident, hazards=world.hazards.values(),
                                  inspections=enforcement.inspections)


@then(parsers.parse('倒查名单包括"{who}"（{kind}）'))
def traced(world: World, enforcement: EnforcementWorld, who: str, kind: str) -> None:
    """P7：``who`` 签名的检查或验收被倒查到，类别为 验收销号、检查未查出 或 查出后跟踪整改不到位。"""
    found = enforcement.traces or []
    if not any(t.signer.by.name == who and t.kind.label == kind for t in found):
        listed = "、".join(f"{t.signer.by.name}（{t.kind.label}）" for t in found) or "（空）"
        raise world.failure(f"倒查名单包括“{who}（{kind}）”", f"倒查名单：{listed}")


@then(parsers.parse('倒查名单不包括"{who}"'))
def not_traced(world: World, enforcement: EnforcementWorld, who: str) -> None:
    """P7：``who`` 签名的检查或验收不在倒查范围（如隐患列入台账之前的检查）。"""
    found = [t for t in enforcement.traces or [] if t.signer.by.name == who]
    if found:
        raise world.failure(f"倒查名单不包括“{who}”", "、".join(f"{t.signer.by.name}（{t.kind.label}）" for t in found))


# 举报 (P8) ----------------------------------------------------------------------------------------

@step(parsers.parse('"{who}"收到对"{enterprise}"的匿名举报"{content}"'))
def anonymous_tip(world: World, enforcement: EnforcementWorld, who: str, enterprise: str, content: str) -> None:
    """P8：收到一件匿名举报。"""
    enforcement.tip = hf.TipOff.received_by(content=content, enterprise=enterprise, at=world.now(),
                                            by=world.actor(who))


@step(parsers.parse('"{who}"收到"{informant}"对"{enterprise}"的举报"{content}"'))
def named_tip(world: World, enforcement: EnforcementWorld, who: str, informant: str, enterprise: str,
              content: str) -> None:
    """P8：收到一件实名举报。"""
    enforcement.tip = hf.TipOff.received_by(content=content, enterprise=enterprise, informant=informant,
                                            at=world.now(), by=world.actor(who))


@step(parsers.parse('"{who}"查证该举报，认定为{level}'))
def verify(world: World, enforcement: EnforcementWorld, who: str, level: str) -> None:
    """查证：举报查实，登记为来源“举报”的隐患，即此后的“该隐患”。"""
    tip, actor = enforcement.tip, world.actor(who)
    if tip is None:
        raise AssertionError("尚未收到举报 (no tip-off)")
    sector, unit = world.enterprises.get(tip.enterprise, ("工贸行业", tip.enterprise))
    h = world.act(lambda: hf.verify_tip(tip, level=hf.Level.from_label(level), sector=sector, jurisdiction=unit,
                                        at=world.now(), by=actor))
    if h is not None:
        world.hazards[h.description] = world.current = h


@step(parsers.parse('"{who}"兑现该举报奖励{amount}'))
def reward(world: World, enforcement: EnforcementWorld, who: str, amount: str) -> None:
    """P8：兑现该隐患所依据举报的奖励。"""
    tip, h, actor, value = enforcement.tip, world.hazard(), world.actor(who), wan(amount)
    if tip is None:
        raise AssertionError("尚未收到举报 (no tip-off)")
    paid = world.act(lambda: hf.reward_tip(tip, h, amount=value, at=world.now(), by=actor,
                                           earlier=enforcement.rewards))
    if paid is not None:
        enforcement.rewards.append(paid)


@then(parsers.parse("举报奖励合计{total}，其中匿名举报查实奖励{anonymous}"))
def reward_totals(world: World, enforcement: EnforcementWorld, total: str, anonymous: str) -> None:
    """P8：调度表中的 举报奖励（万元），其中匿名举报查实奖励（万元）。"""
    t = hf.reward_totals(enforcement.rewards)
    if (t.total, t.anonymous_total) != (wan(total), wan(anonymous)):
        raise world.failure(f"合计{total}，匿名{anonymous}", f"合计{t.total}万元，匿名{t.anonymous_total}万元")
