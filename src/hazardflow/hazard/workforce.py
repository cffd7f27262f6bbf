"""Rule L1 记录通报: a hazard's 排查治理情况 is recorded and made known to the workforce.

安全生产法 第四十一条第二款: 事故隐患排查治理情况应当如实记录，并通过职工大会或者职工代表大会、信息公示栏
等方式向从业人员通报; 重大事故隐患排查治理情况应当及时向负有安全生产监督管理职责的部门和职工大会或者职工代表
大会报告. Failing to record or to notify is itself penalised (第九十七条(五), rule L10).

In the model the record is the hazard's event log (H1), and a notice to the workforce is a `report`
of kind `ReportKind.WORKFORCE` naming its channel (``to``). Where the law makes it a condition, the
guard refuses: a major hazard's 排查治理情况 goes to the 职工大会 or 职工代表大会 — a 信息公示栏 alone
does not do. Closing is not held up by L1: the law sets no order between the notice and 销号 (a
公示栏 may post the month's hazards together), and the major hazard's report to the workers'
congress before 销号 is H4's second recipient. What L1 leaves is an audit: `unannounced` lists the
closed hazards never made known to the workforce (the 第九十七条(五) violation).
"""

from __future__ import annotations

from collections.abc import Iterable

from hazardflow.hazard.records import Hazard
from hazardflow.rules import LAW, Reason, define, guard
from hazardflow.vocab import ReportKind, Stage

L1 = define(
    "L1", "记录通报",
    "事故隐患排查治理情况应当如实记录，并通过职工大会或者职工代表大会、信息公示栏等方式向从业人员通报；"
    "重大事故隐患排查治理情况应当及时向负有安全生产监督管理职责的部门和职工大会或者职工代表大会报告。"
    "未如实记录或者未向从业人员通报的，依照第九十七条第（五）项处罚。",
    f"{LAW} 第四十一条第二款", f"{LAW} 第九十七条(五)",
)

CONGRESS = ("职工大会", "职工代表大会")
"""The bodies a major hazard's 排查治理情况 is reported to (第四十一条第二款)."""


def to_congress(to: str) -> bool:
    """Whether ``to`` names the 职工大会 or the 职工代表大会 (e.g. ``某公司职工代表大会``)."""
    return any(body in to for body in CONGRESS)


@guard(L1)
def workforce_channel(h: Hazard, kind: ReportKind, to: str) -> Reason | None:
    """L1: a major hazard's notice to the workforce is a report to the 职工大会 or 职工代表大会."""
    if kind is ReportKind.WORKFORCE and h.is_major and not to_congress(to):
        return L1.reason(f"重大事故隐患排查治理情况须向职工大会或者职工代表大会报告，“{to}”不能代替")
    return None


def announced(h: Hazard) -> bool:
    """Whether the hazard's 排查治理情况 has been made known to the workforce (L1)."""
    return h.reported(ReportKind.WORKFORCE)


def unannounced(hazards: Iterable[Hazard]) -> list[Hazard]:
    """L1 audit: the closed hazards whose 排查治理情况 was never made known to the workforce."""
    return [h for h in hazards if h.stage is Stage.CLOSED and not announced(h)]
