"""`hazardflow demo`: a whole campaign under a notice, simulated on an SQLite ledger.

Units mobilise and file their deliverables (some late); enterprises self-check and departments
inspect; hazards are found, reported, assigned under 五落实, rectified, accepted and closed — some
late and escalated to 挂牌督办, some fixed on the spot, some found sham by a look-back and reopened;
penalties are decided (自查不处, 他查严处, 假改严罚) and confirmed; spot checks and enforcement measures
are recorded. On each of the notice's reporting days the 调度表 is printed from the ledger, and at
the end a summary of the 清单.

Deterministic for a seed: every choice comes from one `random.Random(seed)`, every time from the
notice's calendar; nothing reads the wall clock.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path

import attrs

import hazardflow as hf
from hazardflow.campaign.periods import dispatch_slots
from hazardflow.enforcement.penalties import PenaltyDecision
from hazardflow.notices import Deliverable, Notice
from hazardflow.store import Unit

Action = Callable[[hf.Hazard, datetime], None]

_SECTOR_HAZARDS = [
    "煤气区域未设置固定式一氧化碳报警", "粉尘涉爆车间未设置泄爆装置", "有限空间作业未执行先通风、再检测、后作业",
    "涉氨制冷车间未设置氨气浓度报警", "高炉炉前作业区安全通道不畅", "除尘系统未采取防止粉尘爆炸的措施",
    "动火作业未办理审批", "熔融金属吊运未使用冶金铸造起重机", "外包作业安全协议缺失", "特种作业人员无证上岗",
]
_GENERAL_HAZARDS = ["配电箱门未关闭", "消防通道堆放杂物", "砂轮机防护罩缺失", "安全警示标识缺失", "灭火器过期未更换"]


@attrs.define
class Enterprise:
    """A simulated enterprise: its name, sector, 属地 department, and its people."""

    name: str
    sector: str
    department: hf.Actor
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
        n_departments = max(2, units // 20)
        self.departments = [hf.Actor(f"执法员{i + 1}", hf.Role.DEPARTMENT, f"第{i + 1}区应急管理局")
                            for i in range(n_departments)]
        sectors = list(notice.scope_sectors or notice.high_risk_sectors) or ["工贸行业"]
        self.enterprises = [Enterprise(
            name, self.rng.choice(sectors), dept,
            hf.Actor(f"安全员{i + 1}", hf.Role.ENTERPRISE, name), hf.Actor(f"负责人{i + 1}", hf.Role.PRINCIPAL, name))
            for i in range(max(1, units - n_departments))
            for name, dept in [(f"示范企业{i + 1:03d}有限公司", self.departments[i % n_departments])]]
        self.hazards: dict[str, hf.Hazard] = {}
        self.first_id = ledger.count() + 1
        self.penalties: list[hf.Penalty] = []
        self.queue: list[tuple[date, int, str, str]] = []
        self.seq = count()
        self.numbers = count(1)
        self.stats: Counter[str] = Counter()

    # -- scheduling ------------------------------------------------------------------------------

    def later(self, day: date, hazard_id: str, action: str, lo: int = 1, hi: int = 3) -> None:
        """Schedule ``action`` on the hazard between ``lo`` and ``hi`` days after ``day``."""
        when = day + timedelta(days=self.rng.randint(lo, hi))
        heapq.heappush(self.queue, (when, next(self.seq), hazard_id, action))

    def moment(self, day: date) -> datetime:
        """A working-hours moment of ``day`` (Beijing time), distinct for each call."""
        return hf.at_date(day, 9) + timedelta(seconds=next(self.seq))

    # -- the campaign ----------------------------------------------------------------------------

    def join_all(self) -> None:
        at = self.moment(self.notice.start)
        for e in self.enterprises:
            self.campaign.join(e.name, kind="enterprise", sector=e.sector, at=at, by=e.principal)
        for d in self.departments:
            self.campaign.join(d.unit, kind="department", at=at, by=d)

    def actor_of(self, unit: str) -> hf.Actor:
        for e in self.enterprises:
            if e.name == unit:
                return e.principal
        return next(d for d in self.departments if d.unit == unit)

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
            self.stats["deliverables filed late" if filing.late else "deliverables filed"] += 1

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
                    self.stats["advances refused"] += 1
                    continue
                self.campaign.advance(p.unit, at=at, by=self.actor_of(p.unit), hazards=register)

    # -- hazards ---------------------------------------------------------------------------------

    def find_hazards(self, day: date, phase: hf.PhaseKind) -> list[hf.Hazard]:
        found = []
        rate = 0.03 if phase is hf.PhaseKind.INVESTIGATION else 0.012
        for e in self.enterprises:
            if self.rng.random() >= rate:
                continue
            major = self.rng.random() < 0.25
            by_department = self.rng.random() < (0.25 if phase is hf.PhaseKind.INVESTIGATION else 0.5)
            h = hf.Hazard.found(
                description=self.rng.choice(_SECTOR_HAZARDS if major else _GENERAL_HAZARDS),
                level=hf.Level.MAJOR if major else hf.Level.GENERAL,
                source=hf.Source.DEPARTMENT if by_department else hf.Source.SELF_CHECK,
                enterprise=e.name, sector=e.sector, unit=e.department.unit, at=self.moment(day),
                by=e.department if by_department else e.staff,
                id=f"{self.notice.id}-{self.seed}-{self.first_id + len(self.hazards):05d}")
            self.hazards[h.id] = h
            found.append(h)
            if not major and self.rng.random() < 0.5:
                self.later(day, h.id, "fix_on_spot", 0, 1)
            else:
                self.later(day, h.id, "report" if major else "assign", 0, 2)
        return found

    def enterprise(self, h: hf.Hazard) -> Enterprise:
        return next(e for e in self.enterprises if e.name == h.enterprise)

    def act(self, h: hf.Hazard, action: str, day: date) -> None:
        """One scheduled step of a hazard's loop, and what it schedules next."""
        e, at = self.enterprise(h), self.moment(day)
        if action == "report":
            h.report(kind=hf.ReportKind.FOUND, to=e.department.unit, at=at, by=e.principal)
            self.later(day, h.id, "assign")
        elif action == "assign":
            days = self.rng.randint(10, 45) if h.is_major else self.rng.randint(3, 15)
            funds = None if self.rng.random() < 0.05 else Decimal(self.rng.randint(1, 50) * 1000)
            plan = hf.Plan(e.principal.name, f"按判定标准整改：{h.description}", funds, day + timedelta(days=days),
                           "专项应急预案")
            if h.why_not("assign", at=at, by=e.principal, plan=plan):
                self.stats["assignments refused (五落实不全)"] += 1
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
            h.submit(evidence=f"已完成：{h.description}整改", at=at, by=e.staff)
            if h.is_major:
                h.report(kind=hf.ReportKind.FIXED, to=e.department.unit, at=at, by=e.principal)
            self.later(day, h.id, "close", 1, 4)
        elif action == "fix_on_spot":
            h.fix_on_spot(measures=f"现场整改：{h.description}", at=at, by=e.staff)
            self.later(day, h.id, "close", 0, 1)
        elif action == "close":
            closer = h.listing.authority if h.listed and h.listing else (
                e.department if h.is_major else hf.Actor(f"验收员{e.name[-7:-4]}", hf.Role.ENTERPRISE, e.name))
            if self.rng.random() < 0.08:
                h.reject(reason="验收不合格：整改不到位", at=at, by=closer)
                self.later(day, h.id, "submit", 3, 8)
            else:
                h.close(at=at, by=closer)

    def escalate(self, day: date, u: Unit) -> None:
        """H8: an overdue major hazard is listed for supervision (挂牌督办) by its department."""
        at = self.moment(day)
        for cached in list(self.hazards.values()):
            if cached.is_major and cached.listing is None and cached.deadline is not None \
                    and (day - cached.deadline).days >= 7 and cached.stage is not hf.Stage.CLOSED:
                h = self.hazards[cached.id] = u.get(cached.id)
                dept = self.enterprise(h).department
                number = f"{dept.unit[:3]}应急督〔{day.year}〕{next(self.numbers)}号"
                h.list_for_supervision(title=f"关于对{h.enterprise}重大事故隐患挂牌督办的通知", number=number,
                                       at=at, by=dept)
                self.stats["listed (挂牌督办)"] += 1

    def look_back(self, day: date, u: Unit) -> None:
        """H10: a look-back finds one closed hazard in twenty sham; P3 then decides a strict penalty."""
        at = self.moment(day)
        for cached in list(self.hazards.values()):
            if cached.stage is hf.Stage.CLOSED and self.rng.random() < 1 / 20:
                h = self.hazards[cached.id] = u.get(cached.id)
                dept = self.enterprise(h).department
                h.reopen(reason="回头看发现纸面整改，隐患仍然存在", at=at, by=dept)
                self.later(day, h.id, "submit", 5, 15)
                self.penalise(h, day, dept)
                self.stats["reopened (回头看)"] += 1

    def penalise(self, h: hf.Hazard, day: date, dept: hf.Actor) -> None:
        """Decide (P2–P6) and confirm a penalty; its measures are recorded for the 调度表."""
        at = self.moment(day)
        decision: PenaltyDecision = hf.decide_penalty(
            h, at=at, penalties=[p for p in self.penalties if p.enterprise == h.enterprise])
        if not decision.penalised:
            self.stats["no penalty (自查不处)"] += 1
            return
        fines = {m.target: self.fine(m.minimum or Decimal(0), m.maximum or Decimal(1))
                 for m in decision.measures if m.kind is hf.MeasureKind.FINE and m.amount is None}
        penalty = decision.confirm(number=f"{dept.unit[:3]}应急罚〔{day.year}〕{next(self.numbers)}号", at=at,
                                   by=dept, fines=fines,
                                   extra=(hf.MeasureKind.EXPOSE,) if self.rng.random() < 0.3 else ())
        self.penalties.append(penalty)
        self.ledger.record(*hf.penalty_activities(penalty))
        self.stats["penalties"] += 1

    def fine(self, low: Decimal, high: Decimal) -> Decimal:
        """A fine within [low, high] 万元, in steps of 0.5 万元 (at least 0.5)."""
        steps = int((high - low) * 2)
        return max(Decimal("0.5"), low + Decimal(self.rng.randint(0, steps)) / 2)

    def inspect(self, day: date) -> None:
        """Departments spot-check enterprises' self-checks and record what they find."""
        records = []
        for dept in self.departments:
            if self.rng.random() < 0.3:
                e = self.rng.choice(self.enterprises)
                findings = {f for f in hf.Finding if self.rng.random() < 0.08}
                records.append(hf.Activity(hf.ActivityKind.SPOT_CHECK, dept.unit, self.moment(day), dept,
                                           enterprise=e.name, findings=frozenset(findings)))
            if self.rng.random() < 0.05:
                records.append(hf.Activity(hf.ActivityKind.GUIDANCE_ENTERPRISE, dept.unit, self.moment(day), dept,
                                           enterprise=self.rng.choice(self.enterprises).name))
        if records:
            self.ledger.record(*records)

    # -- the run ---------------------------------------------------------------------------------

    def step(self, day: date) -> None:
        """Everything that happens on ``day``, the hazards' part in one unit of work."""
        self.file_deliverables(day)
        self.file_dispatch(day)
        self.file_checks(day)
        phase = next((p.kind for p in self.notice.phases if p.start <= day <= p.end), None)
        with self.ledger.unit(by=self.clerk) as u:
            if phase in (hf.PhaseKind.INVESTIGATION, hf.PhaseKind.REMEDIATION):
                for h in self.find_hazards(day, phase):
                    u.add(h)
            while self.queue and self.queue[0][0] <= day:
                _, _, hazard_id, action = heapq.heappop(self.queue)
                h = self.hazards[hazard_id] = u.get(hazard_id)
                self.act(h, action, day)
            if phase is not None and day.day == 1:
                self.escalate(day, u)
            if phase is hf.PhaseKind.REMEDIATION and day.day == 15:
                self.look_back(day, u)
        if phase is not None:
            self.inspect(day)
        for h in self.hazards.values():
            if h.source is hf.Source.DEPARTMENT and h.is_major and len(h.events) <= 2 and h.found_at.date() == day:
                self.penalise(h, day, self.enterprise(h).department)
        self.advance_units(day)


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
    variant = notice.dispatch_variant if notice.dispatch_variant != "none" else "shenyang"
    ledger = hf.Ledger(f"sqlite:///{db}")
    sim = Simulation(notice, units, ledger, seed)
    if ledger.count():
        echo(f"{db} 已有 {ledger.count()} 项隐患，演示继续写入同一台账 (reusing the existing ledger)")
    sim.join_all()
    sim.plan_deliverables()
    days = list(_days(notice.start, notice.end))
    reports = set(reporting_days(notice))
    tick = progress(len(days))
    for day in days:
        sim.step(day)
        if day in reports:
            table = hf.reports.dispatch_table(ledger, notice, day, variant=variant)
            echo(f"\n{day:%Y-%m-%d} 报送调度表（{notice.number}，累计至当日）\n{table.to_text()}")
        tick()
    register = hf.reports.register(ledger, notice.end)
    progress_counts = Counter(r.progress for r in register.rows)
    echo(f"\n{register.title}（截至{notice.end:%Y-%m-%d}，共{len(register.rows)}项）")
    for text, n in progress_counts.most_common():
        echo(f"  {text}: {n}")
    echo("\n前10项：\n" + attrs.evolve(register, rows=register.rows[:10]).to_text())
    obligations = sim.campaign.tick(hf.at_date(notice.end, 23))
    overdue = Counter(o.rule for o in obligations if o.status is hf.ObligationStatus.OVERDUE)
    echo(f"\n模拟统计 (simulation): {dict(sim.stats)}")
    echo(f"到期未完成事项 (overdue obligations) by rule: {dict(sorted(overdue.items()))}")
    echo(f"台账 {db}: {ledger.count()} 项隐患，事件链校验{'通过' if not ledger.verify_chain() else '失败'}")
    ledger.close()
    return sim
