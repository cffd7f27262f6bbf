"""Bulk import (issue 20): many hazards onto the Ledger in transactions of ``per`` hazards each.

Each transaction is a unit of work (`Ledger.unit`): every hazard checked as `Unit.add` checks it (a
`Hazard`, an id not already stored nor given twice), its rows and its events written and hash-chained
exactly as a unit writes them, all of the transaction or none of it. So an imported register is the
register the units would have written (`Ledger.verify_chain` holds), only with fewer commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from itertools import islice
from typing import Protocol

from hazardflow.checks import InvalidInput
from hazardflow.hazard.records import Actor, Hazard


class _Adds(Protocol):
    def add(self, hazard: Hazard) -> str: ...


class _Units(Protocol):
    """What the import needs of a `Ledger`: its units of work."""

    def unit(self, *, by: Actor) -> AbstractContextManager[_Adds]: ...

PER = 10_000
"""Hazards per transaction by default: large enough that a commit is rare, small enough that a
transaction's rows stay a few tens of MB."""


def import_hazards(ledger: _Units, hazards: Iterable[Hazard], *, by: Actor, per: int = PER) -> int:
    """Put ``hazards`` on ``ledger``, ``per`` to a transaction, recorded as done by ``by``; how many.

    If a transaction fails, the ones before it stay written and the error says how many hazards
    they hold (a note on the exception); nothing of the failed one is written."""
    if isinstance(per, bool) or not isinstance(per, int) or per < 1:
        raise InvalidInput("per", "a positive int", per, zh="正整数")
    written = 0
    items = iter(hazards)
    while chunk := list(islice(items, per)):
        try:
            with ledger.unit(by=by) as unit:
                for h in chunk:
                    unit.add(h)
        except Exception as error:
            error.add_note(f"批量导入中断：此前 {written} 条隐患已写入台账，本批 {len(chunk)} 条均未写入 "
                           f"({written} hazards written before, none of this batch)")
            raise
        written += len(chunk)
    return written
