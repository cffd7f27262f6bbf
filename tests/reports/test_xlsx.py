"""The XLSX a clerk submits as it is, read back with openpyxl: sheet name, A4 and fit to page, print
area and titles, borders, fonts, merged cells, wrapped line breaks, dates and numbers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from files import dispatch, filled, labels

import hazardflow as hf

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")
MergedCell = openpyxl.cell.cell.MergedCell


def fit(ws: object) -> tuple[int, int]:
    """Pages wide and tall the sheet is fit to (an absent attribute is OOXML's default, 1)."""
    setup = ws.page_setup  # type: ignore[attr-defined]
    return tuple(1 if v is None else int(v) for v in (setup.fitToWidth, setup.fitToHeight))  # type: ignore[return-value]


@pytest.fixture
def ledger(tmp_path: Path, inspector: hf.Actor, make: Callable[..., hf.Hazard]) -> hf.Ledger:
    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'xlsx.db'}")
    filled(ledger, inspector, make)
    return ledger


@pytest.mark.parametrize(("variant", "lines"), [("shenyang", 12), ("mingyueshan", 16)])
def test_each_dispatch_table_is_set_up_to_print_on_one_a4_page(ledger: hf.Ledger, tmp_path: Path, variant: str,
                                                               lines: int) -> None:
    path = tmp_path / f"{variant}.xlsx"
    dispatch(ledger, variant).to_xlsx(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["调度表"]
    ws = book["调度表"]
    assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert fit(ws) == (1, 1)
    assert ws.print_area and ws.print_options.horizontalCentered
    heading = 2 if variant == "shenyang" else 1
    top = 1 + heading + (1 if variant == "mingyueshan" else 0) + 1
    assert ws.cell(1, 1).value == ("附件" if variant == "shenyang" else "附件1")
    assert ws.cell(1, 1).font.name == "黑体" and ws.cell(2, 1).font.name == "宋体" and ws.cell(2, 1).font.b
    section = ws.cell(top, 1)
    assert section.value == "总体\n情况" and section.alignment.wrap_text
    assert f"A{top}:A{top + 2}" in {str(r) for r in ws.merged_cells.ranges}
    body = list(ws.iter_rows(min_row=top, max_row=top + lines - 1))
    cells = [c for row in body for c in row if not isinstance(c, MergedCell)]  # a merged range: its first cell
    assert all(c.border.left.style == c.border.bottom.style == c.border.top.style == "thin" for c in cells)
    assert all(c.font.name == "宋体" and c.font.charset == 134 for c in cells)  # GB2312: a Chinese fallback
    assert [row[1].value for row in body[:3]] == [1, 3, 5] and isinstance(body[0][3].value, int)
    printed = {str(c.value).replace("\n", "") for row in body for c in row if isinstance(c.value, str)}
    assert set(labels(variant)) <= printed
    assert "1次、3.5万元" in printed or "1次，3.5万元" in printed
    assert ws.cell(top + lines, 1).value.startswith("注：") and ws.cell(top + lines, 1).font.name == "仿宋"


def test_the_register_prints_one_page_wide_with_its_header_on_every_page(ledger: hf.Ledger, tmp_path: Path,
                                                                         plan: hf.Plan) -> None:
    path = tmp_path / "清单.xlsx"
    hf.reports.register(ledger, datetime(2023, 6, 30).date()).to_xlsx(path)
    ws = openpyxl.load_workbook(path)["清单"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and fit(ws) == (1, 0)
    assert ws.print_title_rows == "$3:$3"
    assert [c.value for c in ws[3]][:2] == ["序号", "乡镇/\n部门"]
    assert all(c.border.top.style == "thin" for c in ws[4])
    assert ws.cell(4, 1).value == 1 and ws.cell(4, 5).value.startswith("【重大】隐患0")
    assert ws.cell(2, 1).value == "重大隐患（重点隐患）清单" and ws.max_row == 3 + 3


def test_a_deadline_is_a_date_cell(tmp_path: Path, make: Callable[..., hf.Hazard], plan: hf.Plan,
                                   principal: hf.Actor) -> None:
    from tests.conftest import at

    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'd.db'}")
    h = make()
    h.report(kind=hf.ReportKind.FOUND, to="铁西区应急管理局", at=at(6, 2, 8), by=principal)
    h.assign(plan=plan, at=at(6, 2), by=principal)
    ledger.add(h)
    path = tmp_path / "清单.xlsx"
    hf.reports.register(ledger, datetime(2023, 6, 30).date()).to_xlsx(path)
    cell = openpyxl.load_workbook(path)["清单"].cell(4, 8)
    assert cell.value == datetime(2023, 6, 30) and cell.is_date
