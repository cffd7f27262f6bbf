"""举报 (P8): a tip-off (possibly anonymous) becomes a hazard with `Source.TIP`; a verified major one earns a reward.

The 调度表 (宜明 附件1) reports 举报奖励（万元），其中匿名举报查实奖励（万元）: `reward_totals`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

import attrs

from hazardflow.checks import InvalidInput, amount, aware_time, of_type, optional_text, record_id, text
from hazardflow.enforcement.law import AUTHORITIES, ZERO
from hazardflow.hazard.records import Actor, Hazard, Signature
from hazardflow.rules import DONGSHENG, MINGYUESHAN, Reason, Rejected, define, guard
from hazardflow.vocab import Level, Source

P8 = define(
    "P8", "举报奖励",
    "落实安全生产举报奖励制度，拓宽举报渠道；对举报重大隐患且查证属实的，及时兑现奖励（含匿名举报）。",
    f"{MINGYUESHAN} 二(三)19", f"{MINGYUESHAN} 附件1", f"{DONGSHENG} 四(五)",
)



def _informant(inst: TipOff, attribute: object, value: str | None) -> None:
    optional_text(inst, attribute, value)
    if not inst.anonymous and (value is None or not value.strip()):
        raise InvalidInput("TipOff.informant", "the informant's name (or anonymous=True)", value)


@attrs.frozen
class TipOff:
    """A tip-off about an enterprise, received by a department; ``informant`` is None when anonymous."""

    id: str = attrs.field(validator=text)
    content: str = attrs.field(validator=text)
    enterprise: str = attrs.field(validator=text)
    channel: str = attrs.field(validator=text)
    anonymous: bool = attrs.field(validator=of_type(bool, "True or False"))
    informant: str | None = attrs.field(validator=_informant)
    received: Signature = attrs.field(validator=of_type(Signature, "a hazardflow.Signature"))

    @classmethod
    def received_by(cls, *, content: str, enterprise: str, at: datetime, by: Actor, channel: str = "电话",
                    informant: str | None = None, id: str | None = None) -> TipOff:
        """Record a tip-off; without an ``informant`` it is anonymous."""
        aware_time(at)
        return cls(record_id(id), content, enterprise, channel,
                   informant is None, informant, Signature(by, at))


def verify_tip(tip: TipOff, *, level: Level, sector: str, jurisdiction: str | None = None, at: datetime,
               by: Actor, description: str | None = None, id: str | None = None, notice: str | None = None,
               standard_items: Iterable[str] = (), unit: str | None = None) -> Hazard:
    """查证: a department checks the tip and records what it found as a hazard with `Source.TIP` in
    ``jurisdiction`` (its 属地; ``unit`` is that name's deprecated spelling) — its ``id``, default a new
    one, opened under ``notice`` and citing ``standard_items`` if given (L7)."""
    if not isinstance(tip, TipOff):
        raise InvalidInput("tip", "a hazardflow.TipOff", tip)
    if isinstance(by, Actor) and by.role not in AUTHORITIES:
        raise Rejected([P8.reason(f"举报由负有安全监管职责的部门查证，{by.role.label}不能查证")])
    return Hazard.found(description=description or tip.content, level=level, source=Source.TIP,
                        enterprise=tip.enterprise, sector=sector, jurisdiction=jurisdiction, unit=unit, at=at, by=by,
                        id=id, notice=notice, standard_items=standard_items)


@attrs.frozen
class Reward:
    """举报奖励 for a verified major hazard, in 万元, signed by the paying department."""

    tip: str
    hazard: str
    amount: Decimal = attrs.field(validator=amount)
    anonymous: bool
    paid: Signature


@guard(P8)
def _reward_reasons(tip: TipOff, hazard: Hazard, earlier: Iterable[Reward], by: Actor) -> list[Reason]:
    reasons: list[Reason] = []
    if hazard.source is not Source.TIP or hazard.enterprise != tip.enterprise or hazard.found_at < tip.received.at:
        reasons.append(P8.reason(f"“{hazard.description}”不是经查证该举报发现的隐患"))
    if not hazard.is_major:
        reasons.append(P8.reason("举报奖励针对查证属实的重大事故隐患，该隐患为一般事故隐患"))
    if any(r.tip == tip.id for r in earlier):
        reasons.append(P8.reason("该举报已兑现奖励，不得重复奖励"))
    if by.role not in AUTHORITIES:
        reasons.append(P8.reason(f"举报奖励由负有安全监管职责的部门兑现，{by.role.label}不能兑现"))
    return reasons


def reward_tip(tip: TipOff, hazard: Hazard, *, amount: Decimal, at: datetime, by: Actor,
               earlier: Iterable[Reward] = ()) -> Reward:
    """P8: record the reward for ``tip`` once ``hazard`` (found through it) is a verified major hazard."""
    aware_time(at)
    if not isinstance(tip, TipOff) or not isinstance(hazard, Hazard) or not isinstance(by, Actor):
        raise InvalidInput("reward_tip", "a TipOff, a Hazard and an Actor", (tip, hazard, by))
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise InvalidInput("amount", "a positive Decimal (万元)", amount)
    reasons = _reward_reasons(tip, hazard, earlier, by)
    if reasons:
        raise Rejected(reasons)
    return Reward(tip.id, hazard.id, amount, tip.anonymous, Signature(by, at))


@attrs.frozen
class RewardTotals:
    """举报奖励（万元），其中匿名举报查实奖励（万元）, with counts."""

    count: int
    total: Decimal
    anonymous_count: int
    anonymous_total: Decimal


def reward_totals(rewards: Iterable[Reward], *, since: datetime | None = None,
                  until: datetime | None = None) -> RewardTotals:
    """The reward totals paid in [since, until] (either bound optional)."""
    chosen = [r for r in rewards if (since is None or r.paid.at >= since) and (until is None or r.paid.at <= until)]
    anonymous = [r for r in chosen if r.anonymous]
    return RewardTotals(len(chosen), sum((r.amount for r in chosen), ZERO),
                        len(anonymous), sum((r.amount for r in anonymous), ZERO))
