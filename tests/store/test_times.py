"""Times are stored in Beijing time whatever zone they came in, so cut-offs compare instants; a zone
other processes could not read back (``ZoneInfo.from_file``) is refused before anything is written."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

import hazardflow as hf
from hazardflow.store import codec
from store.helpers import INSPECTOR, STAFF, found, open_hazard


def test_a_close_at_20_utc_on_june_30_counts_in_july(ledger: hf.Ledger, url: str) -> None:
    h = open_hazard()
    h.submit(evidence="已加装", at=datetime(2023, 6, 29, 9, tzinfo=hf.SHANGHAI), by=STAFF)
    h.close(at=datetime(2023, 6, 30, 20, tzinfo=UTC), by=INSPECTOR)  # 2023-07-01 04:00 in Beijing
    ledger.add(h)
    end_of_june = codec.time_text(datetime.combine(datetime(2023, 7, 1), time(), tzinfo=hf.SHANGHAI))
    assert [x.stage for x in ledger.as_of([h.id], end_of_june)] == [hf.Stage.VERIFYING]
    with hf.Ledger(url) as other:  # read back from the rows
        close = other.get(h.id).events[-1].at
    assert close == datetime(2023, 6, 30, 20, tzinfo=UTC) and close.tzinfo is hf.SHANGHAI


def test_a_zone_without_a_key_is_refused_and_nothing_written(ledger: hf.Ledger) -> None:
    with open("/usr/share/zoneinfo/Asia/Shanghai", "rb") as f:
        keyless = ZoneInfo.from_file(f)
    h = found()
    h.assign(plan=open_hazard().plan, at=datetime(2023, 6, 2, 9, tzinfo=keyless), by=hf.Actor(
        "李四", hf.Role.PRINCIPAL, "沈阳某钢铁公司"))
    with pytest.raises(hf.InvalidInput, match=r"ZoneInfo\.from_file"):
        ledger.add(h)
    assert ledger.count() == 0
