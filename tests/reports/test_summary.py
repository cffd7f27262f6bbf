"""The overview's figures (`reports.overview`) against the reports they summarise, on a demo register:
the trend's month-end points are that day's 调度表 总体情况, the counts by level and source add up to
it, the overdue major hazards are the 清单's 逾期 rows; one page of the 清单 (`register_page`) is that
slice of `register`, rebuilt as of the same day."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

import hazardflow as hf
from hazardflow.reports.summary import months
from tests.reports.rebuilt import assert_overview_is_rebuilt

NOTICE = hf.notices.load("shenyang-2023")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[hf.Ledger]:
    db = tmp_path_factory.mktemp("summary") / "demo.db"
    subprocess.run([sys.executable, "-c", "from hazardflow.cli.main import main; main()", "demo", "--units", "20",
                    "--db", str(db)], check=True, capture_output=True)
    with hf.Ledger(f"sqlite:///{Path(db)}") as opened:
        yield opened


def _places(ledger: hf.Ledger) -> list[str]:
    return sorted({h.jurisdiction for h in ledger.find()})


def test_months_end_each_month_and_the_last_on_the_day() -> None:
    assert months(date(2023, 5, 22), date(2023, 9, 15)) == [
        date(2023, 5, 31), date(2023, 6, 30), date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 15)]
    assert months(date(2023, 5, 22), date(2023, 5, 22)) == [date(2023, 5, 22)]


@pytest.mark.parametrize("day", [date(2023, 8, 31), date(2023, 11, 30)])
def test_overview_agrees_with_the_dispatch_table_and_the_register(ledger: hf.Ledger, day: date) -> None:
    places = _places(ledger)
    for place in places:
        o = hf.reports.overview(ledger, NOTICE, day, place, places)
        table = hf.reports.dispatch_table(ledger, NOTICE, day, unit=place)
        overall = {r.number: r.figures[0] for r in table.rows if r.section == table.sections[0]}
        assert o.table == table
        assert (o.trend[-1].found, o.trend[-1].closed) == (overall[1] + overall[3], overall[2] + overall[4])
        major = [c for c in o.counts if c.level is hf.Level.MAJOR]
        assert sum(c.found for c in major) == overall[1] + overall[3]
        assert sum(c.closed for c in major if c.source is hf.Source.SELF_CHECK) == overall[2]
        assert sum(c.listed for c in major) == overall[5]
        assert [r.label for r in o.enforcement] == [r.label for r in table.rows if r.section == "部门精准严格执法情况"]
    register = hf.reports.register(ledger, day)
    late = [r for r in register.rows if r.grade == "重大" and "已逾期" in r.progress]
    assert sum(n for _, n in o.overdue_by_town) == len(late)
    assert dict(o.overdue_by_town) == {p: sum(1 for r in late if r.unit == p) for p in {r.unit for r in late}}


def test_a_register_page_is_that_slice_rebuilt_as_of_the_day(ledger: hf.Ledger) -> None:
    day = date(2023, 9, 30)
    whole = hf.reports.register(ledger, day)
    page = hf.reports.register_page(ledger, day, offset=5, limit=7)
    assert page.total == len(whole.rows) and page.table.rows == whole.rows[5:12]
    enterprise = whole.rows[0].enterprise
    own = hf.reports.register_page(ledger, day, enterprise=enterprise, limit=1000)
    assert {r.enterprise for r in own.table.rows} == {enterprise}
    assert [r.number for r in own.table.rows] == list(range(1, own.total + 1))
    assert own.total == sum(1 for r in whole.rows if r.enterprise == enterprise)
    assert len(own.hazard_ids) == len(own.table.rows)


@pytest.mark.parametrize("day", [date(2023, 6, 20), date(2023, 8, 31), date(2023, 10, 15), date(2023, 12, 31)])
def test_overview_counts_are_those_of_every_hazard_rebuilt_as_of_the_day(ledger: hf.Ledger, day: date) -> None:
    """The SQL over the facts (`reports.summary`) against the domain itself: each hazard found in the
    campaign rebuilt from its events before the day's end, its stage, listing and 逾期 (H8) read off it."""
    assert_overview_is_rebuilt(ledger, NOTICE, day, _places(ledger))


@pytest.mark.parametrize("day", [date(2023, 5, 20), date(2023, 6, 20), date(2023, 10, 15)])
def test_overview_steps_are_each_participation_loaded_as_of_the_day(ledger: hf.Ledger, day: date) -> None:
    moment = datetime.combine(day, time.max, hf.SHANGHAI)
    steps: Counter[str] = Counter()
    for record_id in ledger.record_ids("participation"):
        try:
            steps[ledger.load("participation", record_id, until=moment).step.label] += 1
        except hf.NotFound:
            continue  # not joined yet
    o = hf.reports.overview(ledger, NOTICE, day, _places(ledger)[0], _places(ledger))
    assert dict(o.steps) == dict(steps)
    assert steps or day == date(2023, 5, 20)
