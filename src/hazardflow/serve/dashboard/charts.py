"""The dashboard's SVG, drawn on the server (no chart library, no JavaScript): the monthly trend of
major hazards found and closed, and the hazard loop with one stage highlighted.

Hand-drawn and kept tiny because each is a handful of lines and boxes; labels are glyph outlines
(`glyphs`), so they need no font where the SVG is shown or printed.
"""

from __future__ import annotations

from collections.abc import Sequence

import hazardflow as hf
from hazardflow.serve.dashboard.glyphs import Drawing


def _svg(drawing: Drawing, width: int, height: int, title: str, body: list[str], css: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{title}">{drawing.defs()}{"".join(body)}</svg>')


def trend(points: Sequence[hf.reports.Point]) -> str:
    """Found vs closed (cumulative) per campaign month: two lines, one marker per month each."""
    width, height, left, right, top, bottom = 720, 300, 56, 16, 34, 44
    d = Drawing("tg")
    top_value = max([p.found for p in points] + [1])
    step = max(1, -(-top_value // 4))
    ceiling = step * 4
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / len(points) if points else 0)

    def y(v: int) -> float:
        return top + plot_h * (1 - v / ceiling)

    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" class="plot"/>']
    for k in range(5):
        value = step * k
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" class="grid"/>')
        body.append(d.label(str(value), left - 6, y(value) + 4, 11, "end", "axis"))
    for i, p in enumerate(points):
        body.append(d.label(p.month, x(i), height - bottom + 18, 11, "middle", "axis"))
    for series, css in (("found", "found"), ("closed", "closed")):
        coords = " ".join(f"{x(i):.1f},{y(getattr(p, series)):.1f}" for i, p in enumerate(points))
        body.append(f'<polyline points="{coords}" class="line {css}"/>')
        body += [f'<circle cx="{x(i):.1f}" cy="{y(getattr(p, series)):.1f}" r="4" class="point {css}" '
                 f'data-series="{series}" data-month="{p.day}" data-value="{getattr(p, series)}">'
                 f"<title>{p.month} {getattr(p, series)}</title></circle>" for i, p in enumerate(points)]
    body += [f'<rect x="{left}" y="10" width="14" height="4" class="found"/>',
             d.label("发现（累计）", left + 20, 16, 12),
             f'<rect x="{left + 130}" y="10" width="14" height="4" class="closed"/>',
             d.label("已完成整改（累计）", left + 150, 16, 12)]
    return _svg(d, width, height, "重大事故隐患发现与整改月度趋势（累计）", body, "chart trend")


LOOP_ORDER = (hf.Stage.FOUND, hf.Stage.ASSIGNED, hf.Stage.RECTIFYING, hf.Stage.VERIFYING, hf.Stage.CLOSED)
"""The loop's stages left to right, as H1 orders them."""


def loop(current: hf.Stage) -> str:
    """The hazard loop (H1) as built by `LOOP`: each stage a box (``current`` highlighted), each
    transition an arrow with its trigger's 中文 name (forward above the boxes' line, backward below),
    the internal triggers (报告, 挂牌督办 …) listed under the stage they keep."""
    box_w, box_h, gap, left, top = 112, 44, 52, 20, 96
    d = Drawing("lg")
    centre = {s: left + i * (box_w + gap) + box_w / 2 for i, s in enumerate(LOOP_ORDER)}
    width = int(left * 2 + len(LOOP_ORDER) * box_w + (len(LOOP_ORDER) - 1) * gap)
    body = ['<defs><marker id="lg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>']
    internal: dict[hf.Stage, list[str]] = {}
    arcs_above, arcs_below = 0, 0
    for trigger, source, dest in hf.reports.transitions(hf.LOOP.machine):
        if dest is None:
            internal.setdefault(source, []).append(hf.TRIGGER_LABELS[trigger])
            continue
        a, b = centre[source], centre[dest]
        adjacent = LOOP_ORDER.index(dest) - LOOP_ORDER.index(source) == 1
        if adjacent:
            body.append(f'<line x1="{a + box_w / 2:.0f}" y1="{top + box_h / 2}" x2="{b - box_w / 2:.0f}" '
                        f'y2="{top + box_h / 2}" class="edge" marker-end="url(#lg-arrow)"/>')
            body.append(d.label(hf.TRIGGER_LABELS[trigger], (a + b) / 2, top + box_h / 2 - 8, 11, "middle",
                                "edge-label"))
            continue
        forward = b > a
        if forward:
            arcs_above += 1
            rise, edge_y = 26 + 22 * arcs_above, top
        else:
            arcs_below += 1
            rise, edge_y = -(26 + 22 * arcs_below), top + box_h
        peak, apex = edge_y - rise, edge_y - 0.75 * rise  # a cubic's apex is 3/4 of the way to its controls
        body.append(f'<path d="M{a:.0f},{edge_y} C{a:.0f},{peak} {b:.0f},{peak} {b:.0f},{edge_y}" class="edge" '
                    f'fill="none" marker-end="url(#lg-arrow)"/>')
        body.append(d.label(hf.TRIGGER_LABELS[trigger], (a + b) / 2, apex - 4 if forward else apex + 14, 11, "middle",
                            "edge-label"))
    bottom = top + box_h + 26 + 22 * arcs_below + 8
    for stage in LOOP_ORDER:
        css = "stage current" if stage is current else "stage"
        x0 = centre[stage] - box_w / 2
        body.append(f'<g class="{css}" data-stage="{stage.name}"><rect x="{x0:.0f}" y="{top}" width="{box_w}" '
                    f'height="{box_h}" rx="8"/>{d.label(stage.label, centre[stage], top + box_h / 2 + 6, 16, "middle")}'
                    "</g>")
        notes = list(dict.fromkeys(internal.get(stage, [])))
        for k, note in enumerate(notes):
            body.append(d.label(note, centre[stage], bottom + 16 * (k + 1), 11, "middle", "note"))
    height = int(bottom + 16 * (max((len(set(v)) for v in internal.values()), default=0) + 1))
    return _svg(d, width, height, f"隐患闭环，当前阶段：{current.label}", body, "chart loop")
