"""The report facts a write folds into the hazard row (`store.facts.then`, issue 20) are those of the
whole history (`facts.of`) after every unit of work, however the hazard was read: cold (no cache:
from the event rows just read), warm (from the cache) or batched (`Unit.get_all`); and the fold of
stored times is the facts of the whole history for any split of it (hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

import hazardflow as hf
from hazardflow.store import facts
from hazardflow.store.tables import hazards
from store.helpers import ENTERPRISE, INSPECTOR, PRINCIPAL, STAFF
from store.helpers import START as T0

DISTRICT = hf.Actor("钱七", hf.Role.DEPARTMENT, "铁西区应急管理局")

Step = Callable[[hf.Hazard, datetime], object]
ROUND: list[Step] = [
    lambda h, t: h.submit(evidence="已整改", at=t, by=STAFF),
    lambda h, t: h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=t, by=PRINCIPAL),
    lambda h, t: h.close(at=t, by=DISTRICT),
]
STEPS: list[Step] = [
    lambda h, t: h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=t, by=PRINCIPAL),
    lambda h, t: h.list_for_supervision(title="挂牌督办通知", number="铁应急督〔2023〕1号", at=t, by=DISTRICT),
    lambda h, t: h.assign(plan=hf.Plan("李四", "加装报警仪", Decimal("50000"), date(2023, 7, 1), "应急预案"),
                          at=t, by=PRINCIPAL),
    lambda h, t: h.extend(deadline=date(2023, 8, 1), reason="设备到货延迟", at=t, by=DISTRICT),
    lambda h, t: h.rectify(at=t, by=STAFF),
    *ROUND,
    lambda h, t: h.reopen(reason="回头看发现纸面整改", at=t, by=INSPECTOR),
    *ROUND,
    lambda h, t: h.reopen(reason="回头看再次发现问题", at=t, by=INSPECTOR),
    *ROUND,
]
"""A major hazard listed, extended, closed three times and reopened twice: every fact moves."""


def _stored_facts(ledger: hf.Ledger) -> dict[str, tuple[str | None, ...]]:
    with ledger.engine.connect() as connection:
        return {row[0]: tuple(row[1:]) for row in connection.execute(
            select(hazards.c.id, *(hazards.c[c] for c in facts.COLUMNS)))}


@pytest.mark.parametrize("cache", [0, 10_000], ids=["cold", "warm"])
@pytest.mark.parametrize("batched", [False, True], ids=["get", "get_all"])
def test_each_unit_writes_the_facts_of_the_whole_history(url: str, cache: int, batched: bool) -> None:
    with hf.Ledger(url, cache=cache) as ledger:
        ids = [ledger.add(hf.Hazard.found(
            description=f"{k}号煤气柜未设置泄漏报警", level=hf.Level.MAJOR, source=hf.Source.DEPARTMENT,
            enterprise=ENTERPRISE, sector="金属冶炼", jurisdiction="铁西区", at=T0, by=INSPECTOR)) for k in range(3)]
        for n, step in enumerate(STEPS, start=1):
            with ledger.unit(by=INSPECTOR) as unit:
                read = unit.get_all(ids) if batched else [unit.get(i) for i in ids]
                for k, h in enumerate(read):
                    step(h, T0 + timedelta(hours=n, minutes=k))
            stored = _stored_facts(ledger)
            assert stored == {i: facts.of(ledger.get(i).events) for i in ids}, f"after step {n}"
        last = stored[ids[0]]
        got = dict(zip(facts.COLUMNS, last, strict=True))
        assert got["first_closed_at"] < got["first_reopened_at"] < got["reopened_at"] < got["closed_at"]
        assert got["last_at"] == got["closed_at"] and None not in last


TRIGGERS = ["found", "assign", "extend", "list_for_supervision", "submit", "close", "reopen", "report"]
stored_times = st.lists(st.tuples(st.sampled_from(TRIGGERS),
                                  st.integers(0, 10**6).map(lambda s: hf.at_date(date(2023, 6, 1)) + timedelta(
                                      seconds=s)).map(lambda t: t.isoformat())), max_size=20)


def _naive(events: list[tuple[str, str]]) -> tuple[str | None, ...]:
    def times(trigger: str) -> list[str]:
        return [at for t, at in events if t == trigger]

    def first(trigger: str) -> str | None:
        return min(times(trigger), default=None)

    def latest(trigger: str) -> str | None:
        return max(times(trigger), default=None)

    return (latest("close"), latest("reopen"), first("list_for_supervision"),
            max((at for _, at in events), default=None), first("close"), first("reopen"), first("assign"),
            first("extend"))


@given(stored_times, stored_times)
def test_the_fold_of_a_split_history_is_the_facts_of_the_whole(before: list[tuple[str, str]],
                                                               after: list[tuple[str, str]]) -> None:
    assert facts.then(facts.then(facts.NONE, before), after) == facts.then(facts.NONE, before + after)
    assert facts.then(facts.NONE, before + after) == _naive(before + after)
    assert facts.then(facts.NONE, []) == facts.NONE
