"""A live `hazardflow serve` on 127.0.0.1 (a free port), over a fresh SQLite file or PostgreSQL database."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import httpx
import pytest

import hazardflow as hf
from store.conftest import _plain, _server_or_skip

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

ENTERPRISE = "沈阳某钢铁公司"
PEOPLE = {
    "staff": hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE),
    "colleague": hf.Actor("赵六", hf.Role.ENTERPRISE, ENTERPRISE),
    "principal": hf.Actor("李四", hf.Role.PRINCIPAL, ENTERPRISE),
    "inspector": hf.Actor("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局"),
    "tourism": hf.Actor("郑一", hf.Role.DEPARTMENT, "铁西区文化旅游局"),
    "dalian": hf.Actor("陈三", hf.Role.DEPARTMENT, "大连市应急管理局"),
    "stranger": hf.Actor("周九", hf.Role.ENTERPRISE, "另一家公司"),
}
TIEXI = "沈阳市/铁西区"
CONGRESS = "沈阳某钢铁公司职工代表大会"


def directory() -> hf.Directory:
    """The 名录 the tokens are made from: every person of `PEOPLE` at their post."""
    d = hf.Directory([
        hf.Organisation(ENTERPRISE, hf.OrgKind.ENTERPRISE, TIEXI, ["金属冶炼"], 800),
        hf.Organisation(CONGRESS, hf.OrgKind.WORKERS_CONGRESS, TIEXI, of=ENTERPRISE),
        hf.Organisation("另一家公司", hf.OrgKind.ENTERPRISE, "沈阳市/沈河区", ["工贸"], 50),
        hf.Organisation("沈阳市应急管理局", hf.OrgKind.DEPARTMENT, "沈阳市", ["金属冶炼", "工贸"]),
        hf.Organisation("铁西区文化旅游局", hf.OrgKind.DEPARTMENT, TIEXI, ["文化旅游"]),
        hf.Organisation("大连市应急管理局", hf.OrgKind.DEPARTMENT, "大连市", ["金属冶炼"]),
    ])
    for person, post in (("staff", hf.Position.STAFF), ("colleague", hf.Position.SAFETY_MANAGER),
                         ("principal", hf.Position.PRINCIPAL), ("inspector", hf.Position.INSPECTOR),
                         ("tourism", hf.Position.INSPECTOR), ("dalian", hf.Position.INSPECTOR),
                         ("stranger", hf.Position.STAFF)):
        d.add(hf.Person(PEOPLE[person].name, PEOPLE[person].organisation, post))
    return d


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """A running server: its base URL and a bearer token per person of `PEOPLE`."""

    def __init__(self, url: str, base: str, tokens: dict[str, str]) -> None:
        self.url = url
        self.base = base
        self.tokens = tokens

    def client(self, who: str | None) -> httpx.Client:
        headers = {} if who is None else {"Authorization": f"Bearer {self.tokens[who]}"}
        return httpx.Client(base_url=self.base, headers=headers, timeout=600)  # a loaded CI machine is slow


@contextmanager
def _pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database on the store tests' server, dropped afterwards."""
    import psycopg

    server = _server_or_skip()
    name = f"hf_serve_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_plain(server), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(_plain(server), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start(url: str) -> Iterator[Server]:
    with hf.Ledger(url) as ledger:
        ledger.save_directory(directory())
        tokens = hf.Tokens(ledger)
        made = {who: tokens.create(actor.name, actor.organisation, at=datetime.now(hf.SHANGHAI))
                for who, actor in PEOPLE.items()}
    yield from serving(url, made)


DEPRECATED = ("Actor.unit", "Hazard.unit")
"""The records' deprecated attributes (`hazard.records.renamed`), which the server itself must not read."""


def serving(url: str, made: dict[str, str]) -> Iterator[Server]:
    """`hazardflow serve` on ``url`` (its tokens ``made`` already stored) until the generator is closed; a
    deprecated name of the library's records read while serving (a template's ``actor.unit``) is an error."""
    port = _free_port()
    strict = [arg for name in DEPRECATED for arg in ("-W", f"error:{name} is deprecated")]
    process = subprocess.Popen(
        [sys.executable, *strict, "-c", "from hazardflow.cli.main import main; main()", "serve", "--db", url,
         "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode() if process.stdout else "died") from None
                time.sleep(0.1)
        yield Server(url, base, made)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per back end for the module (starting one costs seconds); tests use fresh hazards."""
    if request.param == "postgres":
        with _pg_database() as url:
            yield from start(url)
    else:
        yield from start(f"sqlite:///{tmp_path_factory.mktemp('serve') / 'register.db'}")
