"""Benchmark: hazards driven end to end in memory, beside the naive peer and the in-process bound.

    python bench/lifecycle.py [--n 200000] [--naive-n 20000] [--memory-n 200000]

Each hazard is created and driven found → assign → rectify → submit → close (4 transitions plus
the creation event) by:

- hazardflow: one `transitions` machine for the process, guards with provenance, one event each;
- naive: one `transitions.Machine` per hazard (the way most users write it) with the library's
  own states and triggers, the same guards as plain conditions, one event tuple per transition;
- bound: a dict state table, no guards and no events (what the interpreter does at best).

The naive peer builds a Machine per object (~0.6 ms and 12–29 KB each), so it runs on ``--naive-n``
hazards by default; rates are per second, so the comparison holds. Memory per hazard is measured
with tracemalloc after the full loop, events included, on a separate pass.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from transitions import Machine

import hazardflow as hf
from hazardflow.hazard.lifecycle import TRIGGERS

ENTERPRISE = "沈阳某钢铁公司"
STAFF = hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE)
CHECKER = hf.Actor("赵六", hf.Role.ENTERPRISE, ENTERPRISE)
PRINCIPAL = hf.Actor("李四", hf.Role.PRINCIPAL, ENTERPRISE)
PLAN = hf.Plan("李四", "加装防护罩", Decimal("2000"), date(2023, 6, 30), "机械伤害应急预案")
T0 = datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI)
STEP = timedelta(seconds=1)
TRANSITIONS_PER_HAZARD = 4


def library_loop(i: int) -> hf.Hazard:
    """One hazard through the whole loop with hazardflow."""
    t = T0 + i * STEP
    h = hf.Hazard.found(description="砂轮机防护罩缺失", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK,
                        enterprise=ENTERPRISE, sector="机械", unit="铁西区", at=t, by=STAFF, id=str(i))
    h.assign(plan=PLAN, at=t, by=PRINCIPAL)
    h.rectify(at=t, by=STAFF)
    h.submit(evidence="已加装", at=t, by=STAFF)
    h.close(at=t, by=CHECKER)
    return h


class NaiveHazard:
    """The common way: a Machine per object with the library's own states and triggers (defaults
    otherwise, as most users leave them), the same guards as plain conditions, events as tuples."""

    transitions: ClassVar[list[dict[str, Any]]] = [
        {"trigger": t.name, "source": list(t.sources), "dest": t.dest, "conditions": "admissible"}
        for t in TRIGGERS.values()
    ]

    def __init__(self, i: int, t: datetime) -> None:
        self.id, self.level, self.rectifier = str(i), hf.Level.GENERAL, None
        self.plan: hf.Plan | None = None
        self.reports: list[hf.ReportKind] = []
        self.events: list[tuple[Any, ...]] = [("found", None, hf.Stage.FOUND, STAFF, t)]
        self.machine = Machine(model=self, states=list(hf.Stage), transitions=self.transitions,
                               initial=hf.Stage.FOUND, send_event=True, after_state_change="record")

    def admissible(self, event: Any) -> bool:
        name, by = event.event.name, event.kwargs["by"]
        if name == "assign":
            plan = event.kwargs["plan"]
            return all(v not in (None, "") for v in (plan.responsible, plan.measures, plan.funds, plan.deadline,
                                                      plan.contingency)) and (
                self.level is not hf.Level.MAJOR or hf.ReportKind.FOUND in self.reports)
        if name == "close":
            return by != self.rectifier and (self.level is not hf.Level.MAJOR or hf.ReportKind.FIXED in self.reports)
        return True

    def record(self, event: Any) -> None:
        if event.event.name == "rectify":
            self.rectifier = event.kwargs["by"]
        self.events.append((event.event.name, event.transition.source, event.transition.dest,
                            event.kwargs["by"], event.kwargs["at"]))


def naive_loop(i: int) -> NaiveHazard:
    t = T0 + i * STEP
    h = NaiveHazard(i, t)
    h.assign(plan=PLAN, at=t, by=PRINCIPAL)  # type: ignore[attr-defined]
    h.rectify(at=t, by=STAFF)  # type: ignore[attr-defined]
    h.submit(at=t, by=STAFF)  # type: ignore[attr-defined]
    h.close(at=t, by=CHECKER)  # type: ignore[attr-defined]
    assert h.state is hf.Stage.CLOSED  # type: ignore[attr-defined]
    return h


TABLE = {("发现", "assign"): "交办", ("交办", "rectify"): "整改", ("整改", "submit"): "验收", ("验收", "close"): "销号"}


def bound_loop(i: int) -> dict[str, str]:
    h = {"id": str(i), "stage": "发现"}
    for trigger in ("assign", "rectify", "submit", "close"):
        h["stage"] = TABLE[(h["stage"], trigger)]
    return h


def timed(loop: Callable[[int], object], n: int) -> tuple[float, list[float]]:
    """Total seconds for n hazards (kept alive, as a register keeps them) and the seconds of each tenth."""
    kept: list[object] = []
    tenths: list[float] = []
    tenth = max(n // 10, 1)
    gc.collect()
    start = time.perf_counter()
    mark = start
    for i in range(n):
        kept.append(loop(i))
        if (i + 1) % tenth == 0:
            now = time.perf_counter()
            tenths.append(now - mark)
            mark = now
    total = time.perf_counter() - start
    del kept
    gc.collect()
    return total, tenths


def memory_per_hazard(loop: Callable[[int], object], n: int) -> float:
    """Bytes allocated and still held per hazard after the full loop, events included."""
    library_loop(-1)  # warm caches (interned strings, enum lookups) outside the measurement
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    kept = [loop(i) for i in range(n)]
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    assert len(kept) == n
    return held / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200_000, help="hazards for hazardflow and the bound")
    parser.add_argument("--naive-n", type=int, default=20_000, help="hazards for the Machine-per-object peer")
    parser.add_argument("--memory-n", type=int, default=200_000, help="hazards for the memory pass")
    args = parser.parse_args()

    results: dict[str, tuple[int, float, list[float]]] = {}
    runs: list[tuple[str, Callable[[int], object], int]] = [
        ("hazardflow", library_loop, args.n),
        ("naive (Machine per hazard)", naive_loop, args.naive_n),
        ("bound (dict table)", bound_loop, args.n),
    ]
    for name, loop, n in runs:
        total, tenths = timed(loop, n)
        results[name] = (n, total, tenths)

    print(f"{'':28} {'hazards':>9} {'hazards/s':>12} {'transitions/s':>14}")
    rates = {}
    for name, (n, total, _) in results.items():
        rates[name] = n / total
        print(f"{name:28} {n:>9} {n / total:>12,.0f} {n * TRANSITIONS_PER_HAZARD / total:>14,.0f}")
    lib, naive, bound = rates.values()
    print(f"\nhazardflow / naive: {lib / naive:.1f}x   (must be >= 3x)")
    print(f"hazardflow / bound: {lib / bound:.3f}   (the in-process bound)")
    tenths = results["hazardflow"][2]
    first, last = tenths[0], tenths[-1]
    print(f"hazardflow rate, last 10% / first 10%: {first / last:.2f}   (must be within 0.8..1.2)")
    per_hazard = memory_per_hazard(library_loop, args.memory_n)
    print(f"hazardflow memory per hazard after the full loop, events included: {per_hazard:,.0f} B"
          f"   (must be <= 4096 B, over {args.memory_n} hazards)")


if __name__ == "__main__":
    main()
