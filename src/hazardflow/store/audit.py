"""The audit of a register (``hazardflow db verify``, `Ledger.verify_chain`): every check of
ARCHITECTURE.md principle 11 over one consistent snapshot, each failure a `Finding` naming the record
and saying in 中文 what is wrong.

Checked: each record's hash chain (sequence, ``prev``, hash) and its head row; each stored state
against the (step-checked) replay of its events; and, under the key (`store.seal`), the global
sequence — no gap, no surplus, its state row at the last number — every event's MAC, chained, and
the digest each seal holds against the event row it names; the activities' own chain. A deletion
(an event, a whole record, an activity) is a gap or a seal without its row; an edit, even with the
plain hash recomputed, a digest or MAC that no longer matches; a laundered stage a replay that
differs.

One snapshot (REPEATABLE READ on PostgreSQL, one read transaction on SQLite), so that writers
committing meanwhile never raise a false alarm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

import attrs
from sqlalchemy import Connection, Engine, select

from hazardflow.hazard.lifecycle import replay
from hazardflow.store import codec, facts, seal
from hazardflow.store.records import kind_named, origin_hash
from hazardflow.store.tables import (
    activity_findings,
    events,
    hazards,
    listings,
    plans,
    record_events,
    records,
    reports,
    seal_state,
    seals,
)


class Rows(NamedTuple):
    """How the Ledger turns rows into records and back (`ledger`'s conversions), for the replays."""

    event: Callable[[Sequence[Any]], Any]
    state_row: Callable[[Any, int, str, facts.Facts], tuple[Any, ...]]
    state_columns: Sequence[str]
    plan_row: Callable[[str, Any], dict[str, Any]]
    listing_row: Callable[[str, Any], dict[str, Any]]
    report_rows: Callable[[str, int, Sequence[Any]], list[dict[str, Any]]]
    record_entry: Callable[[Any, Sequence[Any]], Any]


@attrs.frozen
class Finding:
    """One thing wrong: the record (a hazard id, ``kind/id``, ``activity/N``, or ``全局序号``) and what."""

    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}：{self.message}"


@attrs.frozen
class Audit:
    """What `audit` found: the findings, how many events are sealed, and the re-seal, if any."""

    findings: tuple[Finding, ...]
    sealed: int
    keyed: bool
    resealed: int | None
    resealed_at: str | None

    @property
    def subjects(self) -> list[str]:
        """The records with a finding, sorted."""
        return sorted({f.subject for f in self.findings})


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection reading one snapshot: REPEATABLE READ on PostgreSQL, one read transaction on SQLite."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection, \
                connection.begin():
            yield connection
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


def audit(engine: Engine, key: bytes | None, rows: Rows) -> Audit:
    """Every check of the module docstring on the register at ``engine``; the MACs only with ``key``."""
    with snapshot(engine) as c:
        found: list[Finding] = []
        chained = _hazards(rows, c, found)
        chained |= _records(rows, c, found)
        state = c.execute(select(seal_state)).one()
        sealed = _seals(c, key, state, chained, found)
    return Audit(tuple(found), sealed, key is not None, state.resealed, state.resealed_at)


Digests = dict[tuple[str, str, int], str]
"""The events found, by (source, subject, seq): their digest (the chained hash)."""


def _hazards(conversions: Rows, c: Connection, found: list[Finding]) -> Digests:
    _event, _state_row, _STATE, _plan_row, _listing_row, _report_rows = conversions[:6]
    rows = {r.id: r for r in c.execute(select(hazards))}
    side: dict[str, dict[str, Any]] = {}
    for table, name in ((plans, "plan"), (listings, "listing")):
        for r in c.execute(select(table)):
            side.setdefault(r.hazard_id, {})[name] = dict(r._mapping)
    for r in c.execute(select(reports).order_by(reports.c.hazard_id, reports.c.seq)):
        side.setdefault(r.hazard_id, {}).setdefault("reports", []).append(dict(r._mapping))
    chains: dict[str, list[Any]] = {}
    for row in c.execute(select(events).order_by(events.c.hazard_id, events.c.seq)):
        chains.setdefault(row.hazard_id, []).append(row)
    digests: Digests = {}
    for hazard_id in sorted(rows.keys() | chains.keys()):
        chain = chains.get(hazard_id, [])
        for link in chain:
            digests[("hazard", hazard_id, link.seq)] = link.hash
        broken = _chain(hazard_id, chain, codec.GENESIS, found, lambda r: codec.chain_hash(
            r.prev, r.hazard_id, r.seq, r.trigger, r.from_stage, r.to_stage, r.actor, r.at, r.payload, r.recorded_by))
        stored = rows.get(hazard_id)
        if stored is None:
            found.append(Finding(hazard_id, "有事件而无隐患记录：隐患记录被删除"))
            continue
        head = chain[-1].hash if chain else codec.GENESIS
        if (stored.events, stored.head) != (len(chain), head):
            found.append(Finding(hazard_id, f"登记的事件数与链头（{stored.events} 个，{stored.head[:12]}）与事件链"
                                            f"（{len(chain)} 个，{head[:12]}）不符：事件被删除、添加或链头被改写"))
            continue
        if broken:
            continue
        try:
            again = replay(_event((r.trigger, r.from_stage, r.to_stage, r.actor, r.at, r.payload)) for r in chain)
        except (LookupError, ValueError, TypeError, AttributeError) as error:
            found.append(Finding(hazard_id, f"事件不能重放：{error}"))
            continue
        known = facts.then(facts.NONE, ((r.trigger, r.at) for r in chain))
        if _state_row(again, len(chain), head, known) != tuple(getattr(stored, name) for name in _STATE):
            found.append(Finding(hazard_id, f"台账状态（阶段 {stored.stage}）与事件重放（阶段 "
                                            f"{again.stage.name}）不符：状态被改动"))
            continue
        replayed = {"plan": None if again.plan is None else _plan_row(hazard_id, again.plan),
                    "listing": None if again.listing is None else _listing_row(hazard_id, again.listing),
                    "reports": _report_rows(hazard_id, 0, again.reports) or None}
        kept = side.get(hazard_id, {})
        for name, label in (("plan", "整改方案"), ("listing", "挂牌督办"), ("reports", "双报告")):
            if kept.get(name) != replayed[name]:
                found.append(Finding(hazard_id, f"{label}记录与事件重放不符：被改动"))
    return digests


def _chain(subject: str, chain: Sequence[Any], start: str, found: list[Finding], digest: Any) -> bool:
    """Check one hash chain from ``start``; whether it is broken (a finding added)."""
    prev = start
    for number, row in enumerate(chain, start=1):
        if row.seq != number:
            found.append(Finding(subject, f"事件序号不连续：第 {number} 个事件处是 {row.seq}：事件被删除或插入"))
            return True
        if row.prev != prev or row.hash != digest(row):
            found.append(Finding(subject, f"第 {row.seq} 个事件的哈希链断裂：内容、顺序或前一事件被改动"))
            return True
        prev = row.hash
    return False


def _records(conversions: Rows, c: Connection, found: list[Finding]) -> Digests:
    rows = {(r.kind, r.id): r for r in c.execute(select(records))}
    chains: dict[tuple[str, str], list[Any]] = {}
    for row in c.execute(select(record_events).order_by(record_events.c.kind, record_events.c.record_id,
                                                        record_events.c.seq)):
        chains.setdefault((row.kind, row.record_id), []).append(row)
    digests: Digests = {}
    for key in sorted(rows.keys() | chains.keys()):
        name = f"{key[0]}/{key[1]}"
        chain = chains.get(key, [])
        for link in chain:
            digests[("record", name, link.seq)] = link.hash
        stored = rows.get(key)
        if stored is None:
            found.append(Finding(name, "有事件而无记录：记录被删除"))
            continue
        broken = _chain(name, chain, origin_hash(key[0], key[1], stored.origin), found, lambda r: codec.chain_hash(
            r.prev, f"{r.kind}/{r.record_id}", r.seq, r.trigger, r.from_stage, r.to_stage or "", r.actor, r.at,
            r.payload, r.recorded_by))
        head = chain[-1].hash if chain else ""
        if (stored.events, stored.head) != (len(chain), head):
            found.append(Finding(name, f"登记的事件数与事件链不符（{stored.events}/{len(chain)}）：事件被删除或添加"))
            continue
        if broken:
            continue
        try:
            kind = kind_named(key[0])
            again = kind.replay(codec.loads(stored.origin), [conversions.record_entry(kind, (
                r.trigger, r.from_stage, r.to_stage, r.actor, r.at, r.payload)) for r in chain])
            if kind.state(again) != stored.state:
                found.append(Finding(name, "记录状态与事件重放不符：状态被改动"))
        except (LookupError, ValueError, TypeError, AttributeError) as error:
            found.append(Finding(name, f"事件不能重放：{error}"))
    return digests


def _seals(c: Connection, key: bytes | None, state: Any, chained: Digests, found: list[Finding]) -> int:
    """The global sequence, the MACs, the seals against the rows and the activities' chain."""
    activity_rows = {r[0]: r for r in c.execute(select(*seal.ACTIVITY_ROW))}
    findings: dict[int, list[str]] = {}
    for activity_id, finding in c.execute(select(activity_findings)):
        findings.setdefault(activity_id, []).append(finding)
    expected, prev, activity_prev = 1, "", codec.GENESIS
    seen: set[tuple[str, str, int]] = set()
    for row in c.execute(select(seals).order_by(seals.c.gseq)):
        name = row.subject if row.source != "activity" else f"activity/{row.subject}"
        if row.gseq != expected:
            found.append(Finding("全局序号", f"第 {expected}–{row.gseq - 1} 号事件缺失：这些事件已被删除"))
        expected = row.gseq + 1
        if key is not None and (row.alg not in seal.DIGESTS or row.mac != seal.mac(
                key, row.alg, row.gseq, row.source, row.subject, row.seq, row.digest, prev)):
            found.append(Finding(name, f"全局第 {row.gseq} 号事件（第 {row.seq} 个）的 MAC 不符：事件被伪造、改写或"
                                       "重新排序（以密钥校验）"))
        prev = row.mac
        event = (row.source, row.subject, row.seq)
        seen.add(event)
        if row.source == "activity":
            activity = activity_rows.get(int(row.subject))
            if activity is None:
                found.append(Finding(name, f"活动记录（全局第 {row.gseq} 号）已被删除"))
                activity_prev = row.digest
                continue
            activity_prev = seal.activity_digest(activity_prev, activity, findings.get(activity[0], []))
            if activity_prev != row.digest:
                found.append(Finding(name, "活动记录的内容与封存摘要不符：被改动"))
            activity_prev = row.digest
        elif event not in chained:
            found.append(Finding(name, f"第 {row.seq} 个事件（全局第 {row.gseq} 号）已被删除"))
        elif chained[event] != row.digest:
            found.append(Finding(name, f"第 {row.seq} 个事件与封存摘要不符：内容被改写（即使重算了哈希）"))
    top = expected - 1
    if state.gseq != top or state.mac != prev:
        found.append(Finding("全局序号", f"序号状态记到第 {state.gseq} 号，封存的事件到第 {top} 号：最新的事件被删除"
                                         "或序号被改动"))
    if not state.pending:
        for _source, subject, seq in sorted(chained.keys() - seen):
            found.append(Finding(subject, f"第 {seq} 个事件没有封存记录：在库外添加"))
        for activity_id in sorted(activity_rows.keys() - {int(s) for src, s, _ in seen if src == "activity"}):
            found.append(Finding(f"activity/{activity_id}", "活动记录没有封存记录：在库外添加"))
    return top
