"""Steps for citing 判定标准 items (L7) and notifying the workforce (L1), in 中文.

Items are cited as the catalogue does, several joined with 、: 按判定标准"10号令第十一条(一)、10号令第三条(一)".
"""

from __future__ import annotations

from pytest_bdd import parsers, step, then

import hazardflow as hf
from hazardflow.bdd.world import World


def _found(world: World, who: str, items: str, description: str, level: hf.Level | None) -> None:
    actor = world.actor(who)
    sector, unit = world.enterprises.get(actor.organisation, ("工贸行业", actor.organisation))
    hazard = world.act(lambda: hf.Hazard.found(
        description=description, level=level, source=hf.Source.SELF_CHECK, enterprise=actor.organisation,
        sector=sector, jurisdiction=unit, at=world.now(), by=actor, standard_items=items.split("、")))
    if hazard is not None:
        world.hazards[description] = world.current = hazard


@step(parsers.parse('"{who}"按判定标准"{items}"自查发现一项隐患"{description}"'))
def found_meeting(world: World, who: str, items: str, description: str) -> None:
    """企业自查：发现一项符合判定标准 ``items`` 的隐患，等级由条目决定（L7）。"""
    _found(world, who, items, description, None)


@step(parsers.parse('"{who}"按判定标准"{items}"自查认定一项{level}"{description}"'))
def declared_meeting(world: World, who: str, items: str, level: str, description: str) -> None:
    """企业自查：发现一项符合 ``items`` 的隐患，由发现人认定等级 ``level``（一般事故隐患/重大事故隐患）。"""
    _found(world, who, items, description, hf.Level.from_label(level))


@step(parsers.parse('"{who}"通过"{channel}"向从业人员通报该隐患的排查治理情况'))
def notified(world: World, who: str, channel: str) -> None:
    """L1：通过 ``channel``（职工代表大会、信息公示栏……）向从业人员通报隐患排查治理情况。"""
    h, actor = world.hazard(), world.actor(who)
    world.act(lambda: h.report(kind=hf.ReportKind.WORKFORCE, to=channel, at=world.now(), by=actor))


@then(parsers.parse("该隐患为{level}"))
def level_is(world: World, level: str) -> None:
    """该隐患的等级：一般事故隐患或重大事故隐患。"""
    h = world.hazard()
    if h.level is not hf.Level.from_label(level):
        raise world.failure(level, h.level.label)


@then(parsers.parse('该隐患引用判定标准"{items}"'))
def cites(world: World, items: str) -> None:
    """该隐患引用的判定标准条目，按目录的写法，用 、 分隔。"""
    actual = "、".join(world.hazard().standard_items)
    if actual != items:
        raise world.failure(items, actual or "（未引用判定标准）")
