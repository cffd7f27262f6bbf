"""Calendar periods of a notice's cadence (week, month, quarter, half-year, year) and the 调度表 slots (C6).

Pure date arithmetic over a `Cadence`; 遇节假日顺延 rolls a due day past China's rest days.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, timedelta

import attrs

from hazardflow.checks import SHANGHAI
from hazardflow.notices import (
    Cadence,
    Every,
)
from hazardflow.notices.profile import end_of_day
from hazardflow.workdays import rolled_over


@attrs.frozen
class Period:
    """A calendar period: its key (``2023-06``, ``2023-W22``, ``2023-Q2``, ``2023-H1``, ``2023``), 中文 name, dates."""

    key: str
    name: str
    start: date
    end: date


def _month(day: date) -> Period:
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return Period(f"{day.year}-{day.month:02d}", f"{day.year}年{day.month}月", day.replace(day=1), last)


def _week(day: date) -> Period:
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return Period(f"{year}-W{week:02d}", f"{year}年第{week}周", monday, monday + timedelta(days=6))


def _quarter(day: date) -> Period:
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    return Period(f"{day.year}-Q{q + 1}", f"{day.year}年第{q + 1}季度", start, _month(date(day.year, 3 * q + 3, 1)).end)


def _half(day: date) -> Period:
    h = (day.month - 1) // 6
    return Period(f"{day.year}-H{h + 1}", f"{day.year}年{'上' if h == 0 else '下'}半年",
                  date(day.year, 6 * h + 1, 1), _month(date(day.year, 6 * h + 6, 1)).end)


def _year(day: date) -> Period:
    return Period(str(day.year), f"{day.year}年", date(day.year, 1, 1), date(day.year, 12, 31))


CONTAINING: dict[Every, Callable[[date], Period]] = {
    Every.WEEK: _week, Every.MONTH: _month, Every.QUARTER: _quarter, Every.HALF_YEAR: _half, Every.YEAR: _year,
}


def periods(every: Every, start: date, end: date) -> list[Period]:
    """The periods of ``every`` that overlap ``start``..``end``, clipped to it (CAMPAIGN: the span itself)."""
    if every is Every.CAMPAIGN:
        return [Period("campaign", "专项行动期间", start, end)]
    containing = CONTAINING[every]
    out: list[Period] = []
    day = start
    while day <= end:
        p = containing(day)
        out.append(attrs.evolve(p, start=max(p.start, start), end=min(p.end, end)))
        day = p.end + timedelta(days=1)
    return out


def _rolled(c: Cadence, day: date) -> date:
    """遇节假日顺延: move a due day past rest days on China's calendar, the cadence's own lists overriding."""
    if not c.roll_over:
        return day
    return rolled_over(day, c.holidays, c.workdays)


@attrs.frozen
class Slot:
    """One 调度表 the cadence asks for: its period and its deadline."""

    period: Period
    due: datetime


def dispatch_slots(c: Cadence) -> list[Slot]:
    """Every table the cadence asks for between its ``from`` and ``until`` dates, in order."""
    slots = []
    for p in periods(c.every, c.start, c.until):
        full = CONTAINING[c.every](p.start)
        if c.every is Every.MONTH:
            assert c.day is not None
            nominal = full.start.replace(day=min(c.day, full.end.day))
        elif c.every is Every.WEEK:
            assert c.weekday is not None
            nominal = full.start + timedelta(days=c.weekday - 1)
        else:
            nominal = full.end
        if not c.start <= nominal <= c.until:
            continue
        day = _rolled(c, nominal)
        due = end_of_day(day) if c.due_time is None else datetime.combine(day, c.due_time, SHANGHAI)
        slots.append(Slot(full, due))
    return slots


