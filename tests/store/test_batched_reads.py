"""Batched reads (issue 20): `Unit.get_all`, `Ledger.find` and `Ledger.query` read many hazards with one
version/head read and one read of their rows per batch, and give exactly what one `get` at a time gives,
cached or cold, across the compiled batch sizes (`ledger.BATCH_SIZES`)."""

from __future__ import annotations

import pytest

import hazardflow as hf
from hazardflow.store.ledger import BATCH_SIZES
from store.helpers import STAFF, found, full_loop, open_hazard, step


def _register(url: str, n: int, *, cache: int = 10_000) -> tuple[hf.Ledger, list[str]]:
    ledger = hf.Ledger(url, cache=cache)
    hazards = []
    for k in range(n):
        h = open_hazard() if k % 3 else found(hf.Level.MAJOR)
        if not k % 3:
            full_loop(h)
        hazards.append(h)
    with ledger.unit(by=STAFF) as u:
        for h in hazards:
            u.add(h)
    return ledger, [h.id for h in hazards]


@pytest.mark.parametrize("cache", [0, 10_000])
def test_get_all_is_get_one_at_a_time(url: str, cache: int) -> None:
    ledger, ids = _register(url, 70, cache=cache)
    with ledger:
        one_by_one = [ledger.get(i) for i in ids]
        ledger._cache.clear()
        with ledger.unit(by=STAFF) as u:
            batch = u.get_all([*reversed(ids), ids[0]])
            assert batch[-1] is batch[len(ids) - 1] and batch[0] is u.get(ids[-1])
        assert list(reversed(batch[:-1])) == one_by_one


def test_get_all_writes_as_get_does(sqlite_url: str) -> None:
    ledger, ids = _register(sqlite_url, 20, cache=0)
    with ledger:
        with ledger.unit(by=STAFF) as u:
            for h in u.get_all(ids):
                if h.stage is hf.Stage.RECTIFYING:
                    step(h)
        assert all(ledger.get(i).stage is hf.Stage.VERIFYING for i in ids if ledger.get(i).level is hf.Level.GENERAL)
        assert ledger.verify_chain() == []


@pytest.mark.parametrize("n", sorted({1, 2, *BATCH_SIZES, BATCH_SIZES[-1] + 1}))
def test_find_reads_every_batch_size(sqlite_url: str, n: int) -> None:
    ledger, ids = _register(sqlite_url, n, cache=0)
    with ledger:
        assert sorted(h.id for h in ledger.find()) == sorted(ids)
        assert [h.id for h in ledger.find()] == ledger.ids()
        page = ledger.query(limit=n).hazards
        assert len(page) == n and page == tuple(ledger.get(h.id) for h in page)


def test_get_all_names_a_missing_hazard(sqlite_url: str) -> None:
    ledger, ids = _register(sqlite_url, 3)
    with ledger, ledger.unit(by=STAFF) as u, pytest.raises(hf.NotFound, match="no-such"):
        u.get_all([ids[0], "no-such"])
