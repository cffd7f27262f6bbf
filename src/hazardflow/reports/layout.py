"""The attachments as the notices print them: one `Form` per attachment, read by every renderer.

沈应急发〔2023〕27号 附件 (variant ``shenyang``: three sections, 24 items on 12 lines) and 宜明办字
〔2023〕23号 附件1 (variant ``mingyueshan``: four sections, 32 items on 16 lines) print two items per
line (序号 | 内容 | 数量 ‖ 序号 | 内容 | 数量) beside a section cell spanning the section's lines, with
no header row; 附件2 is the 清单's columns. Cells keep the attachment's in-cell line breaks
(``\n``); `Item.label` is the cell without them. Each item names the `Measure` that fills it
(where its figures come from, never an invented number) and, for a cell holding two figures, the
format that writes them as one cell.

Compound cells (the attachment has one 数量 cell for two figures): the units of the label written
after each figure, joined as the label joins them — 行政处罚（次、万元） → ``3次、12.5万元`` (宜明:
``3次，12.5万元``), 公布典型执法案例（个），其中危险作业罪案例（个） → ``5个，其中2个``,
举报奖励（万元），其中匿名举报查实奖励（万元） → ``0.7万元，其中0.5万元``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from hazardflow.enforcement.activities import ActivityKind, Finding
from hazardflow.notices.profile import UnitKind
from hazardflow.reports.sheet import Cell, Sheet, Span, shown
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
class Item:
    """One item of the table: its number in the section, its cell as printed (``\\n`` where the
    attachment breaks the line), its figures' measures and, for two figures in one cell, their format."""

    number: int
    printed: str
    measures: tuple[Measure, ...]
    compound: str | None = None

    @property
    def label(self) -> str:
        """The cell's text on one line (with its units), as the library names the item."""
        return self.printed.replace("\n", "")

    def cell(self, figures: tuple[Cell, ...] | None) -> Cell:
        """The 数量 cell: blank on a blank form (None), the figure, or two figures in the item's format."""
        if figures is None:
            return ""
        if self.compound is None:
            (figure,) = figures
            return figure
        return self.compound.format(*(shown(f) for f in figures))


@attrs.frozen
class Section:
    """A section of the table: its title (one line), its items, and the title cell as printed."""

    title: str
    rows: tuple[Item, ...]
    printed: str


def _section(printed: str, breaks: bool, *items: tuple[str, tuple[Measure, ...]] | tuple[str, tuple[Measure, ...], str]
             ) -> Section:
    """A section whose item cells keep their line breaks only where the attachment prints them (``breaks``)."""
    built = tuple(Item(i, text if breaks else text.replace("\n", ""), *rest)
                  for i, (text, *rest) in enumerate(items, start=1))
    return Section(printed.replace("\n", ""), built, printed)


_SELF = (Source.SELF_CHECK,)
_DEPARTMENT = (Source.DEPARTMENT, Source.UNANNOUNCED, Source.GOVERNMENT, Source.TIP, Source.LOOK_BACK)


def _overall(breaks: bool) -> Section:
    return _section(
        "总体\n情况", breaks,
        ("企业自查发现的\n重大事故隐患（个）", (HazardCount(_SELF),)),
        ("企业自查发现重大事故隐患中\n已完成整改的（个）", (HazardCount(_SELF, closed=True),)),
        ("部门检查发现的\n重大事故隐患（个）", (HazardCount(_DEPARTMENT),)),
        ("部门检查发现重大事故隐患中\n已完成整改的（个）", (HazardCount(_DEPARTMENT, closed=True),)),
        ("政府挂牌督办的\n重大事故隐患（个）", (HazardCount(listed=True),)),
        ("挂牌督办重大事故隐患中\n已完成整改的（个）", (HazardCount(listed=True, closed=True),)),
    )


def _spot_checks(printed: str, breaks: bool) -> Section:
    return _section(
        printed, breaks,
        ("部门抽查检查的企业总数（家）", (SpotChecks(),)),
        ("企业主要负责人未按要求\n亲自研究排查整治工作（家）", (SpotChecks(Finding.PRINCIPAL_NOT_STUDYING),)),
        ("企业主要负责人\n未带队检查（家）", (SpotChecks(Finding.PRINCIPAL_NOT_LEADING),)),
        ("企业未制定\n分管负责人职责清单（家）", (SpotChecks(Finding.NO_DUTY_LIST),)),
        ("企业未依法建立安全管理机构和配足安全管理人员（家）", (SpotChecks(Finding.NO_SAFETY_STAFF),)),
        ("电焊等特种作业岗位\n人员无证上岗作业（家）", (SpotChecks(Finding.UNCERTIFIED_WORKERS),)),
        ("外包外租安全管理混乱（家）", (SpotChecks(Finding.OUTSOURCING_CHAOS),)),
        ("未按规定开展应急演练、\n员工不熟悉逃生出口（家）", (SpotChecks(Finding.NO_DRILLS),)),
    )


def _enforcement(breaks: bool, guidance_regions: str, penalty: str, penalty_cell: str) -> Section:
    return _section(
        "部门\n精准\n严格\n执法\n情况", breaks,
        (guidance_regions, (Activities((ActivityKind.GUIDANCE_REGION,)),)),
        ("帮扶指导重点企业（家次）", (Activities((ActivityKind.GUIDANCE_ENTERPRISE,)),)),
        (penalty, (Activities((ActivityKind.PENALTY,)), Activities((ActivityKind.PENALTY,), "amount")), penalty_cell),
        ("企业和企业主要负责人\n“一案双罚”（次）", (Activities((ActivityKind.DUAL_PENALTY,)),)),
        ("移送司法机关（人）", (Activities((ActivityKind.JUDICIAL_REFERRAL,)),)),
        ("责令停产整顿（家）", (Activities((ActivityKind.SUSPENSION,), "enterprises"),)),
        ("曝光、约谈、联合惩戒\n企业（家）", (Activities(
            (ActivityKind.EXPOSURE, ActivityKind.SUMMONS, ActivityKind.JOINT_SANCTION), "enterprises"),)),
        ("公布典型执法案例（个），其中危险作业罪案例（个）", (
            Activities((ActivityKind.TYPICAL_CASE,)), Activities((ActivityKind.TYPICAL_CASE,), flagged=True)),
         "{}个，其中{}个"),
        ("责任倒查追责问责（人）", (Activities((ActivityKind.ACCOUNTABILITY,)),)),
        ("约谈通报有关地区及部门（次）", (Activities((ActivityKind.REGION_SUMMONS,)),)),
    )


LEADERSHIP = _section(
    "党委\n政府\n组织\n领导\n情况", True,
    ("乡镇党委政府分别组织专题学习安全生产十五条硬措施（次）", (Activities((ActivityKind.STUDY,)),)),
    ("乡镇党委政府主要\n负责同志分别专题研究（次）", (Activities((ActivityKind.RESEARCH,)),)),
    ("乡镇政府负责同志\n分别现场督导检查（次）", (Activities((ActivityKind.SUPERVISION_VISIT,)),)),
    ("乡镇安委会成员单位\n负责同志分别到企业宣讲（次）", (Activities((ActivityKind.OUTREACH,)),)),
    ("举报奖励（万元），其中\n匿名举报查实奖励（万元）", (
        Activities((ActivityKind.TIP_REWARD,), "amount"), Activities((ActivityKind.TIP_REWARD,), "amount", True)),
     "{}万元，其中{}万元"),
    ("是否在主流媒体\n设置安全生产专题栏目", (Activities((ActivityKind.MEDIA_COLUMN,), "exists"),)),
    ("乡镇配备专兼职\n技术检查员数量（人）", (Activities((ActivityKind.TECHNICAL_INSPECTORS,), "latest"),)),
    ("组织开展考核巡查\n督导检查（次）", (Activities((ActivityKind.ASSESSMENT_TOUR,)),)),
)
"""宜明办字〔2023〕23号 附件1 四 党委政府组织领导情况 (a town's section)."""

SIGNATURES = ("填报单位", "填报人", "审核人", "联系电话", "填报日期")
"""The signature line a county prints under a table it submits; neither attachment has one, so it is
printed only when asked for (``signatures=True``)."""


@attrs.frozen
class Form:
    """One attachment as printed: its heading (附件, 附件1), title lines, whether it has the line
    ``单位___ … 时间：2023年 月 日``, its sections (two items per line), its notes, and which sections
    each kind of unit fills in (None: every unit fills in every section)."""

    variant: str
    heading: str
    title: tuple[str, ...]
    dated: bool
    sections: tuple[Section, ...]
    notes: tuple[str, ...]
    sections_by_kind: dict[UnitKind, tuple[str, ...]] | None = None
    per_line: int = 2

    @property
    def name(self) -> str:
        """The title on one line, as the notice's text names the table."""
        return "".join(self.title)

    def sections_for(self, kind: UnitKind | None) -> tuple[str, ...]:
        """The titles of the sections a unit of ``kind`` reports (None: the whole table)."""
        every = tuple(s.title for s in self.sections)
        if kind is None or self.sections_by_kind is None:
            return every
        return self.sections_by_kind.get(kind, every)

    def sheet(self, figures: Mapping[tuple[str, int], tuple[Cell, ...]] | None, sections: Iterable[str],
              unit: str | None, as_of: date | None, signatures: bool = False) -> Sheet:
        """The form laid out with ``figures`` by (section, item number) (None: a blank form) for the
        ``sections`` reported, as printed: two items per line beside the section's merged title cell;
        the line 单位… 时间… filled in where the form has it (blank where ``unit``/``as_of`` is None)."""
        chosen = set(sections)
        rows: list[tuple[Cell, ...]] = []
        spans: list[Span] = []
        for section in (s for s in self.sections if s.title in chosen):
            first = len(rows)
            for k in range(0, len(section.rows), self.per_line):
                pair = section.rows[k:k + self.per_line]
                line: list[Cell] = [section.printed if len(rows) == first else ""]
                for item in pair:
                    line += [item.number, item.printed,
                             item.cell(None if figures is None else figures[section.title, item.number])]
                rows.append((*line, *[""] * 3 * (self.per_line - len(pair))))
            spans.append(Span(first, 0, len(rows) - first))
        caption = ((f"单位：{unit}" if unit else "单位___________",
                    f"时间：{as_of.year}年{as_of.month}月{as_of.day}日" if as_of else "时间：2023年   月   日")
                   if self.dated else ())
        return Sheet("调度表", self.heading, self.title, caption, (10, *(4, 30, 14) * self.per_line), (),
                     tuple(rows), tuple(spans), self.notes, signature_line(unit) if signatures else ())


SHENYANG = Form(
    "shenyang", "附件", ("全市工贸行业重大事故隐患专项排查整治", "2023行动进展情况调度表"), False,
    (_overall(False), _spot_checks("对企业自查自改进行抽查检查情况", False),
     _enforcement(False, "帮扶指导重点市、县（个次）", "行政处罚（次、万元）", "{}次、{}万元")),
    ("注：1.制造业处对各地区工作进展情况进行月调度。调度表自5月份开始上报，每月28日前上报截止月末的累计情况。"
     "2.调度表内容应围绕专项排查整治工作并对照方案具体要求如实填报，特别是对企业自查情况进行抽查检查时，要深挖细查，"
     "查出真问题。如：电焊等人员无证上岗作业，既要通过现场检查发现问题，也要通过对企业动火等特种作业存单进行检查核实"
     "来发现问题；外包外租管理混乱，是指符合以下情形之一的：承包承租方不具备安全生产条件、未取得相应资质，双方未签订"
     "安全生产协议，安全生产管理职责不清，未纳入本企业统一管理。",),
)
"""沈应急发〔2023〕27号 附件: 全市工贸行业重大事故隐患专项排查整治2023行动进展情况调度表."""

_MINGYUESHAN_SECTIONS = (
    _overall(True), _spot_checks("对企业\n自查自改进行抽查检查情况", True),
    _enforcement(True, "帮扶指导重点县（个次）", "行政处罚（次，万元）", "{}次，{}万元"), LEADERSHIP)

MINGYUESHAN = Form(
    "mingyueshan", "附件1", ("全区重大事故隐患专项排查整治进展情况调度表",), True, _MINGYUESHAN_SECTIONS,
    ("注：",
     "1. 调度表于每月16日前报送区安委办，遇节假日顺延；统计专项整治开展以来的累计数据；各镇各项内容均需上报，"
     "区负有安全监管职责的部门仅上报本级对企业自查自改进行抽查检查情况、部门精准严格执法情况等两项内容。",
     "2. 调度表内容应围绕专项排查整治工作并对照方案具体要求如实填报，特别是对企业自查情况进行抽查检查时，要深挖细查，"
     "查出真问题。如：电焊等人员无证上岗作业，既要通过现场检查发现问题，也要通过对企业动火等特种作业存单进行检查核实"
     "来发现问题；外包外租管理混乱，是指符合以下情形之一的：承包承租方不具备安全生产条件、未取得相应资质，双方未签订"
     "安全生产协议，安全生产管理职责不清，未纳入本企业统一管理。",
     "3. 重点企业帮扶指导：指非执法检查性质的对重点企业安全生产技术或管理层面进行提升改进。"),
    {UnitKind.TOWN: tuple(s.title for s in _MINGYUESHAN_SECTIONS),
     UnitKind.DEPARTMENT: ("对企业自查自改进行抽查检查情况", "部门精准严格执法情况")},
)
"""宜明办字〔2023〕23号 附件1: 全区重大事故隐患专项排查整治进展情况调度表; 注1: 各镇各项内容均需上报，区负有
安全监管职责的部门仅上报本级对企业自查自改进行抽查检查情况、部门精准严格执法情况等两项内容."""

def signature_line(unit: str | None) -> tuple[str, ...]:
    """填报单位、填报人、审核人、联系电话、填报日期, blank for the hand (the unit filled in when known)."""
    return tuple(f"{label}：{unit if label == '填报单位' and unit else '__________'}" for label in SIGNATURES)


FORMS: dict[str, Form] = {f.variant: f for f in (SHENYANG, MINGYUESHAN)}
"""Each 调度表 variant's attachment, by variant name."""

VARIANTS: dict[str, tuple[str, tuple[Section, ...]]] = {k: (f.name, f.sections) for k, f in FORMS.items()}
"""Each 调度表 variant: its title (on one line) and sections (沈应急发〔2023〕27号 附件; 宜明办字〔2023〕23号 附件1)."""


@attrs.frozen
class RegisterForm:
    """宜明办字〔2023〕23号 附件2 as printed: heading, title, and the column headers (``\\n`` where the
    attachment breaks them); a row is marked 【重大】 or 【重点】 in its 描述 cell, since the one column
    holds both (重大隐患（重点隐患）描述)."""

    heading: str
    title: str
    printed: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The column headers on one line."""
        return tuple(c.replace("\n", "") for c in self.printed)


    def sheet(self, rows: Iterable[tuple[Cell, ...]], signatures: bool = False, unit: str | None = None) -> Sheet:
        """The 清单 with ``rows`` (cells in the columns' order), A4 landscape, one page wide, the header
        repeated on every page."""
        return Sheet("清单", self.heading, (self.title,), (), (5, 10, 16, 10, 30, 24, 20, 13, 16), self.printed,
                     tuple(rows), signatures=signature_line(unit) if signatures else (), landscape=True,
                     one_page=False)


REGISTER = RegisterForm("附件2", "重大隐患（重点隐患）清单", (
    "序号", "乡镇/\n部门", "企业（项目）", "所属行\n业领域", "重大隐患（重点隐患）描述", "整改措施",
    "挂牌督办文件名称及文号", "整改\n期限", "整改\n进展"))
"""宜明办字〔2023〕23号 附件2: 重大隐患（重点隐患）清单."""

REGISTER_COLUMNS = REGISTER.columns
"""The 重大隐患（重点隐患）清单's columns (宜明办字〔2023〕23号 附件2)."""
