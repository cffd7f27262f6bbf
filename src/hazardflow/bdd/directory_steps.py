"""Steps for who is who: the scenario's 名录 (organisations and people) and acting in another capacity.

    假如 名录中有以下单位:
      | 单位 | 类别 | 属地 | 行业领域 |
    并且 名录中有以下人员:
      | 姓名 | 单位 | 职务 |

With a directory declared, every authority rule asks it (ARCHITECTURE.md principle 8); without one,
the role checks of the people table apply.
"""

from __future__ import annotations

from pytest_bdd import parsers, step

import hazardflow as hf
from hazardflow.bdd.world import World


@step(parsers.parse('"{who}"以"{role}"身份验收销号该隐患'))
def close_as(world: World, who: str, role: str) -> None:
    """销号 (H5): ``who`` signs the acceptance claiming the role ``role`` (e.g. 企业主要负责人)."""
    h, actor = world.hazard(), world.actor(who)
    signer = hf.Actor(actor.name, hf.Role.from_label(role), actor.unit)
    world.act(lambda: h.close(at=world.now(), by=signer))
