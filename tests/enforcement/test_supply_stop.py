"""L9 停止供电 (安全生产法 第七十条): after a refused suspension, approved, 24 hours ahead, lifted on compliance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from enforcement_helpers import BOSS, INSPECTOR, OTHER, STAFF, at, hazard

import hazardflow as hf

HEAD = hf.Actor("赵局长", hf.Role.DEPARTMENT, "沈阳市应急管理局")


def refused() -> tuple[hf.Hazard, hf.Suspension]:
    h = hazard(hf.Source.DEPARTMENT)
    s = hf.Suspension.ordered(hazards=[h], reason="煤气泄漏无法保证安全", at=at(6, 5), by=INSPECTOR)
    s.refuse(finding="夜间擅自恢复生产", at=at(6, 7), by=INSPECTOR)
    return h, s


@pytest.mark.parametrize(("hours", "allowed"), [(23, False), (24, True), (25, True)])
def test_power_is_cut_on_twenty_four_hours_notice(hours: int, allowed: bool) -> None:
    _, s = refused()
    stop = lambda: hf.stop_supply(s, danger="煤气持续泄漏", approved_by=HEAD, at=at(6, 8),  # noqa: E731
                                  effective=at(6, 8) + timedelta(hours=hours), by=INSPECTOR)
    if allowed:
        assert stop().supply is hf.Supply.POWER
    else:
        with pytest.raises(hf.Rejected, match="二十四小时") as refusal:
            stop()
        assert refusal.value.rules == ["L9"]


def test_an_emergency_or_explosives_need_no_notice() -> None:
    _, s = refused()
    now = at(6, 8)
    assert hf.stop_supply(s, danger="煤气浓度超限", approved_by=HEAD, at=now, effective=now, by=INSPECTOR,
                          emergency="煤气浓度持续上升，随时可能爆炸").emergency
    assert hf.stop_supply(s, danger="违规爆破", approved_by=HEAD, at=now, effective=now, by=INSPECTOR,
                          supply=hf.Supply.EXPLOSIVES).supply is hf.Supply.EXPLOSIVES


def test_only_after_a_refusal_with_the_departments_own_principal() -> None:
    h = hazard(hf.Source.DEPARTMENT)
    s = hf.Suspension.ordered(hazards=[h], reason="煤气泄漏无法保证安全", at=at(6, 5), by=INSPECTOR)
    with pytest.raises(hf.Rejected, match="拒不执行"):
        hf.stop_supply(s, danger="煤气泄漏", approved_by=HEAD, at=at(6, 8), effective=at(6, 9), by=INSPECTOR)
    _, s = refused()
    with pytest.raises(hf.Rejected, match="主要负责人批准"):
        hf.stop_supply(s, danger="煤气泄漏", approved_by=OTHER, at=at(6, 8), effective=at(6, 9), by=INSPECTOR)
    with pytest.raises(hf.Rejected, match="无权决定"):
        hf.stop_supply(s, danger="煤气泄漏", approved_by=HEAD, at=at(6, 8), effective=at(6, 9), by=BOSS)
    with pytest.raises(hf.InvalidInput, match="danger"):
        hf.stop_supply(s, danger=" ", approved_by=HEAD, at=at(6, 8), effective=at(6, 9), by=INSPECTOR)


def test_lifted_once_the_hazard_is_removed() -> None:
    h, s = refused()
    stop = hf.stop_supply(s, danger="煤气持续泄漏", approved_by=HEAD, at=at(6, 8), effective=at(6, 9),
                          by=INSPECTOR)
    assert not stop.must_lift(s, [h])
    with pytest.raises(hf.Rejected, match="尚未履行"):
        stop.lift(order=s, hazards=[h], at=at(6, 9), by=INSPECTOR)
    h.submit(evidence="已更换报警仪", at=at(6, 10), by=STAFF)
    h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 10, 10), by=BOSS)
    h.close(at=at(6, 11), by=INSPECTOR)
    assert stop.must_lift(s, [h])
    lifted = stop.lift(order=s, hazards=[h], at=at(6, 11, 10), by=INSPECTOR)
    assert lifted.lifted is not None and not lifted.must_lift(s, [h])
    with pytest.raises(hf.Rejected, match="已于"):
        lifted.lift(order=s, hazards=[h], at=at(6, 12), by=INSPECTOR)
