"""Helpers for the campaign tests: names, moments in Beijing time, hazards and plans."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import hazardflow as hf

STEEL = "沈阳某钢铁公司"
DISTRICT = "铁西区应急管理局"


def moment(month: int, day: int, hour: int = 9, year: int = 2023) -> datetime:
    """A moment, Beijing time."""
    return datetime(year, month, day, hour, tzinfo=hf.SHANGHAI)


def major_hazard(by: hf.Actor, found: date = date(2023, 6, 5), *, plan: hf.Plan | None = None) -> hf.Hazard:
    """A self-found major hazard; with ``plan`` it is reported and assigned under that plan."""
    h = hf.Hazard.found(description="煤气柜未设置一氧化碳泄漏报警", level=hf.Level.MAJOR,
                        source=hf.Source.SELF_CHECK, enterprise=STEEL, sector="金属冶炼", jurisdiction="铁西区",
                        at=moment(found.month, found.day), by=by)
    if plan is not None:
        h.report(kind=hf.ReportKind.FOUND, to=DISTRICT, at=moment(found.month, found.day, 10), by=by)
        h.assign(plan=plan, at=moment(found.month, found.day, 11), by=by)
    return h


def full_plan(deadline: date) -> hf.Plan:
    """A complete 五落实 plan with ``deadline``."""
    return hf.Plan("李四", "加装一氧化碳报警仪", Decimal("50000"), deadline, "煤气泄漏专项应急预案")
