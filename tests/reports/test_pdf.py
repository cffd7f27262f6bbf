"""The PDF (reportlab, STSong-Light): one A4 page for each 调度表 with every label; the 清单 over as
many pages as it takes, its header on each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from attachments import squeeze
from files import dispatch, filled, labels

import hazardflow as hf
from hazardflow.reports.layout import REGISTER

pytest.importorskip("reportlab")
pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def ledger(tmp_path: Path, inspector: hf.Actor, make: Callable[..., hf.Hazard]) -> hf.Ledger:
    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'pdf.db'}")
    filled(ledger, inspector, make, rows=60)
    return ledger


@pytest.mark.parametrize("variant", ["shenyang", "mingyueshan"])
def test_one_page_with_every_label(ledger: hf.Ledger, tmp_path: Path, variant: str) -> None:
    path = tmp_path / f"{variant}.pdf"
    table = dispatch(ledger, variant)
    table.to_pdf(path)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    text = squeeze(reader.pages[0].extract_text())
    sheet = table.sheet()
    assert [label for label in labels(variant) if squeeze(label) not in text] == []
    assert squeeze("".join(sheet.title)) in text and squeeze(sheet.notes[-1]) in text
    assert ("1次、3.5万元" if variant == "shenyang" else "1次，3.5万元") in text
    assert reader.pages[0].mediabox.width == pytest.approx(595.27, abs=1)


def test_the_register_repeats_its_header_on_every_page(ledger: hf.Ledger, tmp_path: Path) -> None:
    path = tmp_path / "清单.pdf"
    hf.reports.register(ledger, date(2023, 6, 30)).to_pdf(path)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) > 1
    pages = [squeeze(p.extract_text()) for p in reader.pages]
    assert all(squeeze("".join(REGISTER.columns)) in squeeze(page) for page in pages)
    assert "【重大】隐患59" in pages[-1] and f"第{len(pages)}页" in pages[-1]
