"""Each dashboard page on a 100,000-hazard register, beside the bare JSON endpoint for the same data.

    python bench/dashboard.py [--n 100000] [--units 200] [--db PATH] [--repeat 5]

The register: ``hazardflow demo --units U`` (a whole 沈阳 campaign written through the library: real
hazards, plans, reports, listings, penalties, every event), then its hazards cloned at the SQL level
until there are ``--n`` (setup, not timed): each clone's rows in every hazard table, its id suffixed
``~k`` (in its found event's payload too, so it replays as itself). The clones' chain hashes are the
originals' — no page reads them (``verify_chain`` would report them; this file is for reading only).

Then one `hazardflow serve` over it (uvicorn, 127.0.0.1), and for each page the best of ``--repeat``
round trips (after one warm-up), beside the API's JSON for the same data in the same run:

- overview (/dashboard/?jurisdiction=J&as_of=D) ↔ /reports/dispatch?format=json (the 调度表 it shows);
- 调度表 (/dashboard/dispatch) ↔ the same JSON;
- 清单, page 1 of 50 rows (/dashboard/register) ↔ /hazards?jurisdiction=J&level=MAJOR&limit=50;
- one hazard (/dashboard/hazards/ID) ↔ /hazards/ID plus /hazards/ID/allowed.

Target: each page under 300 ms (PASS/FAIL); the ratio to its JSON is printed beside it.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import httpx

import hazardflow as hf

TARGET_MS = 300
DAY = date(2023, 9, 15)
AT = "2023-12-31T12:00:00%2B08:00"  # the hazard page judges the next steps now: after its last event
CLONED = ("hazards", "events", "plans", "listings", "reports")
"""The tables holding a hazard's rows (the key column ``id`` in hazards, ``hazard_id`` elsewhere)."""


def build(path: Path, n: int, units: int) -> None:
    """The demo register, its hazards cloned until there are ``n``."""
    subprocess.run([sys.executable, "-c", "from hazardflow.cli.main import main; main()", "demo", "--units",
                    str(units), "--db", str(path)], check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    originals = db.execute("SELECT count(*) FROM hazards").fetchone()[0]
    columns = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in CLONED}
    for k in range(1, -(-n // originals)):
        wanted = min(originals, n - originals * k)
        db.execute("DROP TABLE IF EXISTS temp.chosen")
        db.execute("CREATE TEMP TABLE chosen AS SELECT id FROM hazards WHERE id NOT LIKE '%~%' ORDER BY id LIMIT ?",
                   (wanted,))
        for table, names in columns.items():
            key = "id" if table == "hazards" else "hazard_id"
            shown = [f"{c} || '~{k}'" if c == key else
                     f"replace(payload, {key}, {key} || '~{k}')" if c == "payload" else c for c in names]
            db.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(shown)} FROM {table} "
                       f"WHERE {key} IN (SELECT id FROM temp.chosen)")
        db.commit()
    db.execute("ANALYZE")
    db.commit()
    db.close()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def best(client: httpx.Client, path: str, repeat: int) -> float:
    """The best of ``repeat`` GETs of ``path`` (after one warm-up), in ms; each must answer 200."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"GET {path}: {answer.status_code} {answer.text[:300]}")
    return min(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or keep) the register file")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "dashboard.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.n, args.units)
        print(f"built the register in {time.perf_counter() - started:.1f} s ({path})")
    url = f"sqlite:///{path}"
    with hf.Ledger(url) as ledger:
        places = sorted({h.jurisdiction for h in ledger.query(limit=1000).hazards})
        place = max(places, key=lambda p: ledger.count(jurisdiction=p))
        named = ledger.directory()
        government = next(o.name for o in named.organisations if o.kind is hf.OrgKind.GOVERNMENT)
        person = next(p.name for p in named.people if p.organisation == government)
        token = hf.Tokens(ledger).create(person, government, at=datetime.now(hf.SHANGHAI))
        hazard = ledger.query(jurisdiction=place, level="MAJOR", found_before=DAY, order="-found_at",
                              limit=1).hazards[0].id
        total, in_place = ledger.count(), ledger.count(jurisdiction=place)
    print(f"hazards {total:,}; {place}: {in_place:,}; as of {DAY}")
    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", "from hazardflow.cli.main import main; main()", "serve",
                               "--db", url, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        common = f"jurisdiction={place}&as_of={DAY.isoformat()}"
        pairs = {
            "overview": (f"/dashboard/?{common}", [f"/reports/dispatch?{common}&format=json"]),
            "调度表": (f"/dashboard/dispatch?{common}", [f"/reports/dispatch?{common}&format=json"]),
            "清单 (page 1)": (f"/dashboard/register?{common}",
                            [f"/hazards?jurisdiction={place}&level=MAJOR&limit=50"]),
            "hazard": (f"/dashboard/hazards/{hazard}?at={AT}",
                       [f"/hazards/{hazard}", f"/hazards/{hazard}/allowed?at={AT}"]),
        }
        failed = False
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
            print(f"{'page':<14}{'page ms':>9}{'JSON ms':>9}{'ratio':>8}   target < {TARGET_MS} ms")
            for name, (page, json_paths) in pairs.items():
                shown = best(client, page, args.repeat)
                bound = sum(best(client, p, args.repeat) for p in json_paths)
                ok = shown < TARGET_MS
                failed |= not ok
                print(f"{name:<14}{shown:>9.1f}{bound:>9.1f}{shown / bound:>7.2f}x   {'PASS' if ok else 'FAIL'}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
