"""A `Sheet` as a PDF (reportlab), for the signed and stamped print a county submits.

The Chinese is set in STSong-Light, one of the CID fonts every PDF reader carries (Adobe's
Asian font packs), so neither this machine nor the reader needs a font installed. A4 as the sheet
says; the 调度表 is shrunk to one page when it would not fit; the 清单 runs over as many pages as it
takes, its header row repeated on each, with 第 N 页 at the foot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hazardflow.reports.sheet import Sheet, shown

FONT = "STSong-Light"


def _paragraph(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def to_pdf(sheet: Sheet, path: Path) -> None:
    """Write ``sheet`` to ``path`` as A4 pages laid out like the attachment."""
    try:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import KeepInFrame, SimpleDocTemplate, Spacer, Table, TableStyle
    except ImportError as missing:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("PDF output needs reportlab: pip install 'hazardflow[pdf]'") from missing
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))

    def style(size: float, align: int = TA_LEFT, leading: float | None = None) -> ParagraphStyle:
        return ParagraphStyle(f"hf{size}{align}", fontName=FONT, fontSize=size, leading=leading or size * 1.35,
                              alignment=align, wordWrap="CJK")

    page = landscape(A4) if sheet.landscape else A4
    margin = 15 * mm
    usable = page[0] - 2 * margin
    cell, centred = style(10), style(10, TA_CENTER)
    story: list[Any] = [_paragraph(sheet.heading, style(14)), Spacer(1, 4 * mm),
                        *(_paragraph(line, style(18, TA_CENTER, 26)) for line in sheet.title), Spacer(1, 3 * mm)]
    if sheet.caption:
        left, right = sheet.caption
        story.append(Table([[_paragraph(left, style(11)), _paragraph(right, style(11, TA_RIGHT))]],
                           colWidths=[usable / 2] * 2))
    covered = sheet.covered()
    merged = {(s.row, s.column) for s in sheet.spans}
    body = [[_paragraph(h, centred) for h in sheet.header]] if sheet.header else []
    body += [["" if (r, c) in covered else
              _paragraph(shown(v), cell if isinstance(v, str) and (r, c) not in merged else centred)
              for c, v in enumerate(row)] for r, row in enumerate(sheet.rows)]
    offset = 1 if sheet.header else 0
    commands: list[Any] = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    commands += [("SPAN", (s.column, s.row + offset), (s.column + s.columns - 1, s.row + offset + s.rows - 1))
                 for s in sheet.spans if s.rows > 1 or s.columns > 1]
    total = sum(sheet.widths)
    story.append(Table(body, colWidths=[usable * w / total for w in sheet.widths], repeatRows=offset,
                       style=TableStyle(commands)))
    if sheet.notes:
        story += [Spacer(1, 3 * mm), *(_paragraph(note, style(10)) for note in sheet.notes)]
    if sheet.signatures:
        story += [Spacer(1, 6 * mm), _paragraph("    ".join(sheet.signatures), style(11))]
    if sheet.one_page:
        story = [KeepInFrame(usable, page[1] - 2 * margin - 1, story, mode="shrink")]

    def footer(canvas: Any, doc: Any) -> None:
        if not sheet.one_page:
            canvas.setFont(FONT, 9)
            canvas.drawCentredString(page[0] / 2, margin / 2, f"第 {doc.page} 页")

    SimpleDocTemplate(str(path), pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                      bottomMargin=margin, title="".join(sheet.title)).build(story, onFirstPage=footer,
                                                                               onLaterPages=footer)
