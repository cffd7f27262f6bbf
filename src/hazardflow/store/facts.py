"""Per-hazard facts for the reports (issue 20): columns of the hazard row, written in the same
transaction as the events they come from, so that a report is one scan of hazards — as of any day.

- ``closed_at`` / ``first_closed_at``: the stored times of the hazard's latest and first 销号 (``close``);
- ``reopened_at`` / ``first_reopened_at``: of its latest and first ``reopen`` (回头看发现未整改到位, H10);
- ``listed_at``: of its first 挂牌督办 (``list_for_supervision``, H4);
- ``assigned_at`` / ``extended_at``: of its first 交办 (``assign``, H2) and first 延期 (``extend``, H8);
- ``last_at``: of its latest event of any kind.

Each is an aggregate of the stored event times (text, compared as stored, as the event-path reports
compare them: `reports.dispatch.hazard_query`). They decide a hazard's state at any cut-off ``end``
(principle 10: a table is the same whenever produced) except in one case: ``close`` only leaves
验收 and ``reopen`` only leaves 销号 (`hazard.lifecycle`), so the two alternate, and a hazard never
reopened before ``end`` is closed at ``end`` exactly when its first close is before it; one reopened
before is decided by its latest close and reopen once all its events are before ``end``. Only a
hazard reopened before ``end`` and with events on or after it needs its own events read
(`reports.dispatch.closed_by`). Migrations 0009 and 0011 add the columns and fill them from the
events already stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hazardflow.hazard.records import Event
from hazardflow.store.codec import time_text

COLUMNS = ("closed_at", "reopened_at", "listed_at", "last_at", "first_closed_at", "first_reopened_at", "assigned_at",
           "extended_at")
"""The fact columns of ``hazards``, in the order `of` gives them."""

Facts = tuple[str | None, ...]
"""A hazard's facts, in the order of `COLUMNS`."""
NONE: Facts = (None,) * len(COLUMNS)
"""The facts of a history with no events."""

LATEST = {"close": "closed_at", "reopen": "reopened_at"}
"""Facts that hold the latest time of a trigger."""
FIRST = {"list_for_supervision": "listed_at", "close": "first_closed_at", "reopen": "first_reopened_at",
         "assign": "assigned_at", "extend": "extended_at"}
"""Facts that hold the first time of a trigger."""

_LATEST = {trigger: COLUMNS.index(name) for trigger, name in LATEST.items()}
_FIRST = {trigger: COLUMNS.index(name) for trigger, name in FIRST.items()}
_LAST = COLUMNS.index("last_at")


def then(known: Facts, events: Iterable[tuple[str, str]]) -> Facts:
    """The facts of a history whose facts so far are ``known``, followed by ``events``: (trigger,
    stored time) pairs, the texts of their event rows (so a write formats no time again)."""
    found = [at or "" for at in known]  # "" for none: before every stored time
    for trigger, at in events:
        latest, first = _LATEST.get(trigger), _FIRST.get(trigger)
        if latest is not None and at > found[latest]:
            found[latest] = at
        if first is not None and (not found[first] or at < found[first]):
            found[first] = at
        if at > found[_LAST]:
            found[_LAST] = at
    return tuple(at or None for at in found)


def of(history: Sequence[Event]) -> Facts:
    """The facts (`COLUMNS`) of a hazard with events ``history``, from the events themselves."""
    return then(NONE, ((e.trigger, time_text(e.at)) for e in history))
