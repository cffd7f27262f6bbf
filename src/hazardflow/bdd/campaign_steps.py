"""Steps for a campaign under a notice: phases, deliverables, tasks, targets, the clock (C1–C10, H11, H12), in 中文.

The notice is named by its profile id (按行动方案"shenyang-2023"开展专项行动); units join as 企业, 部门 or
乡镇; a `当` step that the rules refuse is kept for `那么 操作被拒绝，依据规则"C2"` (hazard_steps.py).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import attrs
import pytest
from pytest_bdd import given, parsers, step, then

import hazardflow as hf
from hazardflow.bdd.world import World, parse_date

_MONTH = re.compile(r"^\s*(\d{4})年(\d{1,2})月\s*$")
_WEEK = re.compile(r"^\s*(\d{4})年第(\d{1,2})周\s*$")


@attrs.define
class CampaignWorld:
    """The scenario's campaign and the obligations last read off its clock."""

    campaign: hf.Campaign | None = None
    obligations: list[hf.Obligation] | None = None
    matched: hf.Obligation | None = None

    def run(self) -> hf.Campaign:
        """The campaign; fails clearly when no notice was chosen."""
        if self.campaign is None:
            raise AssertionError('尚未选择行动方案：请先写“假如 按行动方案"shenyang-2023"开展专项行动” (no campaign)')
        return self.campaign

    def read(self) -> list[hf.Obligation]:
        """The obligations of the last `查看到期事项`."""
        if self.obligations is None:
            raise AssertionError("请先写“当 查看到期事项” (the clock was not read)")
        return self.obligations


@pytest.fixture
def campaign_world() -> CampaignWorld:
    """A fresh campaign world for each scenario."""
    return CampaignWorld()


def _period(text: str) -> str:
    """「2023年6月」 → ``2023-06``; 「2023年第22周」 → ``2023-W22``; anything else is passed on as is."""
    month = _MONTH.match(text)
    if month:
        return f"{int(month.group(1))}-{int(month.group(2)):02d}"
    week = _WEEK.match(text)
    if week:
        return f"{int(week.group(1))}-W{int(week.group(2)):02d}"
    return text.strip()


def _agent(world: World, unit: str, kind: hf.notices.UnitKind) -> hf.Actor:
    """Someone acting for ``unit``: a declared person of that unit, else its 经办人."""
    for actor in world.actors.values():
        if actor.organisation == unit:
            return actor
    role = {hf.notices.UnitKind.ENTERPRISE: hf.Role.PRINCIPAL, hf.notices.UnitKind.DEPARTMENT: hf.Role.DEPARTMENT,
            hf.notices.UnitKind.TOWN: hf.Role.GOVERNMENT}[kind]
    return hf.Actor("经办人", role, unit)


def _acting(world: World, cw: CampaignWorld, unit: str) -> hf.Actor:
    return _agent(world, unit, cw.run().participation(unit).kind)


# 专项行动与参加单位 --------------------------------------------------------------------------------

@given(parsers.parse('按行动方案"{ident}"开展专项行动'))
def campaign_under(campaign_world: CampaignWorld, ident: str) -> None:
    """按内置的通知配置 ``ident``（如 shenyang-2023）开展专项行动。"""
    campaign_world.campaign = hf.Campaign(hf.notices.load(ident))


@given(parsers.parse('按行动方案文件"{path}"开展专项行动'))
def campaign_under_file(campaign_world: CampaignWorld, request: pytest.FixtureRequest, path: str) -> None:
    """按县区自己的通知配置文件（TOML，路径相对于 .feature 文件所在文件夹）开展专项行动。"""
    here = Path(str(request.node.path)).parent
    candidates = [Path(path), here / path]
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        raise AssertionError(f"找不到行动方案文件“{path}”（查找了 {', '.join(map(str, candidates))}）")
    try:
        notice = hf.notices.load_file(found)
    except hf.notices.ProfileError as error:
        raise AssertionError(f"行动方案文件有误 (bad profile)：{error}") from None
    campaign_world.campaign = hf.Campaign(notice)


@step(parsers.parse('"{unit}"以{kind}身份参加专项行动'))
def joins(world: World, campaign_world: CampaignWorld, unit: str, kind: str) -> None:
    """单位以企业、部门或乡镇身份参加专项行动，不写行业领域。"""
    unit_kind = hf.notices.UnitKind.from_label(kind)
    campaign_world.run().join(unit, kind=unit_kind, at=world.now(), by=_agent(world, unit, unit_kind))


@step(parsers.parse('"{unit}"以{kind}身份参加专项行动，行业领域为"{sector}"'))
def joins_in_sector(world: World, campaign_world: CampaignWorld, unit: str, kind: str, sector: str) -> None:
    """单位参加专项行动并写明行业领域（高危行业领域改变 H11、C8 的频次）。"""
    unit_kind = hf.notices.UnitKind.from_label(kind)
    campaign_world.run().join(unit, kind=unit_kind, sector=sector, at=world.now(),
                              by=_agent(world, unit, unit_kind))


# 推进阶段 --------------------------------------------------------------------------------------

def _advance(world: World, cw: CampaignWorld, unit: str) -> None:
    c = cw.run()
    hazards = [h for h in world.hazards.values() if h.enterprise == unit]
    by = _acting(world, cw, unit)
    world.act(lambda: c.advance(unit, at=world.now(), by=by, hazards=hazards))


@step(parsers.parse('"{unit}"启动专项行动'))
def starts(world: World, campaign_world: CampaignWorld, unit: str) -> None:
    """C1：单位启动专项行动，从 未启动 进入第一阶段。"""
    _advance(world, campaign_world, unit)


@step(parsers.parse('"{unit}"进入下一阶段'))
def advances(world: World, campaign_world: CampaignWorld, unit: str) -> None:
    """离开当前阶段（C2–C5 把关；场景中本单位的隐患即其台账）。"""
    _advance(world, campaign_world, unit)


@step(parsers.parse('"{unit}"推进到"{phase}"阶段'))
def advances_to(world: World, campaign_world: CampaignWorld, unit: str, phase: str) -> None:
    """逐阶段推进，直到单位处于名为 ``phase`` 的阶段（用于前提；遇到拒绝即停）。"""
    c = campaign_world.run()
    for _ in hf.Step:
        if c.participation(unit).phase_name == phase:
            return
        _advance(world, campaign_world, unit)
        if world.refusal is not None:
            return
    raise AssertionError(f"“{unit}”无法推进到“{phase}”阶段")


# 报送与记录 --------------------------------------------------------------------------------------

@step(parsers.parse('"{unit}"完成"{what}"'))
def records(world: World, campaign_world: CampaignWorld, unit: str, what: str) -> None:
    """报送一项事项：方案印发、动员部署会议、报送联络人、重大隐患台账、应急演练、典型案例……"""
    c = campaign_world.run()
    kind = hf.notices.DeliverableKind.from_label(what)
    by = _acting(world, campaign_world, unit)
    world.act(lambda: c.record(unit, kind, at=world.now(), by=by))


@step(parsers.parse('"{unit}"完成以下事项:'))
def records_all(world: World, campaign_world: CampaignWorld, unit: str, datatable: list[list[str]]) -> None:
    """逐行报送表中的事项（每行第一格为事项名称）。"""
    for row in datatable:
        records(world, campaign_world, unit, row[0].strip())


@step(parsers.parse('由"{person}"为"{unit}"完成"{what}"'))
def records_by(world: World, campaign_world: CampaignWorld, person: str, unit: str, what: str) -> None:
    """由指定的人为单位报送（H11：只有主要负责人本人的检查和调度才算数）。"""
    c = campaign_world.run()
    kind = hf.notices.DeliverableKind.from_label(what)
    by = world.actor(person)
    world.act(lambda: c.record(unit, kind, at=world.now(), by=by))


@step(parsers.parse('"{unit}"完成专项任务"{name}"'))
def records_task(world: World, campaign_world: CampaignWorld, unit: str, name: str) -> None:
    """C9：完成通知中的一项专项任务，按配置中的名称（如 全员安全生产岗位责任制自查完善、内部公示）。"""
    c = campaign_world.run()
    found = [t for t in c.notice.tasks if t.name == name]
    if not found:
        raise AssertionError(f"通知中没有专项任务“{name}”（有：{'；'.join(t.name for t in c.notice.tasks)}）")
    by = _acting(world, campaign_world, unit)
    world.act(lambda: c.record(unit, hf.notices.DeliverableKind.TASK, period=found[0].id, at=world.now(), by=by))


@step(parsers.parse('"{unit}"报告目标"{target}"已完成，实际值为"{value}"'))
def marks_target_met(world: World, campaign_world: CampaignWorld, unit: str, target: str, value: str) -> None:
    """C10：牵头单位报告目标（按编号）已完成，并写明实际值。"""
    c = campaign_world.run()
    by = _acting(world, campaign_world, unit)
    world.act(lambda: c.record(unit, hf.notices.DeliverableKind.TARGET, period=target, note=value,
                               at=world.now(), by=by))


@step(parsers.parse('"{unit}"将本场景发现的隐患列入台账'))
def registers(world: World, campaign_world: CampaignWorld, unit: str) -> None:
    """单位的台账（供到期检查用）：场景中本企业的隐患或本单位发现的隐患。"""
    hazards = [h for h in world.hazards.values() if unit in (h.enterprise, h.found_by.organisation)]
    campaign_world.run().register(unit, hazards)


@step(parsers.parse('"{who}"对该隐患进行周调度，"{unit}"记录进展"{progress}"'))
def dispatches_hazard(world: World, campaign_world: CampaignWorld, who: str, unit: str, progress: str) -> None:
    """H12：对挂牌督办的隐患进行本周的周调度，记入单位的记录。"""
    c, h, by = campaign_world.run(), world.hazard(), world.actor(who)
    world.act(lambda: c.record(unit, hf.notices.DeliverableKind.HAZARD_DISPATCH, period=h.id, note=progress,
                               at=world.now(), by=by))


@then(parsers.parse('目标"{target}"的状态为"{status}"'))
def target_status(world: World, campaign_world: CampaignWorld, target: str, status: str) -> None:
    """C10：目标当前的状态：已完成（实际值）、逾期未完成或未到期。"""
    found = [t for t in campaign_world.run().targets(world.now()) if t.target.id == target]
    if not found or found[0].status != status:
        raise world.failure(f"目标“{target}”{status}", found[0].status if found else "无此目标")


@step(parsers.parse('"{unit}"报送{period}调度表'))
def files_table(world: World, campaign_world: CampaignWorld, unit: str, period: str) -> None:
    """报送某期调度表：「2023年6月」（月报）、「2023年第22周」（周报）或「2020年度」（年报）。"""
    c = campaign_world.run()
    by = _acting(world, campaign_world, unit)
    world.act(lambda: c.record(unit, hf.notices.DeliverableKind.DISPATCH, period=_period(period),
                               at=world.now(), by=by))


# 时钟 -----------------------------------------------------------------------------------------

@step("查看到期事项")
def reads_the_clock(world: World, campaign_world: CampaignWorld) -> None:
    """到期检查：列出今天到期和已经逾期的事项。"""
    world.check_pending()
    campaign_world.obligations = campaign_world.run().tick(world.now())


def _find(cw: CampaignWorld, unit: str, text: str, rule: str) -> list[hf.Obligation]:
    return [o for o in cw.read() if o.unit == unit and o.rule == rule and text in o.what]


def _listing(cw: CampaignWorld, unit: str, rule: str | None = None) -> str:
    """The unit's obligations (under ``rule``, when one is named; the others only counted by rule)."""
    mine = [o for o in cw.read() if o.unit == unit]
    shown = [o for o in mine if rule is None or o.rule == rule]
    lines = [f"  - {o}" for o in shown] or [f"  （没有依据规则{rule}的事项）" if rule else "  （无）"]
    others = Counter(o.rule for o in mine if o not in shown)
    if others:
        lines.append("  其他事项：" + "、".join(f"{r} {n}项" for r, n in sorted(others.items())))
    return "\n".join(lines)


@then(parsers.parse('"{unit}"有逾期事项"{text}"，依据规则"{rule}"'))
def has_overdue(world: World, campaign_world: CampaignWorld, unit: str, text: str, rule: str) -> None:
    """单位有依据规则 ``rule``、内容含 ``text`` 的逾期事项。"""
    found = [o for o in _find(campaign_world, unit, text, rule) if o.overdue]
    if not found:
        raise world.failure(f"“{unit}”有逾期事项“{text}”（{rule}）", _listing(campaign_world, unit, rule))
    campaign_world.matched = found[0]


@then(parsers.parse('"{unit}"有今日到期事项"{text}"，依据规则"{rule}"'))
def has_due(world: World, campaign_world: CampaignWorld, unit: str, text: str, rule: str) -> None:
    """单位有今天到期（尚未逾期）的事项。"""
    found = [o for o in _find(campaign_world, unit, text, rule) if not o.overdue]
    if not found:
        raise world.failure(f"“{unit}”有今日到期事项“{text}”（{rule}）", _listing(campaign_world, unit, rule))
    campaign_world.matched = found[0]


@then(parsers.parse('"{unit}"没有事项"{text}"'))
def has_not(world: World, campaign_world: CampaignWorld, unit: str, text: str) -> None:
    """单位没有内容含 ``text`` 的事项。"""
    found = [o for o in campaign_world.read() if o.unit == unit and text in o.what]
    if found:
        raise world.failure(f"“{unit}”没有事项“{text}”", _listing(campaign_world, unit))


@then(parsers.parse('"{unit}"没有依据规则"{rule}"的事项'))
def has_none_under(world: World, campaign_world: CampaignWorld, unit: str, rule: str) -> None:
    """单位没有依据规则 ``rule`` 的事项。"""
    if [o for o in campaign_world.read() if o.unit == unit and o.rule == rule]:
        raise world.failure(f"“{unit}”没有依据规则{rule}的事项", _listing(campaign_world, unit, rule))


@then(parsers.parse("该事项的期限为{day}"))
def matched_due(world: World, campaign_world: CampaignWorld, day: str) -> None:
    """上一步找到的事项，期限为 ``day``。"""
    o = campaign_world.matched
    if o is None or hf.local_date(o.due) != parse_date(day):
        raise world.failure(f"期限为{day}", str(o))


@then(parsers.parse('该事项引用"{clause}"'))
def matched_cites(world: World, campaign_world: CampaignWorld, clause: str) -> None:
    """上一步找到的事项引用条款 ``clause``。"""
    o = campaign_world.matched
    if o is None or not any(clause in s for s in o.sources):
        raise world.failure(f"引用“{clause}”", str(o))


@then("再次查看到期事项，结果相同")
def clock_is_idempotent(world: World, campaign_world: CampaignWorld) -> None:
    """同一时刻再次到期检查，结果不变。"""
    again = campaign_world.run().tick(world.now())
    if [o for o in again] != campaign_world.read():
        raise world.failure("结果相同", "\n".join(str(o) for o in again))


# 阶段与通知 -------------------------------------------------------------------------------------

@then(parsers.parse('"{unit}"处于"{phase}"阶段'))
def in_phase(world: World, campaign_world: CampaignWorld, unit: str, phase: str) -> None:
    """单位所处阶段，按通知原文的名称（或 未启动 / 已完成）。"""
    actual = campaign_world.run().participation(unit).phase_name
    if actual != phase:
        raise world.failure(f"“{unit}”处于“{phase}”阶段", f"处于“{actual}”阶段")


@then(parsers.parse('第{number:d}阶段为"{name}"，自{start}至{end}'))
def phase_is(world: World, campaign_world: CampaignWorld, number: int, name: str, start: str, end: str) -> None:
    """通知的第 ``number`` 阶段（1–4）：原文名称和起止日期。"""
    p = campaign_world.run().notice.phases[number - 1]
    if (p.name, p.start, p.end) != (name, parse_date(start), parse_date(end)):
        raise world.failure(f"第{number}阶段为“{name}”，{start}至{end}", f"“{p.name}”，{p.start}至{p.end}")


@then(parsers.parse('事项"{name}"的截止日期为{day}'))
def deliverable_due(world: World, campaign_world: CampaignWorld, name: str, day: str) -> None:
    """通知中的一项事项（按配置中的名称）截止于 ``day``。"""
    found = [d for d in campaign_world.run().notice.deliverables if d.name == name]
    if not found or found[0].due != parse_date(day):
        raise world.failure(f"“{name}”截止于{day}", ", ".join(f"{d.name} {d.due}" for d in found) or "无此事项")
