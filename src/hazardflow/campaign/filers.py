"""Who may file a campaign deliverable (`Campaign.record`): the participating unit's own people (principle 8).

With a directory in use, a filing is made by a registered person of the participating organisation;
the principal's commitment (沈阳 四(二)1) and the principal's checks (H11) by its 主要负责人 — a
department's or town's 领导. Each refusal cites the rule the filing counts for, under the campaign's
notice. With no directory in use, filings are recorded as before.
"""

from __future__ import annotations

from hazardflow.campaign.phases import C1, C2, C3, C5, C6, C7, C8, H11
from hazardflow.directory import current
from hazardflow.hazard.authority import identify
from hazardflow.hazard.records import Actor
from hazardflow.notices import DeliverableKind, Notice
from hazardflow.rules import Reason, Rule, guard, scoped
from hazardflow.vocab import OrgKind, Position

_K = DeliverableKind
RULE_OF: dict[DeliverableKind, Rule] = {
    _K.PLAN: C2, _K.MEETING: C2, _K.STANDARDS: C2, _K.CONTACT: C2, _K.TRAINING: C2,
    _K.REGISTER: C3, _K.COMMITMENT: C3, _K.PHASE_SUMMARY: C5, _K.SUMMARY: C5,
    _K.REPORT: C6, _K.DISPATCH: C6, _K.CHECK: H11, _K.DRILL: C8,
    _K.MAJOR_HAZARD: C7, _K.KEY_HAZARD: C7, _K.CASE: C7, _K.CASE_PUBLISHED: C7, _K.OTHER: C1,
}
"""The rule each kind of filing counts for."""

PRINCIPAL_ONLY = frozenset({_K.COMMITMENT, _K.CHECK})
"""Filed by the unit's head: 主要负责人承诺确认 (沈阳 四(二)1), 主要负责人带队检查 (H11)."""


def _head(kind: OrgKind) -> Position:
    return Position.PRINCIPAL if kind is OrgKind.ENTERPRISE else Position.LEADER


@guard(C1, C2, C3, C5, C6, C7, C8, H11)
def filer(notice: Notice, unit: str, kind: DeliverableKind, by: Actor) -> Reason | None:
    """The filing of ``kind`` for ``unit`` is made by that unit's own people (its head where the notice says)."""
    d = current()
    if d is None:
        return None
    rule = RULE_OF[kind]
    who = identify(d, by, rule)
    if isinstance(who, Reason):
        return scoped([who], notice.id)[0]
    message = None
    if who.organisation.name != unit:
        message = f"“{kind.label}”由参加单位{unit}的人员报送，{by.organisation}{by.name}不能代为报送"
    elif kind in PRINCIPAL_ONLY and who.person.position is not _head(who.organisation.kind):
        head = _head(who.organisation.kind)
        heads = "、".join(p.name for p in d.members(unit, head)) or "（名录中没有）"
        message = f"“{kind.label}”须由{unit}{head.label}（{heads}）本人作出，{by.name}是{who.person.position.label}"
    return None if message is None else scoped([rule.reason(message)], notice.id)[0]
