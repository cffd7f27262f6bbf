"""History is authoritative (ARCHITECTURE.md principle 11, H1): the store writes only events the hazard
machine produces from the stored state, and reads back only states their events produce.

A unit of work hands the store hazards it changed; before a row is written, `admit` re-runs every
new event through the machine from the state the unit read (the move, its source stage, the time
order; for a hazard new to the register every guard as well) and refuses the whole unit with
`HistoryRefused` unless each event is a step the machine makes and the hazard's state is the one
those events leave. An event appended by hand, a
stage assigned around the machine, or a stored row edited to skip 验收 therefore never reaches the
register. `check_stored` is the read side: a hazard row whose state is not the replay of its events
(a "laundered" stage) is refused on load, naming the hazard.

`Verified` spares a cold read that replay when the same check has already been made for the same
inputs. It holds, per hazard, the state the store established to be the replay of a history, with
that history's event count, head and `fingerprint` (a SHA-256 over every stored text of every
event row, in order). Its entries come only from a replay (`check_stored`) or from a commit, where
`admit` (`admit_new`) re-runs every new event's effect on the state as read (every event from
``found``) and requires the unit's hazard to equal the result. A read whose event rows have the
entry's count, head and fingerprint has, SHA-256 being collision resistant, the very event texts the
entry was established from; those texts decode to the events established (the codec round-trips
every value: tests/store/test_codec.py), so their replay is the entry's state; if the row's decoded
state equals it, the row is the replay of its events, which is what `check_stored` proves, and
nothing else is served: a hazard row, plan, listing or report edited since fails the comparison, an
event row edited since fails the fingerprint, and either is replayed, hence refused. Only the event
decoding and the replay are saved, not the reading and hashing of every row. `hazardflow db verify`
(`store.audit`) is untouched: it checks every chain and MAC and replays every history.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from hazardflow.hazard.guards import H1
from hazardflow.hazard.lifecycle import EFFECTS, LOOP, replay
from hazardflow.hazard.records import Hazard, advance
from hazardflow.rules import Reason, Rejected
from hazardflow.store.codec import plain_dumps
from hazardflow.vocab import TRIGGER_LABELS


class HistoryRefused(Rejected):
    """A unit of work offered a history the hazard machine did not produce; nothing was written."""

    def __init__(self, hazard_id: str, seq: int, trigger: str, reasons: Iterable[Reason]) -> None:
        super().__init__(reasons)
        self.hazard_id = hazard_id
        self.seq = seq
        self.args = (f"隐患 {hazard_id} 的第 {seq} 个事件（{TRIGGER_LABELS.get(trigger, trigger)}）不是状态机从台账"
                     f"状态得出的，本次工作单元未写入任何内容：{self.args[0]} (event {seq} of {hazard_id} was not "
                     "produced by the hazard machine from the stored state; nothing was written)",)


def admit(h: Hazard, base: Hazard) -> None:
    """Refuse (`HistoryRefused`) unless ``h``'s events after those of ``base`` (a copy of the hazard
    as the unit read it) are steps the machine makes from there (trigger, source stage, destination,
    time order: `Loop.step`) and ``h`` is exactly what their effects make of ``base`` (every field,
    as `replay` would make it). A hazard read in a unit can gain events through its triggers alone,
    whose guards have just run (none of its fields can be assigned, `Hazard`), so what is checked
    here is that the history still continues the stored one step by step and the state with it.
    ``base`` is consumed."""
    events = h.events
    stored = base.events
    start = len(stored)
    if events[:start] != stored:
        raise HistoryRefused(h.id, 1, "history", [H1.reason("已登记的事件被改动或删除，历史只能追加")])
    last = stored[-1].at if stored else None
    for seq, e in enumerate(events[start:], start=start + 1):
        wrong = LOOP.step(base.stage, last, e)
        if wrong is not None:
            raise HistoryRefused(h.id, seq, e.trigger, [wrong])
        EFFECTS[e.trigger](base, e)
        advance(base, e)
        last = e.at
    if base.stage is not h.stage:
        raise HistoryRefused(h.id, len(events), events[-1].trigger,
                             [H1.reason("隐患的阶段与其事件不符（阶段未经状态机改变）")])
    if base != h:
        raise HistoryRefused(h.id, len(events), events[-1].trigger,
                             [H1.reason("隐患的状态与其事件不符（阶段或字段未经状态机改变）")])


def admit_new(h: Hazard) -> None:
    """`admit` for a hazard new to the register, which may have been built from any events (an import,
    `Hazard(events=...)`): its whole history re-run through the machine from its ``found`` event, every
    rule judged again (`Loop.prepare`: the event must be exactly the one the machine makes), and its
    state the one those events leave."""
    events = h.events
    try:
        base = replay(events[:1])
    except ValueError as error:
        raise HistoryRefused(h.id, 1, events[0].trigger if events else "found", [H1.reason(str(error))]) from None
    for seq, e in enumerate(events[1:], start=2):
        wrong = LOOP.step(base.stage, base.events[-1].at, e)
        if wrong is not None:
            raise HistoryRefused(h.id, seq, e.trigger, [wrong])
        try:
            ticket = LOOP.prepare(base, e.trigger, e.at, e.actor, dict(e.payload))
        except ValueError as error:
            raise HistoryRefused(h.id, seq, e.trigger, [H1.reason(str(error))]) from None
        if ticket.reasons:
            raise HistoryRefused(h.id, seq, e.trigger, ticket.reasons)
        if ticket.event != e:
            raise HistoryRefused(h.id, seq, e.trigger, [H1.reason("事件内容与状态机得出的不同")])
        EFFECTS[e.trigger](base, e)
        advance(base, e)
    if base != h:
        raise HistoryRefused(h.id, len(events), events[-1].trigger,
                             [H1.reason("隐患的状态与其事件不符（阶段或字段未经状态机改变）")])


class Laundered(LookupError):
    """A stored hazard whose row state is not the replay of its stored events: edited outside the library."""

    def __init__(self, hazard_id: str, detail: str) -> None:
        self.hazard_id = hazard_id
        super().__init__(f"隐患 {hazard_id} 在台账中的状态与其事件不符，疑似被改动：{detail}；请运行 "
                         f"`hazardflow db verify` (the stored state of {hazard_id} is not its events' replay)")


def check_stored(h: Hazard) -> Hazard:
    """``h`` as loaded from its rows, if its state is the (checked) replay of its events, every
    payload decoded; else `Laundered`."""
    try:
        for e in h.events:
            len(e.payload)  # a payload stored undecodable is refused here, not on first use
        again = replay(h.events)
    except ValueError as error:
        raise Laundered(h.id, str(error)) from None
    if again != h:
        raise Laundered(h.id, "阶段或字段与事件重放结果不同")
    return h


def fingerprint(rows: Sequence[Sequence[Any]], after: Any = None) -> Any:
    """The fingerprint of a history's event rows (their stored texts: trigger, from, to, actor, at,
    payload, in order), following those of the fingerprint ``after`` (left as it was): a SHA-256
    over each row's JSON array followed by a comma, so that it grows with the history;
    ``.digest()`` gives it."""
    hasher = hashlib.sha256() if after is None else after.copy()
    if rows:
        hasher.update(f"{plain_dumps(rows)[1:-1]},".encode())
    return hasher


class Entry(NamedTuple):
    """A hazard's state established as the replay of its history of ``events`` events, ``head`` and
    ``fingerprint``: the values of its fields other than the events (the store's ``_FIELDS``)."""

    events: int
    head: str
    fingerprint: bytes
    values: tuple[Any, ...]


class Verified:
    """The per-hazard `Entry` of the latest history the store checked (see the module's docstring),
    at most ``size`` of them (all forgotten when full: an entry missing costs one replay)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: dict[str, Entry] = {}
        self._lock = threading.Lock()

    def holds(self, hazard_id: str, entry: Entry) -> bool:
        """Whether ``entry`` (a state read with its history) is the one established for the hazard."""
        return self._entries.get(hazard_id) == entry

    def put(self, hazard_id: str, entry: Entry) -> None:
        """Note ``entry`` as established for the hazard (replacing the one of an earlier history)."""
        with self._lock:
            if len(self._entries) >= self._size:
                self._entries.clear()
            self._entries[hazard_id] = entry
