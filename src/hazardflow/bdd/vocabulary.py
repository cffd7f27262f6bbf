"""The step vocabulary: every step the library defines, read from pytest-bdd's own registry, and the
spelling a step is written in brought to the vocabulary's before it is matched (`spelled`).

The docs' step page and the suggestions for an undefined step are both generated from here, so
neither can drift from the steps that actually run.
"""

from __future__ import annotations

import difflib
import inspect
import re

import attrs
from pytest_bdd import parsers
from pytest_bdd.steps import step_function_context_registry

_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_QUOTED = re.compile(r'"[^"]*"')
_KEYWORDS = {"given": "假如", "when": "当", "then": "那么", None: "假如/当/那么"}


@attrs.frozen
class StepDoc:
    """One step: its keyword(s), its text pattern, what it does, and the module that defines it."""

    keyword: str
    pattern: str
    doc: str
    module: str


def steps(prefix: str = "hazardflow.bdd") -> list[StepDoc]:
    """Every step defined in modules under ``prefix``, ordered by module and line of definition."""
    found: dict[tuple[str, str], tuple[int, StepDoc]] = {}
    for ctx in list(step_function_context_registry.values()):
        func = ctx.step_func
        if func.__module__.startswith(prefix):
            doc = StepDoc(_KEYWORDS.get(ctx.type, "假如/当/那么"), ctx.parser.name, inspect.getdoc(func) or "",
                          func.__module__)
            found[(func.__module__, ctx.parser.name)] = (func.__code__.co_firstlineno, doc)
    return [doc for (module, _), (line, doc) in sorted(found.items(), key=lambda kv: (kv[0][0], kv[1][0]))]


def _shape(text: str) -> str:
    return _QUOTED.sub('""', _PLACEHOLDER.sub("", text)).replace('""', "")


def closest(text: str, limit: int = 3) -> list[str]:
    """The known step patterns closest to ``text`` (an undefined step), best first."""
    shape = _shape(text)
    patterns = {ctx.parser.name for ctx in list(step_function_context_registry.values())}
    scored = sorted(((difflib.SequenceMatcher(None, shape, _shape(p)).ratio(), p) for p in patterns), reverse=True)
    return [p for score, p in scored[:limit] if score > 0.3]


_IME_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"'})
_CLAUSE = re.compile(r"(?<=[一二三四五六七八九十])（([一二三四五六七八九十]{1,3}|\d{1,2})）")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_RANGE = re.compile(r"(?<=\d)\s*[-~～－—]\s*(?=\d+(?:\.\d+)?万元)")
_YEAR_TABLE = re.compile(r"(?<=报送)(\d{4})年度?(?=调度表)")
_QUOTED_PART = re.compile(r'("[^"]*")')
_SQUEEZED: dict[str, parsers.parse] = {}


def normalised(text: str) -> str:
    """A step as the notice and a Chinese keyboard spell it, in the vocabulary's spelling: IME quotes
    “李四” → "李四" (only in a step that has no ASCII quotes: there they are delimiters, while in
    "…“两重点一重大”…" they are the quoted text's own); a clause's full-width brackets
    三（二）3 → 三(二)3; an ISO date outside quotes
    2023-06-30 → 2023年6月30日; a range written with a hyphen 0-5万元 → 0–5万元 (en dash); a yearly
    table 报送2020年度调度表 → 报送2020调度表 (the period is the year)."""
    if '"' not in text:
        text = text.translate(_IME_QUOTES)
    text = _YEAR_TABLE.sub(r"\1", _CLAUSE.sub(r"(\1)", text))
    parts = _QUOTED_PART.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", parts[i])
    return _RANGE.sub("–", "".join(parts))


def _squeeze(text: str) -> str:
    parts = _QUOTED_PART.split(text)
    return "".join(re.sub(r"\s+", "", part) if i % 2 == 0 else part for i, part in enumerate(parts))


def spelled(text: str) -> str:
    """``text`` (a step's words) in the spelling of the one step it means: `normalised`, then, when no
    step matches it as written, the single step that matches with spaces outside quotes ignored
    (今天是2023年6月1日 → 今天是 2023年6月1日). Text that matches no step, or several, is left for the
    undefined-step message."""
    text = normalised(text)
    contexts = list(step_function_context_registry.values())
    if any(ctx.parser.is_matching(text) for ctx in contexts):
        return text
    squeezed, found = _squeeze(text), set()
    for ctx in contexts:
        if isinstance(ctx.parser, parsers.parse) and ":" not in ctx.parser.name.replace(":d}", "}"):
            pattern = _SQUEEZED.get(ctx.parser.name) or _SQUEEZED.setdefault(
                ctx.parser.name, parsers.parse(_squeeze(ctx.parser.name)))
            if pattern.is_matching(squeezed):
                found.add(ctx.parser.name.format(**pattern.parse_arguments(squeezed)))
        elif isinstance(ctx.parser, parsers.string) and _squeeze(ctx.parser.name) == squeezed:
            found.add(ctx.parser.name)
    return found.pop() if len(found) == 1 else text
