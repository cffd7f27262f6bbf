"""The campaign rules C1–C10, H11 and H12, a participation's steps and records, and the one phase machine.

Leaving a phase is guarded by C1–C5, each refusal citing the notice's own clause; `PHASES` is built
once with `transitions` and drives every participation (principle 3).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

import attrs
from transitions import EventData, Machine

from hazardflow.checks import local_date
from hazardflow.hazard.records import Actor, Hazard
from hazardflow.notices import (
    DeliverableKind,
    Notice,
    Phase,
    Target,
    Topic,
    UnitKind,
)
from hazardflow.rules import DONGSHENG, MINGYUESHAN, SHENYANG, WUHUA, WUSHAN, Reason, Rejected, define
from hazardflow.vocab import Labelled, PhaseKind

ALL_FIVE = (WUSHAN, DONGSHENG, SHENYANG, MINGYUESHAN, WUHUA)

C1 = define(
    "C1", "四阶段",
    "专项行动按通知规定的四个阶段依次推进，各阶段名称和起止时间以通知为准；参加单位逐阶段推进，不得跳过，阶段结束仍未推进的即为逾期。",
    *(f"{n} {c}" for n, c in zip(ALL_FIVE, ("三", "三", "四", "三", "四"), strict=True)),
)
C2 = define(
    "C2", "动员部署",
    "离开动员部署阶段须：本单位专项行动方案已印发、动员部署会议已召开、本行业领域重大事故隐患判定标准或重点检查事项已明确、"
    "联络人已报送（以通知要求为准，如沈阳5月25日前、东胜5月25日回执）。",
    f"{WUSHAN} 三(一)", f"{DONGSHENG} 三(一)", f"{SHENYANG} 四(一)", f"{SHENYANG} 五(四)", f"{MINGYUESHAN} 三(一)",
)
C3 = define(
    "C3", "排查",
    "离开排查阶段须已建立重大事故隐患台账，台账中每项重大事故隐患或已销号、或已落实五落实整改方案；沈阳：6月15日前报送台账和主要负责人承诺确认。",
    f"{WUSHAN} 三(二)", f"{DONGSHENG} 三(二)", f"{SHENYANG} 四(二)1",
)
C4 = define(
    "C4", "整治",
    "离开整治阶段须每项未销号的重大事故隐患做到整改措施、责任、资金、时限和预案“五落实”，逾期未整改的已升级处理（挂牌督办）。",
    f"{WUSHAN} 三(三)", f"{MINGYUESHAN} 三(三)",
)
C5 = define(
    "C5", "总结",
    "专项行动须报送总结报告方可完成（沈阳：12月15日前；各阶段结束后3日内报送阶段情况）。",
    f"{SHENYANG} 五(四)", f"{WUSHAN} 三(四)", f"{DONGSHENG} 三(四)",
)
C6 = define(
    "C6", "调度",
    "按通知规定的频次报送进展情况调度表：巫山每月27日10:00前；沈阳每月28日前，截止月末累计；宜明每月16日前，专项整治开展以来累计；"
    "东胜每周统计，8月10日、12月10日前报送贯彻落实情况。迟报的记为迟报。",
    f"{WUSHAN} 四", f"{SHENYANG} 五(四)", f"{MINGYUESHAN} 四", f"{DONGSHENG} 四(七)",
)
C7 = define(
    "C7", "月度指标",
    "宜明：各负有安全监管职责部门每月排查重大隐患至少1条（尚无判定标准的行业领域每月上报重点隐患不少于1条）；"
    "交通运输、消防、公安交警、综合行政执法、市监等部门每月上报典型执法案例不少于1个；各镇每月排查重大隐患不少于1条、"
    "上报典型案例不少于1个；每季度公布典型案例。",
    f"{MINGYUESHAN} 二(二)10", f"{MINGYUESHAN} 二(三)17", f"{MINGYUESHAN} 二(三)19",
)
C8 = define(
    "C8", "演练",
    "企业主要负责人组织事故应急救援预案演练：至少每年1次；高危行业领域企业和人员密集场所经营单位每半年至少1次。",
    f"{WUSHAN} 二(二)5", f"{DONGSHENG} 二(一)5", f"{SHENYANG} 三(一)5", f"{MINGYUESHAN} 二(一)7",
)
H11 = define(
    "H11", "主要负责人调度",
    "重大事故隐患整治期间主要负责人每周调度；主要负责人每季度至少带队检查1次（高危行业领域企业每月至少1次）。",
    f"{SHENYANG} 三(一)1", f"{DONGSHENG} 二(一)1", f"{MINGYUESHAN} 二(一)1",
)

C9 = define(
    "C9", "企业专项任务",
    "通知为企业规定的有日期的一次性任务（责任制公示、危险作业人员排查、外包外租排查、承包商台帐、预案备案、警示教育、"
    "网络安全台账等）按期完成，到期未完成即逾期，并计入抽查检查情况。",
    f"{SHENYANG} 三(一)1", f"{SHENYANG} 三(一)2", f"{SHENYANG} 三(一)3", f"{SHENYANG} 三(一)4",
    f"{SHENYANG} 三(一)5", f"{SHENYANG} 三(一)6", f"{SHENYANG} 三(一)7", f"{DONGSHENG} 二(一)3",
    f"{DONGSHENG} 二(一)4", f"{MINGYUESHAN} 二(一)4", f"{MINGYUESHAN} 二(一)5",
)
C10 = define(
    "C10", "目标任务",
    "通知规定的有日期的目标任务（如五华2020、2021、2022年底前达到的比例，各有牵头单位）逐项跟踪是否完成，到期未完成即逾期。",
    f"{WUHUA} 三", f"{WUHUA} 四",
)
H12 = define(
    "H12", "挂牌督办全覆盖",
    "通知要求的（宜明），每项重大事故隐患都要挂牌督办，挂牌期间实行周调度。",
    f"{MINGYUESHAN} 二(二)10",
)

PHASE_RULE = {PhaseKind.MOBILIZATION: C2, PhaseKind.INVESTIGATION: C3, PhaseKind.REMEDIATION: C4,
               PhaseKind.CONSOLIDATION: C5}


class Step(Labelled):
    """Where a participation stands: not started, one of the four phase kinds, or done."""

    NOT_STARTED = "未启动"
    MOBILIZATION = "动员部署"
    INVESTIGATION = "排查"
    REMEDIATION = "整治"
    CONSOLIDATION = "总结"
    DONE = "已完成"

    @property
    def phase_kind(self) -> PhaseKind | None:
        """The phase kind of this step (None before the first phase and after the last)."""
        return PhaseKind[self.name] if self.name in PhaseKind.__members__ else None


ORDER = tuple(Step)
NEXT_STEP = dict(itertools.pairwise(ORDER))


class ObligationStatus(Labelled):
    """An obligation is due today, or overdue (past its deadline and not met)."""

    DUE = "今日到期"
    OVERDUE = "逾期"


@attrs.frozen
class PhaseEvent:
    """One recorded change of a participation: join, advance or record; who, when and what."""

    trigger: str
    from_step: Step | None
    to_step: Step
    actor: Actor
    at: datetime
    payload: Mapping[str, Any] = attrs.field(factory=dict, eq=False)


@attrs.frozen
class Filing:
    """A deliverable on record: what, for which period or deliverable id, when, by whom, and its deadline."""

    kind: DeliverableKind
    period: str | None
    at: datetime
    by: Actor
    due: datetime | None = None
    note: str | None = None

    @property
    def late(self) -> bool:
        """Filed after its deadline (C6: a late table is recorded as late)."""
        return self.due is not None and self.at > self.due


@attrs.frozen
class Obligation:
    """Something due or overdue at a moment: the rule, the unit, what (中文), the deadline, the clauses."""

    rule: str
    unit: str
    what: str
    due: datetime
    status: ObligationStatus
    sources: tuple[str, ...]
    period: str | None = None
    kind: DeliverableKind | None = None

    @property
    def overdue(self) -> bool:
        """Past its deadline."""
        return self.status is ObligationStatus.OVERDUE

    def __str__(self) -> str:
        due, sources = local_date(self.due), "；".join(self.sources)
        return f"{self.rule} {self.unit}：{self.what}（{self.status.label}，期限{due}；依据：{sources}）"


@attrs.frozen
class TargetStatus:
    """C10: one target as of a moment: its topic (牵头单位), the target, the filing that marked it met."""

    topic: Topic
    target: Target
    met: Filing | None
    at: datetime

    @property
    def overdue(self) -> bool:
        """Past its due date and not met."""
        return self.met is None and self.at > self.target.due_at

    @property
    def status(self) -> str:
        """已完成 (with the measured value), 逾期未完成 or 未到期."""
        if self.met is not None:
            return "已完成" + (f"（{self.met.note}）" if self.met.note else "")
        return "逾期未完成" if self.overdue else "未到期"


@attrs.define(on_setattr=attrs.setters.NO_OP)
class Participation:
    """One unit's part in a campaign: its step, its filings, its hazards and its events.

    Only the campaign changes it: `Campaign.advance` (through the phase machine) and `Campaign.record`.
    """

    unit: str
    kind: UnitKind
    sector: str | None
    notice: Notice = attrs.field(repr=False, eq=False)
    step: Step = Step.NOT_STARTED
    filings: list[Filing] = attrs.Factory(list)
    hazards: tuple[Hazard, ...] = attrs.field(default=(), repr=False, eq=False)
    registered: bool = attrs.field(default=False, repr=False, eq=False)
    events: list[PhaseEvent] = attrs.Factory(list)

    @property
    def phase(self) -> Phase | None:
        """The notice's phase the unit is in (None before the first and after the last)."""
        kind = self.step.phase_kind
        return None if kind is None else self.notice.phase(kind)

    @property
    def phase_name(self) -> str:
        """The notice's own name of the phase (e.g. 执法督导), or 未启动 / 已完成."""
        phase = self.phase
        return self.step.label if phase is None else phase.name

    @property
    def done(self) -> bool:
        """Concluded (已完成)."""
        return self.step is Step.DONE

    def filed(self, kind: DeliverableKind, period: str | None = None, *,
              until: datetime | None = None) -> Filing | None:
        """The first filing of ``kind`` (for ``period``, if given) on record by ``until``."""
        for f in self.filings:
            if f.kind is kind and (period is None or f.period == period) and (until is None or f.at <= until):
                return f
        return None


# --- the phase machine ------------------------------------------------------------------------

@attrs.define
class Ticket:
    """A prepared advance: the candidate event and the reasons it is refused (empty: admitted)."""

    event: PhaseEvent
    reasons: list[Reason]


def _admitted(event_data: EventData) -> bool:
    (ticket,) = event_data.args
    return not cast(Ticket, ticket).reasons


def _apply(event_data: EventData) -> None:
    (ticket,) = event_data.args
    cast(Participation, event_data.model).events.append(cast(Ticket, ticket).event)


class PhaseMachine:
    """The campaign phase machine: built once, it drives every participation of every campaign."""

    def __init__(self) -> None:
        self.machine = Machine(
            model=None,
            states=list(Step),
            initial=Step.NOT_STARTED,
            transitions=[
                {"trigger": "advance", "source": src, "dest": dst, "conditions": [_admitted], "after": [_apply]}
                for src, dst in NEXT_STEP.items()
            ],
            auto_transitions=False,
            send_event=True,
            model_attribute="step",
            ignore_invalid_triggers=True,
        )
        self._advance = self.machine.events["advance"]

    def fire(self, p: Participation, ticket: Ticket) -> PhaseEvent:
        """Advance ``p`` if no rule failed; otherwise raise `Rejected` with every reason, changing nothing."""
        if not self._advance.trigger(p, ticket):
            raise Rejected(ticket.reasons)
        return ticket.event


PHASES = PhaseMachine()
"""The process's one campaign phase machine."""


