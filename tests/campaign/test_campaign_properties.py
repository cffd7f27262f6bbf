"""Properties of the clock: tick is idempotent, reads only, and never advances a phase."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import hazardflow as hf
from hazardflow.notices import DeliverableKind, UnitKind

UNITS = (("某钢铁公司", UnitKind.ENTERPRISE, "high-risk"), ("某区应急管理局", UnitKind.DEPARTMENT, "scope"),
         ("某镇", UnitKind.TOWN, None))
BY = hf.Actor("张三", hf.Role.GOVERNMENT, "某区")
RECORDABLE = [k for k in DeliverableKind if k is not DeliverableKind.DISPATCH]

operations = st.lists(st.tuples(
    st.sampled_from(["record", "advance", "dispatch"]),
    st.integers(0, len(UNITS) - 1),
    st.sampled_from(RECORDABLE),
    st.integers(0, 240 * 24),                    # hours after the campaign's start
), max_size=40)


def state(c: hf.Campaign) -> list[tuple[object, ...]]:
    return [(p.step, tuple(p.events), tuple(p.filings)) for p in c]


@settings(max_examples=60, deadline=None)
@given(ident=st.sampled_from(["shenyang-2023", "mingyueshan-2023", "dongsheng-2023", "wushan-2023"]),
       ops=operations, moments=st.lists(st.integers(0, 260 * 24), min_size=1, max_size=4))
def test_tick_is_idempotent_and_never_advances(ident: str, ops: list[tuple[str, int, DeliverableKind, int]],
                                               moments: list[int]) -> None:
    notice = hf.notices.load(ident)
    origin = datetime(notice.start.year, notice.start.month, notice.start.day, 8, tzinfo=hf.SHANGHAI)
    c = hf.Campaign(notice)
    sectors = {"high-risk": (notice.high_risk_sectors or notice.scope_sectors)[0], "scope": notice.scope_sectors[-1],
               None: None}
    for unit, kind, sector in UNITS:
        c.join(unit, kind=kind, sector=sectors[sector], at=origin, by=BY)
    for op, u, kind, hours in sorted(ops, key=lambda o: o[3]):
        unit, at = UNITS[u][0], origin + timedelta(hours=hours)
        try:
            if op == "advance":
                c.advance(unit, at=at, by=BY)
            elif op == "dispatch":
                c.record(unit, DeliverableKind.DISPATCH, at=at, by=BY)
            else:
                c.record(unit, kind, at=at, by=BY)
        except (hf.Rejected, hf.InvalidInput):
            pass
    before = state(c)
    for hours in moments:
        at = origin + timedelta(hours=hours)
        first = c.tick(at)
        assert c.tick(at) == first
        assert state(c) == before
        assert all(o.due <= at or hf.local_date(o.due) == hf.local_date(at) for o in first)
        assert all(o.status is hf.ObligationStatus.OVERDUE or hf.local_date(o.due) == hf.local_date(at)
                   for o in first)


SHENYANG = hf.notices.load("shenyang-2023")
PRINCIPAL = hf.Actor("李四", hf.Role.PRINCIPAL, "某钢铁公司")


@settings(max_examples=60, deadline=None)
@given(task=st.sampled_from(SHENYANG.tasks), filed=st.none() | st.integers(0, 60 * 24),
       asked=st.integers(0, 60 * 24))
def test_a_c9_task_is_listed_exactly_when_its_day_has_come_and_it_is_not_on_record(
        task: hf.notices.Task, filed: int | None, asked: int) -> None:
    origin = datetime(2023, 5, 22, 0, tzinfo=hf.SHANGHAI)
    c = hf.Campaign(SHENYANG)
    c.join("某钢铁公司", kind="enterprise", sector="金属冶炼", at=origin, by=PRINCIPAL)
    if filed is not None:
        c.record("某钢铁公司", "task", period=task.id, at=origin + timedelta(hours=filed), by=PRINCIPAL)
    at = origin + timedelta(hours=asked)
    listed = [o for o in c.tick(at) if o.rule == "C9" and o.period == task.id]
    on_record = filed is not None and filed <= asked
    assert bool(listed) == (hf.local_date(at) >= task.due and not on_record)
    assert all(o.overdue == (hf.local_date(at) > task.due) for o in listed)
