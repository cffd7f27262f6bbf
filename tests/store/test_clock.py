"""`Ledger.tick`: each day's findings recorded once, a missed day caught up as it stood then."""

from __future__ import annotations

from datetime import date, datetime

import hazardflow as hf
from store.helpers import INSPECTOR, PRINCIPAL, STAFF, found, plan

CLOCK = hf.Actor("每日到期检查", hf.Role.GOVERNMENT, "专项整治调度")


def moment(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2023, month, day, hour, tzinfo=hf.SHANGHAI)


def test_a_missed_day_is_caught_up_as_it_stood_then(ledger: hf.Ledger) -> None:
    h = found(hf.Level.MAJOR)
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=moment(6, 1, 10), by=PRINCIPAL)
    h.assign(plan=plan(date(2023, 6, 10)), at=moment(6, 2), by=PRINCIPAL)
    h.rectify(at=moment(6, 3), by=STAFF)
    ledger.add(h)
    first = ledger.tick(moment(6, 15), by=CLOCK)
    assert [d.id for d in first] == ["2023-06-15"] and [e.hazard for e in first[0]["escalations"]] == [h.id]
    assert ledger.tick(moment(6, 15, 20), by=CLOCK) == []
    with ledger.unit(by=INSPECTOR) as u:
        again = u.get(h.id)
        again.submit(evidence="已整改", at=moment(6, 17, 10), by=STAFF)
        again.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=moment(6, 17, 11), by=PRINCIPAL)
        again.close(at=moment(6, 17, 15), by=INSPECTOR)
    caught_up = ledger.tick(moment(6, 18), by=CLOCK)
    assert [d.id for d in caught_up] == ["2023-06-16", "2023-06-17", "2023-06-18"]
    assert [len(d["escalations"]) for d in caught_up] == [1, 0, 0]
    assert sorted(ledger.record_ids("tick")) == ["2023-06-15", "2023-06-16", "2023-06-17", "2023-06-18"]
    assert ledger.verify_chain() == []
