"""The glossary's words as enums: the code name is the member, the 中文 label is the value.

``Stage.FOUND.label == "发现"`` and ``Stage("发现") is Stage.FOUND``: feature files, reports and
error messages speak the label, code speaks the member name (GLOSSARY.md).
"""

from __future__ import annotations

from enum import Enum
from typing import Self


class Labelled(Enum):
    """An enum whose value is the member's 中文 label."""

    @property
    def label(self) -> str:
        """The 中文 label users see in reports, errors and feature files."""
        return str(self.value)

    @classmethod
    def from_label(cls, text: str) -> Self:
        """The member labelled ``text`` (or named ``text``); a clear error names the choices."""
        for member in cls:
            if text in (member.value, member.name):
                return member
        choices = "、".join(m.label for m in cls)
        raise ValueError(f"未知的取值“{text}”，应为 {choices} 之一 ({cls.__name__}: unknown label {text!r})")


class Level(Labelled):
    """隐患等级."""

    GENERAL = "一般事故隐患"
    MAJOR = "重大事故隐患"


class Source(Labelled):
    """Who found the hazard: the basis of 自查不处、他查严处 (P2, P3)."""

    SELF_CHECK = "企业自查"
    DEPARTMENT = "部门检查"
    TIP = "举报"
    UNANNOUNCED = "明察暗访"
    GOVERNMENT = "政府督查"
    LOOK_BACK = "回头看"


class Stage(Labelled):
    """The five stages of a hazard's closed loop (H1)."""

    FOUND = "发现"
    ASSIGNED = "交办"
    RECTIFYING = "整改"
    VERIFYING = "验收"
    CLOSED = "销号"


class Role(Labelled):
    """Who acts: the enterprise, its principal, a department, the government, an expert."""

    ENTERPRISE = "企业"
    PRINCIPAL = "企业主要负责人"
    DEPARTMENT = "监管部门"
    GOVERNMENT = "党委政府"
    EXPERT = "专家"


class ReportKind(Labelled):
    """双报告 (H4): the discovery report and the rectification report; and the notice to the workforce (L1)."""

    FOUND = "发现报告"
    FIXED = "整改报告"
    WORKFORCE = "向从业人员通报"
    """L1: the 排查治理情况 made known to the workforce (职工大会/职工代表大会, 信息公示栏)."""


class RiskLevel(Labelled):
    """红橙黄蓝 risk grading."""

    RED = "重大风险"
    ORANGE = "较大风险"
    YELLOW = "一般风险"
    BLUE = "低风险"


class PhaseKind(Labelled):
    """The four kinds of campaign phase; each notice names and dates them its own way (C1)."""

    MOBILIZATION = "动员部署"
    INVESTIGATION = "排查"
    REMEDIATION = "整治"
    CONSOLIDATION = "总结"


TRIGGER_LABELS: dict[str, str] = {
    "found": "发现登记",
    "assign": "交办",
    "rectify": "整改",
    "submit": "提请验收",
    "close": "验收销号",
    "reject": "验收不合格退回",
    "fix_on_spot": "即查即改",
    "reopen": "回头看重新打开",
    "report": "报告",
    "list_for_supervision": "挂牌督办",
    "delist": "摘牌",
    "extend": "延期",
    "assess": "专家评估",
}
"""The 中文 name of each hazard trigger, for messages and diagrams."""



class OrgKind(Labelled):
    """单位的类别 (名录): who an organisation is in the notices' division of duties (principle 8); a 监管部门 is a
    负有安全生产监督管理职责的部门."""

    ENTERPRISE = "企业"
    DEPARTMENT = "监管部门"
    GOVERNMENT = "党委政府"
    TOWN = "乡镇街道"
    WORKERS_CONGRESS = "职工大会"
    EXPERT_POOL = "专家库"


class Position(Labelled):
    """A person's post in the organisation (名录): what the notices ask of whom."""

    PRINCIPAL = "主要负责人"
    SAFETY_MANAGER = "安全管理人员"
    STAFF = "从业人员"
    INSPECTOR = "执法人员"
    LEADER = "领导"
    EXPERT = "专家"
