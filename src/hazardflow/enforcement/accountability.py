"""倒查 (P7): after an accident, the earlier inspections and acceptances that covered its hazards, with their signers.

“谁检查、谁签名、谁负责” (H5) makes every check and acceptance a signature; this reads them back.
巫山 二(五)4 traces “明显有问题却未查出或查出后跟踪整改不到位导致发生事故的” signers: an inspection of
the enterprise signed while the hazard was on the register (after it was found, before the accident)
that found it but whose follow-up failed, or that did not find it; and every acceptance (验收销号) of
the hazard, including ones a look-back later undid. An inspection before the hazard was on the
register had nothing on record to miss and is not traced.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from hazardflow.checks import InvalidInput
from hazardflow.enforcement.case import Inspection
from hazardflow.enforcement.penalties import Accident
from hazardflow.hazard.records import Hazard, Signature
from hazardflow.rules import DONGSHENG, WUSHAN, Reason, define, guard
from hazardflow.vocab import Labelled

P7 = define(
    "P7", "倒查",
    "建立执法责任倒查机制，严格执行“谁检查、谁签名、谁负责”，对明显有问题却未查出或查出后跟踪整改不到位导致发生事故的，"
    "倒查签名人的责任，依法严肃追责问责。",
    f"{WUSHAN} 二(五)4", f"{DONGSHENG} 二(二)5",
)


class TraceKind(Labelled):
    """How an earlier check covered the hazard behind an accident."""

    MISSED = "检查未查出"
    NOT_FOLLOWED = "查出后跟踪整改不到位"
    ACCEPTED = "验收销号"


@attrs.frozen
class Trace:
    """One signature the 倒查 reaches: what it signed, for which hazard, and why it is traced."""

    kind: TraceKind
    hazard: str
    signer: Signature
    reference: str
    basis: Reason

    @property
    def signed_by(self) -> str:
        """The signer as 「单位角色姓名」."""
        return str(self.signer.by)


@guard(P7)
def trace(accident: Accident, *, hazards: Iterable[Hazard], inspections: Iterable[Inspection] = ()) -> list[Trace]:
    """P7: the signed inspections and acceptances before ``accident`` that covered the hazards that caused it."""
    if not isinstance(accident, Accident):
        raise InvalidInput("accident", "a hazardflow.Accident", accident)
    causes = [h for h in hazards if isinstance(h, Hazard) and h.id in accident.hazards]
    checks = [i for i in inspections if isinstance(i, Inspection)
              and i.enterprise == accident.enterprise and i.signature.at < accident.at]
    traces: list[Trace] = []
    for h in causes:
        for e in h.events:
            if e.trigger == "close" and e.at < accident.at:
                traces.append(Trace(TraceKind.ACCEPTED, h.id, Signature(e.actor, e.at), "验收销号", P7.reason(
                    f"“{h.description}”经{e.actor}验收销号后引发事故（{accident.description}）")))
        for i in checks:
            if h.id in i.hazards:
                traces.append(Trace(TraceKind.NOT_FOLLOWED, h.id, i.signature, i.id, P7.reason(
                    f"{i.signature.by}检查（{i.scope}）查出“{h.description}”，跟踪整改不到位导致事故")))
            elif i.signature.at >= h.found_at:
                traces.append(Trace(TraceKind.MISSED, h.id, i.signature, i.id, P7.reason(
                    f"{i.signature.by}检查（{i.scope}）时“{h.description}”已在台账上，检查未查出，后引发事故")))
    return sorted(traces, key=lambda t: t.signer.at)
