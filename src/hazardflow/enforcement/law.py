"""The law's enforcement rules L2–L6 (安全生产法, 2021) and their arithmetic: working days, daily fines.

Amounts are in 万元 as `Decimal`. The statute's ladders (L5 for the principal, L6 for the enterprise)
are turned into proposed measures by `penalties.py`; the suspension order (L2) is `suspension.py`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal

import attrs

from hazardflow.checks import InvalidInput
from hazardflow.rules import LAW, define, guard
from hazardflow.vocab import Role

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

PUBLICATION_DAYS = 7
"""L4: a penalty decision is published within seven working days (第七十八条)."""


def is_working_day(day: date, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> bool:
    """Monday to Friday and not a holiday; a weekend day listed in ``workdays`` (调休上班) is a working day."""
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, count: int, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted; count ≥ 0)."""
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise InvalidInput("count", "a non-negative int", count)
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            count -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date] = (),
                         workdays: Collection[date] = ()) -> int:
    """How many working days fall in (start, end]; 0 if ``end`` is not after ``start``."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day, holidays, workdays)
    return days


@guard(L4)
def publication_deadline(decided_on: date, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> date:
    """L4: the last day to publish a penalty decided on ``decided_on`` (its seventh working day after)."""
    return add_working_days(decided_on, PUBLICATION_DAYS, holidays, workdays)


@attrs.frozen
class DailyFine:
    """L3 按日连续处罚: the original amount per day, from the day after the order to ``end`` inclusive."""

    amount: Decimal
    start: date
    end: date
    days: int

    @property
    def total(self) -> Decimal:
        """The sum due (万元)."""
        return self.amount * self.days


@guard(L3)
def daily_fines(amount: Decimal, ordered_on: date, until: date) -> DailyFine:
    """L3: daily fines at ``amount`` (万元) for a refusal lasting from the day after ``ordered_on`` to ``until``."""
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise InvalidInput("amount", "a positive Decimal (万元)", amount)
    for name, value in (("ordered_on", ordered_on), ("until", until)):
        if not isinstance(value, date):
            raise InvalidInput(name, "a date", value)
    start = ordered_on + timedelta(days=1)
    return DailyFine(amount, start, until, max(0, (until - ordered_on).days))


def year_after(day: date) -> date:
    """The same calendar day a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
