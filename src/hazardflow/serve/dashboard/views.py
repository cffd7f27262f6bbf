"""What the dashboard's pages show beyond the figures (`hazardflow.reports.summary`): a report's
`Sheet` as HTML rows (merged cells as the attachment prints them), and a hazard's next steps as the
rules judge them for the person looking (`Hazard.why_not`).
"""

from __future__ import annotations

from datetime import datetime

import attrs

import hazardflow as hf


@attrs.frozen
class HtmlCell:
    """One cell of a `Sheet` as an HTML table prints it: its text (line breaks kept), the rows and
    columns it spans, and whether it holds text (left-aligned) or a figure or title (centred)."""

    text: str
    rows: int = 1
    columns: int = 1
    wrapped: bool = False


def grid(sheet: hf.reports.Sheet) -> list[list[HtmlCell]]:
    """The sheet's body as HTML rows: a merged cell once, spanning its rows and columns, the cells
    it covers left out — the layout the text, XLSX and PDF renderings read (`reports.sheet`)."""
    covered = sheet.covered()
    spans = {(s.row, s.column): s for s in sheet.spans}
    out = []
    for r, row in enumerate(sheet.rows):
        line = []
        for c, value in enumerate(row):
            if (r, c) in covered:
                continue
            span = spans.get((r, c))
            line.append(HtmlCell(hf.reports.shown(value), span.rows if span else 1, span.columns if span else 1,
                                 isinstance(value, str) and span is None))
        out.append(line)
    return out


@attrs.frozen
class NextStep:
    """A trigger the hazard's stage offers (H1): whether the viewer may fire it now, the arguments it
    would still need, and the rules that would refuse it (`Hazard.why_not`)."""

    trigger: str
    label: str
    missing: tuple[str, ...]
    refusals: tuple[hf.Reason, ...]

    @property
    def allowed(self) -> bool:
        """No rule refuses it (only arguments are still to be given)."""
        return not self.refusals


def next_steps(h: hf.Hazard, at: datetime, by: hf.Actor) -> list[NextStep]:
    """Every trigger of the loop from ``h``'s stage (`LOOP`, as built), judged for ``by`` at ``at``: a
    reason of a catalogued rule refuses it; the others name arguments still to be given."""
    out = []
    for trigger in dict.fromkeys(t for t, source, _ in hf.reports.transitions(hf.LOOP.machine) if source is h.stage):
        reasons = h.why_not(trigger, at=at, by=by)
        out.append(NextStep(trigger, hf.TRIGGER_LABELS[trigger],
                            tuple(r.message for r in reasons if r.rule not in hf.RULES),
                            tuple(r for r in reasons if r.rule in hf.RULES)))
    return out
