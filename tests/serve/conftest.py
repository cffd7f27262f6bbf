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
    "stranger": hf.Actor("周九", hf.Role.ENTERPRISE, "另一家公司"),
}


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
        return httpx.Client(base_url=self.base, headers=headers, timeout=60)


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
        tokens = hf.Tokens(ledger)
        made = {who: tokens.create(actor, at=datetime.now(hf.SHANGHAI),
                                   jurisdictions=("铁西区",) if who == "inspector" else ())
                for who, actor in PEOPLE.items()}
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "from hazardflow.cli.main import main; main()", "serve", "--db", url,
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
