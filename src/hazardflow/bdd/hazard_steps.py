"""Steps for people, dates and a hazard's closed loop (H1–H10), in 中文.

Action steps work as 假如 (set-up: a refusal fails at once) and as 当 (a refusal is kept for the
`那么 操作被拒绝…` steps). Quotes are plain ASCII double quotes: 当 "李四"验收销号该隐患.
"""

from __future__ import annotations

from pytest_bdd import given, parsers, step, then

import hazardflow as hf
from hazardflow.bdd.world import World, parse_date, parse_money

_PLAN_ROWS = {"整改责任人": "responsible", "整改措施": "measures", "整改资金": "funds",
              "整改时限": "deadline", "应急预案": "contingency"}


# 日期与人员 ------------------------------------------------------------------------------------

@step(parsers.parse("今天是 {day}"))
def today_is(world: World, day: str) -> None:
    """设定今天的日期，此后的操作都发生在这一天；可写 2023年6月16日 或 2023-06-16，有无空格均可。"""
    world.check_pending()
    world.set_today(parse_date(day))


@given("有以下人员:")
def people(world: World, datatable: list[list[str]]) -> None:
    """场景中的人员，表头 | 姓名 | 角色 | 单位 |；角色为 企业、企业主要负责人、监管部门、党委政府、专家。"""
    header, *rows = datatable
    if header[:3] != ["姓名", "角色", "单位"]:
        raise AssertionError(f"人员表的表头应为 | 姓名 | 角色 | 单位 |，实际为 {header}")
    for name, role, unit, *_ in rows:
        world.actors[name] = hf.Actor(name, hf.Role.from_label(role), unit)


@given(parsers.parse('企业"{enterprise}"属于"{sector}"行业领域，属地为"{unit}"'))
def enterprise_is(world: World, enterprise: str, sector: str, unit: str) -> None:
    """写明企业所属行业领域及其属地（乡镇或部门）。"""
    world.enterprises[enterprise] = (sector, unit)


# 发现 ------------------------------------------------------------------------------------------

def _find(world: World, who: str, source: hf.Source, enterprise: str, level: str, description: str) -> None:
    actor = world.actor(who)
    key = level == "重点隐患"
    if not key and level not in {m.label for m in hf.Level}:
        raise ValueError(f"未知的隐患等级“{level}”，应为 {'、'.join(m.label for m in hf.Level)}、重点隐患 之一 "
                         f"(unknown level)")
    grade = hf.Level.GENERAL if key else hf.Level.from_label(level)
    sector, unit = world.enterprises.get(enterprise, ("工贸行业", enterprise))
    hazard = world.act(lambda: hf.Hazard.found(
        description=description, level=grade, source=source, enterprise=enterprise,
        sector=sector, jurisdiction=unit, at=world.now(), by=actor, key=key, notice=world.notice,
    ))
    if hazard is not None:
        world.hazards[description] = world.current = hazard


@step(parsers.parse('"{who}"自查发现一项{level}"{description}"'))
def self_found(world: World, who: str, level: str, description: str) -> None:
    """企业自查：隐患属于发现人所在企业；等级为 一般事故隐患、重大事故隐患 或 重点隐患。"""
    _find(world, who, hf.Source.SELF_CHECK, world.actor(who).organisation, level, description)


@step(parsers.parse('"{who}"通过{source}在"{enterprise}"发现一项{level}"{description}"'))
def found_by(world: World, who: str, source: str, enterprise: str, level: str, description: str) -> None:
    """通过部门检查、举报、明察暗访、政府督查或回头看，在企业发现一项隐患。"""
    _find(world, who, hf.Source.from_label(source), enterprise, level, description)


# 报告、交办、整改、验收 -----------------------------------------------------------------------------

def _trigger(world: World, who: str, trigger: str, **kwargs: object) -> None:
    """Run ``trigger`` on the current hazard (“该隐患”), by ``who``, now; a refusal goes to the world."""
    h, actor = world.hazard(), world.actor(who)
    world.act(lambda: getattr(h, trigger)(at=world.now(), by=actor, **kwargs))


@step(parsers.parse('"{who}"向"{to}"报告该隐患'))
def report_found(world: World, who: str, to: str) -> None:
    """双报告（H4）之一：报告发现的隐患。"""
    _trigger(world, who, "report", kind=hf.ReportKind.FOUND, to=to)


@step(parsers.parse('"{who}"向"{to}"报告该隐患的整改情况'))
def report_fixed(world: World, who: str, to: str) -> None:
    """双报告（H4）之二：报告整改情况。"""
    _trigger(world, who, "report", kind=hf.ReportKind.FIXED, to=to)


@step(parsers.parse('"{who}"按以下五落实方案交办该隐患:'))
def assign_with_plan(world: World, who: str, datatable: list[list[str]]) -> None:
    """交办（H2），五落实方案见表，每行 | 整改责任人 | … |；少一行即缺一项。"""
    fields: dict[str, object] = {}
    for row in datatable:
        label, value = row[0].strip(), row[1].strip() if len(row) > 1 else ""
        if label not in _PLAN_ROWS:
            raise AssertionError(f"五落实方案表只能有 {'、'.join(_PLAN_ROWS)}，实际有“{label}”")
        name = _PLAN_ROWS[label]
        if value:
            fields[name] = (parse_money(value) if name == "funds"
                            else parse_date(value) if name == "deadline" else value)
    plan = hf.Plan(**fields)  # type: ignore[arg-type]
    _trigger(world, who, "assign", plan=plan)


@step(parsers.parse('"{who}"交办该隐患，五落实齐全，整改时限为{day}'))
def assign_complete(world: World, who: str, day: str) -> None:
    """交办，五落实齐全：责任人为 ``who``，资金 5万元，整改时限为 ``day``。"""
    plan = hf.Plan(who, "按判定标准逐项整改", parse_money("5万元"), parse_date(day), "专项应急预案")
    _trigger(world, who, "assign", plan=plan)


@step(parsers.parse('"{who}"开始整改该隐患'))
def rectify(world: World, who: str) -> None:
    """整改：``who`` 为整改人。"""
    _trigger(world, who, "rectify")


@step(parsers.parse('"{who}"完成整改并提请验收："{evidence}"'))
def submit(world: World, who: str, evidence: str) -> None:
    """提请验收，写明做了什么。"""
    _trigger(world, who, "submit", evidence=evidence)


@step(parsers.parse('"{who}"即查即改该隐患："{measures}"'))
def fix_on_spot(world: World, who: str, measures: str) -> None:
    """即查即改 (H3)."""
    _trigger(world, who, "fix_on_spot", measures=measures)


@step(parsers.parse('"{who}"验收销号该隐患'))
def close(world: World, who: str) -> None:
    """销号（H4、H5、H6）：``who`` 签名验收。"""
    _trigger(world, who, "close")


@step(parsers.parse('"{who}"验收不合格，理由为"{reason}"'))
def reject(world: World, who: str, reason: str) -> None:
    """验收不合格（H9），写明理由。"""
    _trigger(world, who, "reject", reason=reason)


@step(parsers.parse('"{who}"验收不合格，未说明理由'))
def reject_silently(world: World, who: str) -> None:
    """验收不合格而未说明理由（被 H9 拒绝）。"""
    _trigger(world, who, "reject", reason="")


@step(parsers.parse('"{who}"回头看发现该隐患"{finding}"'))
def reopen(world: World, who: str, finding: str) -> None:
    """回头看（H10）：重新打开已销号的隐患，此前的整改属虚假整改。"""
    _trigger(world, who, "reopen", reason=finding)


@step(parsers.parse('"{who}"回头看重新打开该隐患，未记录发现的问题'))
def reopen_silently(world: World, who: str) -> None:
    """回头看而未记录发现的问题（被 H10 拒绝）。"""
    _trigger(world, who, "reopen", reason="")


@step(parsers.parse('"{who}"以"{title}"（{number}）挂牌督办该隐患'))
def list_for_supervision(world: World, who: str, title: str, number: str) -> None:
    """挂牌督办（H7），写明文件标题和文号。"""
    _trigger(world, who, "list_for_supervision", title=title, number=number)


@step(parsers.parse('"{who}"对该隐患摘牌'))
def delist(world: World, who: str) -> None:
    """摘牌 (H6)."""
    _trigger(world, who, "delist")


@step(parsers.parse('"{who}"将该隐患整改期限延至{day}，理由为"{reason}"'))
def extend(world: World, who: str, day: str, reason: str) -> None:
    """延期（H8），须有记录在案的决定和理由。"""
    _trigger(world, who, "extend", deadline=parse_date(day), reason=reason)


@step(parsers.parse('"{who}"将该隐患整改期限延至{day}，未说明理由'))
def extend_silently(world: World, who: str, day: str) -> None:
    """延期而未说明理由（被 H8 拒绝）。"""
    _trigger(world, who, "extend", deadline=parse_date(day), reason="")


@step(parsers.parse('"{who}"出具专家评估意见"{opinion}"'))
def assess(world: World, who: str, opinion: str) -> None:
    """专家评估 (H6)."""
    _trigger(world, who, "assess", opinion=opinion)


@step(parsers.parse('以下是隐患"{description}"'))
def select(world: World, description: str) -> None:
    """此后的“该隐患”指描述为 ``description`` 的隐患（场景中有几项隐患时切换）。"""
    world.current = world.hazard(description)


# 结果 -----------------------------------------------------------------------------------------

@then("操作成功")
def succeeded(world: World) -> None:
    """上一步操作成功。"""
    if world.refusal is not None:
        world.refusal_examined = True
        raise world.failure("操作成功", f"操作被拒绝：{world.refusal}")


@then(parsers.parse('操作被拒绝，依据规则"{rule}"'))
def refused_by(world: World, rule: str) -> None:
    """上一步操作被拒绝，拒绝的规则中有 ``rule``（如 H2）。"""
    refusal = world.examine_refusal()
    if rule not in refusal.rules:
        raise world.failure(f"被规则 {rule} 拒绝", f"被规则 {'、'.join(refusal.rules)} 拒绝：{refusal}")


@then(parsers.parse('拒绝理由引用"{clause}"'))
def refusal_cites(world: World, clause: str) -> None:
    """拒绝理由引用条款 ``clause``，可按通知原文写全角括号（如 沈应急发〔2023〕27号 三（一）1）。"""
    refusal = world.examine_refusal()
    if not any(clause in source for reason in refusal.reasons for source in reason.sources):
        raise world.failure(f"拒绝理由引用“{clause}”", str(refusal))


@then(parsers.parse('该隐患处于"{stage}"阶段'))
def in_stage(world: World, stage: str) -> None:
    """该隐患所处阶段：发现、交办、整改、验收或销号。"""
    h = world.hazard()
    if h.stage is not hf.Stage.from_label(stage):
        raise world.failure(f"隐患处于“{stage}”阶段", f"隐患处于“{h.stage.label}”阶段")


@then(parsers.parse('该隐患的记录依次为"{labels}"'))
def history_is(world: World, labels: str) -> None:
    """该隐患的全部记录，按先后顺序，用 、 连接中文名称（如 发现登记、交办）。"""
    h = world.hazard()
    actual = "、".join(hf.TRIGGER_LABELS[e.trigger] for e in h.events)
    if actual != labels:
        raise world.failure(f"记录依次为“{labels}”", f"记录依次为“{actual}”")


@then("每条记录都有操作人和时间")
def events_signed(world: World) -> None:
    """H1：每条记录都写明操作人和带时区的时间，且按时间先后。"""
    events = world.hazard().events
    for e in events:
        if e.actor is None or e.at.utcoffset() is None:
            raise world.failure("每条记录都有操作人和带时区的时间", f"{e.trigger} 缺少操作人或时区")
    if [e.at for e in events] != sorted(e.at for e in events):
        raise world.failure("记录按时间先后排列", "记录时间顺序错乱")


@then(parsers.parse('该隐患的验收签名人为"{who}"'))
def signed_by(world: World, who: str) -> None:
    """H5：验收签名人为 ``who``。"""
    acceptance = world.hazard().acceptance
    actual = acceptance.by.name if acceptance is not None else "（无签名）"
    if actual != who:
        raise world.failure(f"验收签名人为“{who}”", f"验收签名人为“{actual}”")


@then("该隐患已逾期")
def overdue(world: World) -> None:
    """H8：该隐患今天已逾期。"""
    if not world.hazard().is_overdue(world.now()):
        raise world.failure("隐患已逾期", f"未逾期（整改期限 {world.hazard().deadline}，今天 {world.today}）")


@then("该隐患未逾期")
def not_overdue(world: World) -> None:
    """H8：该隐患今天未逾期。"""
    if world.hazard().is_overdue(world.now()):
        raise world.failure("隐患未逾期", f"已逾期（整改期限 {world.hazard().deadline}，今天 {world.today}）")


@then(parsers.parse("该隐患的整改期限为{day}"))
def deadline_is(world: World, day: str) -> None:
    """该隐患的整改期限（含延期）。"""
    actual = world.hazard().deadline
    if actual != parse_date(day):
        raise world.failure(f"整改期限为 {day}", f"整改期限为 {actual}")


@then(parsers.parse('该隐患处于挂牌督办状态，文号为"{number}"'))
def listed_as(world: World, number: str) -> None:
    """H7：该隐患挂牌督办，文号为 ``number``。"""
    listing = world.hazard().listing
    if listing is None or not listing.active or listing.number != number:
        raise world.failure(f"挂牌督办中，文号“{number}”", f"挂牌情况：{_listing(listing)}")


@then("该隐患已摘牌")
def delisted(world: World) -> None:
    """H6：该隐患已摘牌。"""
    listing = world.hazard().listing
    if listing is None or listing.active:
        raise world.failure("已摘牌", f"挂牌情况：{_listing(listing)}")


def _listing(listing: hf.Listing | None) -> str:
    """A listing as a clerk reads it: its 文号 and whether it is still on."""
    if listing is None:
        return "未挂牌"
    return f"文号“{listing.number}”，{'挂牌督办中' if listing.active else '已摘牌'}"


@then(parsers.parse("该隐患被认定虚假整改{count:d}次"))
def sham_count(world: World, count: int) -> None:
    """H10：回头看认定虚假整改的次数。"""
    if world.hazard().sham != count:
        raise world.failure(f"虚假整改 {count} 次", f"虚假整改 {world.hazard().sham} 次")
