"""Activities: what departments and governments did, as the 调度表 counts it.

Rows of the 调度表 that are not about hazards come from what someone recorded, with who, when and for
which unit — never from invented numbers (沈应急发〔2023〕27号 附件 注2: 如实填报; 宜明办字〔2023〕23号
附件1 注2): the rows the register's records produce (`RECORDED`) as the activities those records
amount to (`penalty_activities`, `suspension_activity`, `typical_case`, `accountability_activity`,
`reward_activity`, `SpotCheck.activity`), the truly manual ones as activities entered by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from hazardflow.checks import InvalidInput, amount, moment, of_type, optional_text, text
from hazardflow.enforcement.accountability import Trace
from hazardflow.enforcement.case import P1, EnforcementCase
from hazardflow.enforcement.law import AUTHORITIES
from hazardflow.enforcement.penalties import SANCTIONS, Accident, MeasureKind, Penalty
from hazardflow.enforcement.suspension import Suspension
from hazardflow.enforcement.tips import Reward
from hazardflow.hazard.records import Actor
from hazardflow.rules import Rejected
from hazardflow.vocab import Labelled


class ActivityKind(Labelled):
    """What was done (the 调度表's rows, 沈阳 附件 and 宜明 附件1)."""

    SPOT_CHECK = "抽查检查企业"
    GUIDANCE_REGION = "帮扶指导重点地区"
    GUIDANCE_ENTERPRISE = "帮扶指导重点企业"
    PENALTY = "行政处罚"
    DUAL_PENALTY = "一案双罚"
    JUDICIAL_REFERRAL = "移送司法机关"
    SUSPENSION = "责令停产整顿"
    EXPOSURE = "曝光"
    SUMMONS = "约谈企业"
    JOINT_SANCTION = "联合惩戒"
    TYPICAL_CASE = "公布典型执法案例"
    ACCOUNTABILITY = "责任倒查追责问责"
    REGION_SUMMONS = "约谈通报有关地区及部门"
    STUDY = "专题学习"
    RESEARCH = "专题研究"
    SUPERVISION_VISIT = "现场督导检查"
    OUTREACH = "到企业宣讲"
    TIP_REWARD = "举报奖励"
    MEDIA_COLUMN = "主流媒体专题栏目"
    TECHNICAL_INSPECTORS = "专兼职技术检查员"
    ASSESSMENT_TOUR = "考核巡查督导检查"


RECORDED = frozenset({
    ActivityKind.SPOT_CHECK, ActivityKind.PENALTY, ActivityKind.DUAL_PENALTY, ActivityKind.JUDICIAL_REFERRAL,
    ActivityKind.SUSPENSION, ActivityKind.EXPOSURE, ActivityKind.SUMMONS, ActivityKind.JOINT_SANCTION,
    ActivityKind.TYPICAL_CASE, ActivityKind.ACCOUNTABILITY, ActivityKind.TIP_REWARD,
})
"""The rows the register's records produce (`SpotCheck`, confirmed penalty decisions, suspension orders,
typical cases, 倒查, paid rewards): entered by hand they would be counted twice. Every other kind —
帮扶指导, 约谈通报有关地区及部门, the 党委政府 rows — is truly manual: an `Activity` with who and when."""


class Finding(Labelled):
    """What a spot check of an enterprise's self-check found (调度表 对企业自查自改进行抽查检查情况)."""

    PRINCIPAL_NOT_STUDYING = "企业主要负责人未按要求亲自研究排查整治工作"
    PRINCIPAL_NOT_LEADING = "企业主要负责人未带队检查"
    NO_DUTY_LIST = "企业未制定分管负责人职责清单"
    NO_SAFETY_STAFF = "企业未依法建立安全管理机构和配足安全管理人员"
    UNCERTIFIED_WORKERS = "电焊等特种作业岗位人员无证上岗作业"
    OUTSOURCING_CHAOS = "外包外租安全管理混乱"
    NO_DRILLS = "未按规定开展应急演练、员工不熟悉逃生出口"


def _findings(inst: object, attribute: attrs.Attribute[frozenset[Finding]], value: object) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(f, Finding) for f in value):
        raise InvalidInput(f"Activity.{attribute.name}", "a frozenset of hazardflow.Finding", value)


def _finding_set(value: Iterable[Finding]) -> frozenset[Finding]:
    return frozenset(value)


def _count(inst: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidInput(f"Activity.{attribute.name}", "a non-negative int", value)


@attrs.frozen
class Activity:
    """One recorded activity of a unit (乡镇/部门): what, when, by whom, how many, how much.

    ``count`` is the activity's own count (persons referred, 次, 个); ``amount`` is in 万元 (a fine,
    a reward); ``flag`` marks the sub-figure a row asks for (a 危险作业罪 case, an anonymous tip);
    ``findings`` are a spot check's findings.
    """

    kind: ActivityKind = attrs.field(validator=of_type(ActivityKind, "a hazardflow.ActivityKind"))
    unit: str = attrs.field(validator=text)
    at: datetime = attrs.field(validator=moment)
    by: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    enterprise: str | None = attrs.field(default=None, validator=optional_text)
    count: int = attrs.field(default=1, validator=_count)
    amount: Decimal | None = attrs.field(default=None, validator=amount)
    flag: bool = attrs.field(default=False, validator=of_type(bool, "True or False"))
    findings: frozenset[Finding] = attrs.field(default=frozenset(), converter=_finding_set, validator=_findings)
    note: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        if self.kind is ActivityKind.SPOT_CHECK and not self.enterprise:
            raise InvalidInput("Activity.enterprise", "the enterprise spot-checked", self.enterprise)
        if self.findings and self.kind is not ActivityKind.SPOT_CHECK:
            raise InvalidInput("Activity.findings", "findings only on a SPOT_CHECK", self.kind)


_PUBLICITY = dict(zip(SANCTIONS, (ActivityKind.EXPOSURE, ActivityKind.SUMMONS, ActivityKind.JOINT_SANCTION),
                      strict=True))


def penalty_activities(penalty: Penalty) -> list[Activity]:
    """What a confirmed penalty decision adds to the 调度表's 部门精准严格执法情况: 行政处罚 (次, 万元),
    一案双罚, 移送司法机关 (人), 责令停产整顿 and 曝光、约谈、联合惩戒 — recorded for the deciding unit."""
    by, at = penalty.decided.by, penalty.decided.at

    def done(kind: ActivityKind, **extra: Any) -> Activity:
        return Activity(kind, by.organisation, at, by, enterprise=penalty.enterprise, note=penalty.number, **extra)

    found: list[Activity] = []
    if penalty.administrative:
        found.append(done(ActivityKind.PENALTY, amount=penalty.total))
    if penalty.dual:
        found.append(done(ActivityKind.DUAL_PENALTY))
    if penalty.referred:
        found.append(done(ActivityKind.JUDICIAL_REFERRAL, count=penalty.referred))
    if penalty.includes(MeasureKind.SUSPENSION):
        found.append(done(ActivityKind.SUSPENSION))
    found += [done(kind) for measure, kind in _PUBLICITY.items() if penalty.includes(measure)]
    return found


def reward_activity(reward: Reward, enterprise: str) -> Activity:
    """A paid 举报奖励 as the 调度表 counts it (万元; flagged when the tip was anonymous, P8)."""
    return Activity(ActivityKind.TIP_REWARD, reward.paid.by.organisation, reward.paid.at, reward.paid.by,
                    enterprise=enterprise, amount=reward.amount, flag=reward.anonymous, note=reward.tip)


def suspension_activity(suspension: Suspension) -> Activity:
    """A 责令停产停业 order (L2) as the 调度表 counts it (责令停产整顿（家）), for the ordering unit."""
    by = suspension.order.by
    return Activity(ActivityKind.SUSPENSION, by.organisation, suspension.order.at, by, enterprise=suspension.enterprise,
                    note=suspension.id)


def typical_case(case: EnforcementCase, *, title: str, at: datetime, by: Actor,
                 dangerous_operation: bool = False) -> Activity:
    """公布典型执法案例 (宜明办字〔2023〕23号 附件1): ``case`` published as typical by a department;
    ``dangerous_operation`` marks a 危险作业罪 case (the row's 其中)."""
    if not isinstance(case, EnforcementCase):
        raise InvalidInput("case", "a hazardflow.EnforcementCase", case)
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput("title", "the typical case's title", title)
    if not isinstance(by, Actor):
        raise InvalidInput("by", "a hazardflow.Actor", by)
    if by.role not in AUTHORITIES:
        raise Rejected([P1.reason(f"典型执法案例由负有安全监管职责的部门公布，{by.role.label}不能公布")])
    return Activity(ActivityKind.TYPICAL_CASE, by.organisation, at, by, enterprise=case.enterprise,
                    flag=dangerous_operation, note=f"{case.id}：{title}")


def accountability_activity(accident: Accident, traces: Iterable[Trace], *, at: datetime, by: Actor) -> Activity:
    """责任倒查追责问责（人） (P7): the distinct signers a 倒查 of ``accident`` reached, for ``by``'s unit."""
    signers = {t.signed_by for t in traces}
    return Activity(ActivityKind.ACCOUNTABILITY, by.organisation, at, by, enterprise=accident.enterprise,
                    count=len(signers), note=accident.description)
