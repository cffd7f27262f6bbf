"""The hazard loop's rules H1–H10 and their guard functions; pure, no I/O.

Each guard returns a `Reason` when its rule is broken and None when it holds; the lifecycle
collects every failed reason before anything changes (ARCHITECTURE.md, principle 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from hazardflow.checks import local_date
from hazardflow.hazard.records import Actor, Hazard, Plan
from hazardflow.rules import DONGSHENG, LAW, MINGYUESHAN, SHENYANG, WUSHAN, Reason, define, guard
from hazardflow.vocab import TRIGGER_LABELS, Level, ReportKind, Role, Stage

H1 = define(
    "H1", "闭环",
    "每一项隐患按 发现→交办→整改→验收→销号 闭环管理，除即查即改外不得跳过任何环节，每一步都记录何人、何时、何事。",
    f"{WUSHAN} 二(八)3", f"{MINGYUESHAN} 二(三)17",
)
H2 = define(
    "H2", "五落实",
    "不能立即整改的隐患，交办前必须制定整改方案，落实整改责任人、措施、资金、时限（晚于发现日期）和应急预案。",
    f"{WUSHAN} 二(二)1", f"{WUSHAN} 三(三)", f"{DONGSHENG} 二(一)1", f"{SHENYANG} 三(一)1",
    f"{MINGYUESHAN} 二(一)1",
)
H3 = define(
    "H3", "即查即改",
    "能立即整改的一般隐患可即查即改，直接进入验收，仍须记录和验收；重大事故隐患和需督办的重点隐患不得即查即改。",
    f"{WUSHAN} 二(二)1", f"{DONGSHENG} 二(一)1", f"{SHENYANG} 三(一)1", f"{MINGYUESHAN} 二(二)10",
)
H4 = define(
    "H4", "双报告",
    "重大事故隐患发现后须向属地负有安全监管职责的部门报告（交办前），整改完成后须报告整改情况（销号前）。",
    f"{WUSHAN} 二(二)1", f"{MINGYUESHAN} 二(一)1", f"{DONGSHENG} 二(一)1", f"{SHENYANG} 三(一)1",
    f"{SHENYANG} 四(二)1", f"{LAW} 第四十一条",
)
H5 = define(
    "H5", "签名",
    "每次验收都要签名（何人、何角色、何单位、何时），谁检查、谁签名、谁负责；整改人不得验收自己的整改。",
    f"{WUSHAN} 二(五)4", f"{DONGSHENG} 二(二)5", f"{SHENYANG} 三(二)3",
)
H6 = define(
    "H6", "验收权限",
    "一般隐患由企业验收（整改人以外的人）；重大事故隐患由监管部门或党委政府验收，或在专家评估意见在案后由企业主要负责人验收；"
    "挂牌督办的隐患只能由挂牌单位验收销号并摘牌。",
    f"{MINGYUESHAN} 二(二)10", f"{MINGYUESHAN} 二(三)17", f"{DONGSHENG} 二(二)3",
)
H7 = define(
    "H7", "挂牌督办",
    "监管部门或党委政府可对重大事故隐患或久拖不决的隐患挂牌督办，注明督办文件名称及文号；挂牌期间每周调度，并计入调度表。",
    f"{MINGYUESHAN} 二(二)10", f"{MINGYUESHAN} 二(三)17", f"{MINGYUESHAN} 附件2", f"{SHENYANG} 附件",
)
H8 = define(
    "H8", "逾期",
    "超过整改期限仍未销号的隐患即为逾期；逾期的重大事故隐患要升级处理（挂牌督办、追责），不得默默延期；延期须有记录在案的决定和理由。",
    f"{MINGYUESHAN} 二(三)20", f"{WUSHAN} 二(八)3",
)
H9 = define(
    "H9", "验收不合格",
    "验收不合格的隐患退回整改，并记录不合格的理由。",
    f"{WUSHAN} 二(八)3",
)
H10 = define(
    "H10", "回头看",
    "回头看发现已销号隐患未真正整改的，重新打开进入整改，并将原整改认定为虚假整改（适用假改严罚）。",
    f"{SHENYANG} 四(二)3", f"{MINGYUESHAN} 二(三)20",
)

_PLAN_FIELDS = (("responsible", "整改责任人"), ("measures", "整改措施"), ("funds", "整改资金"),
                ("deadline", "整改时限"), ("contingency", "应急预案"))

_ENTERPRISE_SIDE = (Role.ENTERPRISE, Role.PRINCIPAL)
_AUTHORITIES = (Role.DEPARTMENT, Role.GOVERNMENT)


def same_person(a: Actor, b: Actor) -> bool:
    """H5: the same person (name and organisation), whatever role each signs in."""
    return a.name == b.name and a.organisation == b.organisation


def of_listing_unit(h: Hazard, by: Actor) -> bool:
    """H6: ``by`` acts for the organisation that listed ``h`` (any authority of that unit, not only the signer)."""
    assert h.listing is not None
    return by.organisation == h.listing.authority.organisation and by.role in _AUTHORITIES


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@guard(H2)
def five_measures(plan: Plan | None, found_at: datetime) -> Reason | None:
    """H2: the plan names all five of 责任、措施、资金、时限、预案, and the deadline is after the finding."""
    if plan is None:
        return H2.reason("未制定整改方案，五落实（责任、措施、资金、时限、预案）均未落实")
    missing = [label for field, label in _PLAN_FIELDS if _blank(getattr(plan, field))]
    if missing:
        return H2.reason(f"五落实不全：缺少{'、'.join(missing)}")
    assert plan.deadline is not None
    if plan.deadline <= local_date(found_at):
        return H2.reason(f"整改时限 {plan.deadline} 须晚于发现日期 {local_date(found_at)}")
    return None


@guard(H3)
def fixable_on_spot(h: Hazard) -> Reason | None:
    """H3: only a general hazard that is not a 重点隐患 (宜明 二(二)10 "需督办的重点隐患") is fixed on the spot."""
    if h.level is Level.MAJOR:
        return H3.reason("重大事故隐患不得即查即改，须制定五落实整改方案后交办整改")
    if h.key:
        return H3.reason("重点隐患须督办整改，不得即查即改，须制定五落实整改方案后交办整改")
    return None


@guard(H4)
def found_reported(h: Hazard) -> Reason | None:
    """H4: a major hazard is reported to its supervising department before it is assigned."""
    if h.is_major and not h.reported(ReportKind.FOUND):
        return H4.reason("重大事故隐患尚未向属地监管部门报告，不得交办")
    return None


@guard(H4)
def fixed_reported(h: Hazard) -> Reason | None:
    """H4: a major hazard's rectification is reported before it is closed, again after a 回头看 reopening."""
    if h.is_major and not any(r.kind is ReportKind.FIXED for r in h.reports_since_reopening()):
        if h.sham:
            return H4.reason("隐患经回头看重新打开后，尚未重新报告整改情况（须在重新打开之后报告），不得销号")
        return H4.reason("重大事故隐患整改情况尚未报告，不得销号")
    return None


@guard(H4)
def fixed_report_in_time(h: Hazard, kind: ReportKind) -> Reason | None:
    """H4: the rectification report follows the rectification (stage 验收 or later)."""
    if kind is ReportKind.FIXED and h.stage not in (Stage.VERIFYING, Stage.CLOSED):
        return H4.reason(f"隐患处于“{h.stage.label}”阶段，尚未整改完成，不能报告整改情况")
    return None


@guard(H5)
def not_own_work(h: Hazard, by: Actor) -> Reason | None:
    """H5: the rectifier (the same person: name and organisation) does not sign the acceptance of his own
    work, whatever role he signs in."""
    if h.rectifier is not None and same_person(h.rectifier, by):
        return H5.reason(f"{by.name}是整改人，不得验收自己的整改")
    return None


@guard(H6)
def may_accept(h: Hazard, by: Actor) -> Reason | None:
    """H6: who may accept and close: the listing authority, a department, or the enterprise; a 重点隐患
    (宜明 二(二)10 "需督办") is accepted as a major one."""
    if h.listed:
        assert h.listing is not None
        if not of_listing_unit(h, by):
            return H6.reason(
                f"该隐患由{h.listing.authority.organisation}挂牌督办（{h.listing.number}），只能由挂牌单位验收销号"
                f"（{h.listing.authority.organisation}的有关人员可以验收）"
            )
        return None
    if h.is_major or h.key:
        if by.role in _AUTHORITIES:
            return None
        if by.role is Role.PRINCIPAL and by.organisation == h.enterprise and h.assessment is not None:
            return None
        return H6.reason(
            f"{'重大事故隐患' if h.is_major else '需督办的重点隐患'}须由监管部门或党委政府验收，"
            "或在专家评估意见在案后由企业主要负责人验收"
        )
    if by.role in _AUTHORITIES or (by.role in _ENTERPRISE_SIDE and by.organisation == h.enterprise):
        return None
    return H6.reason(f"一般隐患由{h.enterprise}或监管部门验收，{by.organisation}{by.role.label}无权验收")


@guard(H6)
def assessor(by: Actor) -> Reason | None:
    """H6: the assessment that lets a principal accept a major hazard is an expert's."""
    if by.role is not Role.EXPERT:
        return H6.reason(f"专家评估须由专家作出，{by.role.label}不能出具评估意见")
    return None


@guard(H7)
def listing_authority(by: Actor) -> Reason | None:
    """H7: only a department or a government lists a hazard."""
    if by.role not in _AUTHORITIES:
        return H7.reason(f"{by.role.label}无权挂牌督办，挂牌督办由监管部门或党委政府作出")
    return None


@guard(H7)
def listable(h: Hazard, at: datetime) -> Reason | None:
    """H7: a major hazard, or one long unresolved (overdue), not closed and not already listed."""
    if h.listed:
        assert h.listing is not None
        return H7.reason(f"该隐患已挂牌督办（{h.listing.number}），不得重复挂牌")
    if h.stage is Stage.CLOSED:
        return H7.reason("已销号的隐患不能挂牌督办")
    if not (h.is_major or h.key or h.is_overdue(at)):
        return H7.reason("只能对重大事故隐患、重点隐患或久拖不决（逾期）的隐患挂牌督办")
    return None


@guard(H6)
def delistable(h: Hazard, by: Actor) -> Reason | None:
    """H6: only the listing authority delists (摘牌)."""
    if not h.listed:
        return H6.reason("该隐患未挂牌督办，无牌可摘")
    assert h.listing is not None
    if not of_listing_unit(h, by):
        return H6.reason(f"只有挂牌单位{h.listing.authority.organisation}可以摘牌（{h.listing.number}）")
    return None


@guard(H8)
def extension(h: Hazard, deadline: date, reason: str | None) -> Reason | None:
    """H8: a deadline is extended only by a recorded decision with a reason, to a later date."""
    if h.deadline is None:
        return H8.reason("该隐患尚无整改时限，无从延期")
    if _blank(reason):
        return H8.reason("延期必须说明理由并记录在案，不得默默延期")
    if deadline <= h.deadline:
        return H8.reason(f"延期后的整改时限 {deadline} 须晚于原时限 {h.deadline}")
    return None


@guard(H8)
def extension_authority(h: Hazard, by: Actor) -> Reason | None:
    """H8: a listed or major hazard's deadline is extended by an authority, not by the enterprise alone."""
    if (h.is_major or h.listed) and by.role not in _AUTHORITIES:
        return H8.reason("重大事故隐患或挂牌督办隐患的延期须由监管部门或党委政府决定")
    return None


@guard(H9)
def rejection_reason(reason: str | None) -> Reason | None:
    """H9: a failed acceptance records why."""
    if _blank(reason):
        return H9.reason("验收不合格必须记录不合格的理由")
    return None


@guard(H10)
def lookback_finding(reason: str | None) -> Reason | None:
    """H10: a reopening records what the look-back review found."""
    if _blank(reason):
        return H10.reason("回头看重新打开隐患必须记录发现的问题")
    return None


@guard(H1)
def out_of_order(h: Hazard, trigger: str, allowed: Iterable[Stage]) -> Reason:
    """H1: the trigger is not open from the hazard's stage."""
    stages = "、".join(s.label for s in allowed)
    return H1.reason(f"隐患处于“{h.stage.label}”阶段，不能{TRIGGER_LABELS.get(trigger, trigger)}"
                     f"（只能在{stages}阶段进行），闭环环节不得跳过")
