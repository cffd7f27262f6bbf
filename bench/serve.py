"""Trigger round trips per second over HTTP: `hazardflow serve` beside a bare Starlette endpoint.

    python bench/serve.py [--n N] [--clients C] [--rounds R] [--synchronous FULL|NORMAL]

Both servers run on uvicorn (one process each, started here, on 127.0.0.1) over a fresh SQLite file
in WAL mode at the same ``synchronous`` level, and take the same requests: ``POST`` a JSON body that
moves a hazard 整改 → 验收 (submit) or back (reject), with a bearer token.

- **bare**: the bound. A Starlette endpoint that parses the body, checks the token against a
  digest, and does what the Ledger's write is in SQL: UPDATE the hazard row guarded by its
  version, INSERT the event row (the same columns, a JSON payload and a SHA-256 chain hash), in one
  transaction, and answers a small JSON object. No domain, no rules, no reads of the history.
- **hazardflow serve**: the real thing: token look-up, a unit of work (read, the hazard machine and
  its guards, the hash-chained event, the version-checked write), and the hazard's full JSON back.

``C`` clients (threads, one HTTP connection each) send ``N`` triggers in all, on distinct hazards,
in ``R`` rounds that alternate which server goes first (both stay up throughout), so that a change in
the machine's load weighs on both alike; each server's figure is its median round.
The target: hazardflow serve at least 50% of the bare endpoint's requests/s (PASS/FAIL).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import httpx

import hazardflow as hf

TARGET = 0.5
ENTERPRISE = "沈阳某钢铁公司"
STAFF = hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE)
PLAN = hf.Plan("李四", "加装报警仪", "50000", datetime(2023, 6, 30).date(), "煤气泄漏应急预案")


def _bare_app(path: str, synchronous: str, digest: str) -> object:
    """The bound's ASGI app (imported in its own process)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "db"):
            local.db = sqlite3.connect(path, timeout=60, isolation_level=None)
            local.db.execute("PRAGMA journal_mode=WAL")
            local.db.execute(f"PRAGMA synchronous={synchronous}")
        db: sqlite3.Connection = local.db
        return db

    def write(hazard_id: str, trigger: str, body: dict[str, object]) -> dict[str, object]:
        db = connection()
        db.execute("BEGIN IMMEDIATE")
        version, head, seq, stage = db.execute(
            "SELECT version, head, events, stage FROM bench WHERE id = ?", (hazard_id,)).fetchone()
        to_stage = "VERIFYING" if trigger == "submit" else "RECTIFYING"
        payload = json.dumps(body, ensure_ascii=False, sort_keys=True)
        digest_ = hashlib.sha256(f"{head}|{hazard_id}|{seq + 1}|{trigger}|{payload}".encode()).hexdigest()
        db.execute("UPDATE bench SET stage = ?, version = version + 1, events = ?, head = ? "
                   "WHERE id = ? AND version = ?", (to_stage, seq + 1, digest_, hazard_id, version))
        db.execute("INSERT INTO bench_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (hazard_id, seq + 1, trigger, stage, to_stage, json.dumps(body.get("at")), payload, digest_))
        db.execute("COMMIT")
        return {"id": hazard_id, "stage": to_stage, "events": seq + 1}

    async def endpoint(request: Request) -> JSONResponse:
        token = request.headers.get("authorization", "").partition(" ")[2]
        if hashlib.sha256(token.encode()).hexdigest() != digest:
            return JSONResponse({"error": "unauthenticated"}, 401)
        body = await request.json()
        answer = await run_in_threadpool(write, request.path_params["id"], request.path_params["trigger"], body)
        return JSONResponse(answer)

    return Starlette(routes=[Route("/hazards/{id}/{trigger}", endpoint, methods=["POST"])])


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(command: list[str], base: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            httpx.post(f"{base}/hazards/x/y", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"server at {base} did not start")


def _drive(base: str, token: str, ids: list[str], clients: int, minute: int) -> float:
    """Requests/s for one submit (then, on a second pass, one reject) per hazard of ``ids``, at
    ``minute`` past nine (each round later than the last: the hazards' history runs forward)."""
    chunks = [ids[k::clients] for k in range(clients)]
    failures: list[str] = []

    def run(chunk: list[str]) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            for n, trigger in enumerate(("submit", "reject")):
                for hazard_id in chunk:
                    answer = client.post(f"/hazards/{hazard_id}/{trigger}", json=_body(trigger, minute, n))
                    if answer.status_code != 200:
                        failures.append(answer.text)

    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return 2 * len(ids) / elapsed


def _body(trigger: str, minute: int, n: int) -> dict[str, object]:
    at = f"2023-06-19T09:{minute:02}:{n:02}+08:00"
    return {"evidence": "已整改", "at": at} if trigger == "submit" else {"reason": "未接入中控室", "at": at}


class Server:
    """A server under test, started here: its base URL, a token and the hazards it moves."""

    def __init__(self, command: list[str], port: int, token: str, ids: list[str]) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.token = token
        self.ids = ids
        self.process = _serve(command, self.base)

    def rate(self, clients: int, minute: int) -> float:
        return _drive(self.base, self.token, self.ids, clients, minute)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def hazardflow_server(folder: Path, n: int, synchronous: str) -> Server:
    url = f"sqlite:///{folder / 'hazardflow.db'}"
    with hf.Ledger(url, synchronous=synchronous) as ledger:
        ids = []
        with ledger.unit(by=STAFF) as u:
            for i in range(n // 2):
                h = hf.Hazard.found(description=f"隐患{i}", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK,
                                    enterprise=ENTERPRISE, sector="金属冶炼", jurisdiction="铁西区",
                                    at=hf.at_date(datetime(2023, 6, 16).date(), 9), by=STAFF)
                h.assign(plan=PLAN, at=hf.at_date(datetime(2023, 6, 17).date(), 9), by=STAFF)
                h.rectify(at=hf.at_date(datetime(2023, 6, 18).date(), 9), by=STAFF)
                ids.append(u.add(h))
        ledger.save_directory(hf.Directory(
            [hf.Organisation(ENTERPRISE, hf.OrgKind.ENTERPRISE, "沈阳市/铁西区", ["金属冶炼"], 800)],
            [hf.Person(STAFF.name, ENTERPRISE, hf.Position.SAFETY_MANAGER)]))
        token = hf.Tokens(ledger).create(STAFF.name, ENTERPRISE, at=datetime.now(hf.SHANGHAI))
    port = _port()
    return Server([sys.executable, "-c", "from hazardflow.cli.main import main; main()", "serve", "--db", url,
                   "--port", str(port), "--synchronous", synchronous], port, token, ids)


def bare_server(folder: Path, n: int, synchronous: str) -> Server:
    path = folder / "bare.db"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript("CREATE TABLE bench (id TEXT PRIMARY KEY, stage TEXT, version INT, events INT, head TEXT);"
                     "CREATE TABLE bench_events (hazard_id TEXT, seq INT, trigger TEXT, from_stage TEXT, "
                     "to_stage TEXT, at TEXT, payload TEXT, hash TEXT, PRIMARY KEY (hazard_id, seq));")
    ids = [f"h{i}" for i in range(n // 2)]
    db.executemany("INSERT INTO bench VALUES (?, 'RECTIFYING', 1, 3, '')", [(i,) for i in ids])
    db.commit()
    db.close()
    token = "hf_bench_secret"
    digest = hashlib.sha256(token.encode()).hexdigest()
    port = _port()
    code = (f"import sys, uvicorn; sys.path.insert(0, {str(Path(__file__).parent)!r}); import serve; "
            f"uvicorn.run(serve._bare_app({str(path)!r}, {synchronous!r}, {digest!r}), host='127.0.0.1', "
            f"port={port}, log_level='warning')")
    return Server([sys.executable, "-c", code], port, token, ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="triggers per server and round (half submit, half reject)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating which server goes first")
    parser.add_argument("--synchronous", default="FULL", choices=["FULL", "NORMAL"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare = bare_server(Path(folder), args.n, args.synchronous)
        served = hazardflow_server(Path(folder), args.n, args.synchronous)
        rates: dict[Server, list[float]] = {bare: [], served: []}
        try:
            for minute in range(args.rounds):
                for server in (bare, served) if minute % 2 == 0 else (served, bare):
                    rates[server].append(server.rate(args.clients, minute))
        finally:
            bare.stop()
            served.stop()
    bound, ours = statistics.median(rates[bare]), statistics.median(rates[served])
    ratio = ours / bound
    print(f"SQLite WAL synchronous={args.synchronous}, {args.n} triggers x {args.rounds} rounds, "
          f"{args.clients} clients")
    print(f"  bare Starlette endpoint (bound): {bound:8.1f} requests/s (median; rounds "
          f"{', '.join(f'{r:.0f}' for r in rates[bare])})")
    print(f"  hazardflow serve:                {ours:8.1f} requests/s (median; rounds "
          f"{', '.join(f'{r:.0f}' for r in rates[served])})  ({ratio:.0%} of the bound)")
    print(f"{'PASS' if ratio >= TARGET else 'FAIL'}  hazardflow serve / bare >= {TARGET:.0%}: {ratio:.0%}")


if __name__ == "__main__":
    main()
