"""A `Sheet` as an XLSX workbook a clerk prints and submits as it is (XlsxWriter).

A4, portrait or landscape as the sheet says, fit to one page (the 调度表) or to one page wide with the
header row repeated as print titles (the 清单); a sheet named for the table; thin borders on every
table cell; 宋体 for the table and title, 黑体 for the heading, 仿宋 for the notes, each with the
GB2312 character set so that a machine without the font substitutes a Chinese one; merged title,
section and note cells; wrapped text with the attachment's line breaks and row heights that show
them; dates as dates, figures as numbers.

XlsxWriter rather than openpyxl: it writes all of the above, and in ``constant_memory`` mode writes
rows straight to disk — bench/xlsx.py measures 100,000 清单 rows against openpyxl in the same run.
That mode writes rows strictly in order, which a cell merged down several rows breaks (its lower
rows would be flushed before they are written), so a sheet with such cells (the 调度表, 16 lines at
most) is written in memory and one without them (the 清单) in constant memory.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from hazardflow.reports.sheet import Cell, Sheet, width

LINE = 14.5
"""Points per printed text line at 11 pt (what a row's height is counted in)."""

FONTS = {"heading": ("黑体", 14, False), "title": ("宋体", 18, True), "caption": ("宋体", 11, False),
         "table": ("宋体", 11, False), "notes": ("仿宋", 11, False)}
"""The font of each part of the sheet: name, size (pt), bold."""


def _lines(text: str, columns: int) -> int:
    """How many printed lines ``text`` takes in a cell ``columns`` half-width characters wide."""
    return sum(max(1, math.ceil(width(part) / max(columns - 1, 1))) for part in text.split("\n"))


def _value(cell: Cell) -> Any:
    if isinstance(cell, Decimal):
        return float(cell)
    if isinstance(cell, date):
        return datetime.combine(cell, time())
    return cell


def to_xlsx(sheet: Sheet, path: Path) -> None:
    """Write ``sheet`` to ``path`` as a one-sheet workbook laid out and set up for A4 printing."""
    try:
        import xlsxwriter
    except ImportError as missing:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("XLSX output needs XlsxWriter: pip install 'hazardflow[xlsx]'") from missing
    tall = any(s.rows > 1 for s in sheet.spans)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": not tall, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet.name)

    def style(part: str, **extra: Any) -> Any:
        name, size, bold = FONTS[part]
        return book.add_format({"font_name": name, "font_size": size, "bold": bold, "font_charset": 134,
                                "valign": "vcenter", **extra})

    heading = style("heading")
    title = style("title", align="center")
    caption_left, caption_right = style("caption"), style("caption", align="right")
    cell = style("table", border=1, text_wrap=True)
    centred = style("table", border=1, text_wrap=True, align="center")
    day = style("table", border=1, align="center", num_format='yyyy"年"m"月"d"日"')
    header = style("table", border=1, text_wrap=True, align="center", bold=True)
    notes = style("notes", text_wrap=True, valign="top")

    last = len(sheet.widths) - 1
    for c, w in enumerate(sheet.widths):
        ws.set_column(c, c, w)
    r = 0

    def across(text: str, fmt: Any, height: float | None = None) -> None:
        nonlocal r
        if height is not None:
            ws.set_row(r, height)
        ws.merge_range(r, 0, r, last, text, fmt)
        r += 1

    ws.set_row(r, 22)
    ws.write_string(r, 0, sheet.heading, heading)
    r += 1
    for line in sheet.title:
        across(line, title, 26)
    if sheet.caption:
        left, right = sheet.caption
        half = (last + 1) // 2
        ws.set_row(r, 22)
        ws.merge_range(r, 0, r, half - 1, left, caption_left)
        ws.merge_range(r, half, r, last, right, caption_right)
        r += 1
    if sheet.header:
        ws.set_row(r, LINE * max(_lines(h, w) for h, w in zip(sheet.header, sheet.widths, strict=True)) + 4)
        for c, text in enumerate(sheet.header):
            ws.write_string(r, c, text, header)
        ws.repeat_rows(r)
        r += 1
    starts = {(s.row, s.column): s for s in sheet.spans}
    covered = sheet.covered()
    for i, row in enumerate(sheet.rows):
        shown = [w for c, w in enumerate(sheet.widths) if (i, c) not in covered and (i, c) not in starts]
        texts = [str(v) for c, v in enumerate(row) if (i, c) not in covered and (i, c) not in starts]
        ws.set_row(r, LINE * max([1, *(_lines(t, w) for t, w in zip(texts, shown, strict=True))]) + 4)
        for c, value in enumerate(row):
            fmt = day if isinstance(value, date) else centred if isinstance(value, int | Decimal) else cell
            span = starts.get((i, c))
            if span is not None and (span.rows > 1 or span.columns > 1):
                ws.merge_range(r, c, r + span.rows - 1, c + span.columns - 1, _value(value), centred)
            elif (i, c) in covered:
                continue
            elif value == "":
                ws.write_blank(r, c, None, fmt)
            else:
                ws.write(r, c, _value(value), fmt)
        r += 1
    for note in sheet.notes:
        across(note, notes, LINE * _lines(note, sum(sheet.widths)) + 4)
    if sheet.signatures:
        across("    ".join(sheet.signatures), caption_left, 24)
    ws.print_area(0, 0, r - 1, last)
    ws.set_paper(9)
    if sheet.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 1 if sheet.one_page else 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if not sheet.one_page:
        ws.set_footer("&C第 &P 页，共 &N 页")
    book.close()
