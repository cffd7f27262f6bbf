"""Benchmark: the 调度表 over 1,000,000 hazards (with their events) on SQLite, beside its raw SQL.

    python bench/reports.py [--n 1000000] [--db PATH] [--repeat 3]

The ledger is created through the package's migrations, then filled with synthetic hazards and
their events by bulk inserts (setup, not timed): self-found and department-found, general and
major, most closed, some listed, some reopened. Then, in the same run:

- ``dispatch_table``: the whole 调度表 as the library computes it (every section, from the store);
- raw: the one SQL aggregate behind its 总体情况, compiled to text and run with bare ``sqlite3``.

Prints both times (best of ``--repeat``) and their ratio (the issue asks for at most 2x).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import hazardflow as hf
from hazardflow.reports.dispatch import end_of, hazard_query
from hazardflow.reports.layout import VARIANTS, HazardCount
from hazardflow.store.codec import time_text

NOTICE = hf.notices.load("shenyang-2023")
AS_OF = date(2023, 11, 28)
START = datetime(2023, 5, 22, 9, tzinfo=hf.SHANGHAI)


def _events(i: int, rng: random.Random) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
    found = START + timedelta(minutes=rng.randrange(260_000))
    major = rng.random() < 0.2
    source = "SELF_CHECK" if rng.random() < 0.7 else "DEPARTMENT"
    hazard_id = f"h{i:07d}"
    steps = ["found"]
    if rng.random() < 0.05:
        steps.append("list_for_supervision")
    if rng.random() < 0.7:
        steps += ["assign", "rectify", "submit", "close"]
        if rng.random() < 0.04:
            steps.append("reopen")
    stage = {"found": "FOUND", "assign": "ASSIGNED", "rectify": "RECTIFYING", "submit": "VERIFYING",
             "close": "CLOSED", "reopen": "RECTIFYING"}
    rows, at, current = [], found, None
    for seq, trigger in enumerate(steps, start=1):
        to = stage.get(trigger, current or "FOUND")
        rows.append((hazard_id, seq, trigger, current, to, "{}", time_text(at), "{}", "{}", "", f"{seq:064d}"))
        current, at = to, at + timedelta(days=rng.randint(1, 20))
    hazard = (hazard_id, f"隐患{i}", "MAJOR" if major else "GENERAL", source, f"企业{i % 5000}", "金属冶炼",
              f"第{i % 13}区应急管理局", False, time_text(found), "{}", current, None, None, None, None, None, 0, 1,
              len(rows), rows[-1][-1])
    return hazard, rows


def build(path: Path, n: int) -> None:
    hf.Ledger(f"sqlite:///{path}", synchronous="OFF").close()  # the schema, through the migrations
    rng = random.Random(1)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    for first in range(0, n, 100_000):
        hazards, events = [], []
        for i in range(first, min(n, first + 100_000)):
            h, rows = _events(i, rng)
            hazards.append(h)
            events += rows
        db.executemany(f"INSERT INTO hazards VALUES ({','.join('?' * 20)})", hazards)
        db.executemany(f"INSERT INTO events VALUES ({','.join('?' * 11)})", events)
        db.commit()
    db.execute("ANALYZE")
    db.commit()
    db.close()


def best(repeat: int, work: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) the database file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "reports.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.n)
        print(f"built {args.n:,} hazards with their events in {time.perf_counter() - started:.1f} s ({path})")

    ledger = hf.Ledger(f"sqlite:///{path}")
    _, sections = VARIANTS[NOTICE.dispatch_variant]
    measures = [m for s in sections for r in s.rows for m in r.measures if isinstance(m, HazardCount)]
    query = hazard_query(end_of(NOTICE.start - timedelta(days=1)), end_of(AS_OF), None, measures)
    sql = str(query.compile(dialect=ledger.engine.dialect, compile_kwargs={"literal_binds": True}))
    raw = sqlite3.connect(path)

    table = hf.reports.dispatch_table(ledger, NOTICE, AS_OF)
    assert list(raw.execute(sql).fetchone()) == [table.figure("总体情况", i)[0] for i in range(1, 7)]
    library = best(args.repeat, lambda: hf.reports.dispatch_table(ledger, NOTICE, AS_OF))
    bound = best(args.repeat, lambda: raw.execute(sql).fetchone())
    count = raw.execute("SELECT count(*) FROM hazards").fetchone()[0]
    events = raw.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"hazards {count:,}, events {events:,}; 调度表 as of {AS_OF}: 总体情况 = "
          f"{[table.figure('总体情况', i)[0] for i in range(1, 7)]}")
    print(f"dispatch_table (whole 调度表): {library:.3f} s")
    print(f"raw SQL aggregate (sqlite3):   {bound:.3f} s")
    ratio = library / bound
    print(f"ratio: {ratio:.2f}x   (must be <= 2x)  {'PASS' if ratio <= 2 else 'FAIL'}")
    ledger.close()


if __name__ == "__main__":
    main()
