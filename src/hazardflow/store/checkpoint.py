"""Signed checkpoints (ARCHITECTURE.md principle 11): what the register held at one moment, written out
(``hazardflow db checkpoint > file``) to be kept away from the database, so that a later deletion of
even the newest events — which leaves no gap inside the register — is proven against it.

A checkpoint is canonical JSON: the global sequence number reached (``gseq``) and its MAC (which,
chained, commits to every event before it), a SHA-256 over the head of every record as the seals
name them (``heads``: each subject's last seq and digest, sorted), when it was taken, the algorithm,
and a signature over all of that under the register's key (`seal.sign`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from hazardflow.checks import InvalidInput
from hazardflow.store import codec, seal
from hazardflow.store.audit import Finding, snapshot
from hazardflow.store.tables import seals

FIELDS = ("version", "gseq", "mac", "heads", "events", "alg", "at")
VERSION = 1


def _heads(connection: Connection, upto: int) -> tuple[str, int]:
    """The hash of every record's head among the seals up to ``upto``, and how many records."""
    heads: dict[tuple[str, str], tuple[int, str]] = {}
    for source, subject, seq, digest in connection.execute(
            select(seals.c.source, seals.c.subject, seals.c.seq, seals.c.digest)
            .where(seals.c.gseq <= upto).order_by(seals.c.gseq)):
        heads[(source, subject)] = (seq, digest)
    lines = "".join(f"{codec.dumps([s, sub, seq, d])}\n" for (s, sub), (seq, d) in sorted(heads.items()))
    return hashlib.sha256(lines.encode()).hexdigest(), len(heads)


def _text(data: Mapping[str, Any]) -> str:
    return codec.dumps({k: data[k] for k in FIELDS})


def take(engine: Engine, key: bytes) -> dict[str, Any]:
    """A signed checkpoint of the register now (one snapshot)."""
    with snapshot(engine) as connection:
        row = connection.execute(select(seals.c.gseq, seals.c.mac).order_by(seals.c.gseq.desc()).limit(1)).first()
        gseq, mac = (0, "") if row is None else (int(row[0]), str(row[1]))
        heads, n = _heads(connection, gseq)
    data: dict[str, Any] = {"version": VERSION, "gseq": gseq, "mac": mac, "heads": heads, "events": n,
                            "alg": seal.ALGORITHM, "at": datetime.now(UTC).isoformat()}
    data["signature"] = seal.sign(key, seal.ALGORITHM, _text(data))
    return data


def read(text: str) -> dict[str, Any]:
    """A checkpoint from its file's text; `InvalidInput` if it is not one."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict) or any(k not in data for k in (*FIELDS, "signature")) \
            or data["alg"] not in seal.DIGESTS or not isinstance(data["gseq"], int):
        raise InvalidInput("--checkpoint", "a checkpoint written by `hazardflow db checkpoint`", text[:80],
                           zh="`hazardflow db checkpoint` 写出的检查点文件")
    return data


def check(engine: Engine, key: bytes, data: Mapping[str, Any]) -> list[Finding]:
    """What the register now contradicts in the checkpoint ``data`` (empty: it still holds all of it)."""
    where = f"检查点（{data['at']}，第 {data['gseq']} 号）"
    if seal.sign(key, data["alg"], _text(data)) != data["signature"]:
        return [Finding(where, "检查点的签名不符：不是用本台账的密钥签发的，或文件被改动")]
    gseq = data["gseq"]
    with snapshot(engine) as connection:
        top = connection.scalar(select(seals.c.gseq).order_by(seals.c.gseq.desc()).limit(1)) or 0
        mac = connection.scalar(select(seals.c.mac).where(seals.c.gseq == gseq)) if gseq else ""
        heads, _ = _heads(connection, gseq)
    found = []
    if top < gseq:
        found.append(Finding(where, f"检查点时已有 {gseq} 个事件，台账现在只到第 {top} 号：其后的事件被删除"))
    elif mac != data["mac"]:
        found.append(Finding(where, f"第 {gseq} 号事件的 MAC 与检查点不符：检查点之前的历史被改写"))
    if heads != data["heads"]:
        found.append(Finding(where, f"检查点时各记录（{data['events']} 个）的链头与现存的不符：记录被删除或改写"))
    return found
