"""Campaign fixtures: 沈阳's campaign with two units (the actors come from tests/conftest.py)."""

from __future__ import annotations

import pytest
from campaign_helpers import DISTRICT, STEEL, moment

import hazardflow as hf


@pytest.fixture
def shenyang(principal: hf.Actor, district: hf.Actor) -> hf.Campaign:
    """沈阳's campaign with a metal-smelting enterprise and a district department, both 未启动."""
    c = hf.Campaign(hf.notices.load("shenyang-2023"))
    c.join(STEEL, kind="enterprise", sector="金属冶炼", at=moment(5, 22), by=principal)
    c.join(DISTRICT, kind=hf.notices.UnitKind.DEPARTMENT, at=moment(5, 22), by=district)
    return c
