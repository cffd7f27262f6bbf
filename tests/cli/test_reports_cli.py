"""`hazardflow dispatch` / `register`: text, CSV with a BOM, XLSX with the same figures; `notices`, `diagram`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import INSPECTOR, PRINCIPAL, STAFF, Run, data
from openpyxl import load_workbook

PLAN = ("--responsible", "李四", "--measures", "加装报警仪", "--funds", "50000", "--deadline", "2023-06-30",
        "--contingency", "煤气泄漏应急预案")
LABELS = ["企业自查发现的重大事故隐患（个）", "企业自查发现重大事故隐患中已完成整改的（个）",
          "部门检查发现的重大事故隐患（个）", "部门检查发现重大事故隐患中已完成整改的（个）"]


@pytest.fixture
def ledger(run: Run, record: Callable[..., str]) -> None:
    """Two self-checked major hazards (one closed on 06-25), one found by a department, one general."""
    closed = record()
    record(at="2023-06-16 10:00")
    record(source="部门检查", at="2023-06-16 11:00")
    record(level="一般事故隐患", at="2023-06-16 12:00")
    for trigger, *options in [
        ("report", "--kind", "发现报告", "--to", "沈阳市应急管理局", "--at", "2023-06-16 10:00", *STAFF),
        ("assign", *PLAN, "--at", "2023-06-17", *PRINCIPAL),
        ("rectify", "--at", "2023-06-18", *STAFF),
        ("submit", "--evidence", "已安装", "--at", "2023-06-24", *STAFF),
        ("report", "--kind", "整改报告", "--to", "沈阳市应急管理局", "--at", "2023-06-24 12:00", *STAFF),
        ("close", "--at", "2023-06-25", *INSPECTOR),
    ]:
        run("hazard", trigger, "--id", closed, *options)


def figures(rows: list[list[str]]) -> dict[str, str]:
    return {row[2]: str(row[3]) for row in rows if len(row) > 3 and row[2] in LABELS}


@pytest.mark.usefixtures("ledger")
def test_dispatch_csv_has_a_bom_and_the_figures(run: Run, tmp_path: Path) -> None:
    raw = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "csv").stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["全市工贸行业重大事故隐患专项排查整治2023行动进展情况调度表"]
    assert figures(rows) == dict(zip(LABELS, ["2", "1", "1", "0"], strict=True))
    earlier = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-24", "--format", "csv").stdout_bytes
    assert figures(list(csv.reader(io.StringIO(earlier.decode("utf-8-sig")))))[LABELS[1]] == "0"
    out = tmp_path / "dispatch.csv"
    run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "csv", "--output", str(out))
    assert out.read_bytes() == raw


@pytest.mark.usefixtures("ledger")
def test_dispatch_xlsx_holds_the_same_figures_as_the_csv(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "调度表.xlsx"
    result = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "xlsx",
                 "--output", str(out))
    assert "已写入 (written)" in result.stderr
    sheet = load_workbook(out).active
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    raw = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "csv").stdout_bytes
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert figures(cells) == figures(rows) == dict(zip(LABELS, ["2", "1", "1", "0"], strict=True))
    every = [[str(v) for v in row[1:]] for row in cells[3:]]
    assert every == [row[1:] for row in rows[3:]]


@pytest.mark.usefixtures("ledger")
def test_dispatch_text_unit_and_variant(run: Run) -> None:
    text = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30").stdout
    assert "截至：2023年6月30日" in text and "企业自查发现的重大事故隐患（个）" in text
    other = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--variant", "mingyueshan",
                "--unit", "别的区").stdout
    assert "单位：别的区" in other


@pytest.mark.usefixtures("ledger")
def test_register_csv_and_xlsx(run: Run, tmp_path: Path) -> None:
    raw = run("register", "--as-of", "2023-06-30", "--format", "csv").stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["重大隐患（重点隐患）清单"] and len(rows) == 3 + 3
    assert [r[-1] for r in rows[3:]] == ["已完成整改并销号", "已登记，待交办", "已登记，待交办"]
    out = tmp_path / "清单.xlsx"
    run("register", "--as-of", "2023-06-30", "--format", "xlsx", "--output", str(out))
    cells = [["" if v is None else str(v) for v in row]
             for row in load_workbook(out).active.iter_rows(min_row=4, values_only=True)]
    assert cells == rows[3:]
    assert "煤气柜未设置泄漏报警" in run("register", "--as-of", "2023-06-30", "--unit", "铁西区").stdout


def test_notices_list_and_show(run: Run) -> None:
    listed = {n["id"]: n for n in data(run("notices", "--json"))}
    assert listed["shenyang-2023"]["number"] == "沈应急发〔2023〕27号"
    assert listed["shenyang-2023"]["phases"] == ["动员部署", "隐患排查治理", "执法督导", "总结提升"]
    shown = data(run("notices", "show", "shenyang-2023", "--json"))
    assert [(p["kind"], p["kind_label"], p["name"]) for p in shown["phases"]][2] == ("REMEDIATION", "整治", "执法督导")
    assert all(p["start"] <= p["end"] for p in shown["phases"]) and shown["cadence"]["every_label"] == "每月"
    text = run("notices", "show", "shenyang-2023").stdout
    assert "执法督导" in text and "阶段任务 (deliverables)" in text and "调度 (cadence)" in text
    assert "shenyang-2023" in run("notices").stdout
    assert "未知的通知 (unknown notice)" in run("notices", "show", "nowhere", ok=False).stderr


def test_diagram_prints_three_machines(run: Run) -> None:
    out = run("diagram").stdout
    assert out.count("stateDiagram-v2") == 3
    for title in ("%% 隐患闭环", "%% 专项行动阶段", "%% 执法案件"):
        assert title in out
    assert "发现 --> 交办: 交办 H1 H2 H4" in out and "动员部署 --> 排查: 进入下一阶段 C1 C2" in out
    assert "行政处罚 --> 结案: 结案 P1 H5" in out
