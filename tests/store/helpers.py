"""Hazards, actors and transitions shared by the store tests and their worker processes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import hazardflow as hf

ENTERPRISE = "沈阳某钢铁公司"
STAFF = hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE)
COLLEAGUE = hf.Actor("赵六", hf.Role.ENTERPRISE, ENTERPRISE)
PRINCIPAL = hf.Actor("李四", hf.Role.PRINCIPAL, ENTERPRISE)
INSPECTOR = hf.Actor("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局")
START = datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI)


def at(day: int, minutes: int = 0) -> datetime:
    """Day ``day`` of June 2023, 09:00 Beijing time, plus ``minutes``."""
    return START + timedelta(days=day - 1, minutes=minutes)


def plan(deadline: date = date(2023, 6, 30)) -> hf.Plan:
    return hf.Plan("李四", "加装可燃气体报警仪", Decimal("12000.50"), deadline, "煤气泄漏应急预案")


def found(level: hf.Level = hf.Level.GENERAL, *, hazard_id: str | None = None, unit: str = "铁西区",
          sector: str = "金属冶炼", source: hf.Source = hf.Source.SELF_CHECK) -> hf.Hazard:
    return hf.Hazard.found(description="煤气柜未设置泄漏报警", level=level, source=source,
                           enterprise=ENTERPRISE, sector=sector, jurisdiction=unit, at=at(1), by=STAFF,
                           id=hazard_id)


def open_hazard(hazard_id: str | None = None) -> hf.Hazard:
    """A general hazard assigned and in 整改 (three events)."""
    h = found(hazard_id=hazard_id)
    h.assign(plan=plan(), at=at(2), by=PRINCIPAL)
    h.rectify(at=at(3), by=STAFF)
    return h


def step(h: hf.Hazard, n: int = 0) -> hf.Event:
    """One transition that is always allowed: 整改 → 验收 (submit) or 验收 → 整改 (reject)."""
    when = at(4, len(h.events) + n)
    if h.stage is hf.Stage.RECTIFYING:
        return h.submit(evidence=f"已整改 #{len(h.events)}", at=when, by=STAFF)
    return h.reject(reason=f"验收不合格 #{len(h.events)}", at=when, by=COLLEAGUE)


def full_loop(h: hf.Hazard) -> None:
    """A major hazard through the whole loop: 双报告, 挂牌督办, 交办, 整改, 延期, 验收, 销号."""
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(1, 30), by=STAFF)
    h.list_for_supervision(title="关于挂牌督办重大事故隐患的通知", number="沈安委〔2023〕7号", at=at(2),
                           by=INSPECTOR)
    h.assign(plan=plan(), at=at(2, 30), by=PRINCIPAL)
    h.rectify(at=at(3), by=STAFF)
    h.extend(deadline=date(2023, 7, 15), reason="设备到货延迟", at=at(10), by=INSPECTOR)
    h.submit(evidence="报警仪已安装并联动", at=at(20), by=STAFF)
    h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(20, 30), by=STAFF)
    h.close(at=at(21), by=INSPECTOR)
