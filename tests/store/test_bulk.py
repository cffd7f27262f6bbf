"""`Ledger.import_hazards` (issue 20, `store.bulk`): many hazards in transactions of ``per``, each checked
and chained as a unit writes it; a failed transaction leaves the earlier ones and nothing of itself."""

from __future__ import annotations

import pytest

import hazardflow as hf
from store.helpers import STAFF, found, full_loop, open_hazard


def _hazards(n: int) -> list[hf.Hazard]:
    out = []
    for k in range(n):
        h = found(hf.Level.MAJOR) if k % 4 == 0 else open_hazard()
        if k % 4 == 0:
            full_loop(h)
        out.append(h)
    return out


def test_imported_hazards_are_stored_and_chained(url: str) -> None:
    hazards = _hazards(25)
    with hf.Ledger(url) as ledger:
        assert ledger.import_hazards(iter(hazards), by=STAFF, per=10) == 25
        assert ledger.count() == 25 and ledger.verify_chain() == []
        assert ledger.get_many([h.id for h in hazards]) == hazards


def test_a_failed_batch_leaves_the_earlier_ones_and_nothing_of_itself(sqlite_url: str) -> None:
    hazards = _hazards(25)
    with hf.Ledger(sqlite_url) as ledger:
        ledger.add(hazards[14])
        with pytest.raises(hf.Conflict) as failed:
            ledger.import_hazards(hazards, by=STAFF, per=10)
        assert any("此前 10 条隐患已写入" in note for note in failed.value.__notes__)
        assert set(ledger.ids()) == {h.id for h in hazards[:10]} | {hazards[14].id}


@pytest.mark.parametrize("per", [0, -1, True, "10"])
def test_the_batch_size_is_a_positive_int(sqlite_url: str, per: object) -> None:
    with hf.Ledger(sqlite_url) as ledger, pytest.raises(hf.InvalidInput, match="per"):
        ledger.import_hazards(_hazards(1), by=STAFF, per=per)  # type: ignore[arg-type]
    with hf.Ledger(sqlite_url) as ledger:
        assert ledger.count() == 0


def test_only_hazards_are_imported(sqlite_url: str) -> None:
    with hf.Ledger(sqlite_url) as ledger, pytest.raises(hf.InvalidInput, match="hazard"):
        ledger.import_hazards([*_hazards(2), "not a hazard"], by=STAFF)  # type: ignore[list-item]
    with hf.Ledger(sqlite_url) as ledger:
        assert ledger.count() == 0
