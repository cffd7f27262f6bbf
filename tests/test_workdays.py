"""hazardflow.workdays: China's statutory holidays and 调休 workdays, overridable, refusing years it lacks."""

from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest

import hazardflow as hf
from hazardflow import workdays
from hazardflow.campaign.periods import dispatch_slots


class TestChinaCalendar:
    @pytest.mark.parametrize(("day", "working"), [
        (date(2023, 6, 21), True),   # Wednesday before 端午
        (date(2023, 6, 22), False),  # 端午节
        (date(2023, 6, 23), False),  # 调休 day off (a Friday)
        (date(2023, 6, 24), False),  # Saturday
        (date(2023, 6, 25), True),   # Sunday, 调休上班
        (date(2023, 10, 6), False),  # 国庆 (a Friday)
        (date(2023, 10, 7), True),   # Saturday, 调休上班
        (date(2024, 2, 18), True),   # Sunday after 春节, 调休上班
        (date(2020, 1, 19), True),   # 五华's years are covered too
    ])
    def test_statutory_days(self, day: date, working: bool) -> None:
        assert hf.is_working_day(day) is working

    def test_own_lists_override_day_by_day(self) -> None:
        assert not hf.is_working_day(date(2023, 6, 25), {date(2023, 6, 25)})
        assert hf.is_working_day(date(2023, 6, 22), (), {date(2023, 6, 22)})
        assert hf.is_working_day(date(2023, 6, 22), statutory=False)

    def test_seven_working_days_around_national_day(self) -> None:
        # 09-28 (Thu): 09-29..10-06 off, 10-07 and 10-08 work → 10-07, 08, 09, 10, 11, 12, 13
        assert hf.add_working_days(date(2023, 9, 28), 7) == date(2023, 10, 13)
        assert hf.add_working_days(date(2023, 9, 28), 7, statutory=False) == date(2023, 10, 9)
        assert hf.working_days_between(date(2023, 9, 28), date(2023, 10, 13)) == 7

    @pytest.mark.parametrize(("due", "rolled"), [
        (date(2023, 9, 28), date(2023, 9, 28)),  # a working day stays
        (date(2023, 9, 29), date(2023, 10, 7)),  # 遇节假日顺延 to the 调休 Saturday
        (date(2023, 6, 24), date(2023, 6, 25)),
    ])
    def test_rolled_over(self, due: date, rolled: date) -> None:
        assert hf.rolled_over(due) == rolled

    def test_a_year_the_calendar_lacks_is_refused_in_chinese(self) -> None:
        last = workdays.statutory_calendar().last_year
        beyond = date(last + 1, 3, 2)
        with pytest.raises(hf.CalendarNotCovered, match=f"{last + 1}年") as error:
            hf.publication_deadline(beyond)
        assert isinstance(error.value, hf.InvalidInput) and "国务院办公厅" in str(error.value)
        assert hf.publication_deadline(beyond, statutory=False) > beyond
        with pytest.raises(hf.CalendarNotCovered):
            hf.add_working_days(date(last, 12, 30), 5)

    def test_bad_input(self) -> None:
        with pytest.raises(hf.InvalidInput, match="day"):
            hf.is_working_day(datetime(2023, 6, 1, tzinfo=hf.SHANGHAI))
        with pytest.raises(hf.InvalidInput, match="count"):
            hf.add_working_days(date(2023, 6, 1), -1)


def test_c6_roll_over_uses_the_calendar_without_lists() -> None:
    """宜明办字〔2023〕23号 四 “每月16日前报送，遇节假日顺延”: the profile's own lists agree with the calendar."""
    cadence = hf.notices.load("mingyueshan-2023").cadence
    assert cadence is not None
    bare = attrs.evolve(cadence, holidays=frozenset(), workdays=frozenset())
    days = [s.due.date() for s in dispatch_slots(bare)]
    assert days == [s.due.date() for s in dispatch_slots(cadence)]
    assert days[1] == date(2023, 7, 17) and days[3] == date(2023, 9, 18)
