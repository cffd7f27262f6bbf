"""The same validation on every back end before commit: NUL, lone surrogates, lengths, integer ranges."""

from __future__ import annotations

import pytest

import hazardflow as hf
from hazardflow.store import validate
from hazardflow.store.tables import events, hazards
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


@pytest.mark.parametrize("rows", [
    [("ok", 1), ("also\x00bad", 2), ("x" * 65, 3)],
    [("ok", 1), ("fine", 2**40), ("\udc80", 3)],
    [("好", 1), ("x" * 65, 2)],
    [("\ud83d", 1), ("\ude00", 2)],  # two lone surrogates joined are still refused
    [("ok", -(2**31) - 1)],
], ids=["NUL first", "integer first", "length", "split pair", "low integer"])
def test_the_batched_check_refuses_what_the_check_of_each_value_refuses(rows: list[tuple[str, int]]) -> None:
    with pytest.raises(hf.InvalidInput) as batched:
        validate.rows(hazards, ("id", "events"), rows)
    with pytest.raises(hf.InvalidInput) as each:
        validate._each("hazards", validate._limits(hazards), ("id", "events"), rows)
    assert str(batched.value) == str(each.value)
    with pytest.raises(hf.InvalidInput) as mapped:
        validate.rows(hazards, None, [{"id": i, "events": n} for i, n in rows])
    assert str(mapped.value) == str(each.value)
    validate.rows(events, ("payload",), [(text,) for text, _ in rows if "\x00" not in text and text.isascii()])
