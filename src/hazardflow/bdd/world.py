"""The scenario's world: today's date, the people, the hazards, and the last refusal.

A `当` (when) step that the rules refuse does not raise: the refusal is kept so that a following
`那么 操作被拒绝，依据规则"H2"` can examine it. A refusal nobody examined fails the scenario at the
next action or at its end, naming the rule ids and clauses, so an expectation that contradicts a
rule can never pass silently. A `假如` (given) step is set-up: a refusal there fails at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

import attrs

import hazardflow as hf

T = TypeVar("T")

_DATE = re.compile(r"^\s*(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|-(\d{1,2})-(\d{1,2}))\s*$")
_MONEY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(万元|元)?\s*$")


def parse_date(text: str) -> date:
    """「2023年6月16日」 or 「2023-06-16」 as a date; anything else is a clear error."""
    match = _DATE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = (int(g) for g in match.groups() if g is not None)
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"日期应为“2023年6月16日”或“2023-06-16”，实际为“{text}” (expected a date)") from None


def parse_money(text: str) -> Decimal:
    """「5万元」, 「3000元」 or 「3000」 as yuan."""
    match = _MONEY.match(text)
    if match is None:
        raise ValueError(f"金额格式应为“5万元”或“3000元”，实际为“{text}” (expected an amount)")
    value = Decimal(match.group(1))
    return value * 10000 if match.group(2) == "万元" else value


def explain(refusal: hf.Rejected) -> str:
    """A refusal as a policy analyst reads it: each rule id, its message and its clauses."""
    return "\n".join(f"  - {reason}" for reason in refusal.reasons)


@attrs.define
class World:
    """Everything a scenario has set up so far."""

    today: date | None = None
    step_type: str = "given"
    step_text: str = ""
    operation: str = ""
    actors: dict[str, hf.Actor] = attrs.Factory(dict)
    enterprises: dict[str, tuple[str, str]] = attrs.Factory(dict)
    hazards: dict[str, hf.Hazard] = attrs.Factory(dict)
    current: hf.Hazard | None = None
    notice: str | None = None
    directory: hf.Directory | None = None
    refusal: hf.Rejected | None = None
    refusal_examined: bool = True
    _ticks: int = 0

    def now(self) -> datetime:
        """Today 09:00 Beijing time, one second later at each call so events keep their order."""
        if self.today is None:
            raise AssertionError("场景尚未设定日期：请先写“假如 今天是 2023年6月16日” (no date set yet)")
        self._ticks += 1
        return hf.at_date(self.today, 9) + timedelta(seconds=self._ticks)

    def set_today(self, day: date) -> None:
        """Move the scenario's clock to ``day`` (never backwards)."""
        if self.today is not None and day < self.today:
            raise AssertionError(f"日期不能倒退：{self.today} → {day} (the date cannot go backwards)")
        if day != self.today:
            self._ticks = 0
        self.today = day

    def actor(self, name: str) -> hf.Actor:
        """The person or body called ``name``."""
        try:
            return self.actors[name]
        except KeyError:
            known = "、".join(self.actors) or "（无）"
            raise AssertionError(
                f"未定义人员“{name}”，已定义：{known}。请用“假如 有以下人员:”定义 (unknown actor {name!r})"
            ) from None

    def hazard(self, description: str | None = None) -> hf.Hazard:
        """The hazard described as ``description``, or the last one found (“该隐患”)."""
        if description is None:
            if self.current is None:
                raise AssertionError("场景中还没有隐患 (no hazard has been found yet)")
            return self.current
        try:
            return self.hazards[description]
        except KeyError:
            raise AssertionError(f"未找到隐患“{description}” (unknown hazard)") from None

    def check_pending(self) -> None:
        """Fail if an earlier refusal was never examined by a `那么` step."""
        if self.refusal is not None and not self.refusal_examined:
            self.refusal_examined = True
            raise AssertionError(f"前面的操作被规则拒绝，但场景没有检查：\n{explain(self.refusal)}")

    def act(self, operation: Callable[[], T]) -> T | None:
        """Run an operation (with the scenario's directory in use, if any): in a `假如` step a refusal fails at
        once; in a `当` step it is kept."""
        self.check_pending()
        self.operation = self.step_text
        try:
            with self.directory.in_use() if self.directory is not None else nullcontext():
                result = operation()
        except hf.Rejected as refusal:
            if self.step_type == "given":
                raise AssertionError(f"前提步骤被规则拒绝：\n{explain(refusal)}") from refusal
            self.refusal, self.refusal_examined = refusal, False
            return None
        self.refusal, self.refusal_examined = None, True
        return result

    def examine_refusal(self) -> hf.Rejected:
        """The last operation's refusal, marked as examined; fails if it succeeded."""
        if self.refusal is None:
            done = f"：{self.operation}" if self.operation else ""
            raise AssertionError(f"期望操作被拒绝，但操作成功了{done} (expected a refusal, the operation passed)")
        self.refusal_examined = True
        return self.refusal

    def failure(self, expected: str, actual: str) -> AssertionError:
        """An assertion error saying what was expected, what happened, and any unexamined refusal."""
        text = f"期望：{expected}\n实际：{actual}"
        if self.refusal is not None and not self.refusal_examined:
            self.refusal_examined = True
            text += f"\n原因：前面的操作被规则拒绝：\n{explain(self.refusal)}"
        return AssertionError(text)
