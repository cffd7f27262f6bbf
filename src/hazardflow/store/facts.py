"""Per-hazard facts for the reports (issue 20): columns of the hazard row, written in the same
transaction as the events they come from, so that a report is one scan of hazards.

- ``closed_at``: the stored time of the hazard's latest 销号 (``close``) event;
- ``reopened_at``: of its latest ``reopen`` (验收后复发/回头看发现未整改到位, H10);
- ``listed_at``: of its first 挂牌督办 (``list_for_supervision``, H4);
- ``last_at``: of its latest event of any kind.

Each is the same aggregate of the stored event times (text, compared as stored, as the event-path
reports compare them) that the 调度表 takes over the event log (`reports.dispatch.hazard_query`),
so for a cut-off after every event (`current`) the facts and the log give the same figures; for an
earlier cut-off the reports read the log (principle 10: a table is the same whenever produced).
Migration 0009 adds the columns and fills them from the events already stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from hazardflow.hazard.records import Event
from hazardflow.store.codec import time_text
from hazardflow.store.tables import hazards

COLUMNS = ("closed_at", "reopened_at", "listed_at", "last_at")
"""The fact columns of ``hazards``, in the order `of` gives them."""

LATEST = {"close": "closed_at", "reopen": "reopened_at"}
"""Facts that hold the latest time of a trigger."""
FIRST = {"list_for_supervision": "listed_at"}
"""Facts that hold the first time of a trigger."""


def of(history: Sequence[Event]) -> tuple[str | None, ...]:
    """The facts (`COLUMNS`) of a hazard with events ``history``."""
    found: dict[str, str] = {}
    for e in history:
        trigger = e.trigger
        name = LATEST.get(trigger) or FIRST.get(trigger)
        at = time_text(e.at)
        if name is not None:
            earlier = found.get(name)
            if earlier is None or (at > earlier if trigger in LATEST else at < earlier):
                found[name] = at
        if at > found.get("last_at", ""):
            found["last_at"] = at
    return tuple(found.get(name) for name in COLUMNS)


def current(connection: Connection, end: str) -> bool:
    """Whether every stored event is dated before the stored time ``end`` (an index read of
    ``last_at``): then the facts are the hazards' state as of ``end``."""
    latest = connection.scalar(select(hazards.c.last_at).order_by(hazards.c.last_at.desc()).limit(1))
    return latest is None or latest < end
