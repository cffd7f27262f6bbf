"""The step vocabulary: every step the library defines, read from pytest-bdd's own registry.

The docs' step page and the suggestions for an undefined step are both generated from here, so
neither can drift from the steps that actually run.
"""

from __future__ import annotations

import difflib
import inspect
import re

import attrs
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
