"""Chinese text in the dashboard's SVG drawn as paths, so a chart reads the same on a machine without
any CJK font (an air-gapped 政务网 desktop, a print server, an image viewer opening the SVG alone).

Why paths and not an embedded font: an SVG that carries its text as outlines needs nothing from the
reader — no ``@font-face`` support in the viewer, no font loading before printing, no system font —
and prints as sharp vectors. The outlines come from the package's subset of Noto Sans CJK SC
(SIL Open Font License 1.1, ``static/fonts/OFL.txt``; subset: ASCII, GB 2312 level-1 hanzi and
CJK punctuation, 4,038 characters, see ``static/fonts/README.md``). Each glyph used in one SVG is
defined once in its ``<defs>`` and placed with ``<use>``; a character outside the subset falls back
to an SVG ``<text>`` in the page's fonts. Every drawn label keeps its text in ``aria-label`` (and
``data-text``) for screen readers and tests.
"""

from __future__ import annotations

import functools
import threading
from importlib import resources
from xml.sax.saxutils import quoteattr

import attrs
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

FONT = "NotoSansCJKsc-Regular-gb2312.otf"


@attrs.frozen
class Glyph:
    """One character's outline (SVG path data in font units, y up) and its advance width."""

    path: str
    advance: int


class Face:
    """The subset font: its units per em and each character's `Glyph`, drawn the first time it is asked for."""

    def __init__(self) -> None:
        with resources.files("hazardflow.serve.dashboard").joinpath("static", "fonts", FONT).open("rb") as stream:
            font = TTFont(stream)
        self.em: int = font["head"].unitsPerEm
        self._glyph_set = font.getGlyphSet()
        self._names: dict[int, str] = font.getBestCmap()
        self._drawn: dict[str, Glyph | None] = {}
        self._lock = threading.Lock()

    def glyph(self, ch: str) -> Glyph | None:
        """The outline of ``ch``, or None where the subset has no glyph for it."""
        if ch not in self._drawn:
            name = self._names.get(ord(ch))
            with self._lock:  # the font's tables are read lazily, and pages render on several threads
                if name is None:
                    self._drawn[ch] = None
                else:
                    pen = SVGPathPen(self._glyph_set)
                    self._glyph_set[name].draw(pen)
                    self._drawn[ch] = Glyph(pen.getCommands(), self._glyph_set[name].width)
        return self._drawn[ch]


@functools.cache
def face() -> Face:
    """The package's subset font, opened once per process."""
    return Face()


def width(text: str, size: float) -> float:
    """The width of ``text`` set at ``size`` (a character outside the subset counts one em)."""
    f = face()
    return sum(g.advance if (g := f.glyph(ch)) else f.em for ch in text) * size / f.em


class Drawing:
    """The labels of one SVG: ``label()`` places text as glyph outlines, ``defs()`` holds each glyph
    used once (ids prefixed with ``prefix``, unique per SVG on a page)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.used: dict[str, str] = {}

    def label(self, text: str, x: float, y: float, size: float = 12, anchor: str = "start",
              css: str = "label") -> str:
        """``text`` with its baseline at ``y``, starting (``start``), centred (``middle``) or ending
        (``end``) at ``x``."""
        f = face()
        left = x - {"start": 0.0, "middle": width(text, size) / 2, "end": width(text, size)}[anchor]
        scale = size / f.em
        parts, pen = [], 0
        for ch in text:
            glyph = f.glyph(ch)
            if glyph is None:
                parts.append(f'<text x="{pen}" y="0" transform="scale(1,-1)" font-size="{f.em}">'
                             f"{_escape(ch)}</text>")
                pen += f.em
                continue
            if glyph.path:
                ref = self.used.setdefault(ch, f"{self.prefix}{ord(ch):x}")
                parts.append(f'<use href="#{ref}" x="{pen}"/>')
            pen += glyph.advance
        return (f'<g class="{css}" role="img" aria-label={quoteattr(text)} data-text={quoteattr(text)} '
                f'transform="translate({left:.1f},{y:.1f}) scale({scale:.5f},{-scale:.5f})">{"".join(parts)}</g>')

    def defs(self) -> str:
        """The ``<defs>`` of every glyph the labels use."""
        f = face()
        paths = "".join(f'<path id="{ref}" d="{glyph.path}"/>' for ch, ref in self.used.items()
                        if (glyph := f.glyph(ch)) is not None)
        return f"<defs>{paths}</defs>"


def _escape(ch: str) -> str:
    return {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(ch, ch)
