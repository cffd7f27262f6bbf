"""Renderers shared by the 调度表 and the 清单: aligned text, CSV with a BOM, and XLSX.

A `Grid` is what both reports become before rendering: a title line, a subtitle, column headers and
rows of cells, plus the runs of rows whose first cell is one merged section cell (the 调度表's
section titles, as the attachment prints them).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal
from pathlib import Path

import attrs

Cell = str | int | Decimal


@attrs.frozen
class Grid:
    """A printable table: title, subtitle, headers, rows, and merged runs (first row, row count)."""

    title: str
    subtitle: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    merged: tuple[tuple[int, int], ...] = ()


class Printable:
    """A report that becomes a `Grid`: text, CSV and XLSX come from its ``grid()``."""

    __slots__ = ()

    def grid(self) -> Grid:
        raise NotImplementedError

    def to_text(self) -> str:
        """Aligned plain text (CJK-aware)."""
        return to_text(self.grid())

    def to_csv(self) -> bytes:
        """CSV, UTF-8 with BOM."""
        return to_csv(self.grid())

    def to_xlsx(self, path: Path) -> None:
        """An XLSX workbook laid out like the attachment."""
        to_xlsx(self.grid(), path)


def width(text: str) -> int:
    """Display width in a terminal: CJK (wide and fullwidth) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text(cell: Cell) -> str:
    if isinstance(cell, Decimal):
        return f"{cell.normalize():f}" if cell == cell.to_integral() else f"{cell:f}"
    return str(cell)


def _pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def to_text(grid: Grid) -> str:
    """The grid as aligned plain text (CJK-aware); a merged section title is printed once."""
    rows = [[_text(c) for c in row] for row in grid.rows]
    starts = {first: count for first, count in grid.merged}
    covered = {r for first, count in grid.merged for r in range(first + 1, first + count)}
    for r in covered:
        rows[r][0] = ""
    columns = [max([width(h) for h in grid.headers[i:i + 1]] + [width(row[i]) for row in rows])
               for i in range(len(grid.headers))]
    rule = "  ".join("─" * w for w in columns)
    lines = [grid.title, grid.subtitle, "  ".join(_pad(h, w) for h, w in zip(grid.headers, columns, strict=True)), rule]
    for i, row in enumerate(rows):
        if i in starts and i:
            lines.append(rule)
        lines.append("  ".join(_pad(c, w) for c, w in zip(row, columns, strict=True)).rstrip())
    return "\n".join(line.rstrip() for line in lines) + "\n"


def to_csv(grid: Grid) -> bytes:
    """The grid as CSV, UTF-8 with a BOM so that spreadsheet programs read the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([grid.title])
    writer.writerow([grid.subtitle])
    writer.writerow(grid.headers)
    for row in grid.rows:
        writer.writerow([_text(c) for c in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(grid: Grid, path: Path) -> None:
    """The grid as an XLSX workbook laid out like the attachment: merged title and section cells."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError as missing:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("XLSX output needs openpyxl: pip install 'hazardflow[xlsx]'") from missing
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    n = len(grid.headers)
    sheet.append([grid.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append([grid.subtitle])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
    sheet.append(list(grid.headers))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in grid.rows:
        sheet.append([c if isinstance(c, int) else float(c) if isinstance(c, Decimal) else c for c in row])
    for first, count in grid.merged:
        top = 4 + first
        if count > 1:
            sheet.merge_cells(start_row=top, start_column=1, end_row=top + count - 1, end_column=1)
        sheet.cell(top, 1).alignment = Alignment(vertical="center", wrap_text=True)
    for i, header in enumerate(grid.headers, start=1):
        longest = max([width(header)] + [width(_text(row[i - 1])) for row in grid.rows])
        sheet.column_dimensions[sheet.cell(3, i).column_letter].width = min(max(longest + 2, 6), 60)
    book.save(path)
