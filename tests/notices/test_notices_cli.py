"""`hazardflow notices show` prints the cadences as the notices word them and 五华's targets; `notices targets`."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from hazardflow.cli.main import main


def run(*args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "240"})
    assert (result.exit_code == 0) is ok, result.output
    return result


def test_cadences_are_shown_with_their_hour_and_the_yearly_summary_by_year_end() -> None:
    assert "每月27日10:00前" in run("notices", "show", "wushan-2023").stdout
    wuhua = run("notices", "show", "wuhua-2020").stdout
    assert "每年12月31日前" in wuhua and "每周星期" not in wuhua
    assert "每周星期日前" in run("notices", "show", "dongsheng-2023").stdout


def test_wuhua_targets_appear_with_their_lead_units_and_due_dates() -> None:
    out = run("notices", "show", "wuhua-2020").stdout
    assert "县交通运输局、县公安局" in out and "县消防救援大队" in out and "危险废物等安全整治" in out
    row = next(line for line in out.splitlines() if "hazchem-alarms" in line)
    assert "县应急管理局" in row and "2020-12-31" in row and "100%" in row and "三(三)1" in row


def test_shenyang_tasks_are_shown_with_their_dates_and_clauses() -> None:
    row = next(line for line in run("notices", "show", "shenyang-2023").stdout.splitlines() if "plan-filing" in line)
    assert "2023-06-30" in row and "金属冶炼" in row and "三(一)5" in row


def test_a_county_marks_a_target_met() -> None:
    def status(*marks: str) -> dict[str, dict[str, object]]:
        out = run("notices", "targets", "wuhua-2020", "--at", "2021-01-04", *marks, "--json").stdout
        return {t["id"]: t for t in json.loads(out)}

    before = status()["hazchem-alarms"]
    assert (before["met"], before["overdue"], before["lead"]) == (False, True, ["县应急管理局"])
    after = status("--met", "hazchem-alarms=100%")
    assert (after["hazchem-alarms"]["met"], after["hazchem-alarms"]["measured"]) == (True, "100%")
    assert after["mines-closed"]["overdue"] is False                  # due 2022-12-31
    text = run("notices", "targets", "wuhua-2020", "--at", "2021-01-04", "--met", "hazchem-alarms=100%").stdout
    assert "已完成（100%）" in text and "逾期未完成" in text


def test_an_unknown_target_is_bad_input() -> None:
    result = run("notices", "targets", "wuhua-2020", "--at", "2021-01-04", "--met", "nope", ok=False)
    assert result.exit_code == 2 and "nope" in result.stderr and "Traceback" not in result.output
