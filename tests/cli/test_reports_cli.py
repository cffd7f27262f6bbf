"""`hazardflow dispatch` / `register`: text, CSV with a BOM, XLSX with the same figures; `notices`, `diagram`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
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
        run("hazard", trigger, closed, *options)


def figures(rows: list[list[str]]) -> dict[str, str]:
    """Label → 数量 of the table's lines, two items a line (序号, 内容, 数量 after the section cell)."""
    return {str(row[i]).replace("\n", ""): str(row[i + 1]) for row in rows if len(row) == 7 for i in (2, 5)
            if str(row[i]).replace("\n", "") in LABELS}


def item_lines(text: str) -> list[str]:
    """The table's lines of a printed 调度表: between the title block and the notes."""
    body = text.split("\n\n")[1]
    return body.splitlines()


@pytest.mark.usefixtures("ledger")
def test_dispatch_text_is_twelve_lines_two_items_each_no_header_and_the_notes(run: Run) -> None:
    text = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "text").stdout
    head, _, rest = text.partition("\n\n")
    assert head.split() == ["附件", "全市工贸行业重大事故隐患专项排查整治", "2023行动进展情况调度表"]
    lines = item_lines(text)
    assert len(lines) == 12
    assert lines[0].split() == ["总体情况", "1", LABELS[0], "2", "2", LABELS[1], "1"]
    assert lines[1].split() == ["3", LABELS[2], "1", "4", LABELS[3], "0"]
    assert lines[3].split()[:2] == ["对企业自查自改进行抽查检查情况", "1"]
    assert lines[7].split()[:3] == ["部门精准严格执法情况", "1", "帮扶指导重点市、县（个次）"]
    assert lines[8].split()[:4] == ["3", "行政处罚（次、万元）", "0次、0万元", "4"]
    assert not any(word in text for word in ("项目", "序号", "截至", "其中/金额"))
    notes = rest.split("\n\n")[1]
    assert notes.startswith("注：1.制造业处对各地区工作进展情况进行月调度。") and "2.调度表内容应围绕" in notes


@pytest.mark.usefixtures("ledger")
def test_dispatch_csv_has_a_bom_and_the_figures(run: Run, tmp_path: Path) -> None:
    raw = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "csv").stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[:2] == [["附件"], ["全市工贸行业重大事故隐患专项排查整治2023行动进展情况调度表"]]
    assert len([r for r in rows if len(r) == 7]) == 12
    assert figures(rows) == dict(zip(LABELS, ["2", "1", "1", "0"], strict=True))
    earlier = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-24", "--format", "csv").stdout_bytes
    assert figures(list(csv.reader(io.StringIO(earlier.decode("utf-8-sig")))))[LABELS[1]] == "0"
    out = tmp_path / "dispatch.csv"
    run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "csv", "--output", str(out))
    assert out.read_bytes() == raw


@pytest.mark.usefixtures("ledger")
def test_dispatch_xlsx_and_pdf_hold_the_same_figures_as_the_csv(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "调度表.xlsx"
    result = run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-30", "--format", "xlsx",
                 "--output", str(out))
    assert "已写入 (written)" in result.stderr
    sheet = load_workbook(out)["调度表"]
    cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert figures(cells) == dict(zip(LABELS, ["2", "1", "1", "0"], strict=True))
    pdf = tmp_path / "调度表.pdf"
    run("dispatch", "--notice", "mingyueshan-2023", "--as-of", "2023-06-30", "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "须用 --output" in run("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-28", "--format",
                                  "pdf", ok=False).stderr


@pytest.mark.usefixtures("ledger")
def test_a_department_reports_the_two_sections_note_1_allows(run: Run) -> None:
    ask = ("dispatch", "--notice", "mingyueshan-2023", "--as-of", "2023-06-28", "--jurisdiction", "区应急管理局")
    text = run(*ask, "--org-kind", "部门").stdout
    assert "单位：区应急管理局" in text and "时间：2023年6月28日" in text
    sections = [line.split()[0] for line in item_lines(text) if not line[0].isspace()]
    assert sections == ["对企业自查自改进行抽查检查情况", "部门精准严格执法情况"]
    town = run("dispatch", "--notice", "mingyueshan-2023", "--as-of", "2023-06-28", "--jurisdiction", "温汤镇",
               "--org-kind", "乡镇").stdout
    assert [line.split()[0] for line in item_lines(town) if not line[0].isspace()] == [
        "总体情况", "对企业自查自改进行抽查检查情况", "部门精准严格执法情况", "党委政府组织领导情况"]
    assert "--org-kind" in run(*ask, ok=False).stderr
    assert "企业不报送调度表" in run(*ask, "--org-kind", "企业", ok=False).stderr


@pytest.mark.usefixtures("ledger")
def test_the_monthly_bundle(run: Run, tmp_path: Path) -> None:
    ask = ("dispatch", "--notice", "mingyueshan-2023", "--as-of", "2023-06-28", "--bundle")
    text = run(*ask).stdout
    parts = text.split("\f")
    assert len(parts) == 3 and "附件1" in parts[0] and "附件2" in parts[1] and "典型案例" in parts[2]
    run(*ask, "--format", "xlsx", "--output", str(tmp_path / "六月"))
    assert sorted(p.name for p in (tmp_path / "六月").iterdir()) == ["典型案例.xlsx", "清单.xlsx", "调度表.xlsx"]
    assert "--output" in run(*ask, "--format", "pdf", ok=False).stderr


@pytest.mark.usefixtures("ledger")
def test_register_csv_and_xlsx(run: Run, tmp_path: Path) -> None:
    raw = run("register", "--as-of", "2023-06-30", "--format", "csv").stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[:2] == [["附件2"], ["重大隐患（重点隐患）清单"]] and rows[2][1] == "乡镇/部门" and len(rows) == 3 + 3
    assert [r[-1] for r in rows[3:]] == ["已完成整改并销号", "已登记，待交办", "已登记，待交办"]
    assert [r[4] for r in rows[3:]] == ["【重大】煤气柜未设置泄漏报警"] * 3 and rows[3][7] == "2023年6月30日"
    out = tmp_path / "清单.xlsx"
    run("register", "--as-of", "2023-06-30", "--format", "xlsx", "--output", str(out))
    cells = [["" if v is None else v for v in row]
             for row in load_workbook(out)["清单"].iter_rows(min_row=4, values_only=True)]
    assert [r[:7] for r in cells] == [[int(r[0]), *r[1:7]] for r in rows[3:]]
    assert cells[0][7] == datetime(2023, 6, 30)
    assert "煤气柜未设置泄漏报警" in run("register", "--as-of", "2023-06-30", "--unit", "铁西区").stdout
    signed = run("register", "--as-of", "2023-06-30", "--jurisdiction", "铁西区", "--signatures").stdout
    assert "填报单位：铁西区" in signed and "审核人：" in signed


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


def test_the_variant_option_offers_every_printed_layout() -> None:
    """``dispatch --variant`` takes its choices from the profile format (so that ``--help`` need not import the
    reports): exactly the layouts `reports.layout.FORMS` prints, "none" (a notice without a table) aside."""
    from hazardflow.cli.report_commands import PRINTED
    from hazardflow.notices.profile import VARIANTS
    from hazardflow.reports.layout import FORMS

    assert sorted(FORMS) == PRINTED and set(VARIANTS) == {*FORMS, "none"}
