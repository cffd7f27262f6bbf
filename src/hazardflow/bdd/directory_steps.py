"""Steps for who is who: the scenario's 名录 (organisations and people) and acting in another capacity.

    假如 名录中有以下单位:
      | 单位 | 类别 | 属地 | 行业领域 |
    并且 名录中有以下人员:
      | 姓名 | 单位 | 职务 |

With a directory declared, every authority rule asks it (ARCHITECTURE.md principle 8); without one,
the role checks of the people table apply.
"""

from __future__ import annotations

from pytest_bdd import parsers, step, then

import hazardflow as hf
from hazardflow.bdd.world import World


@step(parsers.parse('"{who}"以"{role}"身份验收销号该隐患'))
def close_as(world: World, who: str, role: str) -> None:
    """销号 (H5): ``who`` signs the acceptance claiming the role ``role`` (e.g. 企业主要负责人)."""
    h, actor = world.hazard(), world.actor(who)
    signer = hf.Actor(actor.name, hf.Role.from_label(role), actor.unit)
    world.act(lambda: h.close(at=world.now(), by=signer))


@step(parsers.parse('本场景的隐患按"{notice}"登记'))
def under_notice(world: World, notice: str) -> None:
    """Hazards found from now on are opened under the notice profile ``notice`` (e.g. shenyang-2023)."""
    if notice not in hf.notices.available():
        raise AssertionError(f"未知的方案“{notice}”，可选：{'、'.join(hf.notices.available())}")
    world.notice = notice


@then(parsers.parse('拒绝理由只引用"{notice}"和安全生产法'))
def cites_only(world: World, notice: str) -> None:
    """Principle 12: every clause the refusal cites is the notice's (profile id ``notice``) or the law's."""
    refusal = world.examine_refusal()
    allowed = (hf.notices.load(notice).number, "《中华人民共和国安全生产法》")
    others = [s for r in refusal.reasons for s in r.sources if not s.startswith(allowed)]
    if others:
        raise world.failure(f"只引用{allowed[0]}和安全生产法", "、".join(others))
