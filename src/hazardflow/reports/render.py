"""What every renderer reads: a `Sheet` (one attachment laid out as printed), and its text and CSV.

A report becomes a `Sheet` — heading (附件1), title lines, the line under the title (宜明's
``单位___ … 时间：…``), an optional header row (the 清单's, repeated on every printed page; the
调度表 has none), the table's cells with the attachment's in-cell line breaks (``\\n``), the merged
cells, the notes and an optional signature line — and text, CSV, XLSX (`reports.xlsx`) and PDF
(`reports.pdf`) are all drawn from that one sheet, so they cannot drift apart.

Text and CSV print each table line on one line (in-cell breaks removed), a merged cell once, on its
first line; XLSX and PDF keep the breaks and merge the cells.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hazardflow.reports.sheet import Cell, Sheet, shown, width


class Printable:
    """A report that becomes a `Sheet`: text, CSV, XLSX and PDF all come from its ``sheet()``."""

    __slots__ = ()

    def sheet(self) -> Sheet:
        raise NotImplementedError

    def to_text(self) -> str:
        """Plain text, one table line per line (CJK-aware alignment)."""
        return to_text(self.sheet())

    def to_csv(self) -> bytes:
        """CSV, UTF-8 with BOM."""
        return to_csv(self.sheet())

    def to_xlsx(self, path: Path) -> None:
        """An XLSX workbook that prints as the attachment (`reports.xlsx`)."""
        from hazardflow.reports.xlsx import to_xlsx

        to_xlsx(self.sheet(), path)

    def to_pdf(self, path: Path) -> None:
        """A PDF as the attachment prints (`reports.pdf`)."""
        from hazardflow.reports.pdf import to_pdf

        to_pdf(self.sheet(), path)


def flat(cell: Cell) -> str:
    """A cell on one line (the attachment's in-cell line breaks removed)."""
    return shown(cell).replace("\n", "")


def lines(sheet: Sheet) -> list[list[str]]:
    """The header (if any) and the table's lines, each cell on one line; a merged cell's text only in
    its first cell."""
    covered = sheet.covered()
    body = [[("" if (r, c) in covered else flat(cell)) for c, cell in enumerate(row)]
            for r, row in enumerate(sheet.rows)]
    return ([[flat(h) for h in sheet.header]] if sheet.header else []) + body


def _pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def to_text(sheet: Sheet) -> str:
    """The sheet as plain text: heading, title lines, the line under the title, the table (one line per
    printed line), notes and signature line."""
    table = lines(sheet)
    columns = [max(width(row[i]) for row in table) for i in range(len(sheet.widths))]
    body = ["  ".join(_pad(cell, w) for cell, w in zip(row, columns, strict=True)).rstrip() for row in table]
    total = max([width(line) for line in body] or [0])
    out = [sheet.heading, *(" " * max((total - width(t)) // 2, 0) + t for t in sheet.title)]
    if sheet.caption:
        out.append("    ".join(sheet.caption))
    out += ["", *body]
    if sheet.notes:
        out += ["", *sheet.notes]
    if sheet.signatures:
        out += ["", "    ".join(sheet.signatures)]
    return "\n".join(line.rstrip() for line in out) + "\n"


def to_csv(sheet: Sheet) -> bytes:
    """The sheet as CSV, UTF-8 with a BOM so that spreadsheet programs read the Chinese correctly: the
    heading, the title (one line), the line under the title, the table's lines, the notes and the
    signature line, each a row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([sheet.heading])
    writer.writerow(["".join(sheet.title)])
    if sheet.caption:
        writer.writerow(sheet.caption)
    writer.writerows(lines(sheet))
    writer.writerows([note] for note in sheet.notes)
    if sheet.signatures:
        writer.writerow(sheet.signatures)
    return out.getvalue().encode("utf-8-sig")
