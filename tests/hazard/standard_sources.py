"""Read the shared 判定标准 Markdown (../shared/law/判定标准/) by its parse contract, for the drift test.

Each file's header comment states the contract: an article or lead line ``- 第X条 <text>`` (or
``- 引语 <text>``), an item line ``- 第X条(Y) <text>`` (or ``- 项(Y) <text>``), ``PARTIAL: <text>
[TRUNCATED]`` or ``MISSING`` in place of the text, and after each line ``  - 核对: STATUS | 来源: …``.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "law" / "判定标准"
"""Where CI (and the worktrees) keep the shared sources: ``../shared`` beside the clone."""

_NUMBER = "[一二三四五六七八九十]+"
_LINE = re.compile(rf"^- (?:(?P<article>第{_NUMBER}条)|(?P<lead>引语)|项)(?:\((?P<item>{_NUMBER})\))?"
                   r"(?: (?P<text>.*))?$")
_CHECK = re.compile(r"^  - 核对: (?P<status>VERIFIED|SINGLE|PARTIAL|MISSING) \| 来源: (?P<sources>.*)$")


@attrs.frozen
class Entry:
    """One line of a source file: its article (empty for the 2017 standard), item (empty for a lead),
    status, text (None when MISSING; without the PARTIAL markers) and its 来源 as written."""

    article: str
    item: str
    status: str
    text: str | None
    sources: str


def entries(path: Path) -> list[Entry]:
    """Every article, lead and item line of the 正文 section of ``path``, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("## 正文")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    out: list[Entry] = []
    body = lines[start + 1:end]
    for i, line in enumerate(body):
        match = _LINE.match(line)
        if match is None:
            continue
        check = _CHECK.match(body[i + 1])
        assert check is not None, f"{path.name}: no 核对 line after {line!r}"
        text = match["text"]
        if text == "MISSING":
            text = None
        elif text is not None and text.startswith("PARTIAL: "):
            text = text.removeprefix("PARTIAL: ").removesuffix(" [TRUNCATED]")
        out.append(Entry(match["article"] or "", f"({match['item']})" if match["item"] else "",
                         check["status"], text, check["sources"]))
    return out
