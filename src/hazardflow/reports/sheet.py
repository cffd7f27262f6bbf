"""A `Sheet`: one attachment laid out as printed (heading, title lines, the line under the title, header
row, cells with the attachment's in-cell line breaks, merged cells, notes, signature line), and how a
cell shows as text. Every renderer reads it: text and CSV (`render`), XLSX (`xlsx`), PDF (`pdf`).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import attrs

Cell = str | int | Decimal | date


@attrs.frozen
class Span:
    """A merged cell: ``rows`` lines from (``row``, ``column``) down, ``columns`` columns across."""

    row: int
    column: int
    rows: int = 1
    columns: int = 1


@attrs.frozen
class Sheet:
    """One printed table: heading, title lines, the line under the title (its parts, left to right),
    column widths (in half-width characters), header row (empty: none), rows, merged cells, notes,
    signature line; printed on A4 (``landscape`` or portrait), on one page (``one_page``) or on as
    many pages as it takes, one page wide, with the header row repeated."""

    name: str
    heading: str
    title: tuple[str, ...]
    caption: tuple[str, ...]
    widths: tuple[int, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    spans: tuple[Span, ...] = ()
    notes: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    landscape: bool = False
    one_page: bool = True

    def covered(self) -> set[tuple[int, int]]:
        """The (row, column) of the cells a merged cell covers, besides its own first cell."""
        return {(s.row + r, s.column + c) for s in self.spans for r in range(s.rows) for c in range(s.columns)
                if r or c}


def width(text: str) -> int:
    """Display width in a terminal: CJK (wide and fullwidth) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shown(cell: Cell) -> str:
    """A cell as text: an amount without trailing zeros, a date as 2023年6月30日, line breaks kept."""
    if isinstance(cell, Decimal):
        return f"{cell.normalize():f}"
    if isinstance(cell, date):
        return f"{cell.year}年{cell.month}月{cell.day}日"
    return str(cell)
