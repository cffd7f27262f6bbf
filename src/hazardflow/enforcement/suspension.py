"""L2 停产停业: a suspension order on an enterprise or a piece of equipment, lifted only by a signed review.

停产停业 → 审查同意 (`lift`, by a department once every hazard of the order is closed) → 恢复生产 (`resume`).
A refusal to comply (`refuse`) is recorded: it feeds 提请关闭 (P5, 第一百一十三条(四)) and the daily
fines of L3. One `Flow` drives every suspension.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

import attrs

from hazardflow.checks import InvalidInput, aware_time, of_type, optional_text, record_id, text
from hazardflow.enforcement.flow import Entry, Flow, Step, items_argument, text_argument
from hazardflow.enforcement.law import AUTHORITIES, L2
from hazardflow.hazard.authority import for_unit
from hazardflow.hazard.records import Actor, Hazard, Signature
from hazardflow.rules import Reason, Rejected, guard
from hazardflow.vocab import Labelled, Stage


class SuspensionStage(Labelled):
    """The states of a suspension order."""

    SUSPENDED = "停产停业"
    APPROVED = "审查同意"
    RESUMED = "恢复生产"


def _authority(what: str) -> Any:
    @guard(L2)
    def authority(s: Suspension, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
        if by.role not in AUTHORITIES:
            return L2.reason(f"{what}须由负有安全监管职责的部门作出，{by.role.label}无权决定")
        return None

    return authority


@guard(L2)
def _ordering_department(s: Suspension, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    """L2: with a directory in use, only the department that ordered the suspension signs its review
    (its 执法人员 or 领导); 法第六十五条(三), 第七十条."""
    ordering = s.order.by.organisation
    return for_unit(by, ordering, L2, f"停产停业由{ordering}责令，只有{ordering}的执法人员或领导可以审查同意恢复生产，"
                                      f"{by.organisation}{by.name}不能")


@guard(L2)
def _hazards_removed(s: Suspension, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    open_ = [h.description for h in kw["hazards"] if h.stage is not Stage.CLOSED]
    if open_:
        return L2.reason(f"重大事故隐患尚未排除（{'、'.join(open_)}），不得审查同意恢复生产")
    return None


@guard(L2)
def _own_enterprise(s: Suspension, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    if by.organisation != s.enterprise and by.role not in AUTHORITIES:
        return L2.reason(f"{by.organisation}不是被责令停产停业的{s.enterprise}")
    return None


@guard(L2)
def _reviewed(s: Suspension, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    if s.review is None:
        return L2.reason("停产停业决定尚未经审查同意（无签名的审查意见），不得恢复生产经营和使用")
    return None


def _approve(s: Suspension, e: Entry) -> None:
    s.review = Signature(e.actor, e.at)


def _refused(s: Suspension, e: Entry) -> None:
    s.refusals = (*s.refusals, Signature(e.actor, e.at))


def _review_failed(s: Suspension, e: Entry) -> None:
    s.failed_reviews = (*s.failed_reviews, Signature(e.actor, e.at))


def _resumed(s: Suspension, e: Entry) -> None:
    s.resumed_at = e.at


@attrs.define(eq=False, on_setattr=attrs.setters.NO_OP)
class Suspension:
    """责令停产停业 (L2) on an enterprise, or only on a piece of equipment (``equipment``)."""

    flow: ClassVar[Flow]

    id: str = attrs.field(validator=text)
    enterprise: str = attrs.field(validator=text)
    hazards: tuple[str, ...]
    order: Signature = attrs.field(validator=of_type(Signature, "a hazardflow.Signature"))
    reason: str = attrs.field(validator=text)
    equipment: str | None = attrs.field(default=None, validator=optional_text)
    stage: SuspensionStage = SuspensionStage.SUSPENDED
    review: Signature | None = None
    refusals: tuple[Signature, ...] = ()
    failed_reviews: tuple[Signature, ...] = ()
    resumed_at: datetime | None = None
    events: list[Entry] = attrs.field(factory=list)

    @classmethod
    def ordered(cls, *, hazards: Iterable[Hazard], reason: str, at: datetime, by: Actor,
                equipment: str | None = None, id: str | None = None) -> Suspension:
        """责令停产停业 (or 停止使用 ``equipment``) over the major hazards ``hazards`` of one enterprise."""
        aware_time(at)
        if not isinstance(by, Actor):
            raise InvalidInput("by", "a hazardflow.Actor", by)
        found = list(hazards)
        if not found or not all(isinstance(h, Hazard) for h in found):
            raise InvalidInput("hazards", "one or more hazardflow.Hazard", hazards)
        enterprises = {h.enterprise for h in found}
        if len(enterprises) != 1:
            raise InvalidInput("hazards", "hazards of one enterprise", sorted(enterprises))
        reasons = [r for r in (_authority("责令停产停业")(None, at, by, {}),) if r is not None]
        if not any(h.is_major for h in found):
            reasons.append(L2.reason("责令停产停业针对无法保证安全的重大事故隐患，所列隐患均非重大事故隐患"))
        if reasons:
            raise Rejected(reasons)
        s = cls(id=record_id(id), enterprise=enterprises.pop(),
                hazards=tuple(h.id for h in found), order=Signature(by, at), reason=reason, equipment=equipment)
        s.events.append(Entry("order", None, SuspensionStage.SUSPENDED, by, at,
                              {"hazards": s.hazards, "reason": reason, "equipment": equipment}))
        return s

    @property
    def in_force(self) -> bool:
        """Production (or the equipment) must stay stopped: no signed review yet."""
        return self.stage is SuspensionStage.SUSPENDED

    @property
    def refused(self) -> bool:
        """The enterprise refused to comply at least once (拒不执行, 第一百一十三条(四))."""
        return bool(self.refusals)

    def lift(self, *, hazards: Sequence[Hazard], review: str, at: datetime, by: Actor) -> Entry:
        """审查同意 (L2): a department signs the review once every hazard of the order is closed; with a
        directory in use, only the ordering department."""
        missing = set(self.hazards) - {h.id for h in hazards if isinstance(h, Hazard)}
        if missing:
            raise InvalidInput("hazards", f"the order's hazards {sorted(self.hazards)}", sorted(missing))
        return self.flow.fire(self, "lift", at, by, hazards=hazards, review=review)

    def resume(self, *, at: datetime, by: Actor) -> Entry:
        """恢复生产: only after the signed review (L2)."""
        return self.flow.fire(self, "resume", at, by)

    def refuse(self, *, finding: str, at: datetime, by: Actor) -> Entry:
        """拒不执行: a department records that the enterprise did not comply (feeds P5 and L3)."""
        return self.flow.fire(self, "refuse", at, by, finding=finding)

    def fail_review(self, *, finding: str, at: datetime, by: Actor) -> Entry:
        """审查不合格: after 停产停业整顿 the enterprise still lacks safe conditions (feeds P5, 第一百一十三条(二))."""
        return self.flow.fire(self, "fail_review", at, by, finding=finding)

    def why_not(self, trigger: str, *, at: datetime, by: Actor, **kwargs: Any) -> list[Reason]:
        """The reasons ``trigger`` would be refused now; never raises Rejected."""
        return self.flow.why_not(self, trigger, at, by, **kwargs)


Suspension.flow = Flow(SuspensionStage, (
    Step("lift", "审查同意恢复生产", (SuspensionStage.SUSPENDED,), SuspensionStage.APPROVED,
         (_authority("审查同意恢复生产"), _ordering_department, _hazards_removed), _approve,
         {"hazards": items_argument("hazards", Hazard, Sequence, "a sequence of hazardflow.Hazard"),
          "review": text_argument("review", "the review's conclusion")}),
    Step("resume", "恢复生产", (SuspensionStage.SUSPENDED, SuspensionStage.APPROVED), SuspensionStage.RESUMED,
         (_reviewed, _own_enterprise), _resumed),
    Step("refuse", "记录拒不执行", (SuspensionStage.SUSPENDED,), None,
         (_authority("认定拒不执行"),), _refused,
         {"finding": text_argument("finding", "what the department found")}),
    Step("fail_review", "审查仍不具备安全生产条件", (SuspensionStage.SUSPENDED,), None,
         (_authority("审查停产停业整顿"),), _review_failed,
         {"finding": text_argument("finding", "what the review found still wanting")}),
), L2, "停产停业决定")
