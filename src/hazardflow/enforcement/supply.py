"""L9 停止供电: enforcing a refused suspension order by having the power (or civil explosives) supply stopped.

安全生产法 第七十条: “生产经营单位拒不执行，有发生生产安全事故的现实危险的，在保证安全的前提下，经本部门主要
负责人批准，负有安全生产监督管理职责的部门可以采取通知有关单位停止供电、停止供应民用爆炸物品等措施……通知应当
采用书面形式”；“采取停止供电措施，除有危及生产安全的紧急情形外，应当提前二十四小时通知生产经营单位。生产经营
单位依法履行行政决定、采取相应措施消除事故隐患的……应当及时解除前款规定的措施。”
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from hazardflow.checks import InvalidInput, aware_time, moment, of_type, optional_text, text
from hazardflow.enforcement.law import L9
from hazardflow.enforcement.suspension import Suspension
from hazardflow.hazard.records import Actor, Hazard, Signature
from hazardflow.rules import Reason, Rejected, guard
from hazardflow.vocab import Labelled, Role, Stage

NOTICE = timedelta(hours=24)
"""第七十条: a power cut is notified to the enterprise twenty-four hours ahead, save in an emergency."""


class Supply(Labelled):
    """What the department has the suppliers stop (第七十条)."""

    POWER = "停止供电"
    EXPLOSIVES = "停止供应民用爆炸物品"


def _complied(order: Suspension, hazards: Iterable[Hazard]) -> bool:
    """The enterprise complies: every hazard of the order removed (closed) or the order lifted on review."""
    mine = [h for h in hazards if isinstance(h, Hazard) and h.id in order.hazards]
    return not order.in_force or (bool(mine) and len(mine) == len(order.hazards)
                                  and all(h.stage is Stage.CLOSED for h in mine))


@attrs.frozen
class SupplyStop:
    """A written notice stopping a supply to an enterprise that refused its suspension order (L9)."""

    suspension: str = attrs.field(validator=text)
    enterprise: str = attrs.field(validator=text)
    supply: Supply = attrs.field(validator=of_type(Supply, "a hazardflow.Supply"))
    danger: str = attrs.field(validator=text)
    approved: Signature = attrs.field(validator=of_type(Signature, "a hazardflow.Signature"))
    notified: Signature = attrs.field(validator=of_type(Signature, "a hazardflow.Signature"))
    effective: datetime = attrs.field(validator=moment)
    emergency: str | None = attrs.field(default=None, validator=optional_text)
    lifted: Signature | None = None

    def must_lift(self, order: Suspension, hazards: Iterable[Hazard]) -> bool:
        """第七十条 “应当及时解除”: still in force although the enterprise now complies."""
        return self.lifted is None and _complied(order, hazards)

    def lift(self, *, order: Suspension, hazards: Iterable[Hazard], at: datetime, by: Actor) -> SupplyStop:
        """解除: once the enterprise complies (hazards removed or the order lifted on review)."""
        aware_time(at)
        if not isinstance(order, Suspension) or order.id != self.suspension:
            raise InvalidInput("order", f"the suspension order {self.suspension}", order)
        reasons = _department(by)
        if self.lifted is not None:
            reasons.append(L9.reason(f"该措施已于{self.lifted.at:%Y-%m-%d %H:%M}解除"))
        elif not _complied(order, hazards):
            reasons.append(L9.reason("企业尚未履行停产停业决定、消除事故隐患，不得解除"))
        if reasons:
            raise Rejected(reasons)
        return attrs.evolve(self, lifted=Signature(by, at))


def _department(by: object) -> list[Reason]:
    if not isinstance(by, Actor):
        raise InvalidInput("by", "a hazardflow.Actor", by)
    if by.role is not Role.DEPARTMENT:
        return [L9.reason(f"停止供电等强制措施由负有安全生产监督管理职责的部门采取，{by.role.label}无权决定")]
    return []


@guard(L9)
def stop_supply(order: Suspension, *, danger: str, approved_by: Actor, effective: datetime, at: datetime,
                by: Actor, supply: Supply = Supply.POWER, emergency: str | None = None) -> SupplyStop:
    """L9: ``by``'s department notifies in writing, on ``at``, that ``supply`` stops at ``effective``,
    with its principal ``approved_by``'s approval, because the enterprise refused ``order`` and an
    accident is a real danger (``danger``). A power cut is notified 24 hours ahead unless ``emergency``
    says why it cannot wait. Refused (`Rejected`, rule L9) otherwise."""
    aware_time(at)
    aware_time(effective, "effective")
    if not isinstance(order, Suspension):
        raise InvalidInput("order", "a hazardflow.Suspension", order)
    if not isinstance(approved_by, Actor):
        raise InvalidInput("approved_by", "a hazardflow.Actor (本部门主要负责人)", approved_by)
    if not isinstance(danger, str) or not danger.strip():
        raise InvalidInput("danger", "the real danger of an accident (有发生生产安全事故的现实危险)", danger)
    if emergency is not None and (not isinstance(emergency, str) or not emergency.strip()):
        raise InvalidInput("emergency", "why the danger cannot wait 24 hours, or None", emergency)
    reasons = _department(by)
    if approved_by.role is not Role.DEPARTMENT or approved_by.organisation != by.organisation:
        reasons.append(L9.reason(f"须经本部门（{by.organisation}）主要负责人批准，{approved_by}不是本部门负责人"))
    if not order.refused or not order.in_force:
        reasons.append(L9.reason("生产经营单位未拒不执行停产停业决定（或决定已解除），不得采取停止供电等措施"))
    if effective < at:
        reasons.append(L9.reason("停止供应的时间早于书面通知的时间"))
    elif supply is Supply.POWER and emergency is None and effective - at < NOTICE:
        hours = (effective - at).total_seconds() / 3600
        reasons.append(L9.reason(f"停止供电应当提前二十四小时通知生产经营单位，本通知仅提前{hours:g}小时"
                                 "（有危及生产安全的紧急情形的，请注明）"))
    if reasons:
        raise Rejected(reasons)
    return SupplyStop(order.id, order.enterprise, supply, danger, Signature(approved_by, at), Signature(by, at),
                      effective, emergency)
