"""The pytest plugin: the `world` fixture, the step modules, and the checks around each scenario.

Installed through the ``pytest11`` entry point, so any project with hazardflow installed can run
Chinese `.feature` files against the library without writing a step or a conftest: `pytest`
collects each ``*.feature`` file it is pointed at (turn this off with the ini option
``hazardflow_collect_features = false`` where a project binds its features itself).

Each step is respelled before it is matched (`vocabulary.spelled`: IME quotes, full-width clause
brackets, ISO dates, spaces), and a step that fails on bad input (an unknown label, a bad date or
period, a profile error) fails with one 中文 line naming the line and the step, no traceback.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import scenario
from pytest_bdd.parser import FeatureParser

import hazardflow as hf
from hazardflow.bdd.vocabulary import closest, spelled
from hazardflow.bdd.world import World

pytest_plugins = [
    "hazardflow.bdd.hazard_steps",
    "hazardflow.bdd.campaign_steps",
    "hazardflow.bdd.enforcement_steps",
    "hazardflow.bdd.report_steps",
    "hazardflow.bdd.analyst_steps",
    "hazardflow.bdd.standards_steps",
    "hazardflow.bdd.directory_steps",
]

INPUT_ERRORS = (AssertionError, ValueError, LookupError, OSError)
"""What a step raises on a scenario's own mistake (an unknown label, a bad date, a missing file): shown
as its message, never as a traceback. Anything else is a bug in the library and keeps its traceback."""


class UndefinedStep(AssertionError):
    """A step no definition matches; the message lists the closest known steps."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("hazardflow_collect_features", type="bool", default=True,
                  help="collect *.feature files as tests with the hazardflow step library")


def pytest_configure(config: pytest.Config) -> None:
    """Each rule id is a known marker, so scenarios tagged @H2 run under --strict-markers."""
    for rule in hf.RULES.values():
        config.addinivalue_line("markers", f"{rule.id}: {rule.name}（{'；'.join(rule.sources)}）")
    for ident in hf.notices.available():
        config.addinivalue_line("markers", f"{ident}: scenarios of the notice profile {ident}")


class FeatureFile(pytest.Module):
    """A ``.feature`` file collected as a module holding one test per scenario."""

    def _getobj(self) -> types.ModuleType:
        module = types.ModuleType("feature_" + re.sub(r"\W", "_", self.path.stem))
        module.__file__ = str(self.path)
        feature = FeatureParser(str(self.path.parent), self.path.name).parse()
        for number, name in enumerate(feature.scenarios, start=1):
            test = scenario(self.path.name, name, features_base_dir=str(self.path.parent))(_nothing)
            setattr(module, f"test_{number:03d}_{name}", test)
        return module


def _nothing() -> None:
    """The body of a collected scenario: everything happens in its steps."""


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".feature" and parent.config.getini("hazardflow_collect_features"):
        collector: pytest.Collector = FeatureFile.from_parent(parent, path=file_path)
        return collector
    return None


@pytest.fixture
def world() -> World:
    """A fresh world for each scenario."""
    return World()


WRITTEN = pytest.StashKey[dict[int, str]]()
"""Each step of the running scenario as its author wrote it, by line: messages quote the author's words."""


def written(node: pytest.Item, step: Any) -> str:
    """``step`` as the feature file spells it (before `spelled`)."""
    text: str = node.stash.get(WRITTEN, {}).get(step.line_number, step.name)
    return text


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Respell each step in the vocabulary's spelling before any is matched (keeping the author's words)."""
    request.node.stash[WRITTEN] = {step.line_number: step.name for step in scenario.steps}
    for step in scenario.steps:
        step.name = spelled(step.name)


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                           step_func: Any) -> None:
    """Tell the world which step runs and whether it is set-up (假如), action (当) or expectation (那么)."""
    world: World = request.getfixturevalue("world")
    world.step_type = step.type
    world.step_text = f"{step.keyword.strip()} {written(request.node, step)}（第 {step.line_number} 行）"


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, step_func: Any,
                          step_func_args: Any, exception: Exception) -> None:
    """Keep the failing step on the test item, for the report."""
    request.node.stash[FAILED_STEP] = step


def message(error: BaseException) -> str:
    """An error's own words (a KeyError's without the quotes repr adds)."""
    if isinstance(error, KeyError) and len(error.args) == 1:
        return str(error.args[0])
    return str(error)


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                                      exception: Exception) -> None:
    """An undefined step fails with the closest known steps, so the author can fix the wording."""
    suggestions = closest(step.name)
    hint = "\n".join(f"  {s}" for s in suggestions) or "  （没有相近的步骤）"
    raise UndefinedStep(
        f"未定义的步骤 (undefined step)：{step.keyword} {written(request.node, step)}\n"
        f"（第 {step.line_number} 行，场景“{scenario.name}”，{feature.filename}）\n"
        f"最接近的已知步骤 (closest known steps)：\n{hint}"
    )


FAILED_STEP = pytest.StashKey[Any]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """A failed step is shown as its line, its words and the error's message alone (what was expected,
    what happened, which rule refused), without a Python traceback; an undefined step by its message."""
    report = yield
    excinfo = call.excinfo
    if not report.failed or excinfo is None or not excinfo.errisinstance(INPUT_ERRORS):
        return report
    step = item.stash.get(FAILED_STEP, None)
    if step is not None:
        report.longrepr = (f"第 {step.line_number} 行「{step.keyword.strip()} {written(item, step)}」："
                           f"{message(excinfo.value)}")
    elif excinfo.errisinstance(AssertionError) and "bdd" in str(excinfo.traceback[-1].path).split("/")[-2:]:
        report.longrepr = message(excinfo.value)  # an undefined step, or a refusal no step examined
    return report


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """A refusal that no step examined fails the scenario, naming the rules and clauses."""
    if sys.exc_info()[1] is not None:
        return  # the scenario is already failing: don't mask its error
    world: World = request.getfixturevalue("world")
    world.check_pending()
