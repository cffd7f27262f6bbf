"""Properties: the case machine never closes a penalised case without a passing 整改复查 after its last
penalty, and a refusal changes nothing; working-day arithmetic is consistent."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from enforcement_helpers import BOSS, INSPECTOR, OTHER, STEEL, at, hazard, penalty
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import hazardflow as hf

ACTORS = st.sampled_from([INSPECTOR, OTHER, BOSS])


class CaseMachine(RuleBasedStateMachine):
    """Random operations on one case; the invariants of P1 hold after each."""

    @initialize()
    def start(self) -> None:
        self.h = hazard(hf.Source.DEPARTMENT)
        inspection = hf.Inspection.signed(enterprise=STEEL, scope="检查", hazards=[self.h], at=at(6, 1),
                                          by=INSPECTOR)
        self.case = hf.EnforcementCase.open(inspection=inspection, at=at(6, 1), by=INSPECTOR)
        self.now = at(6, 2)
        self.numbers = 0

    def _run(self, operation: str, **kwargs: object) -> None:
        self.now += timedelta(hours=1)
        before = (attrs.astuple(self.case, recurse=False, filter=lambda a, v: a.name != "events"),
                  tuple(self.case.events))
        try:
            getattr(self.case, operation)(at=self.now, **kwargs)
        except hf.Rejected as refusal:
            assert refusal.reasons
            after = (attrs.astuple(self.case, recurse=False, filter=lambda a, v: a.name != "events"),
                     tuple(self.case.events))
            assert after == before

    @rule(by=ACTORS)
    def penalize(self, by: hf.Actor) -> None:
        self.numbers += 1
        self._run("penalize", penalty=penalty(self.h, self.now, f"罚{self.numbers}号"), by=by)

    @rule(by=ACTORS, still=st.booleans())
    def reinspect(self, by: hf.Actor, still: bool) -> None:
        self._run("reinspect", finding="复查", remaining=[self.h.id] if still else [], by=by)

    @rule(by=ACTORS)
    def close(self, by: hf.Actor) -> None:
        self._run("close", by=by)

    @invariant()
    def never_punish_and_walk_away(self) -> None:
        events = self.case.events
        if self.case.stage is hf.CaseStage.CLOSED and any(e.trigger == "penalize" for e in events):
            last_penalty = max(i for i, e in enumerate(events) if e.trigger == "penalize")
            assert any(e.trigger == "reinspect" for e in events[last_penalty:])
        assert [e.trigger for e in events].count("close") <= 1
        assert self.case.escalations == sum(e.trigger == "escalate" for e in events)


TestCaseMachine = CaseMachine.TestCase
TestCaseMachine.settings = settings(max_examples=60, stateful_step_count=15, deadline=None)

days = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))
holiday_sets = st.frozensets(days, max_size=10)


@given(start=days, count=st.integers(min_value=0, max_value=30), holidays=holiday_sets)
@pytest.mark.parametrize("statutory", [True, False])
def test_working_days_round_trip(start: date, count: int, holidays: frozenset[date], statutory: bool) -> None:
    end = hf.add_working_days(start, count, holidays, statutory=statutory)
    assert hf.working_days_between(start, end, holidays, statutory=statutory) == count
    if count:
        assert hf.is_working_day(end, holidays, statutory=statutory) and end not in holidays
        assert end - start >= timedelta(days=count)
        assert hf.add_working_days(start, count - 1, holidays, statutory=statutory) < end


@given(start=days, holidays=holiday_sets)
def test_publication_deadline_is_seven_working_days(start: date, holidays: frozenset[date]) -> None:
    due = hf.publication_deadline(start, holidays, statutory=False)
    assert hf.working_days_between(start, due, holidays, statutory=False) == 7
    assert due - start <= timedelta(days=11 + 3 * len(holidays))  # a weekend twice, a holiday may skip one
    on_calendar = hf.publication_deadline(start, holidays)
    assert hf.working_days_between(start, on_calendar, holidays) == 7
    assert on_calendar - start <= timedelta(days=19 + 3 * len(holidays))  # 春节: eight days off and a weekend


@settings(max_examples=40, deadline=None)
@given(offset=st.integers(min_value=0, max_value=20),
       gaps=st.lists(st.integers(min_value=1, max_value=25), min_size=1, max_size=4))
def test_daily_fines_over_successive_decisions_fine_each_day_once(offset: int, gaps: list[int]) -> None:
    """L3 (第一百一十二条): however the refusal is cut into decisions, each day after the deadline is fined once."""
    h = hazard(hf.Source.DEPARTMENT, stage="found")  # no plan: the first order is 立即, due the day it is made
    history = [penalty(h, at(6, 1, 15), "原决定")]
    day = at(6, 1) + timedelta(days=offset)
    counted: list[date] = []
    for i, gap in enumerate(gaps):
        day += timedelta(days=gap)
        d = hf.decide_penalty(h, at=day, penalties=history)
        daily = [m for m in d.measures if m.kind is hf.MeasureKind.DAILY_FINE]
        for m in daily:
            counted += [a + timedelta(days=n) for a, b in m.spans for n in range((b - a).days + 1)]
        history.append(hf.Penalty(f"{i}号", h.enterprise, h.id, tuple(daily), hf.Signature(INSPECTOR, day)))
    last = hf.local_date(day)
    assert sorted(counted) == [date(2023, 6, 2) + timedelta(days=n) for n in range((last - date(2023, 6, 2)).days + 1)]
