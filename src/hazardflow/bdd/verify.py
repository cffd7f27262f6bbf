"""`hazardflow verify PATH`: run every feature under PATH against the library and summarise.

The run goes through pytest and the hazardflow plugin (no conftest needed from the user). The
summary groups scenarios by rule id (their @H2-style tags) and by notice (a tag or folder named by
a notice profile id, else the folder), with each failure's step, message and the rule's clauses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import hazardflow as hf


@attrs.define
class Outcome:
    """One scenario's result."""

    name: str
    feature: Path
    tags: list[str]
    passed: bool
    step: str = ""
    message: str = ""


@attrs.define
class Collector:
    """A pytest plugin object that records each scenario's outcome and failing step."""

    outcomes: list[Outcome] = attrs.Factory(list)
    failing_step: dict[str, str] = attrs.Factory(dict)
    scenario_names: dict[str, str] = attrs.Factory(dict)

    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
        self.scenario_names[request.node.nodeid] = f"{feature.name}：{scenario.name}"

    def pytest_bdd_step_error(self, request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                              step_func: Any, step_func_args: Any, exception: Exception) -> None:
        self.failing_step[request.node.nodeid] = f"{step.keyword} {step.name}（第 {step.line_number} 行）"

    @pytest.hookimpl(tryfirst=True)
    def pytest_bdd_step_func_lookup_error(self, request: pytest.FixtureRequest, feature: Any, scenario: Any,
                                          step: Any, exception: Exception) -> None:
        self.failing_step[request.node.nodeid] = f"{step.keyword} {step.name}（第 {step.line_number} 行，未定义）"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and report.failed):
            path = Path(str(report.fspath)).resolve()
            tags = [k for k in report.keywords if k in hf.RULES or not k.isascii() or "-" in k]
            self.outcomes.append(Outcome(
                self.scenario_names.get(report.nodeid, report.nodeid), path, sorted(set(tags)), report.passed,
                self.failing_step.get(report.nodeid, ""), str(report.longrepr or "") if report.failed else ""))


def _notice_of(outcome: Outcome, notices: set[str]) -> str:
    for tag in outcome.tags:
        if tag in notices:
            return tag
    for part in reversed(outcome.feature.parts[:-1]):
        if part in notices:
            return part
    return outcome.feature.parent.name


def run(path: Path, echo: Callable[[str], None], extra: list[str] | None = None) -> int:
    """Run the features under ``path``; print the summary; return the exit code (0: all passed)."""
    if not path.exists():
        raise FileNotFoundError(f"路径不存在 (no such path): {path}")
    collector = Collector()
    args = [str(path), "-q", "-p", "no:cacheprovider", "--rootdir", str(path if path.is_dir() else path.parent),
            "-o", "hazardflow_collect_features=true", "-o", "python_files=__no_python_tests__",
            "-W", "ignore::pytest.PytestAssertRewriteWarning", "--no-header", "-rN", *(extra or [])]
    code = pytest.main(args, plugins=[collector])
    notices = set(hf.notices.available())
    by_rule: dict[str, list[Outcome]] = defaultdict(list)
    by_notice: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in collector.outcomes:
        for tag in outcome.tags:
            if tag in hf.RULES:
                by_rule[tag].append(outcome)
        by_notice[_notice_of(outcome, notices)].append(outcome)

    def tally(outcomes: list[Outcome]) -> str:
        passed = sum(o.passed for o in outcomes)
        return f"{passed} 通过 / {len(outcomes) - passed} 失败"

    echo("\n按规则 (by rule):")
    for rule_id in sorted(by_rule, key=lambda r: (r[0], int(r[1:]) if r[1:].isdigit() else 0)):
        rule = hf.RULES[rule_id]
        echo(f"  {rule_id} {rule.name}: {tally(by_rule[rule_id])}")
    echo("\n按通知 (by notice):")
    for notice, outcomes in sorted(by_notice.items()):
        echo(f"  {notice}: {tally(outcomes)}")
    failures = [o for o in collector.outcomes if not o.passed]
    if failures:
        echo("\n失败的场景 (failed scenarios):")
    for o in failures:
        clauses = "；".join(s for t in o.tags if t in hf.RULES for s in hf.RULES[t].sources)
        echo(f"  ✗ {o.name}（{o.feature}）")
        if o.step:
            echo(f"    失败步骤: {o.step}")
        echo("    " + o.message.replace("\n", "\n    "))
        if clauses:
            echo(f"    规则依据: {clauses}")
    total = len(collector.outcomes)
    echo(f"\n{total - len(failures)} passed, {len(failures)} failed")
    if total == 0 and code == 0:
        return 5
    return int(code)
