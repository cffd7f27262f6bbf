"""docs/penalties.md: the worked example's Python blocks run, in order, and their figures hold."""

from __future__ import annotations

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "penalties.md"


def test_worked_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 4
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
    assert {"one", "two", "three"} <= namespace.keys()  # the three confirmed decisions; the page asserts their totals
