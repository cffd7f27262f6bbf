"""China's working-day calendar: statutory holidays and 调休 make-up working days, year by year.

Every working-day computation counts on this calendar by default: L4's seven working days
(安全生产法 第七十八条 “七个工作日内”), 遇节假日顺延 of a 调度表 deadline (宜明办字〔2023〕23号 四) and
every C6 roll-over. The data are the 国务院办公厅 annual notices on holiday arrangements as kept by
the `chinesecalendar` package (2004 onwards, one release per notice). A caller's or a profile's own
``holidays`` and ``workdays`` override the calendar day by day. A date in a year the calendar does
not cover raises `CalendarNotCovered` rather than giving a silently wrong deadline; ``statutory=False``
counts weekends and the given lists only.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from functools import cache
from typing import NamedTuple

from hazardflow.checks import InvalidInput


class StatutoryCalendar(NamedTuple):
    """The 国务院办公厅 arrangements the `chinesecalendar` package holds."""

    holidays: frozenset[date]
    """Statutory holidays and 调休 days off, weekends inside a holiday included."""
    workdays: frozenset[date]
    """调休上班日: weekend days that are working days."""
    first_year: int
    last_year: int


@cache
def statutory_calendar() -> StatutoryCalendar:
    """China's statutory calendar, read from `chinesecalendar` on first use: its data module builds some
    thousand dates (about 4 ms), which ``import hazardflow`` should not pay for a caller that never counts
    a working day (issue 20)."""
    from chinese_calendar import constants

    holidays = frozenset(constants.holidays)
    return StatutoryCalendar(holidays, frozenset(constants.workdays), min(holidays).year, max(holidays).year)


class CalendarNotCovered(InvalidInput):
    """A date outside the years whose 国务院办公厅 holiday arrangement the calendar holds."""

    def __init__(self, day: date) -> None:
        official = statutory_calendar()
        first, last = official.first_year, official.last_year
        super().__init__("day", f"a date in {first}–{last}", day)
        self.args = (f"{day}：工作日日历只收录{first}年至{last}年的法定节假日和调休安排（国务院办公厅通知），"
                     f"无法确定{day.year}年的工作日；请在 holidays/workdays 中给出该年的安排并传 statutory=False，"
                     "或升级 chinesecalendar",)


def _day(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(field, "a date (datetime.date)", value)
    return value


def is_working_day(day: date, holidays: Collection[date] = (), workdays: Collection[date] = (), *,
                   statutory: bool = True) -> bool:
    """Whether ``day`` is a working day: listed ``workdays`` are, listed ``holidays`` are not; otherwise
    China's statutory calendar decides (调休上班日 work, 法定节假日 rest, else Monday to Friday), or, with
    ``statutory=False``, Monday to Friday alone."""
    _day(day, "day")
    if day in workdays:
        return True
    if day in holidays:
        return False
    if statutory:
        official = statutory_calendar()
        if not official.first_year <= day.year <= official.last_year:
            raise CalendarNotCovered(day)
        if day in official.workdays:
            return True
        if day in official.holidays:
            return False
    return day.weekday() < 5


def add_working_days(start: date, count: int, holidays: Collection[date] = (), workdays: Collection[date] = (), *,
                     statutory: bool = True) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted; count ≥ 0)."""
    day = _day(start, "start")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise InvalidInput("count", "a non-negative int", count)
    while count:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays, statutory=statutory):
            count -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date] = (), workdays: Collection[date] = (),
                         *, statutory: bool = True) -> int:
    """How many working days fall in (start, end]; 0 if ``end`` is not after ``start``."""
    day, last = _day(start, "start"), _day(end, "end")
    days = 0
    while day < last:
        day += timedelta(days=1)
        days += is_working_day(day, holidays, workdays, statutory=statutory)
    return days


def rolled_over(day: date, holidays: Collection[date] = (), workdays: Collection[date] = (), *,
                statutory: bool = True) -> date:
    """遇节假日顺延: ``day`` itself if it is a working day, else the first working day after it."""
    day = _day(day, "day")
    while not is_working_day(day, holidays, workdays, statutory=statutory):
        day += timedelta(days=1)
    return day
