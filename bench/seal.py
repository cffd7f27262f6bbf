"""The cost of the seal (issue 16, ARCHITECTURE.md principle 11): persisted transitions per second with
the MAC and the global sequence, as a share of the same Ledger with sealing switched off, in the same
run, on the same database engine.

Each run opens a fresh SQLite register, puts 1,000 hazards on it and drives every one through
整改 ⇄ 验收 (bench/store.py's workload): in units of 1,000 transitions (batched) and one per unit.
"Unsealed" is the very same Ledger whose `Sealer.seal` does nothing: today's write path, without the
extra UPDATE/SELECT of the sequence row, the MACs and the seal rows. Target: sealed ≥ 80% of unsealed,
batched (one per unit: printed for information, it is one fsync either way).

    python bench/seal.py [--n 20000] [--single 500] [--repeat 3] [--synchronous NORMAL]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import hazardflow as hf
from hazardflow.store.seal import Sealer
from store import ledger_run

TARGET = 0.80


@contextmanager
def unsealed() -> Iterator[None]:
    """Every Ledger opened inside without sealing: `Sealer.seal` does nothing (and `verify_chain`, which
    would then find every event unsealed, is not asked)."""
    with mock.patch.object(Sealer, "seal", lambda self, cursor, items: None), \
            mock.patch.object(hf.Ledger, "verify_chain", lambda self: []):
        yield


def run(url: str, args: Any, sealed: bool) -> tuple[float, float]:
    """bench/store.py's Ledger workload, sealed or not."""
    if sealed:
        return ledger_run(url, args.n, args.single, args.synchronous)
    with unsealed():
        return ledger_run(url, args.n, args.single, args.synchronous)


def best(folder: Path, args: Any) -> dict[bool, tuple[float, float]]:
    """The best batched and single rates, unsealed (False) and sealed (True), the two interleaved run
    by run so that the machine's other load weighs on both alike."""
    rates: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for k in range(args.repeat):
        for sealed in (False, True):
            rates[sealed].append(run(f"sqlite:///{folder}/{int(sealed)}-{k}.db", args, sealed))
    return {s: (max(r[0] for r in found), max(r[1] for r in found)) for s, found in rates.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="transitions in batches (a multiple of 1,000)")
    parser.add_argument("--single", type=int, default=500, help="transitions one per unit")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best rate is kept")
    parser.add_argument("--synchronous", default="NORMAL", help="SQLite synchronous level")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rates = best(Path(folder), args)
    unsealed, sealed = rates[False], rates[True]
    print(f"seal ({hf.store.seal.ALGORITHM} + global sequence), SQLite synchronous={args.synchronous}, "
          f"best of {args.repeat}")
    print(f"  {'mode':<22}{'unsealed':>12}{'sealed':>12}{'sealed/unsealed':>18}")
    for label, a, b in (("batches of 1,000", unsealed[0], sealed[0]), ("one per unit", unsealed[1], sealed[1])):
        print(f"  {label:<22}{a:>10,.0f}/s{b:>10,.0f}/s{b / a:>17.0%}")
    share = sealed[0] / unsealed[0]
    verdict = "PASS" if share >= TARGET else "FAIL"
    print(f"{verdict}  batches of 1,000: sealed/unsealed = {share:.0%}, target >= {TARGET:.0%}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
