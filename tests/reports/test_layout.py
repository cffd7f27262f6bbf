"""The attachments' layout: text line for line against the notices' own text, compound cells, the
sections a unit reports (宜明办字〔2023〕23号 附件1 注1), the 清单's marks and dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from attachments import attachment, squeeze

import hazardflow as hf
from hazardflow.notices.profile import UnitKind
from hazardflow.reports import layout
from hazardflow.reports.render import lines, to_text
from tests.conftest import at


def blank(variant: str) -> str:
    form = layout.FORMS[variant]
    return to_text(form.sheet(None, [s.title for s in form.sections], None, None))


@pytest.mark.parametrize("variant", sorted(layout.FORMS))
def test_the_blank_form_prints_as_the_attachment_line_for_line(variant: str) -> None:
    expected = attachment(variant)
    printed = [squeeze(line) for line in blank(variant).splitlines() if line.strip()]
    table = len(expected) - 1
    assert printed[:table] == expected[:table]
    assert "".join(printed[table:]) == expected[-1]


@pytest.mark.parametrize(("variant", "count"), [("shenyang", 12), ("mingyueshan", 16)])
def test_two_items_a_line_under_a_spanning_section_cell(variant: str, count: int) -> None:
    form = layout.FORMS[variant]
    sheet = form.sheet(None, [s.title for s in form.sections], None, None)
    assert len(sheet.rows) == count and not sheet.header
    assert [s.rows for s in sheet.spans] == [(len(s.rows) + 1) // 2 for s in form.sections]
    assert [line[1] for line in lines(sheet)][:4] == ["1", "3", "5", "1"]
    assert [line[4] for line in lines(sheet)][:3] == ["2", "4", "6"]


def test_compound_cells_are_one_cell_in_each_attachment_s_words() -> None:
    enforce = layout.SHENYANG.sections[2].rows
    assert enforce[2].cell((3, Decimal("12.50"))) == "3次、12.5万元"
    assert layout.MINGYUESHAN.sections[2].rows[2].cell((3, Decimal(12))) == "3次，12万元"
    assert enforce[7].cell((5, 2)) == "5个，其中2个"
    assert layout.LEADERSHIP.rows[4].cell((Decimal("0.7"), Decimal("0.5"))) == "0.7万元，其中0.5万元"
    assert enforce[0].cell((4,)) == 4 and enforce[0].cell(None) == ""


def test_a_department_reports_two_sections_a_town_all_four(ledger: hf.Ledger) -> None:
    table = hf.reports.dispatch_table(ledger, hf.notices.load("mingyueshan-2023"), date(2023, 6, 16), unit="应急管理局")
    department = table.for_unit_kind(UnitKind.DEPARTMENT)
    assert department.sections == ["对企业自查自改进行抽查检查情况", "部门精准严格执法情况"]
    assert len(department.sheet().rows) == 4 + 5
    assert table.for_unit_kind(UnitKind.TOWN).sections == table.sections and len(table.sections) == 4
    shenyang = hf.reports.dispatch_table(ledger, hf.notices.load("shenyang-2023"), date(2023, 6, 28))
    assert shenyang.for_unit_kind(UnitKind.DEPARTMENT).sections == shenyang.sections


def test_the_unit_and_date_line_is_filled_in(ledger: hf.Ledger) -> None:
    table = hf.reports.dispatch_table(ledger, hf.notices.load("mingyueshan-2023"), date(2023, 6, 16), unit="温汤镇")
    assert table.sheet().caption == ("单位：温汤镇", "时间：2023年6月16日")
    assert "截至" not in table.to_text()
    signed = hf.reports.dispatch_table(ledger, hf.notices.load("shenyang-2023"), date(2023, 6, 28), unit="铁西区")
    assert not signed.sheet().signatures and not signed.sheet().caption
    assert attrs.evolve(signed, signatures=True).sheet().signatures[:2] == ("填报单位：铁西区", "填报人：__________")


@pytest.fixture
def ledger(tmp_path: Path) -> hf.Ledger:
    return hf.Ledger(f"sqlite:///{tmp_path / 'layout.db'}")


def test_the_register_marks_major_and_key_rows_and_keeps_dates(ledger: hf.Ledger, make: Callable[..., hf.Hazard],
                                                                plan: hf.Plan, principal: hf.Actor) -> None:
    major = make(description="煤气柜未设置泄漏报警")
    major.report(kind=hf.ReportKind.FOUND, to="铁西区应急管理局", at=at(6, 2, 8), by=principal)
    major.assign(plan=plan, at=at(6, 2), by=principal)
    ledger.add(major)
    ledger.add(make(description="配电箱无防护", level=hf.Level.GENERAL, key=True, at=at(6, 3)))
    ledger.add(make(description="一般隐患", level=hf.Level.GENERAL))
    table = hf.reports.register(ledger, date(2023, 6, 30))
    sheet = table.sheet()
    assert [row[4] for row in sheet.rows] == ["【重大】煤气柜未设置泄漏报警", "【重点】配电箱无防护"]
    assert isinstance(sheet.rows[0][7], date) and sheet.rows[1][7] == ""
    assert sheet.header[1] == "乡镇/\n部门" and sheet.heading == "附件2"
    assert sheet.title == ("重大隐患（重点隐患）清单",)
    text = table.to_text()
    assert "截至" not in text and "乡镇/部门" in text and f"{sheet.rows[0][7]:%Y}年" in text
