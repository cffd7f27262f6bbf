"""Campaign fixtures: a principal, a district officer, and 沈阳's campaign with two units."""

from __future__ import annotations

import pytest
from campaign_helpers import DISTRICT, STEEL, moment

import hazardflow as hf


@pytest.fixture
def boss() -> hf.Actor:
    return hf.Actor("李四", hf.Role.PRINCIPAL, STEEL)


@pytest.fixture
def officer() -> hf.Actor:
    return hf.Actor("钱七", hf.Role.DEPARTMENT, DISTRICT)


@pytest.fixture
def shenyang(boss: hf.Actor, officer: hf.Actor) -> hf.Campaign:
    """沈阳's campaign with a metal-smelting enterprise and a district department, both 未启动."""
    c = hf.Campaign(hf.notices.load("shenyang-2023"))
    c.join(STEEL, kind="enterprise", sector="金属冶炼", at=moment(5, 22), by=boss)
    c.join(DISTRICT, kind=hf.notices.UnitKind.DEPARTMENT, at=moment(5, 22), by=officer)
    return c
