"""Shared helpers for the enforcement tests: a steel works in 沈阳, its people, and hazards in given states."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import hazardflow as hf

STEEL = "沈阳某钢铁公司"
BUREAU = "沈阳市应急管理局"

STAFF = hf.Actor("张三", hf.Role.ENTERPRISE, STEEL)
BOSS = hf.Actor("李四", hf.Role.PRINCIPAL, STEEL)
INSPECTOR = hf.Actor("王五", hf.Role.DEPARTMENT, BUREAU)
OTHER = hf.Actor("钱七", hf.Role.DEPARTMENT, "铁西区应急管理局")
TOWN = hf.Actor("周九", hf.Role.GOVERNMENT, "铁西区人民政府")


def at(month: int, day: int, hour: int = 9, year: int = 2023) -> datetime:
    """A moment, Beijing time."""
    return datetime(year, month, day, hour, tzinfo=hf.SHANGHAI)


def plan(deadline: date = date(2023, 6, 30)) -> hf.Plan:
    """A complete 五落实 plan."""
    return hf.Plan("李四", "加装一氧化碳报警仪", Decimal("50000"), deadline, "煤气泄漏应急预案")


def hazard(source: hf.Source = hf.Source.SELF_CHECK, *, level: hf.Level = hf.Level.MAJOR, stage: str = "rectifying",
           reported: bool = True, deadline: date = date(2023, 6, 30), description: str = "煤气柜未设置一氧化碳泄漏报警",
           enterprise: str = STEEL) -> hf.Hazard:
    """A hazard found on 2023-06-01, driven to ``stage`` (found, rectifying, verifying or closed)."""
    finder = INSPECTOR if source is not hf.Source.SELF_CHECK else STAFF
    h = hf.Hazard.found(description=description, level=level, source=source, enterprise=enterprise,
                        sector="金属冶炼", jurisdiction="铁西区", at=at(6, 1), by=finder)
    if reported:
        h.report(kind=hf.ReportKind.FOUND, to=BUREAU, at=at(6, 1, 10), by=BOSS)
    if stage == "found":
        return h
    h.assign(plan=plan(deadline), at=at(6, 2), by=BOSS)
    h.rectify(at=at(6, 3), by=STAFF)
    if stage == "rectifying":
        return h
    h.submit(evidence="已加装报警仪并联网", at=at(6, 10), by=STAFF)
    if stage == "verifying":
        return h
    h.report(kind=hf.ReportKind.FIXED, to=BUREAU, at=at(6, 10, 10), by=BOSS)
    h.close(at=at(6, 11), by=INSPECTOR)
    return h


def penalty(h: hf.Hazard, when: datetime, number: str = "沈应急罚〔2023〕1号",
            fines: dict[hf.Target, Decimal] | None = None) -> hf.Penalty:
    """A confirmed penalty on ``h`` decided at ``when`` with a 3万元 fine on the enterprise."""
    return hf.Penalty(number, h.enterprise, h.id,
                      tuple(hf.Measure(hf.MeasureKind.FINE, target, (), amount=value)
                            for target, value in (fines or {hf.Target.ENTERPRISE: Decimal(3)}).items()),
                      hf.Signature(INSPECTOR, when))
