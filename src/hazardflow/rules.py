"""The rule catalogue: `Rule`, `Reason`, `Rejected`, `define`/`guard` and `RULES`; nothing domain-specific.

A guard returns a `Reason` when its rule is broken and None when it holds; a machine collects
every failed reason and raises `Rejected` (ARCHITECTURE.md, principle 1). Each domain area
registers its own rules here through `define` (hazard H…, campaign C…, enforcement P…/L…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

WUSHAN = "巫山经信发〔2023〕5号"
DONGSHENG = "东国资发〔2023〕24号"
SHENYANG = "沈应急发〔2023〕27号"
MINGYUESHAN = "宜明办字〔2023〕23号"
WUHUA = "五华县安全生产专项整治三年行动实施计划"
LAW = "《中华人民共和国安全生产法》"

NOTICE_NUMBERS: dict[str, str] = {
    "wushan-2023": WUSHAN, "dongsheng-2023": DONGSHENG, "shenyang-2023": SHENYANG,
    "mingyueshan-2023": MINGYUESHAN, "wuhua-2020": WUHUA,
}
"""Each notice profile id and its 文号, so that a hazard opened under a notice cites only that notice
(principle 12). The seed profiles are listed here (tests check them against the TOMLs); a campaign
run under a county's own profile adds its notice with `register_notice`."""


@attrs.frozen
class Reason:
    """Why a rule refused: the rule id, a 中文 message and the clauses it rests on."""

    rule: str
    message: str
    sources: tuple[str, ...]

    def __str__(self) -> str:
        if not self.sources:
            return f"{self.rule} {self.message}"
        return f"{self.rule} {self.message}（依据：{'；'.join(self.sources)}）"

    def under(self, number: str) -> Reason:
        """This reason citing only the clauses of the notice numbered ``number`` and the law's (principle 12)."""
        kept = tuple(s for s in self.sources if s.startswith((f"{number} ", LAW)))
        return self if kept == self.sources else Reason(self.rule, self.message, kept)

    def to_json(self) -> dict[str, Any]:
        """``{"rule", "message", "sources"}`` (docs/json.md)."""
        return {"rule": self.rule, "message": self.message, "sources": list(self.sources)}


MISSING = "INPUT"
"""The ``rule`` of a `Reason` that is no rule of the notices: an argument the trigger still needs
(`missing`); `Hazard.why_not` reports these instead of raising, `Hazard.allowed` lists them."""


def missing(argument: str, what: str) -> Reason:
    """The reason a trigger cannot be judged yet: ``argument`` (``what``, in 中文) was not given."""
    return Reason(MISSING, f"缺少参数 {argument}（{what}）", ())


@attrs.frozen
class Rule:
    """One rule of RULES.md: its id, short 中文 name, 中文 text and clause citations."""

    id: str
    name: str
    text: str
    sources: tuple[str, ...]

    def reason(self, message: str) -> Reason:
        """A refusal under this rule with a specific 中文 message."""
        return Reason(self.id, message, self.sources)


class Rejected(Exception):
    """A refused operation: `.reasons` lists every failed rule with id, message and clauses."""

    def __init__(self, reasons: Iterable[Reason]) -> None:
        self.reasons: list[Reason] = list(reasons)
        super().__init__("；".join(str(r) for r in self.reasons))

    @property
    def rules(self) -> list[str]:
        """The ids of the failed rules, in order."""
        return [r.rule for r in self.reasons]

    def to_json(self) -> dict[str, Any]:
        """``{"error": "rejected", "message", "rules", "reasons": [Reason.to_json(), ...]}`` (docs/json.md)."""
        return {"error": "rejected", "message": str(self), "rules": self.rules,
                "reasons": [r.to_json() for r in self.reasons]}


def register_notice(id: str, number: str) -> None:
    """Make the notice ``id`` (文号 ``number``) known for scoped citations; the same id keeps one number."""
    known = NOTICE_NUMBERS.setdefault(id, number)
    if known != number:
        raise ValueError(f"notice {id} is already known as {known}, not {number}")


def scoped(reasons: Iterable[Reason], notice: str | None) -> list[Reason]:
    """``reasons`` as a hazard opened under ``notice`` (a profile id) cites them: that notice's clauses and
    the law's only; with no notice (or one this process does not know), the catalogue's full lists."""
    number = NOTICE_NUMBERS.get(notice) if notice is not None else None
    if number is None:
        return list(reasons)
    return [r.under(number) for r in reasons]


RULES: dict[str, Rule] = {}
"""The rule catalogue: every rule id of RULES.md that the library implements."""

GUARDS: dict[str, list[str]] = {}
"""For each rule id, the qualified names of the guard functions that enforce it (for the docs)."""

F = TypeVar("F", bound=Callable[..., Any])


def define(rule_id: str, name: str, text: str, *sources: str) -> Rule:
    """Register a rule in the catalogue and return it."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} is defined twice")
    rule = RULES[rule_id] = Rule(rule_id, name, text, tuple(sources))
    return rule


def guard(*rules: Rule) -> Callable[[F], F]:
    """Mark a function as the guard of ``rules`` in the catalogue (`GUARDS`)."""

    def mark(function: F) -> F:
        for rule in rules:
            GUARDS.setdefault(rule.id, []).append(f"{function.__module__}.{function.__qualname__}")
        return function

    return mark


def rules_of(function: Callable[..., Any]) -> list[str]:
    """The ids of the rules ``function`` guards."""
    name = f"{function.__module__}.{function.__qualname__}"
    return [rule_id for rule_id, names in GUARDS.items() if name in names]
