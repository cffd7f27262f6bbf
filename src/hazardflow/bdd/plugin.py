"""The pytest plugin: the `world` fixture, the step modules, and the checks around each scenario.

Installed through the ``pytest11`` entry point, so any project with hazardflow installed can run
Chinese `.feature` files against the library without writing a step.
"""

from __future__ import annotations

from typing import Any

import pytest

import hazardflow as hf
from hazardflow.bdd.world import World

pytest_plugins = [
    "hazardflow.bdd.hazard_steps",
]


def pytest_configure(config: pytest.Config) -> None:
    """Each rule id is a known marker, so scenarios tagged @H2 run under --strict-markers."""
    for rule in hf.RULES.values():
        config.addinivalue_line("markers", f"{rule.id}: {rule.name}（{'；'.join(rule.sources)}）")


@pytest.fixture
def world() -> World:
    """A fresh world for each scenario."""
    return World()


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                           step_func: Any) -> None:
    """Tell the world whether the step is set-up (假如), action (当) or expectation (那么)."""
    world: World = request.getfixturevalue("world")
    world.step_type = step.type


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """A refusal that no step examined fails the scenario, naming the rules and clauses."""
    world: World = request.getfixturevalue("world")
    world.check_pending()
