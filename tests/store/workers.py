"""Code run in child processes by the store tests (spawned: importable, picklable arguments)."""

from __future__ import annotations

import random
import time
from datetime import timedelta
from typing import Any

import attrs

import hazardflow as hf
from hazardflow.store import codec
from store.helpers import ENTERPRISE, INSPECTOR, PRINCIPAL, STAFF, at, step

SHENYANG = "shenyang-2023"
CLOCK = hf.Actor("每日到期检查", hf.Role.GOVERNMENT, "专项整治调度")


def portrait(h: hf.Hazard) -> str:
    """What a reader compares across processes: stage, plan, signatures and events (as canonical
    JSON: events hold read-only mappings, which do not pickle)."""
    return codec.dumps({
        "stage": h.stage.name, "plan": h.plan, "deadline": h.deadline, "listing": h.listing,
        "reports": h.reports, "acceptance": h.acceptance, "rectifier": h.rectifier,
        "events": [attrs.asdict(e, recurse=False) for e in h.events],
    })


def read_back(url: str, hazard_id: str) -> str:
    with hf.Ledger(url) as ledger:
        return portrait(ledger.get(hazard_id))


def race(url: str, hazard_id: str, barrier: Any) -> str:
    """Load the hazard, transition it, wait until the rival has loaded it too, then commit."""
    with hf.Ledger(url) as ledger:
        try:
            with ledger.unit(by=STAFF) as u:
                step(u.get(hazard_id))
                barrier.wait(timeout=30)
        except hf.Conflict as conflict:
            return f"conflict {conflict.hazard_id}"
        return "committed"


def hammer(url: str, hazard_ids: list[str], transitions: int, seed: int) -> dict[str, int]:
    """Commit ``transitions`` transitions on random hazards of ``hazard_ids``, retrying conflicts.

    Returns the number committed per hazard, plus the number of conflicts under ``"conflicts"``.
    """
    rng = random.Random(seed)
    done: dict[str, int] = {"conflicts": 0}
    with hf.Ledger(url, synchronous="NORMAL") as ledger:
        for _ in range(transitions):
            hazard_id = rng.choice(hazard_ids)
            while True:
                try:
                    with ledger.unit(by=STAFF) as u:
                        step(u.get(hazard_id))
                except hf.Conflict:
                    done["conflicts"] += 1
                    time.sleep(rng.random() * 0.002)
                    continue
                done[hazard_id] = done.get(hazard_id, 0) + 1
                break
    return done


def write_batches(url: str, hazard_ids: list[str], ready: Any) -> None:
    """Forever: one unit of work moving every hazard of ``hazard_ids`` by one transition."""
    with hf.Ledger(url) as ledger:
        while True:
            with ledger.unit(by=STAFF) as u:
                for hazard_id in hazard_ids:
                    step(u.get(hazard_id))
            ready.set()


def write_record_batches(url: str, case_ids: list[str], hazard_id: str, ready: Any) -> None:
    """Forever: one unit of work escalating every case of ``case_ids``, noting a tip-off's and a decision's
    progress, a spot check and a 周调度, filing a participation's check and moving the hazard
    ``hazard_id`` by one transition."""
    n = 0
    with hf.Ledger(url) as ledger:
        while True:
            n += 1
            with ledger.unit(by=INSPECTOR) as u:
                for case_id in case_ids:
                    u.load("case", case_id).reinspect(finding=f"隐患依然存在 #{n}", remaining=[hazard_id],
                                                      at=at(5, n), by=INSPECTOR)
                u.note("tip", "举-1", "follow_up", at=at(5, n), by=INSPECTOR, round=n)
                check = hf.SpotCheck.made(enterprise=ENTERPRISE, findings=[hf.Finding.NO_DRILLS], at=at(5, n),
                                          by=INSPECTOR, id=f"抽-{n}")
                u.note("spotcheck", check.id, "check", at=check.at, by=INSPECTOR, check=check)
                u.note("dispatch", hazard_id, "dispatch", at=at(5, n), by=INSPECTOR,
                       dispatch=hf.Dispatch(hazard_id, f"第{n}周进展", INSPECTOR, at(5, n)))
                u.note("decision", "罚-1", "follow_up", at=at(5, n), by=INSPECTOR, round=n)
                campaign = hf.Campaign(SHENYANG)
                campaign.adopt(u.load("participation", f"{SHENYANG}/{ENTERPRISE}"))
                campaign.record(ENTERPRISE, "check", at=at(5, n), by=PRINCIPAL)
                step(u.get(hazard_id))
            ready.set()


def tick_days(url: str, ready: Any) -> None:
    """Tick one day after another (each day one unit of work), signalling after each."""
    with hf.Ledger(url) as ledger:
        for n in range(1, 10_000):
            ledger.tick(at(1) + timedelta(days=n), by=CLOCK)
            ready.set()


def first_open(url: str, barrier: Any) -> int:
    """Open a (maybe empty) register together with the others at the barrier; how many hazards it holds."""
    barrier.wait()
    with hf.Ledger(url) as ledger:
        return ledger.count()
