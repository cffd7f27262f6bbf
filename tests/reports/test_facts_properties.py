"""The report facts against the event log for any register and any cut-off (hypothesis): hazards
closed, reopened and closed again any number of times, listed, extended, at any times; on every day of
the window the 调度表's 总体情况 from the facts (`fact_query`) is the event log's (`hazard_query`), and
the facts written with the events are `facts.of` those events."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import hazardflow as hf
from hazardflow.reports import dispatch
from hazardflow.reports.layout import VARIANTS, HazardCount
from hazardflow.store import facts
from hazardflow.store.tables import hazards

MEASURES = [m for s in VARIANTS["shenyang"][1] for r in s.rows for m in r.measures if isinstance(m, HazardCount)]
START = datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI)
ENTERPRISE = "沈阳某钢铁公司"
STAFF = hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE)
PRINCIPAL = hf.Actor("李四", hf.Role.PRINCIPAL, ENTERPRISE)
INSPECTOR = hf.Actor("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局")
DISTRICT = hf.Actor("钱七", hf.Role.DEPARTMENT, "铁西区应急管理局")

hazard_story = st.fixed_dictionaries({
    "found": st.integers(0, 40),  # days after START
    "major": st.booleans(),
    "department": st.booleans(),
    "listed": st.booleans(),
    "extended": st.booleans(),
    "rounds": st.integers(0, 3),  # closes; each after the first preceded by a 回头看 reopen
    "gaps": st.lists(st.integers(1, 240), min_size=12, max_size=12),  # hours between steps
})


def _drive(story: dict[str, object]) -> hf.Hazard:
    gaps = iter(story["gaps"])  # type: ignore[call-overload]
    t = START + timedelta(days=story["found"])  # type: ignore[arg-type]
    major = bool(story["major"])
    h = hf.Hazard.found(description="煤气柜未设置一氧化碳泄漏报警", level=hf.Level.MAJOR if major else hf.Level.GENERAL,
                        source=hf.Source.DEPARTMENT if story["department"] else hf.Source.SELF_CHECK,
                        enterprise=ENTERPRISE, sector="金属冶炼", jurisdiction="铁西区", at=t,
                        by=INSPECTOR if story["department"] else STAFF)

    def later() -> datetime:
        nonlocal t
        t += timedelta(hours=next(gaps, 1))
        return t

    if major:
        h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=later(), by=PRINCIPAL)
    listed = major and bool(story["listed"])  # H7: only a major hazard is listed; H6: its authority closes it
    if listed:
        h.list_for_supervision(title="挂牌督办通知", number="铁应急督〔2023〕1号", at=later(), by=DISTRICT)
    rounds = int(story["rounds"])  # type: ignore[call-overload]
    if rounds == 0 and not story["extended"]:
        return h
    h.assign(plan=hf.Plan("李四", "加装一氧化碳报警仪", Decimal("50000"), (t + timedelta(days=20)).date(), "应急预案"),
             at=later(), by=PRINCIPAL)
    if story["extended"]:
        h.extend(deadline=(t + timedelta(days=60)).date(), reason="设备到货延迟", at=later(), by=DISTRICT)
    h.rectify(at=later(), by=STAFF)
    for k in range(rounds):
        if k:
            h.reopen(reason="回头看发现纸面整改", at=later(), by=INSPECTOR)
        h.submit(evidence="已整改", at=later(), by=STAFF)
        if major:
            h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=later(), by=PRINCIPAL)
        h.close(at=later(), by=DISTRICT if listed else INSPECTOR)
    return h


@settings(max_examples=25, deadline=None)
@given(st.lists(hazard_story, min_size=1, max_size=8))
def test_the_facts_give_the_event_logs_figures_on_every_day(stories: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder, hf.Ledger(f"sqlite:///{Path(folder) / 'r.db'}") as ledger:
        for story in stories:
            ledger.add(_drive(story))
        with ledger.engine.connect() as connection:
            stored = {row[0]: tuple(row[1:]) for row in connection.execute(
                select(hazards.c.id, *(hazards.c[c] for c in facts.COLUMNS)))}
            assert stored == {i: facts.of(ledger.get(i).events) for i in ledger.ids()}
            start = dispatch.end_of(date(2023, 5, 31))
            for day in (date(2023, 6, 1) + timedelta(days=k) for k in range(0, 120, 2)):
                end = dispatch.end_of(day)
                assert (connection.execute(dispatch.fact_query(start, end, None, MEASURES)).one()
                        == connection.execute(dispatch.hazard_query(start, end, None, MEASURES)).one()), day
