"""Shared fixtures: actors, times and a hazard factory (all in Beijing time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

import hazardflow as hf

ENTERPRISE = "沈阳某钢铁公司"


def at(month: int, day: int, hour: int = 9) -> datetime:
    """A moment in 2023, Beijing time."""
    return datetime(2023, month, day, hour, tzinfo=hf.SHANGHAI)


def snapshot(h: hf.Hazard) -> tuple[object, ...]:
    """Every field of a hazard and its events: equal before and after a refused trigger."""
    return (*attrs.astuple(h, recurse=False, filter=lambda a, v: a.name != "events"), tuple(h.events))


@pytest.fixture
def staff() -> hf.Actor:
    return hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE)


@pytest.fixture
def colleague() -> hf.Actor:
    return hf.Actor("赵六", hf.Role.ENTERPRISE, ENTERPRISE)


@pytest.fixture
def principal() -> hf.Actor:
    return hf.Actor("李四", hf.Role.PRINCIPAL, ENTERPRISE)


@pytest.fixture
def inspector() -> hf.Actor:
    return hf.Actor("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局")


@pytest.fixture
def district() -> hf.Actor:
    return hf.Actor("钱七", hf.Role.DEPARTMENT, "铁西区应急管理局")


@pytest.fixture
def expert() -> hf.Actor:
    return hf.Actor("孙八", hf.Role.EXPERT, "沈阳市安全专家库")


@pytest.fixture
def plan() -> hf.Plan:
    return hf.Plan("李四", "加装一氧化碳报警仪", Decimal("50000"), date(2023, 6, 30), "煤气泄漏应急预案")


@pytest.fixture
def make(staff: hf.Actor) -> Callable[..., hf.Hazard]:
    """A hazard found on 2023-06-01 by the enterprise's own check, with overridable fields."""

    def factory(**overrides: Any) -> hf.Hazard:
        fields: dict[str, Any] = {
            "description": "煤气柜未设置一氧化碳泄漏报警", "level": hf.Level.MAJOR,
            "source": hf.Source.SELF_CHECK, "enterprise": ENTERPRISE, "sector": "金属冶炼",
            "jurisdiction": "铁西区", "at": at(6, 1), "by": staff,
        }
        fields.update(overrides)
        return hf.Hazard.found(**fields)

    return factory
