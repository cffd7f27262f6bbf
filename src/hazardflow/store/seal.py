"""The seal (ARCHITECTURE.md principle 11): every event of the register — a hazard's, another record's
(`store.records`), an activity's — gets one number of a global, gap-free sequence and a MAC under a
key held outside the database, chained to the MAC before it.

The per-record hash chains (`codec.chain_hash`) say whether a record's rows fit together, but anyone
who can write the database can recompute them. The MAC cannot be recomputed without the key, and the
global sequence makes a deleted event (or a whole deleted record) a gap; a checkpoint kept elsewhere
(`store.checkpoint`) proves even the deletion of the newest events. The MAC is HMAC-SM3 (国密 SM3,
GB/T 32905; GB/T 39786 asks for it in government systems) through OpenSSL 3, where hashlib offers
``sm3``, else HMAC-SHA256; each row records which (``alg``).

The key: ``key=`` of the Ledger, else the environment (``HAZARDFLOW_KEY``, the key itself; or
``HAZARDFLOW_KEY_FILE``, a file holding it), else, for a SQLite file, the key file beside it
(``register.db.key``, mode 0600), created with the register — so the demo and the quick start need
no setup, and an auditor is given that file (keep a copy away from the database: whoever holds it
can re-seal). An in-memory SQLite register gets a key for its lifetime. A PostgreSQL register
without a key can be read and verified for its chains, but refuses every write (`KeyMissing`): its
key must live outside the database server.

A register created before this revision is re-sealed once, when a Ledger first opens it with a key:
its events, in register order, are numbered and MAC'd in one transaction, and ``seal_state`` records
up to which number and when (``hazardflow db verify`` reports it: edits before that moment cannot be
told apart).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ClauseElement, Engine, bindparam, literal_column, select, update
from sqlalchemy.sql.compiler import SQLCompiler

from hazardflow.store import codec
from hazardflow.store.tables import activities, activity_findings, events, record_events, seal_state, seals

KEY_ENV = "HAZARDFLOW_KEY"
KEY_FILE_ENV = "HAZARDFLOW_KEY_FILE"
DIGESTS = {"HMAC-SM3": "sm3", "HMAC-SHA256": "sha256"}
"""The MAC algorithms, by the name recorded per event, and hashlib's name of their hash."""

Item = tuple[str, str, int, str]
"""An event to seal: (source ``hazard``/``record``/``activity``, subject, seq, content digest)."""


def _has_sm3() -> bool:
    try:
        hmac.digest(b"k", b"m", "sm3")
    except ValueError:
        return False
    return True


ALGORITHM = "HMAC-SM3" if _has_sm3() else "HMAC-SHA256"
"""The algorithm new events are sealed with in this process."""


class KeyMissing(RuntimeError):
    """The register's key is not available: nothing can be sealed (or verified) without it."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"没有台账密钥，不能写入或校验（{where}）：请用环境变量 {KEY_ENV}（密钥本身）或 {KEY_FILE_ENV}"
            f"（密钥文件路径）提供，密钥不得存放在数据库中 (no register key: set {KEY_ENV} or {KEY_FILE_ENV})")


def mac(key: bytes, alg: str, gseq: int, source: str, subject: str, seq: int, digest: str, prev: str) -> str:
    """The MAC (hex) of global event ``gseq``: its name, content digest and the previous MAC."""
    q = codec.quote
    text = f"[{gseq},{q(source)},{q(subject)},{seq},{q(digest)},{q(prev)}]"
    return hmac.digest(key, text.encode(), DIGESTS[alg]).hex()


def sign(key: bytes, alg: str, text: str) -> str:
    """The MAC (hex) of ``text`` (a checkpoint's canonical JSON)."""
    return hmac.digest(key, text.encode(), DIGESTS[alg]).hex()


def activity_digest(prev: str, row: Sequence[Any], findings: Sequence[str]) -> str:
    """The chained digest of one activity row (id, kind, unit, enterprise, at, by, count, amount_fen,
    flag, note) and its findings: the activities' own chain, in sealing order."""
    values = list(row)
    values[8] = bool(values[8])
    return hashlib.sha256(codec.dumps([prev, *values, sorted(findings)]).encode()).hexdigest()


ACTIVITY_ROW = (activities.c.id, activities.c.kind, activities.c.unit, activities.c.enterprise, activities.c.at,
                activities.c.by, activities.c.count, activities.c.amount_fen, activities.c.flag, activities.c.note)


def key_file(url: str) -> Path | None:
    """The key file beside a SQLite register file (None for another back end or memory)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").partition("?")[0]
    return None if path in ("", ":memory:") else Path(f"{path}.key")


def resolve_key(url: str, key: bytes | str | None, *, create: bool) -> bytes | None:
    """The register's key: given, from the environment, or from (with ``create``, a new) key file
    beside a SQLite file; a fresh one for an in-memory SQLite register; None if there is none."""
    if key is not None:
        return key.encode() if isinstance(key, str) else bytes(key)
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode()
    if os.environ.get(KEY_FILE_ENV):
        return Path(os.environ[KEY_FILE_ENV]).read_bytes().strip()
    beside = key_file(url)
    if beside is None:
        return secrets.token_bytes(32) if url.startswith("sqlite") else None
    if beside.exists():
        return beside.read_bytes().strip()
    if not create:
        return None
    fd = os.open(beside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    return beside.read_bytes().strip()


COPY_FROM = 16
"""From how many rows an insert on PostgreSQL is a ``COPY … FROM STDIN`` (`insert_rows`): one
statement streaming the rows, where ``executemany`` binds and sends each row as its own."""


def insert_rows(cursor: Any, insert: str, copy: str | None, rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (tuples in the statement's order) with the ``insert`` statement, or with the
    ``COPY`` statement ``copy`` (PostgreSQL: None elsewhere) when there are at least `COPY_FROM`."""
    if copy is not None and len(rows) >= COPY_FROM:
        with cursor.copy(copy) as stream:
            for row in rows:
                stream.write_row(row)
    elif len(rows) == 1:
        cursor.execute(insert, rows[0])
    else:
        cursor.executemany(insert, rows)


def copy_statement(table: Any, columns: Sequence[str]) -> str:
    """The ``COPY … FROM STDIN`` of ``columns`` of ``table`` (PostgreSQL)."""
    return f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"


class Sealer:
    """Seals the events of a transaction on its DBAPI cursor: takes the next numbers of the global
    sequence (locking its one row until the transaction ends, which is what makes it gap-free),
    writes a MAC'd seal row per event and moves the sequence's state on.

    ``copy``: write many seal rows with ``COPY`` (PostgreSQL, `insert_rows`). Taking the numbers is
    one ``UPDATE … RETURNING`` where the database has it (PostgreSQL, SQLite ≥ 3.35), else an
    ``UPDATE`` and a ``SELECT``."""

    def __init__(self, compile_: Callable[[ClauseElement, Sequence[str] | None], SQLCompiler], key: bytes | None,
                 where: str, *, returning: bool = False, copy: bool = False) -> None:
        self.key = key
        self.alg = ALGORITHM
        self._where = where
        one = seal_state.c.id == literal_column("1")
        columns = [c.name for c in seals.c]
        bump = update(seal_state).where(one).values(gseq=seal_state.c.gseq + bindparam("n"))
        self._bump = str(compile_(bump.returning(seal_state.c.gseq, seal_state.c.mac) if returning else bump, None))
        self._returning = returning
        self._state = str(compile_(select(seal_state.c.gseq, seal_state.c.mac).where(one), None))
        self._copy = copy_statement(seals, columns) if copy else None
        inserted = compile_(seals.insert(), columns)
        if tuple(inserted.positiontup or ()) != tuple(columns):
            raise RuntimeError(f"seal: the insert binds {inserted.positiontup}, not {columns}")
        self._insert = str(inserted)
        self._close = str(compile_(update(seal_state).where(one).values(mac=bindparam("mac")), None))
        resealed = compile_(update(seal_state).where(one).values(
            pending=bindparam("pending"), resealed=bindparam("resealed"), resealed_at=bindparam("resealed_at")), None)
        if tuple(resealed.positiontup or ()) != ("pending", "resealed", "resealed_at"):
            raise RuntimeError(f"seal: the re-seal update binds {resealed.positiontup}")
        self._resealed = str(resealed)
        self._last_activity = "SELECT digest FROM seals WHERE source = 'activity' ORDER BY gseq DESC LIMIT 1"

    def require(self) -> bytes:
        """The key, or `KeyMissing`."""
        if self.key is None:
            raise KeyMissing(self._where)
        return self.key

    def lock(self, cursor: Any, n: int) -> tuple[int, str]:
        """Take ``n`` numbers: the first of them and the MAC before it."""
        self.require()
        cursor.execute(self._bump, (n,))
        if not self._returning:
            cursor.execute(self._state)
        top, prev = cursor.fetchone()
        return int(top) - n + 1, prev

    def write(self, cursor: Any, first: int, prev: str, items: Sequence[Item]) -> None:
        """Write the seal rows of ``items`` numbered from ``first``, chained to ``prev``."""
        key, alg = self.require(), self.alg
        rows = []
        for gseq, (source, subject, seq, digest) in enumerate(items, start=first):
            prev = mac(key, alg, gseq, source, subject, seq, digest, prev)
            rows.append((gseq, source, subject, seq, digest, alg, prev))
        insert_rows(cursor, self._insert, self._copy, rows)
        cursor.execute(self._close, (prev,))

    def seal(self, cursor: Any, items: Sequence[Item]) -> None:
        """Number, MAC and record ``items`` in the cursor's transaction."""
        if items:
            first, prev = self.lock(cursor, len(items))
            self.write(cursor, first, prev, items)

    def resealed(self, cursor: Any, upto: int) -> None:
        """Record that the events up to ``upto`` were sealed by `reseal`, now."""
        cursor.execute(self._resealed, (False, upto, codec.time_text(datetime.now(UTC))))

    def last_activity(self, cursor: Any) -> str:
        """The digest the next activity chains to (after `lock`)."""
        cursor.execute(self._last_activity)
        row = cursor.fetchone()
        return codec.GENESIS if row is None else str(row[0])


def activity_items(rows: Sequence[Sequence[Any]], findings: dict[int, list[str]], prev: str) -> list[Item]:
    """The seal items of activity ``rows`` (`ACTIVITY_ROW`), chained from ``prev``."""
    items = []
    for row in rows:
        prev = activity_digest(prev, row, findings.get(row[0], []))
        items.append(("activity", str(row[0]), 1, prev))
    return items


def reseal(engine: Engine, sealer: Sealer) -> int:
    """Seal, once, the events of a register created before the seal (``seal_state.pending``), in
    register order (hazard events, record events, activities), and record it; how many were sealed."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with engine.connect() as reading:
            pending = reading.scalar(select(seal_state.c.pending).where(seal_state.c.id == 1))
            if not pending:
                return 0
            items: list[Item] = [("hazard", h, s, d) for h, s, d in reading.execute(
                select(events.c.hazard_id, events.c.seq, events.c.hash).order_by(events.c.hazard_id, events.c.seq))]
            items += [("record", f"{k}/{i}", s, d) for k, i, s, d in reading.execute(
                select(record_events.c.kind, record_events.c.record_id, record_events.c.seq, record_events.c.hash)
                .order_by(record_events.c.kind, record_events.c.record_id, record_events.c.seq))]
            rows = list(reading.execute(select(*ACTIVITY_ROW).order_by(activities.c.id)))
            found: dict[int, list[str]] = {}
            for activity_id, finding in reading.execute(select(activity_findings)):
                found.setdefault(activity_id, []).append(finding)
        first, prev = sealer.lock(cursor, len(items) + len(rows))
        items += activity_items(rows, found, codec.GENESIS)
        sealer.write(cursor, first, prev, items)
        sealer.resealed(cursor, first + len(items) - 1)
        raw.commit()
        return len(items)
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.close()


def open_sealer(engine: Engine, url: str, compile_: Callable[[ClauseElement, Sequence[str] | None], SQLCompiler],
                key: bytes | str | None) -> Sealer:
    """The Sealer of a Ledger just opened (its key resolved, a key file made for a register not yet
    sealed), after re-sealing a register older than the seal if it has a key."""
    with engine.connect() as connection:
        top, pending = connection.execute(select(seal_state.c.gseq, seal_state.c.pending)
                                          .where(seal_state.c.id == 1)).one()
    where = engine.url.render_as_string(hide_password=True)
    dialect = engine.dialect
    sealer = Sealer(compile_, resolve_key(url, key, create=top == 0), where,
                    returning=bool(dialect.update_returning), copy=dialect.name == "postgresql")
    if pending and sealer.key is not None:
        reseal(engine, sealer)
    return sealer
