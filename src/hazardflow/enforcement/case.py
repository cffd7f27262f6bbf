"""The enforcement case (执法三部曲, P1): 检查诊断 → (行政处罚) → 整改复查 → 结案.

A case starts from a department's signed inspection (H5: 谁检查、谁签名、谁负责) and is linked to
the hazards it found. A case with a penalty cannot close without a passing 整改复查 (严禁以罚代管、
罚而不管); a 整改复查 that finds a hazard still there keeps the case open and escalates it. One
`Flow` drives every case; each operation records one `Entry` or raises `Rejected` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from hazardflow.checks import InvalidInput, aware_time, of_type, record_id, text
from hazardflow.enforcement.flow import Entry, Flow, Step, instance_argument, items_argument, text_argument
from hazardflow.enforcement.law import AUTHORITIES, L4
from hazardflow.enforcement.penalties import Penalty
from hazardflow.hazard.guards import H5
from hazardflow.hazard.records import Actor, Hazard, Signature
from hazardflow.rules import MINGYUESHAN, WUSHAN, Reason, Rejected, define, guard
from hazardflow.vocab import Labelled

P1 = define(
    "P1", "执法三部曲",
    "执法按 检查诊断→行政处罚（应予处罚的）→整改复查→结案 闭环；"
    "作出行政处罚的案件未经整改复查不得结案，严禁以罚代管、罚而不管；整改复查发现隐患依然存在的，案件不得结案并升级处理。",
    f"{WUSHAN} 二(五)3", f"{MINGYUESHAN} 二(二)10",
)



class CaseStage(Labelled):
    """The states of an enforcement case."""

    INSPECTED = "检查诊断"
    PENALIZED = "行政处罚"
    REINSPECTED = "整改复查"
    CLOSED = "结案"


@attrs.frozen
class Inspection:
    """A department's signed inspection of an enterprise and the hazards it found (none: nothing found)."""

    id: str = attrs.field(validator=text)
    enterprise: str = attrs.field(validator=text)
    scope: str = attrs.field(validator=text)
    signature: Signature = attrs.field(validator=of_type(Signature, "a hazardflow.Signature"))
    hazards: tuple[str, ...] = ()

    @classmethod
    def signed(cls, *, enterprise: str, scope: str, hazards: Iterable[Hazard] = (), at: datetime, by: Actor,
               id: str | None = None) -> Inspection:
        """检查诊断 of ``enterprise`` (what was checked: ``scope``), signed by the inspector ``by`` (H5)."""
        aware_time(at)
        if not isinstance(by, Actor):
            raise InvalidInput("by", "a hazardflow.Actor", by)
        found = list(hazards)
        strays = [h for h in found if not isinstance(h, Hazard) or h.enterprise != enterprise]
        if strays:
            raise InvalidInput("hazards", f"hazardflow.Hazard records of {enterprise}", strays)
        if by.role not in AUTHORITIES:
            raise Rejected([H5.reason(f"执法检查由负有安全监管职责的部门实施并签名，{by.role.label}不能签署执法检查")])
        return cls(record_id(id), enterprise, scope, Signature(by, at),
                   tuple(h.id for h in found))


@attrs.frozen
class Reinspection:
    """整改复查: who signed it, when, what it found, and which hazards are still there."""

    signature: Signature
    finding: str
    remaining: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Every hazard of the case is gone."""
        return not self.remaining


# Guards ---------------------------------------------------------------------------------------------------

@guard(P1)
def _authority(case: EnforcementCase, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    if by.role not in AUTHORITIES:
        return P1.reason(f"执法由负有安全监管职责的部门实施，{by.role.label}无权办理执法案件")
    return None


@guard(H5)
def _inspecting_department(case: EnforcementCase, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    if by.organisation != case.inspection.signature.by.organisation:
        return H5.reason(f"谁检查、谁签名、谁负责：该案由{case.inspection.signature.by.organisation}检查，"
                         f"{by.organisation}不能结案")
    return None


@guard(P1)
def _penalty_fits(case: EnforcementCase, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    penalty: Penalty = kw["penalty"]
    if penalty.enterprise != case.enterprise or penalty.hazard not in case.hazards:
        return P1.reason(f"处罚决定{penalty.number}不是针对本案检查发现的{case.enterprise}隐患")
    if not penalty.administrative:
        return P1.reason(f"处罚决定{penalty.number}不含行政处罚（罚款、停产停业整顿）")
    if any(p.number == penalty.number for p in case.penalties):
        return P1.reason(f"处罚决定{penalty.number}已记录在案，不得重复记录")
    return None


@guard(P1)
def _all_removed(case: EnforcementCase, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    if kw["remaining"]:
        return P1.reason("整改复查发现隐患依然存在，不能作为复查通过记录")
    return None


@guard(P1)
def _reinspected(case: EnforcementCase, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    if case.stage is CaseStage.PENALIZED:
        numbers = "、".join(p.number for p in case.penalties)
        last = case.reinspections[-1] if case.reinspections else None
        still = f"；最近一次整改复查（{last.signature.at.date()}）发现隐患依然存在" if last else ""
        return P1.reason(f"已作出行政处罚（{numbers}）但未经整改复查通过，不得结案：严禁以罚代管、罚而不管{still}")
    if case.stage is CaseStage.INSPECTED and case.hazards:
        return P1.reason("检查发现的隐患尚未整改复查，不得结案")
    return None


@guard(L4)
def _unpublished(case: EnforcementCase, at: datetime, by: Actor, kw: Mapping[str, Any]) -> Reason | None:
    penalty = case.penalty(kw["number"])
    if penalty.published is not None:
        return L4.reason(f"处罚决定{penalty.number}已于{penalty.published.at.date()}公示")
    return None


# Effects --------------------------------------------------------------------------------------------------

def _record_penalty(case: EnforcementCase, e: Entry) -> None:
    case.penalties = (*case.penalties, e.payload["penalty"])


def _record_reinspection(case: EnforcementCase, e: Entry) -> None:
    case.reinspections = (*case.reinspections,
                          Reinspection(Signature(e.actor, e.at), e.payload["finding"], e.payload["remaining"]))


def _publish(case: EnforcementCase, e: Entry) -> None:
    case.penalties = tuple(attrs.evolve(p, published=Signature(e.actor, e.at)) if p.number == e.payload["number"]
                           else p for p in case.penalties)


@attrs.define(eq=False, on_setattr=attrs.setters.NO_OP)
class EnforcementCase:
    """One enforcement case (执法三部曲) against an enterprise, from a signed inspection."""

    flow: ClassVar[Flow]

    id: str = attrs.field(validator=text)
    enterprise: str = attrs.field(validator=text)
    inspection: Inspection = attrs.field(validator=of_type(Inspection, "a hazardflow.Inspection"))
    stage: CaseStage = CaseStage.INSPECTED
    penalties: tuple[Penalty, ...] = ()
    reinspections: tuple[Reinspection, ...] = ()
    events: list[Entry] = attrs.field(factory=list)

    @classmethod
    def open(cls, *, inspection: Inspection, at: datetime, by: Actor, id: str | None = None) -> EnforcementCase:
        """检查诊断: open the case on ``inspection``; ``by`` is of the inspecting department (H5)."""
        aware_time(at)
        if not isinstance(by, Actor):
            raise InvalidInput("by", "a hazardflow.Actor", by)
        if not isinstance(inspection, Inspection):
            raise InvalidInput("inspection", "a hazardflow.Inspection (signed)", inspection)
        case = cls(record_id(id), inspection.enterprise, inspection)
        reasons = [r for r in (_authority(case, at, by, {}), _inspecting_department(case, at, by, {})) if r]
        if reasons:
            raise Rejected(reasons)
        case.events.append(Entry("inspect", None, CaseStage.INSPECTED, by, at,
                                 {"inspection": inspection.id, "hazards": inspection.hazards}))
        return case

    @property
    def hazards(self) -> tuple[str, ...]:
        """The ids of the hazards the inspection found."""
        return self.inspection.hazards

    @property
    def penalised(self) -> bool:
        """A penalty is on record."""
        return bool(self.penalties)

    @property
    def escalations(self) -> int:
        """How many 整改复查 found a hazard still there (each escalated the case)."""
        return sum(not r.passed for r in self.reinspections)

    def penalty(self, number: str) -> Penalty:
        """The recorded penalty decision ``number``."""
        for p in self.penalties:
            if p.number == number:
                return p
        raise InvalidInput("number", f"one of the case's decisions {[p.number for p in self.penalties]}", number)

    def penalize(self, *, penalty: Penalty, at: datetime, by: Actor) -> Entry:
        """行政处罚: record a confirmed decision (`PenaltyDecision.confirm`) on one of the case's hazards."""
        return self.flow.fire(self, "penalize", at, by, penalty=penalty)

    def reinspect(self, *, finding: str, at: datetime, by: Actor, remaining: Iterable[str] = ()) -> Entry:
        """整改复查: ``remaining`` are the ids of hazards still there; any keeps the case open and escalates."""
        still = tuple(remaining)
        strays = [i for i in still if i not in self.hazards]
        if strays:
            raise InvalidInput("remaining", f"ids among the case's hazards {list(self.hazards)}", strays)
        trigger = "escalate" if still else "reinspect"
        return self.flow.fire(self, trigger, at, by, finding=finding, remaining=still)

    def publish(self, *, number: str, at: datetime, by: Actor) -> Entry:
        """L4 公示: the decision ``number`` is published (due within seven working days)."""
        self.penalty(number)
        return self.flow.fire(self, "publish", at, by, number=number)

    def close(self, *, at: datetime, by: Actor) -> Entry:
        """结案: only after a passing 整改复查 (P1), by the inspecting department (H5)."""
        return self.flow.fire(self, "close", at, by)

    def why_not(self, trigger: str, *, at: datetime, by: Actor, **kwargs: Any) -> list[Reason]:
        """The reasons ``trigger`` would be refused now; never raises Rejected."""
        if trigger in ("reinspect", "escalate"):
            kwargs["remaining"] = tuple(kwargs.get("remaining", ()))
        return self.flow.why_not(self, trigger, at, by, **kwargs)


_OPEN = (CaseStage.INSPECTED, CaseStage.PENALIZED)
_REVIEW = {"finding": text_argument("finding", "what the 整改复查 found"),
           "remaining": items_argument("remaining", str, tuple, "hazard ids (str)")}

EnforcementCase.flow = Flow(CaseStage, (
    Step("penalize", "行政处罚", _OPEN, CaseStage.PENALIZED, (_authority, _penalty_fits), _record_penalty,
         {"penalty": instance_argument("penalty", Penalty, "a hazardflow.Penalty (PenaltyDecision.confirm)")}),
    Step("reinspect", "整改复查", _OPEN, CaseStage.REINSPECTED, (_authority, _all_removed), _record_reinspection,
         _REVIEW),
    Step("escalate", "整改复查（隐患依然存在，升级处理）", _OPEN, None, (_authority,), _record_reinspection, _REVIEW),
    Step("publish", "公示处罚决定", tuple(CaseStage), None, (_authority, _unpublished), _publish,
         {"number": text_argument("number", "a penalty decision's number")}),
    Step("close", "结案", (*_OPEN, CaseStage.REINSPECTED), CaseStage.CLOSED,
         (_reinspected, _authority, _inspecting_department)),
), P1, "执法案件")
