"""`hazardflow demo`: a whole campaign under a notice, simulated on an SQLite ledger.

Units mobilise and file their deliverables (some late); enterprises self-check and departments
inspect; hazards are found, reported, assigned under 五落实, rectified, accepted and closed — some
late and escalated to 挂牌督办 (dispatched weekly), some fixed on the spot, some found sham by a look-back
and reopened; departments spot-check self-checks, open cases, decide (自查不处, 他查严处, 假改严罚) and
confirm penalties, order and lift suspensions, verify and reward tip-offs, publish typical cases and trace
an accident (`demo_enforcement`); the units' joins, filings and phase moves are kept on their stored
participations (`keep_campaign`). Every act is written through the register of record's APIs, so on each
of the notice's reporting days the 调度表 printed from the ledger is what `hazardflow dispatch` prints
from the file; at the end a summary of the 清单.

The actors and hazards are the notice's own (``demo_data.toml``): its departments as it addresses
them (沈阳's 区县应急管理局, 巫山's 经信委 行业科室 and 执法支队, 东胜's 国资委 over 区属国有企业, 宜明's
区直部门 by 一(二) 责任分工 and its 乡镇, 五华's 县直部门 and 镇), towns that join, and per sector the
判定标准 items its major hazards cite (L7; the hazard is refused if the item's article does not apply),
with 整改措施 and 应急预案 that answer the item; sectors the catalogue has no standard for draw their
own major (or, under 宜明 二(二)10, key) findings. A notice that prints no 调度表 gets none: the demo
says so and prints the 清单. Workforce notices (L1) follow each closure.

Deterministic for a seed: every choice comes from one `random.Random(seed)`, every time from the
notice's calendar; nothing reads the wall clock.
"""

from __future__ import annotations

import heapq
import random
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from itertools import count
from pathlib import Path
from typing import Any

import attrs

import hazardflow as hf
from hazardflow.campaign.periods import dispatch_slots
from hazardflow.cli.demo_directory import acceptor, congress, for_simulation
from hazardflow.cli.demo_enforcement import Enforcement
from hazardflow.hazard import workforce
from hazardflow.notices import Deliverable, Notice
from hazardflow.store import Unit
from hazardflow.store.records import KINDS, participation_id

Action = Callable[[hf.Hazard, datetime], None]

DATA: dict[str, Any] = tomllib.loads(resources.files("hazardflow.cli").joinpath("demo_data.toml").read_text("utf-8"))
"""Findings, measures and plans per 判定标准 item and per sector, and each notice's structure."""

COMPREHENSIVE = "生产安全事故综合应急预案"
"""The contingency plan named for a general hazard (it needs no special plan of its own)."""


@attrs.frozen
class Draw:
    """A finding the demo can make: what is written, the items it meets, and the plan that answers it."""

    finding: str
    measures: str
    contingency: str
    level: hf.Level | None
    key: bool = False
    items: tuple[str, ...] = ()


def draws(sector: str) -> tuple[list[Draw], list[Draw]]:
    """The serious findings (cited items, else the sector's own major or key ones) and the general ones."""
    own = DATA["sectors"].get(sector, {})
    serious = []
    for ref in own.get("items", []):
        finding, measures, contingency = DATA["items"][ref]
        serious.append(Draw(finding, measures, contingency, None, items=(ref,)))
    for kind in ("major", "key"):
        for finding, measures, contingency in own.get(kind, []):
            serious.append(Draw(finding, measures, contingency, hf.Level.MAJOR if kind == "major" else hf.Level.GENERAL,
                                key=kind == "key"))
    general = [Draw(finding, measures, COMPREHENSIVE, hf.Level.GENERAL)
               for finding, measures in own.get("general", []) + DATA["general"]["common"]]
    return serious, general


@attrs.define
class Enterprise:
    """A simulated enterprise: its name, sector, 属地 (a town or its department), the department that
    supervises it, who inspects and penalises it, and its people."""

    name: str
    sector: str
    unit: str
    department: hf.Actor
    enforcer: hf.Actor
    staff: hf.Actor
    principal: hf.Actor


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


class Simulation:
    """One campaign under ``notice`` with ``units`` participating units, on ``ledger``."""

    def __init__(self, notice: Notice, units: int, ledger: hf.Ledger, seed: int) -> None:
        self.notice, self.ledger, self.seed, self.rng = notice, ledger, seed, random.Random(seed)
        self.campaign = hf.Campaign(notice)
        self.clerk = hf.Actor("演示录入员", hf.Role.DEPARTMENT, notice.issuer)
        self.government = hf.Actor("安委会办公室", hf.Role.GOVERNMENT, f"{notice.issuer}（安委会）")
        setting: dict[str, Any] = DATA["notices"].get(notice.id, {})
        self.table_note: str | None = setting.get("table")
        sectors = list(notice.scope_sectors or notice.high_risk_sectors) or ["工贸"]
        self.towns = [hf.Actor("分管副镇长", hf.Role.GOVERNMENT, town) for town in setting.get("towns", [])]
        lead = setting.get("by_sector")
        if lead is None:
            names = setting.get("departments", [notice.issuer])
            chosen = names[:max(2, min(len(names), units // 20))]
            by_sector = None
        else:
            by_sector = {s: lead.format(sector=s) if isinstance(lead, str) else lead[s] for s in sectors}
            chosen = list(dict.fromkeys(by_sector.values()))
        self.departments = [hf.Actor(f"检查员{i + 1}", hf.Role.DEPARTMENT, name) for i, name in enumerate(chosen)]
        enforcer = setting.get("enforcer")
        self.enforcer = None if enforcer is None else hf.Actor("执法队员", hf.Role.DEPARTMENT, enforcer)
        self.offices = [*self.departments, *([self.enforcer] if self.enforcer else [])]
        self.enterprises = []
        for i in range(max(1, units - len(self.offices) - len(self.towns))):
            sector = self.rng.choice(sectors)
            unit = by_sector[sector] if by_sector else chosen[i % len(chosen)]
            dept = next(d for d in self.departments if d.organisation == unit)
            name = setting.get("enterprise", "示范企业{n:03d}有限公司").format(sector=sector, n=i + 1)
            self.enterprises.append(Enterprise(
                name, sector, self.rng.choice(self.towns).organisation if self.towns else dept.organisation, dept,
                self.enforcer or dept, hf.Actor(f"安全员{i + 1}", hf.Role.ENTERPRISE, name),
                hf.Actor(f"负责人{i + 1}", hf.Role.PRINCIPAL, name)))
        self.draws = {s: draws(s) for s in sectors}
        self.plans: dict[str, Draw] = {}
        self.hazards: dict[str, hf.Hazard] = {}
        self.first_id = ledger.count() + 1
        self.penalties: list[hf.Penalty] = []
        self.queue: list[tuple[date, int, str, str]] = []
        self.seq = count()
        self.numbers = count(1)
        self.stats: Counter[str] = Counter()
        self.enforcement = Enforcement(self)
        self.kept: dict[str, int] = {}  # unit → the events of its participation already on the ledger

    # -- scheduling ------------------------------------------------------------------------------

    def later(self, day: date, hazard_id: str, action: str, lo: int = 1, hi: int = 3) -> None:
        """Schedule ``action`` on the hazard between ``lo`` and ``hi`` days after ``day``."""
        when = day + timedelta(days=self.rng.randint(lo, hi))
        heapq.heappush(self.queue, (when, next(self.seq), hazard_id, action))

    def next_hazard_id(self) -> str:
        """The id of the next hazard the demo finds (deterministic for the seed)."""
        return f"{self.notice.id}-{self.seed}-{self.first_id + len(self.hazards):05d}"

    def moment(self, day: date) -> datetime:
        """A working-hours moment of ``day`` (Beijing time), distinct for each call."""
        return hf.at_date(day, 9) + timedelta(seconds=next(self.seq))

    # -- the campaign ----------------------------------------------------------------------------

    def join_all(self) -> None:
        at = self.moment(self.notice.start)
        for e in self.enterprises:
            self.campaign.join(e.name, kind="enterprise", sector=e.sector, at=at, by=e.principal)
        for d in self.offices:
            self.campaign.join(d.organisation, kind="department", at=at, by=d)
        for town in self.towns:
            self.campaign.join(town.organisation, kind="town", at=at, by=town)
        with self.ledger.unit(by=self.clerk) as u:
            for p in self.campaign:
                u.put(p)
                self.kept[p.unit] = len(p.events)

    def keep_campaign(self) -> None:
        """Write the day's filings and phase moves (C1–C8, H11) to each participation on the ledger, in
        one unit of work: the stored participation gains the events the campaign made, as a replay does."""
        kind = KINDS["participation"]
        with self.ledger.unit(by=self.clerk) as u:
            for p in self.campaign:
                if len(p.events) > self.kept[p.unit]:
                    stored = u.load("participation", participation_id(self.notice.id, p.unit))
                    for e in p.events[self.kept[p.unit]:]:
                        kind.apply(stored, e)
                    self.kept[p.unit] = len(p.events)

    def actor_of(self, unit: str) -> hf.Actor:
        for e in self.enterprises:
            if e.name == unit:
                return e.principal
        return next(a for a in (*self.offices, *self.towns) if a.organisation == unit)

    def plan_deliverables(self) -> None:
        """When each unit will file each deliverable: a few days early, one in twelve a few days late."""
        self.filing_days: dict[date, list[tuple[str, Deliverable]]] = {}
        for p in self.campaign:
            for d in self.campaign.deliverables(p.unit):
                late = self.rng.random() < 1 / 12
                day = d.due + timedelta(days=self.rng.randint(1, 4) if late else -self.rng.randint(0, 3))
                self.filing_days.setdefault(max(day, self.notice.start), []).append((p.unit, d))

    def file_deliverables(self, day: date) -> None:
        for unit, d in self.filing_days.get(day, []):
            filing = self.campaign.record(unit, d.kind, at=self.moment(day), by=self.actor_of(unit), period=d.id)
            self.stats["迟报事项 (filed late)" if filing.late else "按期报送事项 (filed)"] += 1

    def file_checks(self, day: date) -> None:
        """Principals lead a check each month (H11) and hold drills in June and November (C8)."""
        for e in self.enterprises:
            if day.day == 10 + self.enterprises.index(e) % 10 and self.rng.random() < 0.95:
                self.campaign.record(e.name, "check", at=self.moment(day), by=e.principal)
            if day.month in (6, 11) and day.day == 20 and self.rng.random() < 0.9:
                self.campaign.record(e.name, "drill", at=self.moment(day), by=e.principal)

    def file_dispatch(self, day: date) -> None:
        cadence = self.notice.cadence
        if cadence is None:
            return
        for slot in dispatch_slots(cadence):
            if slot.due.date() == day:
                for p in self.campaign:
                    if p.kind in cadence.units and self.rng.random() > 0.05:
                        self.campaign.record(p.unit, "dispatch", at=self.moment(day), by=self.actor_of(p.unit),
                                             period=slot.period.key)

    def advance_units(self, day: date) -> None:
        """A unit moves on once its phase has ended (or the campaign started); refusals wait a day."""
        at = self.moment(day)
        for p in self.campaign:
            phase = p.phase
            if (phase is None and day >= self.notice.start) or (phase is not None and day > phase.end):
                register = [h for h in self.hazards.values() if h.enterprise == p.unit]
                if self.campaign.why_not_advance(p.unit, at=at, by=self.actor_of(p.unit), hazards=register):
                    self.stats["推进阶段被拒绝 (advances refused)"] += 1
                    continue
                self.campaign.advance(p.unit, at=at, by=self.actor_of(p.unit), hazards=register)

    # -- hazards ---------------------------------------------------------------------------------

    def find_hazards(self, day: date, phase: hf.PhaseKind) -> list[hf.Hazard]:
        """Each enterprise may find a hazard today: one in four serious (a cited 判定标准 item, or the
        sector's own major or key finding), the others general."""
        found = []
        rate = 0.03 if phase is hf.PhaseKind.INVESTIGATION else 0.012
        for e in self.enterprises:
            if self.rng.random() >= rate:
                continue
            serious, general = self.draws[e.sector]
            draw = self.rng.choice(serious if serious and self.rng.random() < 0.25 else general)
            by_department = self.rng.random() < (0.25 if phase is hf.PhaseKind.INVESTIGATION else 0.5)
            h = hf.Hazard.found(
                description=draw.finding, level=draw.level, key=draw.key, standard_items=draw.items,
                source=hf.Source.DEPARTMENT if by_department else hf.Source.SELF_CHECK,
                enterprise=e.name, sector=e.sector, jurisdiction=e.unit, at=self.moment(day),
                by=e.department if by_department else e.staff,
                id=self.next_hazard_id(), notice=self.notice.id)
            self.hazards[h.id] = h
            self.plans[h.id] = draw
            found.append(h)
            if not (h.is_major or h.key) and self.rng.random() < 0.5:
                self.later(day, h.id, "fix_on_spot", 0, 1)
            else:
                self.later(day, h.id, "report" if h.is_major else "assign", 0, 2)
        return found

    def enterprise(self, h: hf.Hazard) -> Enterprise:
        return next(e for e in self.enterprises if e.name == h.enterprise)

    def act(self, h: hf.Hazard, action: str, day: date, u: Unit) -> None:
        """One scheduled step of a hazard's loop, and what it schedules next."""
        e, at = self.enterprise(h), self.moment(day)
        if action == "report":
            # 安全生产法 第四十一条: the department and the 职工代表大会
            for to in (e.department.organisation, congress(e.name)):
                h.report(kind=hf.ReportKind.FOUND, to=to, at=at, by=e.principal)
            if self.rng.random() < 0.25:  # 挂牌督办 on the report (宜明 二(二)10), dispatched weekly (H7)
                self.list(h, day, e.department)
            self.later(day, h.id, "assign")
        elif action == "assign":
            days = self.rng.randint(10, 45) if h.is_major else self.rng.randint(3, 15)
            funds = None if self.rng.random() < 0.05 else Decimal(self.rng.randint(1, 50) * 1000)
            draw = self.plans[h.id]
            plan = hf.Plan(e.principal.name, draw.measures, funds, day + timedelta(days=days), draw.contingency)
            if h.why_not("assign", at=at, by=e.principal, plan=plan):
                self.stats["交办被拒绝，五落实不全 (assignments refused)"] += 1
                plan = attrs.evolve(plan, funds=Decimal(20000))
            h.assign(plan=plan, at=at, by=e.principal)
            self.later(day, h.id, "rectify", 0, 2)
        elif action == "rectify":
            h.rectify(at=at, by=e.staff)
            assert h.deadline is not None
            slack = (h.deadline - day).days
            late = self.rng.random() < 0.15
            lo = max(1, slack - 5)
            self.later(day, h.id, "submit", lo, max(lo, slack + (20 if late else -1)))
        elif action == "submit":
            h.submit(evidence=f"已完成：{self.plans[h.id].measures}", at=at, by=e.staff)
            if h.is_major:
                for to in (e.department.organisation, congress(e.name)):
                    h.report(kind=hf.ReportKind.FIXED, to=to, at=at, by=e.principal)
                h.report(kind=hf.ReportKind.WORKFORCE, to=congress(e.name), at=at, by=e.principal)
            self.later(day, h.id, "close", 1, 4)
        elif action == "fix_on_spot":
            h.fix_on_spot(measures=self.plans[h.id].measures, at=at, by=e.staff)
            self.later(day, h.id, "close", 0, 1)
        elif action == "close":
            closer = h.listing.authority if h.listed and h.listing else (
                e.department if h.is_major or h.key else hf.Actor(acceptor(e.name), hf.Role.ENTERPRISE, e.name))
            if self.rng.random() < 0.08:
                h.reject(reason="验收不合格：整改不到位", at=at, by=closer)
                self.later(day, h.id, "submit", 3, 8)
            else:
                h.close(at=at, by=closer)
                self.enforcement.closed(u, h, day)
                if not h.is_major and self.rng.random() < 0.9:  # L1: posted on the 信息公示栏 (one in ten not)
                    h.report(kind=hf.ReportKind.WORKFORCE, to="信息公示栏", at=at, by=e.principal)

    def escalate(self, day: date, u: Unit) -> None:
        """H8: an overdue major hazard is listed for supervision (挂牌督办) by its department."""
        for cached in list(self.hazards.values()):
            if cached.is_major and cached.listing is None and cached.deadline is not None \
                    and (day - cached.deadline).days >= 7 and cached.stage is not hf.Stage.CLOSED:
                h = self.hazards[cached.id] = u.get(cached.id)
                self.list(h, day, self.enterprise(h).department)

    def list(self, h: hf.Hazard, day: date, dept: hf.Actor) -> None:
        """H7: ``dept`` lists ``h`` under its document; it is dispatched weekly from then on."""
        number = f"{dept.organisation}督〔{day.year}〕{next(self.numbers)}号"
        h.list_for_supervision(title=f"关于对{h.enterprise}重大事故隐患挂牌督办的通知", number=number,
                               at=self.moment(day), by=dept)
        self.enforcement.listed.add(h.id)
        self.stats["挂牌督办 (listed)"] += 1

    def look_back(self, day: date, u: Unit) -> None:
        """H10: a look-back finds one closed hazard in twenty sham; P3 then decides a strict penalty."""
        at = self.moment(day)
        for cached in list(self.hazards.values()):
            if cached.stage is hf.Stage.CLOSED and self.rng.random() < 1 / 20:
                h = self.hazards[cached.id] = u.get(cached.id)
                dept = self.enterprise(h).enforcer
                h.reopen(reason="回头看发现纸面整改，隐患仍然存在", at=at, by=dept)
                self.later(day, h.id, "submit", 5, 15)
                self.enforcement.accident(u, h, day, dept)
                self.enforcement.penalise(u, h, day, dept)
                self.stats["回头看重新打开 (reopened)"] += 1

    def fine(self, low: Decimal, high: Decimal) -> Decimal:
        """A fine within [low, high] 万元, in steps of 0.5 万元 (at least 0.5)."""
        steps = int((high - low) * 2)
        return max(Decimal("0.5"), low + Decimal(self.rng.randint(0, steps)) / 2)

    # -- the run ---------------------------------------------------------------------------------

    def step(self, day: date) -> None:
        """Everything that happens on ``day``, the hazards' part in one unit of work."""
        self.file_deliverables(day)
        self.file_dispatch(day)
        self.file_checks(day)
        phase = next((p.kind for p in self.notice.phases if p.start <= day <= p.end), None)
        enforcement = self.enforcement
        with self.ledger.unit(by=self.clerk) as u:
            found = []
            if phase in (hf.PhaseKind.INVESTIGATION, hf.PhaseKind.REMEDIATION):
                found = self.find_hazards(day, phase)
                for h in found:
                    u.add(h)
                    if h.source is hf.Source.DEPARTMENT and h.is_major:
                        enforcement.open_case(u, h, day)
                enforcement.receive_tips(u, day)
            while self.queue and self.queue[0][0] <= day:
                _, _, ref, action = heapq.heappop(self.queue)
                if action == "verify_tip":
                    enforcement.verify(u, ref, day)
                    continue
                h = self.hazards[ref] = u.get(ref)
                self.act(h, action, day, u)
            if phase is not None and day.day == 1:
                self.escalate(day, u)
            if phase is hf.PhaseKind.REMEDIATION and day.day == 15:
                self.look_back(day, u)
            if phase is not None:
                for dept in self.departments:
                    if self.rng.random() < 0.3:
                        enforcement.spot_check(u, day, dept)
                enforcement.weekly_dispatch(u, day)
            for h in found:
                if h.source is hf.Source.DEPARTMENT and h.is_major and len(h.events) <= 2:
                    enforcement.penalise(u, h, day, self.enterprise(h).enforcer)
        if phase is not None:
            enforcement.manual(day)
        self.advance_units(day)
        self.keep_campaign()


def reporting_days(notice: Notice) -> list[date]:
    """The days the notice's 调度表 falls due (month ends where its cadence is not monthly)."""
    cadence = notice.cadence
    if cadence is not None and cadence.every.name == "MONTH":
        return [s.due.date() for s in dispatch_slots(cadence) if notice.start <= s.due.date() <= notice.end]
    return [d for d in _days(notice.start, notice.end) if (d + timedelta(days=1)).day == 1]


def run(*, notice_id: str, units: int, db: Path, seed: int, echo: Callable[[str], None],
        progress: Callable[[int], Callable[[], None]], fresh: bool = False) -> Simulation:
    """Simulate the campaign and print each reporting day's 调度表 and the final 清单 summary.

    ``progress(total)`` returns the function to call after each simulated day. A ``db`` that
    already exists is refused (a second run would double every figure) unless ``fresh``, which
    starts it over.
    """
    if db.exists():
        if not fresh:
            raise hf.InvalidInput("--db", f"a new file ({db} already holds a ledger; --fresh starts it over)", str(db))
        for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            leftover.unlink(missing_ok=True)
    notice = hf.notices.load(notice_id)
    ledger = hf.Ledger(f"sqlite:///{db}")
    sim = Simulation(notice, units, ledger, seed)
    if ledger.count():
        echo(f"{db} 已有 {ledger.count()} 项隐患，演示继续写入同一台账 (reusing the existing ledger)")
    sectors = "、".join(f"{s} {n}" for s, n in Counter(e.sector for e in sim.enterprises).most_common())
    echo(f"{notice.number}：企业 {len(sim.enterprises)} 家（{sectors}）；"
         f"部门 {len(sim.offices)} 个（{'、'.join(d.organisation for d in sim.offices)}）"
         + (f"；乡镇 {len(sim.towns)} 个（{'、'.join(t.organisation for t in sim.towns)}）" if sim.towns else ""))
    if sim.table_note:
        echo(sim.table_note)
    directory = for_simulation(notice, sim.enterprises, sim.offices, sim.towns, sim.clerk, sim.government, seed)
    ledger.save_directory(directory)  # 名录: who may act, asked by every rule about who (principle 8)
    with directory.in_use():
        sim.join_all()
        sim.plan_deliverables()
        days = list(_days(notice.start, notice.end))
        reports = set(reporting_days(notice))
        tick = progress(len(days))
        for day in days:
            sim.step(day)
            if day in reports and notice.dispatch_variant != "none":
                table = hf.reports.dispatch_table(ledger, notice, day)
                echo(f"\n{day:%Y-%m-%d} 报送调度表（{notice.number}，累计至{table.as_of:%Y-%m-%d}）\n{table.to_text()}")
            tick()
    register = hf.reports.register(ledger, notice.end)
    progress_counts = Counter(r.progress for r in register.rows)
    echo(f"\n{register.title}（截至{notice.end:%Y-%m-%d}，共{len(register.rows)}项）")
    for text, n in progress_counts.most_common():
        echo(f"  {text}: {n}")
    echo("\n前10项：\n" + attrs.evolve(register, rows=register.rows[:10]).to_text())
    obligations = sim.campaign.tick(hf.at_date(notice.end, 23))
    overdue = Counter(o.rule for o in obligations if o.status is hf.ObligationStatus.OVERDUE)
    from hazardflow.cli.common import rendered
    from hazardflow.cli.common import table as grid

    cited = Counter(ref for h in sim.hazards.values() for ref in h.standard_items)
    echo("\n" + rendered(grid("引用判定标准条目 (L7)", ("条目", "隐患数"), cited.most_common(8))))
    echo(f"已销号但未向从业人员通报 (L1 记录通报, 法97(五)): {len(workforce.unannounced(sim.hazards.values()))} 项")
    echo(rendered(grid("模拟统计 (simulation)", ("项目", "次数"), sim.stats.most_common())))
    echo(rendered(grid("到期未完成 (overdue)", ("规则", "事项数"), sorted(overdue.items()))))
    echo(f"台账 {db}: {ledger.count()} 项隐患，事件链校验{'通过' if not ledger.verify_chain() else '失败'}")
    ledger.close()
    return sim
