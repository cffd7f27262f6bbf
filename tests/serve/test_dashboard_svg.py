"""The dashboard's server-side SVG and HTML layout, without a server: labels as glyph outlines (no font
needed to show them), the trend (one marker per month per series), the loop diagram (every stage once,
the current one highlighted, every transition of `LOOP` as built), a `Sheet` as HTML cells."""

from __future__ import annotations

import re

import pytest

import hazardflow as hf
from hazardflow.reports.layout import SHENYANG

pytest.importorskip("jinja2")
pytest.importorskip("fontTools")

from hazardflow.serve.dashboard import charts, glyphs, views


def test_a_label_is_outlines_each_glyph_defined_once() -> None:
    drawing = glyphs.Drawing("t")
    label = drawing.label("隐患隐患", 10, 20, 12)
    assert label.count("<use ") == 4 and "<text" not in label
    assert 'aria-label="隐患隐患"' in label
    defs = drawing.defs()
    assert defs.count("<path ") == 2 and re.search(r'd="M[-\d]', defs)
    assert glyphs.width("发现", 12) == pytest.approx(24)


def test_a_character_outside_the_subset_falls_back_to_text() -> None:
    rare = "\u4dc0"  # ䷀, no glyph in the GB 2312 subset
    assert glyphs.face().glyph(rare) is None
    label = glyphs.Drawing("t").label(f"隐{rare}", 0, 0)
    assert label.count("<use ") == 1 and f">{rare}</text>" in label


def test_trend_has_one_marker_per_month_per_series() -> None:
    points = [hf.reports.Point(f"{m}月", f"2023-{m:02d}-28", m, m - 1) for m in range(5, 13)]
    svg = charts.trend(points)
    assert svg.startswith("<svg") and svg.count('data-series="found"') == 8 and svg.count('data-series="closed"') == 8
    assert re.findall(r'data-series="found" data-month="([\d-]+)" data-value="(\d+)"', svg)[-1] == ("2023-12-28", "12")
    assert "<text" not in svg


@pytest.mark.parametrize("stage", list(hf.Stage))
def test_loop_diagram_highlights_the_current_stage(stage: hf.Stage) -> None:
    svg = charts.loop(stage)
    assert re.findall(r'class="stage current" data-stage="(\w+)"', svg) == [stage.name]
    assert sorted(re.findall(r'data-stage="(\w+)"', svg)) == sorted(s.name for s in hf.Stage)
    moves = [t for t, _, dest in hf.reports.transitions(hf.LOOP.machine) if dest is not None]
    assert svg.count('class="edge-label"') == len(moves)
    for trigger in moves:
        assert f'data-text="{hf.TRIGGER_LABELS[trigger]}"' in svg


def test_a_sheet_as_html_cells_keeps_its_merged_cells() -> None:
    sheet = SHENYANG.sheet(None, SHENYANG.sections_for(None), None, None)  # the blank form
    grid = views.grid(sheet)
    cells = [c for row in grid for c in row]
    assert len(cells) == sum(len(r) for r in sheet.rows) - len(sheet.covered())
    assert [c.rows for c in cells if c.rows > 1] == [s.rows for s in sheet.spans if s.rows > 1]
    assert grid[0][0].text == sheet.rows[0][0]
