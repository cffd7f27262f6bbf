"""Each 调度表's XLSX prints on one A4 page: LibreOffice converts it headless to PDF, one page.

Needs LibreOffice (``soffice``); .ci/run installs it and sets HAZARDFLOW_REQUIRE_LIBREOFFICE=1, so that
in CI a missing LibreOffice fails this test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from files import dispatch, filled

import hazardflow as hf

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("xlsxwriter")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("HAZARDFLOW_REQUIRE_LIBREOFFICE"):
            pytest.fail("HAZARDFLOW_REQUIRE_LIBREOFFICE is set but there is no soffice on PATH")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return found


def test_each_dispatch_xlsx_prints_on_one_a4_page(tmp_path: Path, inspector: hf.Actor,
                                                  make: Callable[..., hf.Hazard]) -> None:
    program = soffice()
    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'lo.db'}")
    filled(ledger, inspector, make)
    books = []
    for variant in ("shenyang", "mingyueshan"):
        books.append(tmp_path / f"{variant}.xlsx")
        dispatch(ledger, variant).to_xlsx(books[-1])
    profile = tmp_path / "profile"
    subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *map(str, books)], check=True, capture_output=True,
                   timeout=240)
    for book in books:
        reader = pypdf.PdfReader(tmp_path / "pdf" / f"{book.stem}.pdf")
        assert len(reader.pages) == 1, book.name
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), book.name
