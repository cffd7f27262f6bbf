"""The same validation on every back end before commit: NUL, lone surrogates, lengths, integer ranges."""

from __future__ import annotations

import pytest

import hazardflow as hf
from store.helpers import INSPECTOR, STAFF, at, found, open_hazard


@pytest.mark.parametrize("bad", ["报警\x00仪", "报警\udc80仪"], ids=["NUL", "lone surrogate"])
def test_bad_text_in_an_event_is_refused_and_nothing_written(ledger: hf.Ledger, bad: str) -> None:
    h = open_hazard()
    ledger.add(h)
    with pytest.raises(hf.InvalidInput, match=r"NUL|代理字符"), ledger.unit(by=STAFF) as u:
        u.get(h.id).submit(evidence=bad, at=at(5), by=STAFF)
    assert len(ledger.history(h.id)) == 3


def test_a_too_long_id_is_refused_on_sqlite_as_on_postgresql(ledger: hf.Ledger) -> None:
    with pytest.raises(hf.InvalidInput, match="at most 64 characters"):
        ledger.add(found(hazard_id="x" * 65))
    assert ledger.count() == 0


def test_an_activity_count_beyond_the_column_is_refused(ledger: hf.Ledger) -> None:
    with pytest.raises(hf.InvalidInput, match=r"activities\.count"):
        ledger.record(hf.Activity(kind=hf.ActivityKind.SPOT_CHECK, unit="铁西区", at=at(5), by=INSPECTOR,
                                  enterprise="甲", count=2**40))
    assert ledger.activities() == []
