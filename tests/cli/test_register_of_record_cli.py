"""The must-show month through the CLI alone: a hazard found by a department, a penalty decision
confirmed for enterprise and principal, a suspension ordered and lifted, a tip-off verified and
rewarded, a typical case marked — and the 调度表 counts them with no activity entered by hand;
`hazardflow tick` twice for the same day records nothing the second time."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import INSPECTOR, PRINCIPAL, STAFF, Run, data
from click.testing import CliRunner

import hazardflow as hf
from hazardflow.cli.main import main

BUREAU = "沈阳市应急管理局"
PLAN = ("--responsible", "李四", "--measures", "加装隔断装置", "--funds", "80000", "--deadline", "2023-06-10",
        "--contingency", "煤气泄漏应急预案")


def table(run: Run, as_of: str) -> dict[tuple[str, str], str]:
    """(section, 序号) → the printed cell of the 宜明 调度表 as of ``as_of`` (two items a line)."""
    raw = run("dispatch", "--notice", "mingyueshan-2023", "--as-of", as_of, "--format", "csv").stdout_bytes
    section = ""
    out: dict[tuple[str, str], str] = {}
    for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))):
        if len(row) != 7:
            continue
        section = row[0].replace("\n", "") or section
        for i in (1, 4):
            if row[i]:
                out[(section, row[i])] = row[i + 2]
    return out


def month(run: Run) -> str:
    """The scripted month; the id of the department's hazard."""
    h = first_half(run)
    second_half(run, h)
    return h


def first_half(run: Run) -> str:
    """The month up to 06-16, in the order it happened; the id of the department's hazard."""
    h = run("hazard", "record", "--description", "转炉煤气回收系统未设置隔断装置", "--level", "重大事故隐患",
            "--source", "部门检查", "--enterprise", "沈阳某钢铁公司", "--sector", "金属冶炼", "--town", "铁西区",
            "--at", "2023-06-01 09:00", *INSPECTOR).stdout.strip()
    run("hazard", "report", "--id", h, "--kind", "发现报告", "--to", BUREAU, "--at", "2023-06-01 10:00", *PRINCIPAL)
    run("hazard", "assign", "--id", h, *PLAN, "--at", "2023-06-02 09:00", *PRINCIPAL)
    run("case", "open", "--id", "案-1", "--enterprise", "沈阳某钢铁公司", "--scope", "煤气系统", "--hazard", h,
        "--at", "2023-06-01 09:30", *INSPECTOR)
    run("tip", "receive", "--id", "举-1", "--content", "煤气柜无报警", "--enterprise", "沈阳某钢铁公司",
        "--at", "2023-06-05 09:00", *INSPECTOR)
    run("tip", "verify", "举-1", "--level", "重大事故隐患", "--sector", "金属冶炼", "--town", "铁西区",
        "--at", "2023-06-06 09:00", *INSPECTOR)
    decided = run("case", "decide", "案-1", "--hazard", h, "--number", "沈应急罚〔2023〕1号",
                  "--at", "2023-06-12 09:00", *INSPECTOR).stdout
    assert "一案双罚" in decided or "P4" in decided
    run("case", "confirm", "--number", "沈应急罚〔2023〕1号", "--fine-enterprise", "5", "--fine-principal", "2",
        "--at", "2023-06-12 10:00", *INSPECTOR)
    run("case", "publish", "案", "--number", "沈应急罚〔2023〕1号", "--at", "2023-06-13 09:00", *INSPECTOR)
    run("suspension", "order", "--id", "停-1", "--hazard", h, "--reason", "重大事故隐患无法保证安全",
        "--at", "2023-06-12 11:00", *INSPECTOR)
    run("hazard", "rectify", "--id", h, "--at", "2023-06-13 10:00", *STAFF)
    return h


def second_half(run: Run, h: str) -> None:
    """The rest of June: closing, lifting, the typical case, the reward."""
    run("hazard", "submit", "--id", h, "--evidence", "已加装隔断装置", "--at", "2023-06-20 09:00", *STAFF)
    run("hazard", "report", "--id", h, "--kind", "整改报告", "--to", BUREAU, "--at", "2023-06-20 10:00", *PRINCIPAL)
    run("hazard", "close", "--id", h, "--at", "2023-06-21 09:00", *INSPECTOR)
    run("suspension", "review", "停-1", "--review", "隐患已排除，同意恢复生产", "--at", "2023-06-21 10:00",
        *INSPECTOR)
    run("suspension", "lift", "停-1", "--at", "2023-06-22 08:00", *PRINCIPAL)
    run("case", "reinspect", "案-1", "--finding", "隔断装置已安装", "--at", "2023-06-22 09:00", *INSPECTOR)
    run("case", "close", "案-1", "--at", "2023-06-22 10:00", *INSPECTOR)
    run("case", "typical", "案-1", "--title", "煤气回收系统未设隔断装置被一案双罚",
        "--at", "2023-06-23 09:00", *INSPECTOR)
    run("tip", "reward", "举-1", "--amount", "0.5", "--at", "2023-06-25 09:00", *INSPECTOR)


def test_a_month_through_the_cli_fills_the_dispatch_table(run: Run, db: Path) -> None:
    month(run)
    enforce, lead = "部门精准严格执法情况", "党委政府组织领导情况"
    june = table(run, "2023-06-30")
    assert june[(enforce, "3")] == "1次，7万元"  # 行政处罚
    assert june[(enforce, "4")] == "1"  # 一案双罚
    assert june[(enforce, "6")] == "1"  # 责令停产整顿
    assert june[(enforce, "8")] == "1个，其中0个"  # 公布典型执法案例
    assert june[(lead, "5")] == "0.5万元，其中0.5万元"  # 举报奖励 (anonymous)
    before = table(run, "2023-06-11")
    assert before[(enforce, "3")] == "0次，0万元" and before[(lead, "5")] == "0万元，其中0万元"
    with hf.Ledger(f"sqlite:///{db}") as ledger:
        assert ledger.activities() == []  # nothing entered by hand
    shown = data(run("case", "show", "案-1", "--json"))
    assert shown["stage"] == "CLOSED" and shown["stage_label"] == "结案"
    assert [e["trigger"] for e in shown["events"]] == ["inspect", "penalize", "publish", "reinspect", "close"]
    assert data(run("suspension", "show", "停-1", "--json"))["stage"] == "RESUMED"
    assert data(run("tip", "show", "举-1", "--json"))["facts"]["reward"]["amount"] == "0.5"
    with hf.Ledger(f"sqlite:///{db}") as ledger:  # the typical-case list sent with the table names it
        cases = hf.reports.typical_cases(ledger, hf.notices.load("mingyueshan-2023"), date(2023, 6, 30)).cases
    assert [(c.unit, c.note) for c in cases] == [(BUREAU, "案-1：煤气回收系统未设隔断装置被一案双罚")]


def test_refusals_and_unknown_records_are_one_line(run: Run) -> None:
    h = month(run)
    refused = run("tip", "reward", "举-1", "--amount", "0.5", "--at", "2023-06-26 09:00", *INSPECTOR, ok=False)
    assert "P8" in refused.stderr and "不得重复奖励" in refused.stderr
    assert "not yet published" in run("case", "typical", "案-1", "--title", "再次", "--at", "2023-06-26",
                                      *INSPECTOR, ok=False).stderr
    assert "记录不存在" in run("case", "close", "无此案", "--at", "2023-06-26", *INSPECTOR, ok=False).stderr
    assert "H5" in run("case", "open", "--enterprise", "沈阳某钢铁公司", "--scope", "x", "--hazard", h,
                       "--at", "2023-06-26", *STAFF, ok=False).stderr


def test_a_record_command_opens_its_ledger_once(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    month(run)
    opened: list[str] = []

    class Counted(hf.Ledger):
        def __init__(self, url: str, **options: Any) -> None:
            opened.append(url)
            super().__init__(url, **options)

    monkeypatch.setattr(hf, "Ledger", Counted)
    assert data(run("case", "show", "案-", "--json"))["id"] == "案-1"  # found by its prefix, then shown
    assert len(opened) == 1
    run("tip", "reward", "举-1", "--amount", "0.5", "--at", "2023-06-26 09:00", *INSPECTOR, ok=False)
    assert len(opened) == 2


def test_tick_twice_for_the_same_day_records_nothing_new(run: Run) -> None:
    month(run)
    run("campaign", "join", "--notice", "shenyang-2023", "--participant", "沈阳某钢铁公司", "--kind", "enterprise",
        "--sector", "金属冶炼", "--at", "2023-05-20 09:00", *PRINCIPAL)
    first = data(run("tick", "--at", "2023-06-16 08:00", "--json"))
    assert [d["day"] for d in first] == ["2023-06-16"] and first[0]["obligations"]
    assert data(run("tick", "--at", "2023-06-16 20:00", "--json")) == []
    assert "无新记录" in run("tick", "--at", "2023-06-16 21:00").stdout
    caught_up = data(run("tick", "--at", "2023-06-18 08:00", "--json"))
    assert [d["day"] for d in caught_up] == ["2023-06-17", "2023-06-18"]
    status = data(run("campaign", "status", "--notice", "shenyang-2023", "--at", "2023-06-16", "--json"))
    assert status["units"][0]["step"] == "NOT_STARTED"


def test_a_second_demo_on_the_same_file_is_refused_unless_fresh(tmp_path: Path) -> None:
    ledger = tmp_path / "demo.db"
    assert CliRunner().invoke(main, ["demo", "--units", "10", "--db", str(ledger)]).exit_code == 0
    again = CliRunner().invoke(main, ["demo", "--units", "10", "--db", str(ledger)])
    assert again.exit_code == 2 and "--fresh" in again.stderr and "Traceback" not in again.output
    first = CliRunner().invoke(main, ["dispatch", "--notice", "shenyang-2023", "--as-of", "2023-12-31",
                                      "--db", str(ledger)]).stdout
    assert CliRunner().invoke(main, ["demo", "--units", "10", "--db", str(ledger), "--fresh"]).exit_code == 0
    assert CliRunner().invoke(main, ["dispatch", "--notice", "shenyang-2023", "--as-of", "2023-12-31",
                                     "--db", str(ledger)]).stdout == first


def test_spot_checks_fill_their_rows_from_records_as_of_a_date(run: Run) -> None:
    spot = "对企业自查自改进行抽查检查情况"
    first = data(run("spotcheck", "record", "--id", "抽-1", "--enterprise", "沈阳某钢铁公司", "--finding",
                     "企业主要负责人未带队检查", "--finding", "外包外租安全管理混乱", "--at", "2023-06-05 09:00",
                     *INSPECTOR, "--json"))
    assert first["kind"] == "spotcheck" and first["events"][0]["trigger"] == "check"
    assert sorted(first["facts"]["check"]["findings_labels"]) == [
        "企业主要负责人未带队检查", "外包外租安全管理混乱"]
    run("spotcheck", "record", "--id", "抽-2", "--enterprise", "沈阳某钢铁公司",
        "--finding", "企业主要负责人未带队检查", "--at", "2023-06-20 09:00", *INSPECTOR)
    run("spotcheck", "record", "--enterprise", "沈阳某化工公司", "--at", "2023-06-21 09:00", *INSPECTOR)
    june = table(run, "2023-06-30")
    assert [june[(spot, n)] for n in ("1", "3", "7")] == ["2", "1", "1"]  # checked; 未带队检查; 外包外租 (家)
    assert [table(run, "2023-06-16")[(spot, n)] for n in ("1", "3", "7")] == ["1", "1", "1"]
    assert "H5" in run("spotcheck", "record", "--enterprise", "沈阳某钢铁公司", "--at", "2023-06-22", *STAFF,
                       ok=False).stderr
    assert "not yet recorded" in run("spotcheck", "record", "--id", "抽-1", "--enterprise", "沈阳某钢铁公司",
                                     "--at", "2023-06-22", *INSPECTOR, ok=False).stderr
    assert "Finding" in run("spotcheck", "record", "--enterprise", "沈阳某钢铁公司", "--finding", "无此项",
                            "--at", "2023-06-22", *INSPECTOR, ok=False).stderr
    shown = data(run("spotcheck", "show", "--id", "抽-2", "--json"))
    assert shown["facts"]["check"]["inspection"]["signature"]["by"]["name"] == "王五"


def test_the_tick_records_the_weeks_of_a_listing_not_dispatched(run: Run) -> None:
    h = run("hazard", "record", "--description", "转炉煤气回收系统未设置隔断装置", "--level", "重大事故隐患",
            "--source", "部门检查", "--enterprise", "沈阳某钢铁公司", "--sector", "金属冶炼", "--town", "铁西区",
            "--at", "2023-06-01 09:00", *INSPECTOR).stdout.strip()
    refused = run("listing", "dispatch", "--hazard", h, "--progress", "未挂牌", "--at", "2023-06-01 10:00", *INSPECTOR,
                  ok=False)
    assert "H7" in refused.stderr and "未处于挂牌督办期间" in refused.stderr
    run("hazard", "list-for-supervision", "--id", h, "--title", "挂牌督办通知", "--number", "沈安委〔2023〕7号",
        "--at", "2023-06-02 09:00", *INSPECTOR)
    run("hazard", "report", "--id", h, "--kind", "发现报告", "--to", BUREAU, "--at", "2023-06-02 10:00", *PRINCIPAL)
    run("hazard", "assign", "--id", h, *PLAN, "--at", "2023-06-02 11:00", *PRINCIPAL)  # deadline 06-10 (H8)
    run("listing", "dispatch", "--hazard", h, "--progress", "隔断装置已订货", "--at", "2023-06-05 09:00", *INSPECTOR)
    assert "H7" in run("listing", "dispatch", "--hazard", h, "--progress", "企业自报", "--at", "2023-06-05 10:00",
                       *STAFF, ok=False).stderr
    first = data(run("tick", "--at", "2023-06-10 08:00", "--json"))
    assert [d["day"] for d in first] == ["2023-06-10"]
    assert [(w["start"], w["done"]) for w in first[0]["dispatches"]] == [("2023-06-09", None)]  # week 2, due 06-15
    assert data(run("tick", "--at", "2023-06-10 20:00", "--json")) == []
    caught_up = data(run("tick", "--at", "2023-06-17 08:00", "--json"))
    assert [d["day"] for d in caught_up] == [f"2023-06-{n}" for n in range(11, 18)]
    assert [len(d["dispatches"]) for d in caught_up] == [1, 1, 1, 1, 1, 2, 2]  # week 3 begins on 06-16
    assert first[0]["escalations"] == [] and all(  # H8: overdue from 06-11, as it stood each day
        [e["hazard"] for e in d["escalations"]] == [h] for d in caught_up)
    assert caught_up[-1]["escalations"][0]["days_overdue"] == 7
    assert "挂牌督办未周调度2周" in run("tick", "--at", "2023-06-18 08:00").stdout
    shown = data(run("listing", "show", "--id", h, "--json"))
    assert [e["trigger"] for e in shown["events"]] == ["dispatch"]


def test_the_tables_of_june_16_produced_then_and_after_later_events_are_byte_identical(run: Run) -> None:
    def tables() -> list[bytes]:
        return [run("register", "--as-of", "2023-06-16", "--format", "csv").stdout_bytes,
                run("register", "--as-of", "2023-06-16").stdout_bytes,
                run("dispatch", "--notice", "mingyueshan-2023", "--as-of", "2023-06-16",
                    "--format", "csv").stdout_bytes]

    h = first_half(run)
    on_the_day = tables()
    assert "整改中" in on_the_day[1].decode() and "1次，7万元" in on_the_day[2].decode("utf-8-sig")
    second_half(run, h)  # closed on 06-21
    run("hazard", "reopen", "--id", h, "--reason", "回头看发现纸面整改", "--at", "2023-07-10 09:00", *INSPECTOR)
    run("hazard", "list-for-supervision", "--id", h, "--title", "挂牌督办通知", "--number", "沈安委〔2023〕9号",
        "--at", "2023-07-11 09:00", *INSPECTOR)
    run("spotcheck", "record", "--enterprise", "沈阳某钢铁公司", "--at", "2023-07-12 09:00", *INSPECTOR)
    assert tables() == on_the_day
    later = run("register", "--as-of", "2023-07-31").stdout
    assert "沈安委〔2023〕9号" in later and "回头看发现虚假整改1次" in later
