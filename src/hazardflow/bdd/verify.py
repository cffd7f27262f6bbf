"""`hazardflow verify PATH`: run every feature under PATH against the library and summarise, once.

The run goes through pytest and the hazardflow plugin (no conftest needed from the user), with
pytest's own terminal report kept aside (shown only when pytest itself fails): the summary here is
the one report. It groups scenarios
by rule id (their @H2-style tags) and by notice (a tag or folder named by a notice profile id, else
the feature's folder), and gives each failure as its scenario (a 场景大纲 row by its example values),
the file and line, the failing step and the message, and the rule's clauses.
"""

from __future__ import annotations

import contextlib
import io
import os
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
    line: int
    tags: list[str]
    passed: bool
    message: str = ""


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is under it, else as it is."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


@attrs.define
class Collector:
    """A pytest plugin object that records each scenario's outcome (and each file that failed to load)."""

    outcomes: list[Outcome] = attrs.Factory(list)
    scenarios: dict[str, tuple[str, Path, int]] = attrs.Factory(dict)

    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
        name = scenario.name
        callspec = getattr(request.node, "callspec", None)
        example = callspec.params.get("_pytest_bdd_example") if callspec is not None else None
        if example:
            name += "（" + "，".join(f"{k}={v}" for k, v in example.items()) + "）"
        self.scenarios[request.node.nodeid] = (f"{feature.name}：{name}", Path(feature.filename),
                                               scenario.line_number)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            crash = getattr(report.longrepr, "reprcrash", None)
            text = crash.message if crash is not None else str(report.longrepr).strip().splitlines()[-1]
            self.outcomes.append(Outcome(f"无法读取 (cannot load) {report.nodeid}", Path(report.fspath), 0, [],
                                         False, text))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.failed:
            name, feature, line = self.scenarios.get(report.nodeid, (report.nodeid, Path(report.fspath), 0))
            tags = [k for k in report.keywords if k in hf.RULES or not k.isascii() or "-" in k]
            self.outcomes.append(Outcome(name, feature, line, sorted(set(tags)), report.passed,
                                         str(report.longrepr or "").strip() if report.failed else ""))


def _notice_of(outcome: Outcome, notices: set[str]) -> str:
    for tag in outcome.tags:
        if tag in notices:
            return tag
    for part in reversed(outcome.feature.parts[:-1]):
        if part in notices:
            return part
    return outcome.feature.parent.name


def _rule_key(rule_id: str) -> tuple[str, int]:
    return rule_id[0], int(rule_id[1:]) if rule_id[1:].isdigit() else 0


def run(path: Path, echo: Callable[[str], None], extra: list[str] | None = None) -> int:
    """Run the features under ``path``; print the summary; return the exit code (0: all passed)."""
    if not path.exists():
        raise FileNotFoundError(f"路径不存在 (no such path): {path}")
    path = path.resolve()
    collector = Collector()
    args = [str(path), "-q", "-p", "no:cacheprovider", "--rootdir", str(path if path.is_dir() else path.parent),
            "-o", "hazardflow_collect_features=true", "-o", "python_files=__no_python_tests__",
            "-W", "ignore::pytest.PytestAssertRewriteWarning", *(extra or [])]
    pytest_report = io.StringIO()
    with contextlib.redirect_stdout(pytest_report):  # pytest's own report is kept, shown only if pytest fails
        code = pytest.main(args, plugins=[collector])
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        echo(pytest_report.getvalue().strip())
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

    echo("按规则 (by rule):")
    for rule_id in sorted(by_rule, key=_rule_key):
        echo(f"  {rule_id} {hf.RULES[rule_id].name}: {tally(by_rule[rule_id])}")
    if not by_rule:
        echo("  （没有带规则标签的场景：在场景前写 @H5 等标签 (no scenario has a rule tag)）")
    echo("\n按通知 (by notice):")
    for notice, outcomes in sorted(by_notice.items()):
        echo(f"  {notice}: {tally(outcomes)}")
    failures = [o for o in collector.outcomes if not o.passed]
    if failures:
        echo("\n失败的场景 (failed scenarios):")
    for o in failures:
        echo(f"  ✗ {o.name}（{_shown(o.feature)}{f':{o.line}' if o.line else ''}）")
        echo("    " + o.message.replace("\n", "\n    "))
        if "操作被拒绝" in o.message or "被规则" in o.message:
            clauses = "；".join(s for t in o.tags if t in hf.RULES for s in hf.RULES[t].sources)
            if clauses:
                echo(f"    规则依据: {clauses}")
    total = len(collector.outcomes)
    echo(f"\n{total - len(failures)} 通过 (passed), {len(failures)} 失败 (failed)")
    if total == 0 and code == 0:
        return 5
    return int(code)
