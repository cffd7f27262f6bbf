"""verify_chain reads one snapshot: no false alarm while writers commit (issue 16's must-show line:
50 runs under 4 concurrent writers, on SQLite and on PostgreSQL)."""

from __future__ import annotations

import threading

import hazardflow as hf
from store.helpers import INSPECTOR, STAFF, at, open_hazard, step


def test_no_false_alarm_in_50_verifications_under_4_concurrent_writers(ledger: hf.Ledger, url: str) -> None:
    hazards = [open_hazard() for _ in range(4)]
    for h in hazards:
        ledger.add(h)
    stop = threading.Event()
    written = [0] * 4
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            with hf.Ledger(url) as mine:
                while not stop.is_set():
                    with mine.unit(by=STAFF) as u:
                        step(u.get(hazards[k].id), written[k])
                    if written[k] % 3 == 0:
                        mine.record(hf.Activity(kind=hf.ActivityKind.SPOT_CHECK, unit="铁西区", at=at(5), by=INSPECTOR,
                                                   enterprise="甲"))
                    written[k] += 1
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    writers = [threading.Thread(target=write, args=(k,)) for k in range(4)]
    for w in writers:
        w.start()
    try:
        alarms = [found for found in (ledger.verify_chain() for _ in range(50)) if found]
    finally:
        stop.set()
        for w in writers:
            w.join()
    assert errors == []
    assert alarms == []
    assert sum(written) > 0
    assert ledger.verify_chain() == []
