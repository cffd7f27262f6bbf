"""The law's enforcement rules L2–L10 (安全生产法, 2021) and their arithmetic: publication days, daily fines.

Amounts are in 万元 as `Decimal`. The statute's ladders (L5 for the principal, L6 for the enterprise)
are turned into proposed measures by `penalties.py`; the suspension order (L2) is `suspension.py`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs

from hazardflow.checks import InvalidInput
from hazardflow.rules import LAW, define, guard
from hazardflow.vocab import Role
from hazardflow.workdays import add_working_days

AUTHORITIES = (Role.DEPARTMENT, Role.GOVERNMENT)
"""负有安全生产监督管理职责的部门 (and the government over them): who inspects, decides, reviews, rewards."""
ZERO = Decimal(0)

L2 = define(
    "L2", "停产停业",
    "重大事故隐患排除前或者排除过程中无法保证安全的，责令撤出作业人员，责令暂时停产停业或者停止使用相关设施、设备；"
    "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用。",
    f"{LAW} 第六十五条(三)", f"{LAW} 第七十条",
)
L3 = define(
    "L3", "按日连续处罚",
    "生产经营单位被责令改正且受到罚款处罚，拒不改正的，可以自作出责令改正之日的次日起，按照原处罚数额按日连续处罚。",
    f"{LAW} 第一百一十二条",
)
L4 = define(
    "L4", "公示",
    "对生产经营单位作出处罚决定后七个工作日内在监督管理部门公示系统予以公开曝光。",
    f"{LAW} 第七十八条",
)
L5 = define(
    "L5", "主要负责人职责",
    "主要负责人应及时消除生产安全事故隐患；未履行职责的，责令限期改正，处二万元以上五万元以下的罚款；"
    "逾期未改正的，处五万元以上十万元以下的罚款，责令生产经营单位停产停业整顿；导致发生生产安全事故的，给予撤职处分，"
    "五年内不得担任任何生产经营单位的主要负责人，对重大、特别重大事故负有责任的终身不得担任本行业主要负责人。",
    f"{LAW} 第二十一条(五)", f"{LAW} 第九十四条",
)
L6 = define(
    "L6", "消除隐患",
    "生产经营单位未采取措施消除事故隐患的，责令立即消除或者限期消除，处五万元以下的罚款；拒不执行的，责令停产停业整顿，"
    "对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款。",
    f"{LAW} 第一百零二条",
)

L8 = define(
    "L8", "未报告重大事故隐患",
    "未建立事故隐患排查治理制度，或者重大事故隐患排查治理情况未按照规定报告的，责令限期改正，处十万元以下的罚款；"
    "逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款。",
    f"{LAW} 第一百零一条(五)",
)
L9 = define(
    "L9", "停止供电",
    "生产经营单位拒不执行停产停业决定，有发生生产安全事故的现实危险的，经本部门主要负责人批准，可以书面通知有关单位停止供电、"
    "停止供应民用爆炸物品；停止供电除有危及生产安全的紧急情形外，应当提前二十四小时通知生产经营单位；"
    "生产经营单位依法履行行政决定、采取相应措施消除事故隐患的，应当及时解除。",
    f"{LAW} 第七十条",
)
L10 = define(
    "L10", "隐患记录通报",
    "未将事故隐患排查治理情况如实记录或者未向从业人员通报的，责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，"
    "并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款。",
    f"{LAW} 第九十七条(五)",
)

PUBLICATION_DAYS = 7
"""L4: a penalty decision is published within seven working days (第七十八条)."""


@guard(L4)
def publication_deadline(decided_on: date, holidays: Collection[date] = (), workdays: Collection[date] = (), *,
                         statutory: bool = True) -> date:
    """L4 (第七十八条 “作出处罚决定后七个工作日内……予以公开曝光”): the last day to publish a penalty decided
    on ``decided_on``, its seventh working day after, on China's calendar (`hazardflow.workdays`)."""
    return add_working_days(decided_on, PUBLICATION_DAYS, holidays, workdays, statutory=statutory)


Span = tuple[date, date]
"""Consecutive days, first and last inclusive."""


@attrs.frozen
class DailyFine:
    """L3 按日连续处罚: the original amount per day over the days counted (``spans``), ``days`` of them.

    ``start``/``end`` are the first and last day counted (the day after the deadline and the last day
    looked at when none is counted).
    """

    amount: Decimal
    start: date
    end: date
    days: int
    spans: tuple[Span, ...] = ()

    @property
    def total(self) -> Decimal:
        """The sum due (万元)."""
        return self.amount * self.days


def _spans(days: list[date]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for d in days:
        if spans and spans[-1][1] + timedelta(days=1) == d:
            spans[-1] = (spans[-1][0], d)
        else:
            spans.append((d, d))
    return tuple(spans)


def _span(value: object) -> Span:
    if (not isinstance(value, tuple) or len(value) != 2
            or not all(isinstance(d, date) and not isinstance(d, datetime) for d in value)):
        raise InvalidInput("fined", "(first, last) date pairs", value)
    return value


@guard(L3)
def daily_fines(amount: Decimal, ordered_on: date, until: date, *, fined: Iterable[Span] = (),
                corrected: date | None = None) -> DailyFine:
    """L3 (第一百一十二条 “拒不改正的……可以自作出责令改正之日的次日起，按照原处罚数额按日连续处罚”): daily
    fines at ``amount`` (万元) for each day from the day after ``ordered_on`` (the day the correction
    order fell due: its deadline, or the order's own day when it was 立即) to ``until`` inclusive —
    never a day an earlier decision already fined (``fined`` spans), never a day after the hazard was
    corrected (``corrected``, the day it was closed, still counts)."""
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise InvalidInput("amount", "a positive Decimal (万元)", amount)
    for name, value in (("ordered_on", ordered_on), ("until", until), ("corrected", corrected)):
        if not (value is None and name == "corrected") and (not isinstance(value, date) or isinstance(value, datetime)):
            raise InvalidInput(name, "a date", value)
    done = [_span(s) for s in fined]
    last = until if corrected is None else min(until, corrected)
    start = ordered_on + timedelta(days=1)
    counted = [start + timedelta(days=i) for i in range(max(0, (last - ordered_on).days))]
    counted = [d for d in counted if not any(a <= d <= b for a, b in done)]
    spans = _spans(counted)
    return DailyFine(amount, counted[0] if counted else start, counted[-1] if counted else last, len(counted), spans)


def year_after(day: date) -> date:
    """The same calendar day a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
