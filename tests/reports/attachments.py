"""The attachments' own text, read from the notices in ../shared/notices (beside the clone, as in CI).

`attachment(variant)` cuts the 调度表 out of its notice and returns its lines as printed: the heading,
the title lines, the line under the title (宜明), the table's lines (each line's cells joined: the
section cell on its first line, then 序号, 内容, 数量 twice) and the notes, whitespace removed
(newlines too: the text breaks lines inside cells and notes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTICES = Path(__file__).resolve().parents[2].parent / "shared" / "notices"
FILES = {"shenyang": ("002_acfd83efab36b0a1.txt", "附件", "注："),
         "mingyueshan": ("003_679798ab363188a2.txt", "附件1", "注：")}


def squeeze(text: str) -> str:
    """``text`` without any whitespace."""
    return re.sub(r"\s+", "", text)


def attachment(variant: str) -> list[str]:
    """The attachment's printed lines, each without whitespace (see the module's docstring)."""
    name, heading, notes = FILES[variant]
    path = NOTICES / name
    if not path.exists():
        pytest.skip(f"the notices' text is not at {NOTICES} (CI has ../shared beside the clone)")
    text = path.read_text(encoding="utf-8").split("\n")
    start = text.index(heading)
    end = next(i for i in range(start, len(text)) if text[i].startswith(notes))
    after = next((i for i in range(end, len(text)) if text[i].startswith("附件")), len(text))
    first = next(i for i in range(start, end) if text[i].startswith("\t"))
    head = [line for line in text[start:first] if line.strip()]
    cells: list[str] = []
    for line in text[first:end]:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif line.strip() and cells:
            cells[-1] += line
    assert len(cells) % 7 == 0, len(cells)
    rows = ["".join(cells[i:i + 7]) for i in range(0, len(cells), 7)]
    return [squeeze(line) for line in head] + [squeeze(r) for r in rows] + [squeeze("".join(text[end:after]))]
