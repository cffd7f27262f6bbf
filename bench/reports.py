"""Benchmark: the 调度表 over a register written by the Ledger itself (1,000,000 hazards by default), on
SQLite and PostgreSQL, beside the best hand-written SQL for the same figures.

    python bench/reports.py [--n 1000000] [--db PATH] [--pg postgresql+psycopg://...] [--repeat 3]

The register is built through ``Ledger.import_hazards`` (5,000 to a transaction; not timed; ``--db``
keeps the SQLite file, or reuses it if it exists, and on PostgreSQL a database that already holds
``--n`` hazards is reused): hazards
with values of their own as in production (id, description, enterprise, 属地, plan, times, evidence),
self-found and department-found, general and major, most closed, some listed (挂牌督办), some
closed, reopened and closed again, with the Ledger's own rows (plans, reports, listings, chained
events, facts); and activities beside them (spot checks with findings, penalties, exposure, guidance,
leadership work: one per 20 hazards). Then, best of ``--repeat``, in the same run:

- ``dispatch_table``: the whole 调度表 as the library computes it (every section, from the store);
- hand-written SQL: the figures the table needs, written by hand as a DBA would, run with the bare
  driver (``sqlite3`` / ``psycopg``): 总体情况 as six sums in one scan of the major hazards' rows
  (what its figures count: the level's range of the covering index), the activity totals, distinct
  enterprises and findings as three aggregates, the latest 技术检查员 figure.

Targets (issue 20), PASS/FAIL on each back end: the 调度表 under 1 s, and at most 1.5x the hand-written SQL.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import hazardflow as hf
from hazardflow.reports.dispatch import end_of

NOTICE = hf.notices.load("shenyang-2023")
AS_OF = date(2023, 11, 30)
START = datetime(2023, 5, 22, 9, tzinfo=hf.SHANGHAI)
DISTRICTS = ("铁西区", "和平区", "沈河区", "皇姑区", "大东区", "浑南区", "于洪区", "沈北新区", "苏家屯区", "辽中区",
             "新民市", "康平县", "法库县")
INSPECTOR = hf.Actor("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局")
CLERK = hf.Actor("录入员", hf.Role.DEPARTMENT, "沈阳市应急管理局")
UNIT = 5_000
TARGET_SECONDS, TARGET_RATIO = 1.0, 1.5


def hazard(i: int, rng: random.Random) -> hf.Hazard:
    """Hazard ``i`` with values of its own, driven as far as its draw says, all events before AS_OF."""
    enterprise = f"沈阳第{i % 5000}机械厂"
    staff = hf.Actor(f"员工{i % 997}", hf.Role.ENTERPRISE, enterprise)
    principal = hf.Actor(f"厂长{i % 5000}", hf.Role.PRINCIPAL, enterprise)
    found = START + timedelta(minutes=rng.randrange(200_000))
    major = rng.random() < 0.2
    department = rng.random() < 0.3
    h = hf.Hazard.found(description=f"{i % 40 + 1}号车间砂轮机防护罩缺失", level=hf.Level.MAJOR if major else
                        hf.Level.GENERAL, source=hf.Source.DEPARTMENT if department else hf.Source.SELF_CHECK,
                        enterprise=enterprise, sector="机械", jurisdiction=DISTRICTS[i % len(DISTRICTS)], at=found,
                        by=INSPECTOR if department else staff, id=f"SY-{i:08d}")
    t = found
    if major:
        t += timedelta(hours=1)
        h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=t, by=principal)
        if rng.random() < 0.25:
            t += timedelta(hours=1)
            h.list_for_supervision(title="关于挂牌督办重大事故隐患的通知", number=f"沈安委〔2023〕{i % 90 + 1}号",
                                   at=t, by=INSPECTOR)
    if rng.random() < 0.8:
        t += timedelta(days=1)
        h.assign(plan=hf.Plan(principal.name, f"加装防护罩并检修{i % 40 + 1}号砂轮机", Decimal(2000 + i % 3000),
                              (t + timedelta(days=30)).date(), "机械伤害应急预案"), at=t, by=principal)
        t += timedelta(hours=2)
        h.rectify(at=t, by=staff)
        if rng.random() < 0.85:
            rounds = 2 if rng.random() < 0.05 else 1  # closed, reopened by a look-back, closed again
            for r in range(rounds):
                t += timedelta(days=rng.randint(1, 10))
                h.submit(evidence=f"已加装防护罩，照片{i % 9 + 1}张", at=t, by=staff)
                if major:
                    h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=t + timedelta(hours=1), by=principal)
                t += timedelta(days=1)
                h.close(at=t, by=INSPECTOR)
                if r < rounds - 1:
                    t += timedelta(days=3)
                    h.reopen(reason="回头看发现纸面整改", at=t, by=INSPECTOR)
    return h


def activity(k: int, rng: random.Random) -> hf.Activity:
    at = START + timedelta(minutes=rng.randrange(200_000))
    unit = DISTRICTS[k % len(DISTRICTS)]
    enterprise = f"沈阳第{k % 5000}机械厂"
    kind = rng.choice([hf.ActivityKind.SPOT_CHECK] * 4 + [hf.ActivityKind.PENALTY, hf.ActivityKind.EXPOSURE,
                       hf.ActivityKind.GUIDANCE_ENTERPRISE, hf.ActivityKind.STUDY, hf.ActivityKind.SUMMONS])
    extra: dict[str, Any] = {}
    if kind is hf.ActivityKind.SPOT_CHECK and rng.random() < 0.3:
        extra["findings"] = {rng.choice(list(hf.Finding))}
    if kind is hf.ActivityKind.PENALTY:
        extra["amount"] = Decimal(rng.randint(1, 50) * 1000)
    return hf.Activity(kind=kind, unit=unit, at=at, by=INSPECTOR,
                       enterprise=None if kind is hf.ActivityKind.STUDY else enterprise, **extra)


def build(url: str, n: int) -> None:
    """``n`` hazards through the Ledger (`Ledger.import_hazards`, UNIT to a transaction) and
    ``n // 20`` activities (`Ledger.record`); then the statistics and visibility map a register in
    service has from autovacuum (PostgreSQL ``VACUUM ANALYZE``; SQLite ``ANALYZE``), so that the first
    run does not measure a table no maintenance has seen yet."""
    rng = random.Random(1)
    with hf.Ledger(url, synchronous="NORMAL") as ledger:
        ledger.import_hazards((hazard(i, rng) for i in range(n)), by=CLERK, per=UNIT)
        for first in range(0, n // 20, UNIT):
            ledger.record(*(activity(k, rng) for k in range(first, min(n // 20, first + UNIT))))
        with ledger.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if ledger.engine.dialect.name == "postgresql" else "ANALYZE")


# --- the hand-written SQL -----------------------------------------------------------------------

def hand_sql(p: str) -> list[str]:
    """The statements a DBA would write for the same figures (``p`` the driver's placeholder)."""
    closed = "closed_at IS NOT NULL AND (reopened_at IS NULL OR reopened_at < closed_at)"
    major = "level = 'MAJOR'"
    self_found = f"{major} AND source = 'SELF_CHECK'"
    other = f"{major} AND source <> 'SELF_CHECK'"
    sums = ", ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in (
        self_found, f"{self_found} AND {closed}", other, f"{other} AND {closed}",
        f"{major} AND listed_at IS NOT NULL", f"{major} AND listed_at IS NOT NULL AND {closed}"))
    window = f"at >= {p} AND at < {p}"
    return [
        f"SELECT {sums} FROM hazards WHERE {major} AND found_at >= {p} AND found_at < {p}",
        f"SELECT kind, flag, SUM(count), SUM(amount_fen) FROM activities WHERE {window} GROUP BY kind, flag",
        f"SELECT DISTINCT kind, enterprise FROM activities WHERE {window} AND enterprise IS NOT NULL",
        f"SELECT f.finding, COUNT(DISTINCT a.enterprise) FROM activities a JOIN activity_findings f "
        f"ON f.activity_id = a.id WHERE a.{window.replace(' AND at', ' AND a.at')} GROUP BY f.finding",
        f"SELECT count FROM activities WHERE {window} AND kind = 'TECHNICAL_INSPECTORS' "
        f"ORDER BY at DESC, id DESC LIMIT 1",
        f"SELECT record_id, payload FROM record_events WHERE kind = 'decision' AND trigger = 'confirm' AND at < {p}",
    ]


def hand_run(connect: Callable[[], Any], p: str) -> Callable[[], list[Any]]:
    start, end = end_of(NOTICE.start - timedelta(days=1)), end_of(AS_OF)
    statements = hand_sql(p)
    params: list[tuple[str, ...]] = [(start, end)] * 5 + [(end,)]
    connection = connect()

    def run() -> list[Any]:
        cursor = connection.cursor()
        out = []
        for sql, values in zip(statements, params, strict=True):
            cursor.execute(sql, values)
            out.append(cursor.fetchall())
        connection.rollback()
        return out

    return run


def best(repeat: int, work: Callable[[], object]) -> float:
    work()  # warm: the first run pays for the page cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def judge(where: str, url: str, connect: Callable[[], Any], p: str, repeat: int) -> list[bool]:
    with hf.Ledger(url) as ledger:
        table = hf.reports.dispatch_table(ledger, NOTICE, AS_OF)
        overall = [table.figure("总体情况", i)[0] for i in range(1, 7)]
        hand = hand_run(connect, p)
        assert [int(v or 0) for v in hand()[0][0]] == overall, "the hand-written SQL disagrees with the table"
        library = best(repeat, lambda: hf.reports.dispatch_table(ledger, NOTICE, AS_OF))
        bound = best(repeat, hand)
        counts = hand_counts(connect)
    print(f"\n{where}: hazards {counts[0]:,}, events {counts[1]:,}, activities {counts[2]:,}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"  调度表 as of {AS_OF}: 总体情况 = {overall}")
    print(f"  dispatch_table (whole 调度表): {library:.3f} s   hand-written SQL: {bound:.3f} s   "
          f"ratio {library / bound:.2f}x")
    met = [library < TARGET_SECONDS, library / bound <= TARGET_RATIO]
    print(f"  {'PASS' if met[0] else 'FAIL'}  调度表 = {library:.3f} s, target < {TARGET_SECONDS:.0f} s")
    print(f"  {'PASS' if met[1] else 'FAIL'}  调度表 / hand-written SQL = {library / bound:.2f}x, "
          f"target <= {TARGET_RATIO}x")
    return met


def hand_counts(connect: Callable[[], Any]) -> list[int]:
    connection = connect()
    cursor = connection.cursor()
    out = []
    for table in ("hazards", "events", "activities"):
        cursor.execute(f"SELECT count(*) FROM {table}")
        out.append(int(cursor.fetchone()[0]))
    connection.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="hazards on the register")
    parser.add_argument("--db", type=Path, default=None, help="the SQLite file to keep, or to reuse if it exists")
    parser.add_argument("--pg", help="also on this PostgreSQL URL (postgresql+psycopg://...; reused if it holds --n)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "reports.db"
    targets: dict[str, list[bool]] = {}
    runs: list[tuple[str, str, Callable[[], Any], str]] = [
        (f"SQLite {sqlite3.sqlite_version}", f"sqlite:///{path}", lambda: sqlite3.connect(path), "?")]
    if args.pg:
        import psycopg

        plain = args.pg.replace("postgresql+psycopg://", "postgresql://", 1)
        runs.append(("PostgreSQL", args.pg, lambda: psycopg.connect(plain), "%s"))
    for where, url, connect, p in runs:
        with hf.Ledger(url) as ledger:
            stored = ledger.count()
        if stored != args.n:
            if stored:
                raise SystemExit(f"{url} holds {stored:,} hazards, not --n {args.n:,}: give an empty one")
            began = time.perf_counter()
            build(url, args.n)
            took = time.perf_counter() - began
            print(f"{where}: built {args.n:,} hazards through the Ledger in {took:.0f} s "
                  f"({args.n / took:,.0f} hazards/s)")
        targets[where] = judge(where, url, connect, p, args.repeat)
    print()
    for where, met in targets.items():
        print(f"{'PASS' if all(met) else 'FAIL'}  {where}: {sum(met)} of {len(met)} targets met")


if __name__ == "__main__":
    main()
