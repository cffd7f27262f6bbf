"""The 调度表 as the notices print it: sections, numbered rows, labels and units, word for word.

沈应急发〔2023〕27号 附件 (variant ``shenyang``: three sections, 24 rows) and 宜明办字〔2023〕23号
附件1 (variant ``mingyueshan``: four sections, 32 rows). Labels are the attachment's cells with
the line breaks of the printed table removed. Each row names the `Measure` that fills it: where
its figures come from, never an invented number.
"""

from __future__ import annotations

import attrs

from hazardflow.enforcement.activities import ActivityKind, Finding
from hazardflow.vocab import Level, Source


@attrs.frozen
class HazardCount:
    """Major hazards found since the campaign's start by ``as_of`` (of a source, or listed), and of
    those the ones closed by ``as_of``."""

    sources: tuple[Source, ...] = ()
    listed: bool = False
    closed: bool = False
    level: Level = Level.MAJOR


@attrs.frozen
class SpotChecks:
    """Enterprises spot-checked (``finding`` None) or found with ``finding``, counted once each."""

    finding: Finding | None = None


@attrs.frozen
class Activities:
    """Recorded activities of ``kinds``: how many (``count``), their total amount in 万元
    (``amount``), distinct enterprises (``enterprises``), whether any (``exists``), or the latest
    figure (``latest``); ``flagged`` keeps only activities with the flag (e.g. 危险作业罪, 匿名)."""

    kinds: tuple[ActivityKind, ...]
    figure: str = "count"
    flagged: bool = False


Measure = HazardCount | SpotChecks | Activities


@attrs.frozen
class Row:
    """One printed row: its number in the section, its label (with units), and its figures."""

    number: int
    label: str
    measures: tuple[Measure, ...]


@attrs.frozen
class Section:
    """A section of the table: its title and rows."""

    title: str
    rows: tuple[Row, ...]


def _rows(*rows: tuple[str, tuple[Measure, ...]]) -> tuple[Row, ...]:
    return tuple(Row(i, label, measures) for i, (label, measures) in enumerate(rows, start=1))


_SELF = (Source.SELF_CHECK,)
_DEPARTMENT = (Source.DEPARTMENT, Source.UNANNOUNCED, Source.GOVERNMENT, Source.TIP, Source.LOOK_BACK)

OVERALL = Section("总体情况", _rows(
    ("企业自查发现的重大事故隐患（个）", (HazardCount(_SELF),)),
    ("企业自查发现重大事故隐患中已完成整改的（个）", (HazardCount(_SELF, closed=True),)),
    ("部门检查发现的重大事故隐患（个）", (HazardCount(_DEPARTMENT),)),
    ("部门检查发现重大事故隐患中已完成整改的（个）", (HazardCount(_DEPARTMENT, closed=True),)),
    ("政府挂牌督办的重大事故隐患（个）", (HazardCount(listed=True),)),
    ("挂牌督办重大事故隐患中已完成整改的（个）", (HazardCount(listed=True, closed=True),)),
))

SPOT_CHECKS = Section("对企业自查自改进行抽查检查情况", _rows(
    ("部门抽查检查的企业总数（家）", (SpotChecks(),)),
    ("企业主要负责人未按要求亲自研究排查整治工作（家）", (SpotChecks(Finding.PRINCIPAL_NOT_STUDYING),)),
    ("企业主要负责人未带队检查（家）", (SpotChecks(Finding.PRINCIPAL_NOT_LEADING),)),
    ("企业未制定分管负责人职责清单（家）", (SpotChecks(Finding.NO_DUTY_LIST),)),
    ("企业未依法建立安全管理机构和配足安全管理人员（家）", (SpotChecks(Finding.NO_SAFETY_STAFF),)),
    ("电焊等特种作业岗位人员无证上岗作业（家）", (SpotChecks(Finding.UNCERTIFIED_WORKERS),)),
    ("外包外租安全管理混乱（家）", (SpotChecks(Finding.OUTSOURCING_CHAOS),)),
    ("未按规定开展应急演练、员工不熟悉逃生出口（家）", (SpotChecks(Finding.NO_DRILLS),)),
))


def _enforcement(guidance_regions: str, penalty: str) -> Section:
    return Section("部门精准严格执法情况", _rows(
        (guidance_regions, (Activities((ActivityKind.GUIDANCE_REGION,)),)),
        ("帮扶指导重点企业（家次）", (Activities((ActivityKind.GUIDANCE_ENTERPRISE,)),)),
        (penalty, (Activities((ActivityKind.PENALTY,)), Activities((ActivityKind.PENALTY,), "amount"))),
        ("企业和企业主要负责人“一案双罚”（次）", (Activities((ActivityKind.DUAL_PENALTY,)),)),
        ("移送司法机关（人）", (Activities((ActivityKind.JUDICIAL_REFERRAL,)),)),
        ("责令停产整顿（家）", (Activities((ActivityKind.SUSPENSION,), "enterprises"),)),
        ("曝光、约谈、联合惩戒企业（家）", (Activities(
            (ActivityKind.EXPOSURE, ActivityKind.SUMMONS, ActivityKind.JOINT_SANCTION), "enterprises"),)),
        ("公布典型执法案例（个），其中危险作业罪案例（个）", (
            Activities((ActivityKind.TYPICAL_CASE,)), Activities((ActivityKind.TYPICAL_CASE,), flagged=True))),
        ("责任倒查追责问责（人）", (Activities((ActivityKind.ACCOUNTABILITY,)),)),
        ("约谈通报有关地区及部门（次）", (Activities((ActivityKind.REGION_SUMMONS,)),)),
    ))


LEADERSHIP = Section("党委政府组织领导情况", _rows(
    ("乡镇党委政府分别组织专题学习安全生产十五条硬措施（次）", (Activities((ActivityKind.STUDY,)),)),
    ("乡镇党委政府主要负责同志分别专题研究（次）", (Activities((ActivityKind.RESEARCH,)),)),
    ("乡镇政府负责同志分别现场督导检查（次）", (Activities((ActivityKind.SUPERVISION_VISIT,)),)),
    ("乡镇安委会成员单位负责同志分别到企业宣讲（次）", (Activities((ActivityKind.OUTREACH,)),)),
    ("举报奖励（万元），其中匿名举报查实奖励（万元）", (
        Activities((ActivityKind.TIP_REWARD,), "amount"), Activities((ActivityKind.TIP_REWARD,), "amount", True))),
    ("是否在主流媒体设置安全生产专题栏目", (Activities((ActivityKind.MEDIA_COLUMN,), "exists"),)),
    ("乡镇配备专兼职技术检查员数量（人）", (Activities((ActivityKind.TECHNICAL_INSPECTORS,), "latest"),)),
    ("组织开展考核巡查督导检查（次）", (Activities((ActivityKind.ASSESSMENT_TOUR,)),)),
))

VARIANTS: dict[str, tuple[str, tuple[Section, ...]]] = {
    "shenyang": ("全市工贸行业重大事故隐患专项排查整治2023行动进展情况调度表", (
        OVERALL, SPOT_CHECKS, _enforcement("帮扶指导重点市、县（个次）", "行政处罚（次、万元）"))),
    "mingyueshan": ("全区重大事故隐患专项排查整治进展情况调度表", (
        OVERALL, SPOT_CHECKS, _enforcement("帮扶指导重点县（个次）", "行政处罚（次，万元）"), LEADERSHIP)),
}
"""Each 调度表 variant: its printed title and sections (沈应急发〔2023〕27号 附件; 宜明办字〔2023〕23号 附件1)."""

REGISTER_COLUMNS = ("序号", "乡镇/部门", "企业（项目）", "所属行业领域", "重大隐患（重点隐患）描述", "整改措施",
                    "挂牌督办文件名称及文号", "整改期限", "整改进展")
"""The 重大隐患（重点隐患）清单's columns (宜明办字〔2023〕23号 附件2)."""
