"""Steps for who is who: the scenario's 名录 (organisations and people), acting in another capacity, citations.

    假如 名录中有以下单位:
      | 单位 | 类别 | 属地 | 行业领域 |
    并且 名录中有以下人员:
      | 姓名 | 单位 | 职务 |

With a directory declared, every authority rule asks it (ARCHITECTURE.md principle 8); without one,
the role checks of the people table apply.
"""

from __future__ import annotations

from pytest_bdd import given, parsers, step, then

import hazardflow as hf
from hazardflow.bdd.campaign_steps import CampaignWorld
from hazardflow.bdd.world import World

_ORG_COLUMNS = ["单位", "类别", "属地"]
_OPTIONAL = {"行业领域", "职工人数", "所属企业"}


def _directory(world: World) -> hf.Directory:
    if world.directory is None:
        world.directory = hf.Directory()
    return world.directory


def _role(kind: hf.OrgKind, position: hf.Position) -> hf.Role:
    """The role a registered person acts in: what their organisation and post make them."""
    if kind is hf.OrgKind.ENTERPRISE:
        return hf.Role.PRINCIPAL if position is hf.Position.PRINCIPAL else hf.Role.ENTERPRISE
    return {hf.OrgKind.DEPARTMENT: hf.Role.DEPARTMENT, hf.OrgKind.GOVERNMENT: hf.Role.GOVERNMENT,
            hf.OrgKind.TOWN: hf.Role.GOVERNMENT, hf.OrgKind.EXPERT_POOL: hf.Role.EXPERT}.get(kind, hf.Role.ENTERPRISE)


@given("名录中有以下单位:")
def organisations(world: World, datatable: list[list[str]]) -> None:
    """名录中的单位，表头 | 单位 | 类别 | 属地 | 行业领域 | 职工人数 | 所属企业 |：类别为 企业/监管部门/党委政府/
    乡镇街道/职工大会/专家库；属地为行政区划路径，如 沈阳市/铁西区；行业领域用 、 分隔；后三列可不写。"""
    header, *rows = datatable
    if header[:3] != _ORG_COLUMNS or not set(header[3:]) <= _OPTIONAL:
        raise AssertionError(f"单位表的表头应为 | 单位 | 类别 | 属地 |（可加 行业领域、职工人数、所属企业），"
                             f"实际为 {header}")
    d = _directory(world)
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        sectors = [s for s in cells.get("行业领域", "").split("、") if s.strip()]
        staff = cells.get("职工人数", "").strip()
        d.add(hf.Organisation(cells["单位"], hf.OrgKind.from_label(cells["类别"]), cells["属地"], sectors,
                              int(staff) if staff else None, cells.get("所属企业", "").strip() or None))


@given("名录中有以下人员:")
def directory_people(world: World, datatable: list[list[str]]) -> None:
    """名录中的人员，表头 | 姓名 | 单位 | 职务 |：职务为 主要负责人/安全管理人员/从业人员/执法人员/领导/专家；
    每个人也是场景中的操作人，角色由其单位和职务决定。"""
    header, *rows = datatable
    if header[:3] != ["姓名", "单位", "职务"]:
        raise AssertionError(f"名录人员表的表头应为 | 姓名 | 单位 | 职务 |，实际为 {header}")
    d = _directory(world)
    for name, unit, position, *_ in rows:
        post = hf.Position.from_label(position)
        d.add(hf.Person(name, unit, post))
        organisation = d.organisation(unit)
        assert organisation is not None
        world.actors[name] = hf.Actor(name, _role(organisation.kind, post), unit)


@step(parsers.parse('"{who}"以"{role}"身份验收销号该隐患'))
def close_as(world: World, who: str, role: str) -> None:
    """H5：``who`` 自称以 ``role``（如 企业主要负责人）身份签名验收销号；名录在用时，以名录中的身份为准。"""
    h, actor = world.hazard(), world.actor(who)
    signer = hf.Actor(actor.name, hf.Role.from_label(role), actor.organisation)
    world.act(lambda: h.close(at=world.now(), by=signer))


@step(parsers.parse('本场景的隐患按"{notice}"登记'))
def under_notice(world: World, notice: str) -> None:
    """此后发现的隐患按通知配置 ``notice``（如 shenyang-2023）登记。"""
    if notice not in hf.notices.available():
        raise AssertionError(f"未知的方案“{notice}”，可选：{'、'.join(hf.notices.available())}")
    world.notice = notice


@then(parsers.parse('拒绝理由只引用"{notice}"和安全生产法'))
def cites_only(world: World, notice: str) -> None:
    """原则 12：拒绝理由引用的每一条都出自通知 ``notice``（配置编号）或安全生产法。"""
    refusal = world.examine_refusal()
    allowed = (hf.notices.load(notice).number, "《中华人民共和国安全生产法》")
    others = [s for r in refusal.reasons for s in r.sources if not s.startswith(allowed)]
    if others:
        raise world.failure(f"只引用{allowed[0]}和安全生产法", "、".join(others))


@step(parsers.parse('"{who}"代表"{unit}"完成"{what}"'))
def records_as(world: World, campaign_world: CampaignWorld, who: str, unit: str, what: str) -> None:
    """``who`` 代表参加单位 ``unit`` 报送一项事项（主要负责人承诺确认、重大隐患台账……）。"""
    c, actor = campaign_world.run(), world.actor(who)
    kind = hf.notices.DeliverableKind.from_label(what)
    world.act(lambda: c.record(unit, kind, at=world.now(), by=actor))
