"""The report facts (issue 20, `store.facts`): kept on the hazard row in the same transaction as the
events, filled by migrations 0009 and 0011 for what was stored before, and giving the 调度表 and the 清单
exactly what the event log gives on any day (principle 10): a hazard reopened and with events after
the cut-off is read from its own events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import and_, func, select, update

import hazardflow as hf
from hazardflow.reports import dispatch, register
from hazardflow.reports.layout import VARIANTS, HazardCount
from hazardflow.store import facts
from hazardflow.store.tables import hazards
from tests.conftest import at
from tests.reports.rebuilt import assert_overview_is_rebuilt

SHENYANG = hf.notices.load("shenyang-2023")
MEASURES = [m for s in VARIANTS["shenyang"][1] for r in s.rows for m in r.measures if isinstance(m, HazardCount)]


@pytest.fixture
def ledger(url: str, make: Callable[..., hf.Hazard], plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
           inspector: hf.Actor, district: hf.Actor) -> Iterator[hf.Ledger]:
    """Major and key hazards, self- and department-found, in every way the facts change: closed, closed
    and reopened, reopened and closed again, listed, listed twice over, open; a general one; and three
    left open past their deadline (逾期, H8): one never extended, one extended once, one twice."""
    ledger = hf.Ledger(url)  # on SQLite and on PostgreSQL
    for k in range(12):
        source = hf.Source.DEPARTMENT if k % 3 == 0 else hf.Source.SELF_CHECK
        h = make(description=f"隐患{k}", source=source, by=inspector if source is hf.Source.DEPARTMENT else staff,
                 at=at(6, 1 + k), level=hf.Level.GENERAL if k == 11 else hf.Level.MAJOR)
        day = 2 + k
        if k % 4 == 1:
            h.list_for_supervision(title="挂牌督办通知", number=f"铁应急督〔2023〕{k}号", at=at(6, day, 10),
                                   by=district)
        if k % 2 == 0 or k == 11:
            if h.level is hf.Level.MAJOR:
                h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, day, 10), by=principal)
            h.assign(plan=plan, at=at(6, day, 11), by=principal)
            h.rectify(at=at(6, day, 12), by=staff)
            h.submit(evidence="已整改", at=at(6, day, 13), by=staff)
            if h.level is hf.Level.MAJOR:
                h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, day, 14), by=principal)
            h.close(at=at(6, day, 15), by=inspector)
        ledger.add(h)
    closed = ledger.ids(stage=hf.Stage.CLOSED)
    with ledger.unit(by=inspector) as u:
        u.get(closed[0]).reopen(reason="回头看发现纸面整改", at=at(7, 5), by=inspector)
        again = u.get(closed[1])
        again.reopen(reason="回头看发现纸面整改", at=at(7, 6), by=inspector)
        again.submit(evidence="再次整改", at=at(7, 20), by=staff)
        again.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(7, 20, 14), by=principal)
        again.close(at=at(7, 21), by=inspector)
    for k, extensions in enumerate([(), ((7, 10, date(2023, 8, 15)),),
                                    ((7, 10, date(2023, 7, 25)), (8, 10, date(2023, 9, 30)))]):
        late = make(description=f"逾期隐患{k}", at=at(6, 1 + k), by=staff, jurisdiction="铁西区" if k else "和平区")
        late.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 2 + k, 10), by=principal)
        late.assign(plan=plan, at=at(6, 2 + k, 11), by=principal)  # due 6月30日 (H8)
        for month, day, deadline in extensions:
            late.extend(deadline=deadline, reason="设备到货延迟", at=at(month, day), by=district)
        ledger.add(late)
    yield ledger
    ledger.close()


DAYS = [date(2023, 6, 1) + timedelta(days=k) for k in range(0, 62, 3)] + [date(2023, 7, 20), date(2023, 12, 31)]
"""Every third day of June and July (each hazard's events, both reopens, the second close), and after."""


@pytest.mark.parametrize("day", DAYS)
def test_the_dispatch_counts_from_the_facts_are_those_of_the_log_on_every_day(ledger: hf.Ledger, day: date) -> None:
    start, end = dispatch.end_of(SHENYANG.start - timedelta(days=1)), dispatch.end_of(day)
    with ledger.engine.connect() as connection:
        from_events = connection.execute(dispatch.hazard_query(start, end, None, MEASURES)).one()
        from_facts = connection.execute(dispatch.fact_query(start, end, None, MEASURES)).one()
    assert from_facts == from_events
    assert sum(from_events) > 0 or day == date(2023, 6, 1)


def test_a_hazard_reopened_and_closed_again_is_open_between_in_the_table(ledger: hf.Ledger) -> None:
    """On 7月20日 the reopened-and-closed-again hazard was still open: its latest close (7月21日) and
    reopen (7月6日) alone would count it rectified; the table reads its own events and does not."""
    start, end = dispatch.end_of(SHENYANG.start - timedelta(days=1)), dispatch.end_of(date(2023, 7, 20))
    with ledger.engine.connect() as connection:
        from_events = connection.execute(dispatch.hazard_query(start, end, None, MEASURES)).one()
        latest = connection.execute(dispatch._found_in(dispatch._counts(
            MEASURES, hazards.c.listed_at < end,
            and_(hazards.c.first_closed_at < end, hazards.c.reopened_at < hazards.c.closed_at)), start, end, None)
        ).one()
        unsettled = connection.scalar(select(func.count()).where(hazards.c.reopened_at.is_not(None),
                                                                 hazards.c.last_at >= end))
    table = hf.reports.dispatch_table(ledger, hf.notices.load("mingyueshan-2023"), date(2023, 7, 20))
    assert unsettled == 1
    assert latest != from_events
    assert [table.figure("总体情况", n)[0] for n in range(1, 7)] == list(from_events)[:6]


@pytest.mark.parametrize("day", DAYS)
def test_the_register_is_the_same_read_as_stored_or_replayed(ledger: hf.Ledger, day: date,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    table = register(ledger, day)
    end = dispatch.end_of(day)
    monkeypatch.setattr(ledger, "get_many", lambda ids, replica=False: ledger.as_of(ids, end))
    assert register(ledger, day) == table


def test_the_facts_are_those_of_the_events(ledger: hf.Ledger) -> None:
    with ledger.engine.connect() as connection:
        stored = {row[0]: tuple(row[1:]) for row in connection.execute(
            select(hazards.c.id, *(hazards.c[c] for c in facts.COLUMNS)))}
    assert stored == {i: facts.of(ledger.get(i).events) for i in ledger.ids()}
    assert any(v[1] is not None and v[0] > v[1] for v in stored.values())  # reopened, closed again


def test_migration_0009_fills_the_facts_of_hazards_stored_before(ledger: hf.Ledger) -> None:
    from alembic import command

    from hazardflow.store import migrate

    with ledger.engine.connect() as connection:
        wanted = connection.execute(select(hazards).order_by(hazards.c.id)).all()
    with ledger.engine.begin() as connection:
        connection.execute(update(hazards).values(dict.fromkeys(facts.COLUMNS)))
        command.downgrade(migrate.config(connection), "0006")
        command.upgrade(migrate.config(connection), "head")
    with ledger.engine.connect() as connection:
        assert connection.execute(select(hazards).order_by(hazards.c.id)).all() == wanted


@pytest.mark.parametrize("day", DAYS)
def test_the_overview_is_every_hazard_rebuilt_as_of_the_day(ledger: hf.Ledger, day: date) -> None:
    """`reports.overview`'s SQL over the facts against the domain: each hazard rebuilt from its events
    before the day's end, its stage, listing and 逾期 (H8, `Hazard.is_overdue`) read off it — a hazard
    extended before the day, or after it, counted by the deadline it had then."""
    overdue = assert_overview_is_rebuilt(ledger, SHENYANG, day, sorted({h.jurisdiction for h in ledger.find()}))
    late = sorted(h.description for h in overdue if h.description.startswith("逾期"))
    assert late == {date(2023, 7, 5): ["逾期隐患0", "逾期隐患1", "逾期隐患2"], date(2023, 7, 20): ["逾期隐患0"],
                    date(2023, 7, 31): ["逾期隐患0", "逾期隐患2"]}.get(day, late)


def test_the_figures_are_read_from_index_ranges_alone(sqlite_url: str) -> None:
    """Migration 0012: the settled hazards are the measured level's range of the covering index, the
    unsettled ones found in the index of first_reopened_at without reading a row (SQLite's plan;
    PostgreSQL's planner picks by its statistics)."""
    start, end = dispatch.end_of(date(2023, 5, 31)), dispatch.end_of(date(2023, 11, 30))
    with hf.Ledger(sqlite_url) as ledger, ledger.engine.connect() as connection:
        sql = str(dispatch.fact_query(start, end, None, MEASURES).compile(
            ledger.engine, compile_kwargs={"literal_binds": True}))
        plan = [str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    assert "SEARCH hazards USING COVERING INDEX ix_hazards_facts (level=? AND found_at>? AND found_at<?)" in plan
    assert ("SEARCH reopened USING COVERING INDEX ix_hazards_first_reopened_at_last_at "
            "(first_reopened_at>? AND first_reopened_at<?)") in plan
