"""抽查检查 (GLOSSARY.md): a department's signed `Inspection` of an enterprise's self-check (自查自改),
with what it found — the 调度表's second section, 对企业自查自改进行抽查检查情况 (沈应急发〔2023〕27号 附件;
宜明办字〔2023〕23号 附件1), counts these: the enterprises checked, and per finding the enterprises
found so (附件 注2: 深挖细查，查出真问题). The check is signed like any inspection (H5: 谁检查、谁签名、
谁负责), so only a department with supervisory duties may make one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from hazardflow.checks import InvalidInput, of_type, optional_text
from hazardflow.enforcement.activities import Activity, ActivityKind, Finding
from hazardflow.enforcement.case import Inspection
from hazardflow.hazard.records import Actor, Hazard

SCOPE = "企业自查自改情况"
"""What a spot check looks at, unless it says otherwise."""


def _findings(value: Iterable[Finding]) -> frozenset[Finding]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidInput("findings", "hazardflow.Finding values", value, zh="检查发现（Finding）")
    found = frozenset(value)
    if not all(isinstance(f, Finding) for f in found):
        raise InvalidInput("findings", "hazardflow.Finding values", sorted(map(str, found)), zh="检查发现（Finding）")
    return found


@attrs.frozen
class SpotCheck:
    """One 抽查检查: the signed inspection (enterprise, scope, inspector, time, hazards found) and its
    findings (`Finding`, the 调度表's rows 1–7 of the section); ``note`` what else was seen."""

    inspection: Inspection = attrs.field(validator=of_type(Inspection, "a hazardflow.Inspection"))
    findings: frozenset[Finding] = attrs.field(default=frozenset(), converter=_findings)
    note: str | None = attrs.field(default=None, validator=optional_text)

    @classmethod
    def made(cls, *, enterprise: str, findings: Iterable[Finding] = (), at: datetime, by: Actor,
             scope: str = SCOPE, hazards: Iterable[Hazard] = (), note: str | None = None,
             id: str | None = None) -> SpotCheck:
        """``by`` spot-checks ``enterprise``'s self-check at ``at`` (H5: signed by a department, else
        `Rejected`), finding ``findings`` and the ``hazards`` of that enterprise."""
        return cls(Inspection.signed(enterprise=enterprise, scope=scope, hazards=hazards, at=at, by=by, id=id),
                   findings, note)

    @property
    def id(self) -> str:
        """The check's id (its inspection's)."""
        return self.inspection.id

    @property
    def enterprise(self) -> str:
        """The enterprise checked."""
        return self.inspection.enterprise

    @property
    def by(self) -> Actor:
        """Who signed the check."""
        return self.inspection.signature.by

    @property
    def at(self) -> datetime:
        """When it was signed."""
        return self.inspection.signature.at

    def activity(self) -> Activity:
        """The check as the 调度表 counts it: 抽查检查企业 for the checking unit, with its findings."""
        return Activity(ActivityKind.SPOT_CHECK, self.by.organisation, self.at, self.by, enterprise=self.enterprise,
                        findings=self.findings, note=self.note)
