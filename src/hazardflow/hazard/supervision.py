"""Supervision over many hazards: 挂牌督办 weekly dispatch (H7), escalation of overdue hazards (H8), 回头看 (H10).

These build on the hazard loop's own triggers (`list_for_supervision`, `extend`, `reopen`) and never
change a hazard except through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

import attrs

from hazardflow.checks import InvalidInput, aware_time, local_date, moment, of_type, text
from hazardflow.hazard.guards import H7, H8, H10
from hazardflow.hazard.records import Actor, Hazard, Listing
from hazardflow.rules import Reason, Rejected, guard, scoped
from hazardflow.vocab import ReportKind, Role, Stage

WEEK = timedelta(days=7)


# H7 挂牌督办: weekly dispatch --------------------------------------------------------------------------------

@attrs.frozen
class Dispatch:
    """One 周调度 of a listed hazard: progress reported, by whom, when."""

    hazard: str = attrs.field(validator=text)
    progress: str = attrs.field(validator=text)
    by: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    at: datetime = attrs.field(validator=moment)


@attrs.frozen
class DispatchDue:
    """The dispatch due for one week of a listing (``start``..``due``), and the one that met it."""

    hazard: str
    number: str
    start: date
    due: date
    done: Dispatch | None
    notice: str | None = None

    def overdue(self, at: datetime) -> bool:
        """Not dispatched and the week is over on ``at``'s date."""
        return self.done is None and local_date(aware_time(at)) > self.due

    @property
    def basis(self) -> Reason:
        """The rule behind the obligation."""
        return scoped([H7.reason(f"挂牌督办（{self.number}）期间每周调度：{self.start}至{self.due}")], self.notice)[0]


@guard(H7)
def dispatch_progress(hazard: Hazard, *, progress: str, at: datetime, by: Actor) -> Dispatch:
    """H7 周调度: ``by`` (a department or government) records the progress of ``hazard`` while it is
    listed (挂牌督办, 宜明办字〔2023〕23号 二(二)10: 挂牌期间每周调度); else `Rejected`."""
    if not isinstance(hazard, Hazard):
        raise InvalidInput("hazard", "a hazardflow.Hazard", hazard)
    made = Dispatch(hazard.id, progress, by, at)
    listing, reasons = hazard.listing, []
    if listing is None or listing.at > at or (listing.delisted_at is not None and listing.delisted_at <= at):
        reasons.append(H7.reason(f"“{hazard.description}”此时未处于挂牌督办期间，不需周调度"))
    if by.role not in (Role.DEPARTMENT, Role.GOVERNMENT):
        reasons.append(H7.reason(f"{by.role.label}不能调度挂牌督办隐患，周调度由监管部门或党委政府进行"))
    if reasons:
        raise Rejected(scoped(reasons, hazard.notice))
    return made


@guard(H7)
def dispatch_obligations(hazard: Hazard, dispatches: Iterable[Dispatch], *, at: datetime) -> list[DispatchDue]:
    """H7: one dispatch per week from the listing until 摘牌 (or ``at``), each with the dispatch that met it."""
    today = local_date(aware_time(at))
    listing = hazard.listing
    if listing is None:
        return []
    end = local_date(listing.delisted_at) if listing.delisted_at is not None else today
    mine = sorted((d for d in dispatches if d.hazard == hazard.id), key=lambda d: d.at)
    dues: list[DispatchDue] = []
    start = local_date(listing.at)
    while start <= min(end, today):
        due = start + WEEK - timedelta(days=1)
        done = next((d for d in mine if start <= local_date(d.at) <= due), None)
        dues.append(DispatchDue(hazard.id, listing.number, start, due, done, hazard.notice))
        start += WEEK
    return dues


# H8 逾期升级 ------------------------------------------------------------------------------------------------

@attrs.frozen
class Escalation:
    """An overdue hazard as the escalation check reports it: who answers for it and what is proposed."""

    hazard: str
    description: str
    enterprise: str
    major: bool
    deadline: date
    days_overdue: int
    listing: Listing | None
    responsible: str | None
    department: str
    proposal: str
    basis: Reason

    @property
    def number(self) -> str | None:
        """The listing document's 文号, if listed."""
        return self.listing.number if self.listing is not None else None

    @property
    def escalated(self) -> bool:
        """A major or listed hazard: escalated, not just reminded."""
        return self.major or self.listing is not None


def _department(h: Hazard) -> str:
    """The supervising department: the listing authority, else the one the discovery was reported to."""
    if h.listing is not None and h.listing.active:
        return h.listing.authority.organisation
    reports = [r.to for r in h.reports if r.kind is ReportKind.FOUND]
    return reports[0] if reports else f"{h.jurisdiction}负有安全监管职责的部门"


def _proposal(h: Hazard, department: str, responsible: str) -> str:
    if h.listed:
        assert h.listing is not None
        return (f"挂牌督办（{h.listing.number}）逾期未整改：由{h.listing.authority.organisation}约谈{h.enterprise}"
                f"主要负责人，追究{responsible}整改责任，依法从严处罚")
    if h.is_major or h.key:
        return f"提请{department}挂牌督办，追究{responsible}整改责任；延期须另行作出有理由的决定"
    return f"督促{h.enterprise}限期整改，追究{responsible}整改责任"


@guard(H8)
def escalations(hazards: Iterable[Hazard], *, at: datetime) -> list[Escalation]:
    """H8 `tick`: every hazard overdue on ``at``, most overdue first, with its escalation proposal."""
    today = local_date(aware_time(at))
    found: list[Escalation] = []
    for h in hazards:
        if not isinstance(h, Hazard):
            raise InvalidInput("hazards", "hazardflow.Hazard records", h)
        if not h.is_overdue(at):
            continue
        assert h.deadline is not None
        responsible = h.plan.responsible if h.plan is not None and h.plan.responsible else f"{h.enterprise}主要负责人"
        department = _department(h)
        days = (today - h.deadline).days
        basis = scoped([H8.reason(f"{h.description}：整改期限 {h.deadline}，已逾期{days}日"
                                  + ("，重大事故隐患逾期须升级处理，不得默默延期" if h.is_major else ""))], h.notice)[0]
        found.append(Escalation(h.id, h.description, h.enterprise, h.is_major, h.deadline, days, h.listing,
                                responsible, department, _proposal(h, department, responsible), basis))
    return sorted(found, key=lambda e: (not e.escalated, -e.days_overdue, e.hazard))


# H10 回头看 -------------------------------------------------------------------------------------------------

@attrs.frozen
class LookBack:
    """A 回头看 review: who reviewed which closed hazards, when, and what it found (reopened as sham)."""

    by: Actor
    at: datetime
    reviewed: tuple[str, ...]
    findings: Mapping[str, str]

    @property
    def reopened(self) -> tuple[str, ...]:
        """The ids of the hazards found not truly fixed."""
        return tuple(self.findings)


@guard(H10)
def look_back(hazards: Iterable[Hazard], *, findings: Mapping[str, str], at: datetime, by: Actor) -> LookBack:
    """H10: review the closed ``hazards``; each one in ``findings`` (id → what was found) is reopened and
    its rectification recorded as sham (feeds P3). All or nothing: any refusal reopens none."""
    aware_time(at)
    pool = {h.id: h for h in hazards if isinstance(h, Hazard)}
    unknown = set(findings) - set(pool)
    if unknown:
        raise InvalidInput("findings", "ids of the reviewed hazards", sorted(unknown))
    reasons: list[Reason] = []
    for hid, finding in findings.items():
        h = pool[hid]
        if h.stage is not Stage.CLOSED:
            reasons += scoped([H10.reason(f"回头看只针对已销号隐患，“{h.description}”处于“{h.stage.label}”阶段")],
                              h.notice)
        else:
            reasons.extend(h.why_not("reopen", at=at, by=by, reason=finding))
    if reasons:
        raise Rejected(reasons)
    for hid, finding in findings.items():
        pool[hid].reopen(reason=finding, at=at, by=by)
    reviewed = tuple(h.id for h in pool.values() if h.stage is Stage.CLOSED or h.id in findings)
    return LookBack(by, at, reviewed, dict(findings))
