"""What the demo's departments and governments do besides the hazards' own loop, each act written through
the register of record's APIs in the day's unit of work (no side channel, so `hazardflow dispatch` on the
demo's file prints the demo's own tables):

- 抽查检查 (`SpotCheck`, noted ``spotcheck``) of enterprises' self-checks, with their findings;
- 执法案件 (P1): a department's inspection that finds a major hazard opens a case; its penalty decision is
  proposed and confirmed (P2–P6, noted ``decision``), put on the case and published (L4); a suspected
  危险作业罪 is referred (P6); once the hazard is closed the case is reinspected and closed, and some are
  published as 典型执法案例 (noted ``typical``);
- 责令停产停业 (L2) over some major hazards, reviewed and lifted once they are closed;
- 举报 (P8): tip-offs received, verified as hazards (source 举报), rewarded once a major one is closed;
- 倒查 (P7): the first accident at an enterprise whose hazard a look-back reopens, traced to its signers;
- 挂牌督办 周调度 (H7) of every listed hazard, noted ``dispatch``;
- and, as `Activity` rows with who and when, only what is truly manual: 帮扶指导, 约谈通报有关地区及部门 and
  the 党委政府 rows of the notices that print them.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from itertools import count
from typing import Any, Protocol

import hazardflow as hf
from hazardflow.enforcement.activities import typical_case
from hazardflow.notices import Notice
from hazardflow.store import Unit


class Simulation(Protocol):
    """What the enforcement side reads and uses of the demo's `hazardflow.cli.demo.Simulation`."""

    notice: Notice
    seed: int
    rng: random.Random
    ledger: hf.Ledger
    enterprises: list[Any]
    departments: list[hf.Actor]
    towns: list[hf.Actor]
    draws: dict[str, tuple[list[Any], list[Any]]]
    hazards: dict[str, hf.Hazard]
    plans: dict[str, Any]
    penalties: list[hf.Penalty]
    numbers: count[int]
    stats: Counter[str]

    def moment(self, day: date) -> datetime: ...
    def enterprise(self, h: hf.Hazard) -> Any: ...
    def fine(self, low: Decimal, high: Decimal) -> Decimal: ...
    def later(self, day: date, hazard_id: str, action: str, lo: int = 1, hi: int = 3) -> None: ...
    def next_hazard_id(self) -> str: ...

CRIME = "危险作业罪"

MONTHLY = ((hf.ActivityKind.STUDY, 0.8), (hf.ActivityKind.RESEARCH, 0.6), (hf.ActivityKind.SUPERVISION_VISIT, 0.9),
           (hf.ActivityKind.OUTREACH, 0.7), (hf.ActivityKind.ASSESSMENT_TOUR, 0.4))
"""The 党委政府 rows a town records in a month, each with how likely it is that month."""


class Enforcement:
    """The enforcement side of one demo `Simulation`: its open cases, orders, tips and listings."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.cases: dict[str, str] = {}  # hazard id → its open case
        self.inspections: list[hf.Inspection] = []
        self.crimes: set[str] = set()  # cases with a 危险作业罪 referral
        self.orders: dict[str, str] = {}  # hazard id → the suspension over it
        self.received: dict[str, hf.TipOff] = {}  # tip id → the tip awaiting verification
        self.tips: dict[str, hf.TipOff] = {}  # hazard id → the tip that found it
        self.listed: set[str] = set()
        self.traced = False
        self.numbers = count(1)

    def _id(self, kind: str) -> str:
        return f"{self.sim.notice.id}-{self.sim.seed}-{kind}{next(self.numbers):04d}"

    # -- cases and penalties ---------------------------------------------------------------------

    def open_case(self, u: Unit, h: hf.Hazard, day: date) -> None:
        """检查诊断 (P1, H5): the inspection that found the major hazard ``h`` opens a case."""
        by, at = self.sim.enterprise(h).enforcer, self.sim.moment(day)
        inspection = hf.Inspection.signed(enterprise=h.enterprise, scope="重大事故隐患专项执法检查", hazards=[h],
                                          at=at, by=by, id=self._id("案"))
        u.put(hf.EnforcementCase.open(inspection=inspection, at=at, by=by, id=inspection.id))
        self.cases[h.id] = inspection.id
        self.inspections.append(inspection)

    def penalise(self, u: Unit, h: hf.Hazard, day: date, dept: hf.Actor) -> None:
        """Decide (P2–P6) and confirm a penalty, noted in its dossier as the CLI does; on the hazard's open
        case it is recorded and published (L4); a suspected 危险作业罪 is referred (P6); a major hazard's
        enterprise is ordered to stop (L2) where the decision says so, and now and then besides."""
        sim, at = self.sim, self.sim.moment(day)
        case_id = self.cases.get(h.id)
        crime = CRIME if case_id is not None and sim.rng.random() < 0.3 else None
        decision = hf.decide_penalty(h, at=at, penalties=[p for p in sim.penalties if p.enterprise == h.enterprise],
                                     crime=crime)
        if not decision.penalised:
            sim.stats["自查不处 (no penalty)"] += 1
            return
        fines = {m.target: sim.fine(m.minimum or Decimal(0), m.maximum or Decimal(1))
                 for m in decision.measures if m.kind is hf.MeasureKind.FINE and m.amount is None}
        number = f"{dept.organisation}罚〔{day.year}〕{next(sim.numbers)}号"
        penalty = decision.confirm(number=number, at=at, by=dept, fines=fines, referred=1 if crime else 0,
                                   extra=(hf.MeasureKind.EXPOSE,) if sim.rng.random() < 0.3 else ())
        sim.penalties.append(penalty)
        u.note("decision", number, "propose", at=at, by=dept, decision=decision, case=case_id)
        u.note("decision", number, "confirm", at=at, by=dept, penalty=penalty)
        sim.stats["行政处罚 (penalties)"] += 1
        if case_id is not None and penalty.administrative:
            case = u.load("case", case_id)
            case.penalize(penalty=penalty, at=at, by=dept)
            case.publish(number=number, at=at, by=dept)
            if crime:
                self.crimes.add(case_id)
        ordered = sim.rng.random() < 0.5 or penalty.includes(hf.MeasureKind.SUSPENSION)  # L2 carried out
        if h.is_major and h.id not in self.orders and ordered:
            order = hf.Suspension.ordered(hazards=[h], reason="存在重大事故隐患，无法保证安全生产", at=at, by=dept,
                                          id=self._id("停"))
            u.put(order)
            self.orders[h.id] = order.id
            sim.stats["责令停产停业 (suspensions)"] += 1

    def closed(self, u: Unit, h: hf.Hazard, day: date) -> None:
        """``h`` was closed: its suspension is reviewed and lifted (L2), its case reinspected and closed
        (P1) and perhaps published as typical, and the tip that found it rewarded (P8)."""
        sim, e = self.sim, self.sim.enterprise(h)
        order_id = self.orders.pop(h.id, None)
        if order_id is not None:
            order = u.load("suspension", order_id)
            order.lift(hazards=[h], review="重大事故隐患已整改销号，审查同意恢复生产", at=sim.moment(day),
                       by=order.order.by)
            order.resume(at=sim.moment(day), by=e.principal)
        case_id = self.cases.pop(h.id, None)
        if case_id is not None:
            case = u.load("case", case_id)
            case.reinspect(finding="整改复查：隐患已消除", at=sim.moment(day), by=e.enforcer)
            case.close(at=sim.moment(day), by=e.enforcer)
            if sim.rng.random() < 0.4 or case_id in self.crimes:  # a 危险作业罪 referral is always made an example
                at = sim.moment(day)
                published = typical_case(case, title=f"{h.enterprise}“{h.description}”被依法查处", at=at,
                                         by=e.enforcer, dangerous_operation=case_id in self.crimes)
                u.note("typical", case_id, "publish", at=at, by=e.enforcer, activity=published)
                sim.stats["典型执法案例 (typical cases)"] += 1
        tip = self.tips.pop(h.id, None)
        if tip is not None and h.is_major:
            at = sim.moment(day)
            reward = hf.reward_tip(tip, h, amount=Decimal(sim.rng.choice(("0.2", "0.5", "1"))), at=at,
                                   by=tip.received.by)
            u.note("tip", tip.id, "reward", at=at, by=tip.received.by, reward=reward, enterprise=tip.enterprise)
            sim.stats["举报奖励 (rewards)"] += 1

    # -- tips, spot checks, accidents, listings ----------------------------------------------------

    def receive_tips(self, u: Unit, day: date) -> None:
        """Now and then someone reports an enterprise to its department (anonymously one time in two)."""
        sim = self.sim
        if sim.rng.random() >= 0.06:
            return
        e = sim.rng.choice(sim.enterprises)
        at = sim.moment(day)
        tip = hf.TipOff.received_by(content=f"反映{e.name}生产现场存在安全隐患", enterprise=e.name, at=at,
                                    by=e.enforcer, channel=sim.rng.choice(("12350", "电话", "信件")),
                                    informant=None if sim.rng.random() < 0.5 else "王某", id=self._id("举"))
        u.note("tip", tip.id, "receive", at=at, by=e.enforcer, tip=tip)
        self.received[tip.id] = tip
        sim.later(day, tip.id, "verify_tip", 1, 3)
        sim.stats["举报 (tip-offs)"] += 1

    def verify(self, u: Unit, tip_id: str, day: date) -> None:
        """查证 (P8): the department finds what the tip reported, a hazard (source 举报) that joins the loop."""
        sim, tip = self.sim, self.received.pop(tip_id)
        e = next(x for x in sim.enterprises if x.name == tip.enterprise)
        serious, general = sim.draws[e.sector]
        majors = [d for d in serious if not d.key]
        draw = sim.rng.choice(majors if majors and sim.rng.random() < 0.8 else general)
        h = hf.verify_tip(tip, level=draw.level or hf.Level.MAJOR, sector=e.sector, jurisdiction=e.unit,
                          at=sim.moment(day), by=tip.received.by, description=draw.finding, id=sim.next_hazard_id(),
                          notice=sim.notice.id, standard_items=draw.items)
        u.add(h)
        u.note("tip", tip.id, "verify", at=h.found_at, by=tip.received.by, hazard=h.id)
        sim.hazards[h.id], sim.plans[h.id], self.tips[h.id] = h, draw, tip
        sim.later(day, h.id, "report" if h.is_major else "assign", 0, 2)

    def spot_check(self, u: Unit, day: date, dept: hf.Actor) -> None:
        """抽查检查: ``dept`` checks an enterprise's self-check and notes what it found."""
        sim = self.sim
        e = sim.rng.choice(sim.enterprises)
        check = hf.SpotCheck.made(enterprise=e.name, findings={f for f in hf.Finding if sim.rng.random() < 0.08},
                                  at=sim.moment(day), by=dept, id=self._id("抽"))
        u.note("spotcheck", check.id, "check", at=check.at, by=dept, check=check)

    def accident(self, u: Unit, h: hf.Hazard, day: date, dept: hf.Actor) -> None:
        """倒查 (P7), once a campaign: the hazard a look-back reopened had caused an accident; the signers
        of its acceptance and of the inspections that covered it are traced."""
        if self.traced:
            return
        self.traced = True
        at = self.sim.moment(day)
        accident = hf.Accident(h.enterprise, at, f"{h.description}引发一般生产安全事故", (h.id,))
        traces = hf.trace(accident, hazards=[h], inspections=self.inspections)
        u.note("trace", self._id("事故"), "trace", at=at, by=dept, accident=accident, traces=tuple(traces))
        self.sim.stats["事故倒查 (accidents traced)"] += 1

    def weekly_dispatch(self, u: Unit, day: date) -> None:
        """H7 周调度: the listing authority dispatches each listed hazard's progress once a week (one week in
        ten it forgets: the tick records that week)."""
        sim = self.sim
        for hazard_id in sorted(self.listed):
            h = sim.hazards[hazard_id] = u.get(hazard_id)
            listing = h.listing
            if listing is None or not listing.active or h.stage is hf.Stage.CLOSED:
                self.listed.discard(hazard_id)
                continue
            if (day - hf.local_date(listing.at)).days % 7 == 3 and sim.rng.random() < 0.9:
                done = hf.dispatch_progress(h, progress=f"整改进展：{h.stage.label}", at=sim.moment(day),
                                            by=listing.authority)
                u.note("dispatch", hazard_id, "dispatch", at=done.at, by=done.by, dispatch=done)

    # -- what is truly manual ----------------------------------------------------------------------

    def manual(self, day: date) -> None:
        """帮扶指导 and 约谈通报有关地区及部门 by the departments, the 党委政府 rows by the towns: activities,
        recorded with who and when (nothing else is entered by hand)."""
        sim, done = self.sim, []
        for dept in sim.departments:
            if sim.rng.random() < 0.05:
                done.append(hf.Activity(hf.ActivityKind.GUIDANCE_ENTERPRISE, dept.organisation, sim.moment(day), dept,
                                        enterprise=sim.rng.choice(sim.enterprises).name))
            if sim.rng.random() < 0.01:
                done.append(hf.Activity(hf.ActivityKind.GUIDANCE_REGION, dept.organisation, sim.moment(day), dept,
                                        note="帮扶指导重点地区"))
            if day.day == 25 and sim.rng.random() < 0.3:
                done.append(hf.Activity(hf.ActivityKind.REGION_SUMMONS, dept.organisation, sim.moment(day), dept,
                                        note="约谈通报整治进度滞后的地区和部门"))
        for town in sim.towns:
            if day == sim.notice.start:
                done.append(hf.Activity(hf.ActivityKind.TECHNICAL_INSPECTORS, town.organisation, sim.moment(day), town,
                                        count=sim.rng.randint(1, 4)))
                if sim.rng.random() < 0.7:
                    done.append(hf.Activity(hf.ActivityKind.MEDIA_COLUMN, town.organisation, sim.moment(day), town))
            if day.day == 20:
                done += [hf.Activity(kind, town.organisation, sim.moment(day), town)
                         for kind, likely in MONTHLY if sim.rng.random() < likely]
        if done:
            sim.ledger.record(*done)
