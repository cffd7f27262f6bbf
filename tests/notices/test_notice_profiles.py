"""The five bundled profiles against their notices' text: ids, phases, dates, deliverables, cadence."""

from __future__ import annotations

from datetime import date, time

import attrs
import pytest

import hazardflow as hf
from hazardflow.notices import DeliverableKind, Every, UnitKind

IDS = ["dongsheng-2023", "mingyueshan-2023", "shenyang-2023", "wuhua-2020", "wushan-2023"]

# (id, number, [(name, start, end) for the four phases]) — as printed in each notice's 阶段安排.
PHASES = {
    "wushan-2023": ("巫山经信发〔2023〕5号", [
        ("动员部署", date(2023, 5, 19), date(2023, 5, 20)),        # 三(一) 2023年5月20日前
        ("集中排查", date(2023, 5, 21), date(2023, 8, 31)),        # 三(二) 2023年8月底前
        ("重点整治", date(2023, 9, 1), date(2023, 11, 30)),        # 三(三) 2023年11月底前
        ("建章立制", date(2023, 12, 1), date(2023, 12, 31)),       # 三(四) 2023年12月
    ]),
    "dongsheng-2023": ("东国资发〔2023〕24号", [
        ("动员部署", date(2023, 5, 21), date(2023, 5, 25)),        # 三(一) 2023年5月25日前
        ("自查自改和帮扶", date(2023, 5, 26), date(2023, 7, 31)),  # 三(二) 2023年7月底前
        ("监督检查", date(2023, 8, 1), date(2023, 10, 31)),        # 三(三) 2023年10月底前
        ("总结提高", date(2023, 11, 1), date(2023, 12, 31)),       # 三(四) 2023年12月底前
    ]),
    "shenyang-2023": ("沈应急发〔2023〕27号", [
        ("动员部署", date(2023, 5, 22), date(2023, 5, 31)),        # 四(一) 2023年5月31日前
        ("隐患排查治理", date(2023, 6, 1), date(2023, 8, 31)),     # 四(二) 6月1日至8月31日
        ("执法督导", date(2023, 9, 1), date(2023, 11, 30)),        # 四(三) 9月1日至11月30日
        ("总结提升", date(2023, 12, 1), date(2023, 12, 31)),       # 四(四) 2023年12月底前
    ]),
    "mingyueshan-2023": ("宜明办字〔2023〕23号", [
        ("动员部署", date(2023, 5, 18), date(2023, 5, 31)),        # 三(一) 2023年5月
        ("企业自查自改和部门帮扶", date(2023, 6, 1), date(2023, 7, 31)),  # 三(二) 6月至7月
        ("部门精准执法", date(2023, 8, 1), date(2023, 11, 30)),    # 三(三) 8月至11月
        ("总结提高", date(2023, 12, 1), date(2023, 12, 31)),       # 三(四) 2023年12月
    ]),
    "wuhua-2020": ("五华县安全生产专项整治三年行动实施计划", [
        ("动员部署", date(2020, 4, 1), date(2020, 7, 31)),         # 四(一) 2020年4月-7月
        ("全面实施", date(2020, 7, 1), date(2020, 12, 31)),        # 四(二) 2020年7月至12月
        ("重点攻坚", date(2021, 1, 1), date(2021, 12, 31)),        # 四(三) 2021年
        ("完善提升", date(2022, 1, 1), date(2022, 12, 31)),        # 四(四) 2022年
    ]),
}


def test_exactly_the_five_notices_are_available() -> None:
    assert hf.notices.available() == IDS


@pytest.mark.parametrize("ident", IDS)
def test_each_profile_loads_with_its_phases_in_order(ident: str) -> None:
    notice = hf.notices.load(ident)
    number, phases = PHASES[ident]
    assert notice.id == ident
    assert notice.number == number
    assert [p.kind for p in notice.phases] == list(hf.PhaseKind)
    assert [(p.name, p.start, p.end) for p in notice.phases] == phases
    assert notice.start <= notice.phases[0].start and notice.phases[-1].end <= notice.end
    for p in notice.phases:
        assert p.clause and p.number == notice.phases.index(p) + 1
        for d in p.deliverables:
            assert d.clause and d.name and d.units


@pytest.mark.parametrize("ident", IDS)
def test_every_notice_asks_for_a_plan_in_mobilisation_and_a_summary_at_the_end(ident: str) -> None:
    notice = hf.notices.load(ident)
    plans = [d for d in notice.phases[0].deliverables if d.kind is DeliverableKind.PLAN]
    assert plans and all(d.gate for d in plans)
    assert {u for d in plans for u in d.units} == set(UnitKind)
    assert any(d.kind is DeliverableKind.SUMMARY for d in notice.phases[3].deliverables)


def test_a_notice_is_immutable_and_cached() -> None:
    notice = hf.notices.load("shenyang-2023")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        notice.title = "x"  # type: ignore[misc]
    assert hf.notices.load("shenyang-2023") is notice
    assert notice.cite("四(一)") == "沈应急发〔2023〕27号 四(一)"


def test_an_unknown_id_names_the_available_ones() -> None:
    with pytest.raises(hf.notices.ProfileError, match="shenyang-2023"):
        hf.notices.load("anshan-2023")


def _due(ident: str, deliverable: str) -> date:
    (d,) = [d for d in hf.notices.load(ident).deliverables if d.id == deliverable]
    return d.due


def test_shenyang_deliverables_and_their_dates() -> None:
    # 五(四) 联络人 5月25日前; 三(一)1 / 四(一) 5月30日前; 四(二)1 6月15日前; 五(四) 12月15日前, 阶段结束后3日内
    assert _due("shenyang-2023", "contact") == date(2023, 5, 25)
    assert _due("shenyang-2023", "area-meeting") == date(2023, 5, 25)
    assert _due("shenyang-2023", "enterprise-meeting") == date(2023, 5, 30)
    assert _due("shenyang-2023", "register") == date(2023, 6, 15)
    assert _due("shenyang-2023", "commitment") == date(2023, 6, 15)
    assert _due("shenyang-2023", "summary") == date(2023, 12, 15)
    assert [_due("shenyang-2023", f"summary-{i}") for i in (1, 2, 3)] == [
        date(2023, 6, 3), date(2023, 9, 3), date(2023, 12, 3)]


def test_dongsheng_contact_receipt_is_due_on_may_25() -> None:
    assert _due("dongsheng-2023", "contact") == date(2023, 5, 25)


def test_reporting_cadence_of_each_notice() -> None:
    wushan = hf.notices.load("wushan-2023").cadence
    assert wushan and (wushan.every, wushan.day, wushan.due_time) == (Every.MONTH, 27, time(10, 0))
    shenyang = hf.notices.load("shenyang-2023").cadence
    assert shenyang and (shenyang.every, shenyang.day, shenyang.cumulative, shenyang.as_of) == (
        Every.MONTH, 28, True, "month_end")
    assert shenyang.start == date(2023, 5, 1)
    ming = hf.notices.load("mingyueshan-2023").cadence
    assert ming and (ming.every, ming.day, ming.cumulative, ming.as_of, ming.roll_over) == (
        Every.MONTH, 16, True, "due", True)
    dong = hf.notices.load("dongsheng-2023").cadence
    assert dong and dong.every is Every.WEEK
    assert [r.due for r in dong.reports] == [date(2023, 8, 10), date(2023, 12, 10)]
    wuhua = hf.notices.load("wuhua-2020").cadence
    assert wuhua and wuhua.every is Every.YEAR


def test_dispatch_variants() -> None:
    assert hf.notices.load("shenyang-2023").dispatch_variant == "shenyang"
    assert hf.notices.load("mingyueshan-2023").dispatch_variant == "mingyueshan"
    assert {hf.notices.load(i).dispatch_variant for i in ("wushan-2023", "dongsheng-2023", "wuhua-2020")} == {"none"}


def test_inspection_and_drill_frequencies() -> None:
    sy = hf.notices.load("shenyang-2023")
    assert sy.inspection and (sy.inspection.every, sy.inspection.high_risk_every) == (Every.QUARTER, Every.MONTH)
    assert sy.inspection.high_risk == {"金属冶炼"}
    assert sy.drill and (sy.drill.every, sy.drill.high_risk_every) == (Every.CAMPAIGN, Every.HALF_YEAR)
    ds = hf.notices.load("dongsheng-2023")
    assert ds.inspection and ds.inspection.high_risk == {"建筑施工", "电气燃气"}
    assert ds.drill and (ds.drill.every, ds.drill.high_risk_every) == (Every.YEAR, Every.HALF_YEAR)
    assert "商场" in ds.drill.high_risk
    assert hf.notices.load("wushan-2023").inspection is None
    assert hf.notices.load("wuhua-2020").drill is None


def test_mingyueshan_monthly_quotas() -> None:
    quotas = {q.id: q for q in hf.notices.load("mingyueshan-2023").quotas}
    assert set(quotas) == {"department-hazards", "department-cases", "department-publication", "town-hazards",
                           "town-cases", "town-lead-supervision", "town-deputy-supervision", "town-publication",
                           "hongjiang-risk-model", "wentang-risk-model", "wentang-standard-model"}
    assert quotas["department-hazards"].items == {DeliverableKind.MAJOR_HAZARD, DeliverableKind.KEY_HAZARD}
    assert quotas["department-publication"].every is Every.QUARTER
    cases = quotas["department-cases"]
    assert cases.applies_to(UnitKind.DEPARTMENT, "明月山消防救援大队", None)
    assert not cases.applies_to(UnitKind.DEPARTMENT, "明月山教体局", "校园")
    assert all(q.count == 1 for q in quotas.values())
