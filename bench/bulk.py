"""Benchmark: `Ledger.import_hazards` beside raw ``executemany`` of the same rows, and the bytes a
hazard and an event take, on SQLite (and PostgreSQL with ``--pg``).

    python bench/bulk.py [--n 100000] [--per 10000] [--pg postgresql+psycopg://...]

The hazards (values of their own, as bench/reports.py makes them) are built in memory first (not
timed). Then, in the same run:

- Ledger: ``ledger.import_hazards(hazards, by=clerk, per=N)`` into an empty register: every hazard
  checked, its rows and hash-chained events encoded and written, one transaction per ``--per``;
- raw: the bound. Exactly the rows the Ledger wrote, in every table it writes (read back before the
  clock starts): the hazard tables (`TABLES`), each event's seal row (``seals``) and, per
  transaction, the seal's state (``seal_state``: the last number and MAC) — inserted into another
  empty register with the bare driver, ``executemany`` per table and one ``UPDATE`` of
  ``seal_state``, one transaction per ``--per`` hazards: no domain, no encoding, no hashing, no MAC.

Target (issue 20), PASS/FAIL: the Ledger at least 50% of raw. Then the storage: bytes per hazard
(all tables) and per event (the events table with its index) on each back end, for information.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hazardflow as hf
from reports import CLERK, hazard

TABLES = ("hazards", "plans", "listings", "reports", "events")
WRITTEN = (*TABLES, "seals")
"""Every table the import inserts into: the hazard tables and the seal rows (`store.seal`)."""
KEYS = {"hazards": "id", "seals": "subject"}
"""The column naming a row's hazard where it is not ``hazard_id`` (a seal's subject is its hazard)."""
TARGET = 0.5


def rows_of(ledger: hf.Ledger) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every row the import wrote, by table (`WRITTEN`): (columns, rows), each table in hazard order
    (the seals in the order of their global sequence)."""
    out = {}
    with ledger.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        for table in WRITTEN:
            order = "gseq" if table == "seals" else KEYS.get(table, "hazard_id")
            cursor.execute(f"SELECT * FROM {table} ORDER BY {order}")
            out[table] = ([d[0] for d in cursor.description], [tuple(r) for r in cursor.fetchall()])
    return out


def raw_insert(connect: Callable[[], Any], p: str, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
               per: int) -> float:
    """Seconds to insert ``rows``, per hazards to a transaction, with executemany per table, and to
    move the seal's state to each transaction's last seal row, as the Ledger's transaction does."""
    by_hazard: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for table, (columns, found) in rows.items():
        key = columns.index(KEYS.get(table, "hazard_id"))
        for row in found:
            by_hazard.setdefault(row[key], {}).setdefault(table, []).append(row)
    ids = list(by_hazard)
    batches = []
    for first in range(0, len(ids), per):
        chunk = {table: [r for i in ids[first:first + per] for r in by_hazard[i].get(table, [])] for table in WRITTEN}
        batches.append(chunk)
    sql = {table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([p] * len(columns))})"
           for table, (columns, _) in rows.items()}
    seal_columns = rows["seals"][0]
    gseq, mac = seal_columns.index("gseq"), seal_columns.index("mac")
    state = f"UPDATE seal_state SET gseq = {p}, mac = {p} WHERE id = 1"
    connection = connect()
    cursor = connection.cursor()
    began = time.perf_counter()
    for chunk in batches:
        for table in WRITTEN:
            if chunk[table]:
                cursor.executemany(sql[table], chunk[table])
        last = max(chunk["seals"], key=lambda row: row[gseq])
        cursor.execute(state, (last[gseq], last[mac]))
        connection.commit()
    took = time.perf_counter() - began
    connection.close()
    return took


def raw_sqlite(path: Path) -> sqlite3.Connection:
    """The bare connection to the raw register, at the Ledger's ``synchronous=NORMAL`` (a
    connection's own setting: it does not persist in the file as WAL does)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def sizes_sqlite(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        found = dict(connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
    except sqlite3.OperationalError:  # no dbstat: the file alone
        found = {}
    connection.close()
    return found


def sizes_pg(connect: Callable[[], Any]) -> dict[str, int]:
    connection = connect()
    cursor = connection.cursor()
    cursor.execute("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n "
                   "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")
    found = dict(cursor.fetchall())
    connection.close()
    return found


def storage(where: str, sizes: dict[str, int], total: int, n: int, events: int) -> None:
    hazard_tables = sum(v for k, v in sizes.items() if k in TABLES or k.startswith(("ix_hazards", "ix_events",
                                                                                   "sqlite_autoindex")))
    whole = hazard_tables or total
    event_bytes = sum(v for k, v in sizes.items() if k == "events" or k.startswith(("ix_events",
                                                                                    "sqlite_autoindex_events")))
    print(f"  {where} storage: {whole / n:,.0f} B per hazard (all its rows and indexes, {events / n:.1f} events "
          f"each){f', {event_bytes / events:,.0f} B per event' if event_bytes else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="hazards imported")
    parser.add_argument("--per", type=int, default=10_000, help="hazards per transaction")
    parser.add_argument("--pg", help="also on PostgreSQL: an empty scratch database (postgresql+psycopg://...)")
    args = parser.parse_args()
    rng = random.Random(1)
    hazards = [hazard(i, rng) for i in range(args.n)]
    events = sum(len(h.events) for h in hazards)
    print(f"{args.n:,} hazards, {events:,} events, {args.per:,} to a transaction; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    folder = Path(tempfile.mkdtemp(prefix="hazardflow-bulk-"))
    runs: list[tuple[str, str, str, Callable[[], Any], str]] = [
        ("SQLite", f"sqlite:///{folder / 'ledger.db'}", f"sqlite:///{folder / 'raw.db'}",
         lambda: raw_sqlite(folder / "raw.db"), "?")]
    if args.pg:
        import psycopg

        plain = args.pg.replace("postgresql+psycopg://", "postgresql://", 1)
        server, _, _ = plain.rpartition("/")
        with psycopg.connect(plain, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS hazardflow_bulk_raw")
            admin.execute("CREATE DATABASE hazardflow_bulk_raw")
        raw_url = f"{args.pg.rpartition('/')[0]}/hazardflow_bulk_raw"
        runs.append(("PostgreSQL", args.pg, raw_url, lambda: psycopg.connect(f"{server}/hazardflow_bulk_raw"), "%s"))
    met = []
    for where, url, raw_url, connect, p in runs:
        with hf.Ledger(url, synchronous="NORMAL") as ledger:
            if ledger.count():
                raise SystemExit(f"{url} is not empty")
            began = time.perf_counter()
            ledger.import_hazards(hazards, by=CLERK, per=args.per)
            took = time.perf_counter() - began
            rows = rows_of(ledger)
        hf.Ledger(raw_url, synchronous="NORMAL").close()  # the same schema, through the migrations
        bound = raw_insert(connect, p, rows, args.per)
        ratio = bound / took
        print(f"\n{where}: Ledger.import_hazards {args.n / took:,.0f} hazards/s ({events / took:,.0f} events/s), "
              f"raw executemany of the same rows {args.n / bound:,.0f} hazards/s")
        ok = ratio >= TARGET
        print(f"  {'PASS' if ok else 'FAIL'}  import_hazards / raw executemany = {ratio:.0%}, target >= {TARGET:.0%}")
        met.append(ok)
        if where == "SQLite":
            storage(where, sizes_sqlite(folder / "ledger.db"), (folder / "ledger.db").stat().st_size, args.n, events)
        else:
            storage(where, sizes_pg(lambda: __import__("psycopg").connect(
                args.pg.replace("postgresql+psycopg://", "postgresql://", 1))), 0, args.n, events)
    print(f"\n{'PASS' if all(met) else 'FAIL'}  bench/bulk.py: {sum(met)} of {len(met)} targets met")


if __name__ == "__main__":
    main()
