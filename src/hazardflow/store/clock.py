"""The durable daily tick: what the domain finds due or overdue, recorded once per day as a dossier.

For each day since the last recorded tick (or only ``at``'s day on a first run), the campaigns'
obligations (`Campaign.tick`: C1 phases, C2–C5 deliverables, C6 调度表, C7 quotas, C8 drills, H11
checks), the hazards' escalations (`supervision.escalations`, H8) and the weeks of a listing not yet
dispatched (`supervision.dispatch_obligations`, H7, against the stored ``dispatch`` dossiers) are
computed from the records as they stood then (events up to that day's end, or up to ``at`` for
``at``'s own day) and noted in the ``tick`` dossier of that day. A day already recorded is never
recorded again, so running the tick twice, or from two crons at once (the second conflicts), records
nothing new; a missed day is caught up with what was due on it. The store decides nothing here: the
domain's answers are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, select

from hazardflow.campaign.campaign import Campaign
from hazardflow.checks import SHANGHAI, aware_time, local_date
from hazardflow.hazard.records import Actor, Hazard
from hazardflow.hazard.supervision import dispatch_obligations, escalations
from hazardflow.notices import load
from hazardflow.store import codec
from hazardflow.store.errors import NotFound
from hazardflow.store.records import Dossier
from hazardflow.store.tables import events, hazards


class Register(Protocol):
    """What the tick reads and writes of the `Ledger` (which calls it: `Ledger.tick`)."""

    engine: Engine

    def record_ids(self, kind: str) -> list[str]: ...
    def load(self, kind: str, record_id: str, *, until: datetime | None = None) -> Any: ...
    def as_of(self, hazard_ids: Sequence[str], end: str) -> list[Hazard]: ...
    def unit(self, *, by: Actor) -> AbstractContextManager[Any]: ...
    def events_of(self, kind: str, triggers: Sequence[str], *, before: str) -> list[tuple[str, Any]]: ...


def _findings(ledger: Register, moment: datetime) -> tuple[tuple[object, ...], ...]:
    """The obligations, the escalations and the undispatched weeks as of ``moment``."""
    campaigns: dict[str, Campaign] = {}
    for record_id in ledger.record_ids("participation"):
        try:
            p = ledger.load("participation", record_id, until=moment)
        except NotFound:
            continue  # joined after the moment
        campaigns.setdefault(p.notice.id, Campaign(load(p.notice.id))).adopt(p)
    obligations = [o for c in campaigns.values() for o in c.tick(moment)]
    cut = codec.time_text(moment + timedelta(microseconds=1))
    with ledger.engine.connect() as connection:
        ids = list(connection.scalars(hazards.select().with_only_columns(hazards.c.id)
                                      .where(hazards.c.deadline.is_not(None), hazards.c.found_at < cut)
                                      .order_by(hazards.c.found_at, hazards.c.id)))
        listed = list(connection.scalars(select(events.c.hazard_id).distinct()
                                         .where(events.c.trigger == "list_for_supervision", events.c.at < cut)
                                         .order_by(events.c.hazard_id)))
    dispatches = [e.payload["dispatch"] for _, e in ledger.events_of("dispatch", ["dispatch"], before=cut)]
    weeks = [w for h in ledger.as_of(listed, cut) for w in dispatch_obligations(h, dispatches, at=moment)
             if w.done is None]
    return tuple(obligations), tuple(escalations(ledger.as_of(ids, cut), at=moment)), tuple(weeks)


def tick(ledger: Register, at: datetime, *, by: Actor) -> list[Dossier]:
    """`Ledger.tick`: the days newly recorded, each with its findings."""
    today = local_date(aware_time(at))
    recorded = [date.fromisoformat(i) for i in ledger.record_ids("tick")]
    last = max(recorded, default=None)
    days = [today] if last is None or last >= today else [
        last + timedelta(days=n) for n in range(1, (today - last).days + 1)]
    done: list[Dossier] = []
    for day in days:
        if day in recorded:
            continue
        moment = at if day == today else datetime.combine(day, time.max, SHANGHAI)
        obligations, overdue, weeks = _findings(ledger, moment)
        with ledger.unit(by=by) as u:
            done.append(u.note("tick", day.isoformat(), "tick", at=moment, by=by, obligations=obligations,
                               escalations=overdue, dispatches=weeks))
    return done
