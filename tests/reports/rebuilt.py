"""The overview's oracle: every hazard found in the campaign rebuilt from its events before the day's
end (`Ledger.as_of`), its stage, listing and 逾期 (H8, `Hazard.is_overdue`) read off the domain itself."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time

import hazardflow as hf
from hazardflow.notices import Notice
from hazardflow.reports.dispatch import end_of


def assert_overview_is_rebuilt(ledger: hf.Ledger, notice: Notice, day: date,
                               places: Sequence[str]) -> list[hf.Hazard]:
    """Assert `reports.overview` of each of ``places`` on ``day`` counts what the rebuilt hazards show;
    return the rebuilt major hazards overdue on ``day``."""
    moment = datetime.combine(day, time.max, hf.SHANGHAI)
    since = datetime.combine(notice.start, time(), hf.SHANGHAI)
    stood = [h for h in ledger.as_of(ledger.ids(), end_of(day)) if h.found_at >= since]
    overdue = [h for h in stood if h.level is hf.Level.MAJOR and h.is_overdue(moment)]
    for place in places:
        o = hf.reports.overview(ledger, notice, day, place, places)
        here = [h for h in stood if h.jurisdiction == place]
        wanted = {(lvl, src): (len(hs), sum(h.stage is hf.Stage.CLOSED for h in hs),
                               sum(h.listing is not None for h in hs), sum(h.is_overdue(moment) for h in hs))
                  for lvl in hf.Level for src in hf.Source
                  if (hs := [h for h in here if h.level is lvl and h.source is src])}
        assert {(c.level, c.source): (c.found, c.closed, c.listed, c.overdue) for c in o.counts} == wanted
        major = [h for h in here if h.level is hf.Level.MAJOR]
        assert (o.trend[-1].found, o.trend[-1].closed) == (len(major), sum(h.stage is hf.Stage.CLOSED for h in major))
        assert dict(o.overdue_by_town) == dict(Counter(h.jurisdiction for h in overdue))
        assert dict(o.overdue_by_sector) == dict(Counter(h.sector for h in overdue))
    return overdue
