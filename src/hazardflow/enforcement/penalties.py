"""The penalty decision (P2–P6): given a hazard and its history, the measures due, each with its rule.

Decision, not automation: `decide_penalty` proposes measures (fines as statutory ranges in 万元); the
department confirms them with `PenaltyDecision.confirm`, choosing the amounts, and the resulting
`Penalty` is what a case records (`EnforcementCase.penalize`), what L4 publication tracks and what
the 调度表 counts (`tally`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from hazardflow.checks import InvalidInput, amount, aware_time, local_date, moment, of_type, text
from hazardflow.enforcement.law import AUTHORITIES, L3, L5, L6, ZERO, daily_fines, publication_deadline, year_after
from hazardflow.hazard.records import Actor, Hazard, Signature
from hazardflow.rules import LAW, MINGYUESHAN, WUSHAN, Reason, Rejected, define, guard
from hazardflow.vocab import Labelled, ReportKind, Source, Stage

if TYPE_CHECKING:
    from hazardflow.enforcement.suspension import Suspension

P2 = define(
    "P2", "自查不处",
    "对企业自查查出的重大事故隐患，已按规定报告并正在采取有效措施消除的，依法不予行政处罚（自查不处、真改不罚）。",
    f"{WUSHAN} 二(五)3", f"{WUSHAN} 二(八)2", f"{MINGYUESHAN} 二(二)10",
)
P3 = define(
    "P3", "他查严处、假改严罚",
    "部门检查、明察暗访、举报等他查发现的隐患依法从严处罚；“表面整改”“虚假整改”“纸面整改”一经发现一律按事故查处。",
    f"{WUSHAN} 二(八)2", f"{MINGYUESHAN} 二(三)20",
)
P4 = define(
    "P4", "一案双罚",
    "对排查整治不力导致重大事故隐患依然存在或发生事故的，对企业和企业主要负责人依法实行“一案双罚”。",
    f"{WUSHAN} 二(五)3", f"{MINGYUESHAN} 二(二)10",
)
P5 = define(
    "P5", "提请关闭、行业禁入",
    "存在重大事故隐患，一百八十日内三次或者一年内四次受到行政处罚的，或拒不执行停产停业整顿决定的，提请地方人民政府予以关闭，"
    "主要负责人五年内不得担任任何生产经营单位的主要负责人；情节严重的，终身不得担任本行业生产经营单位的主要负责人。",
    f"{WUSHAN} 二(五)3", f"{MINGYUESHAN} 二(二)10", f"{LAW} 第一百一十三条",
)
P6 = define(
    "P6", "移送司法",
    "涉嫌犯罪的（含危险作业罪），依法移送司法机关追究刑事责任。",
    f"{WUSHAN} 二(五)3", f"{WUSHAN} 二(五)4", f"{MINGYUESHAN} 二(二)10",
)



class MeasureKind(Labelled):
    """What a penalty decision orders (调度表 counts 罚款, 一案双罚, 移送司法机关, 停产整顿, 曝光约谈联合惩戒)."""

    ORDER = "责令立即或限期消除隐患"
    FINE = "罚款"
    DAILY_FINE = "按日连续处罚"
    SUSPENSION = "责令停产停业整顿"
    DISMISSAL = "撤职处分"
    CLOSURE = "提请关闭"
    BAN = "行业禁入"
    REFERRAL = "移送司法机关"
    CIRCULATE = "通报"
    SUMMON = "约谈"
    EXPOSE = "曝光"
    JOINT_SANCTION = "联合惩戒"


class Target(Labelled):
    """Whom a measure is on."""

    ENTERPRISE = "企业"
    PRINCIPAL = "企业主要负责人"
    RESPONSIBLE = "直接负责的主管人员和其他直接责任人员"


class AccidentGrade(Labelled):
    """生产安全事故等级 (第一百一十八条: 国务院规定)."""

    GENERAL = "一般事故"
    LARGER = "较大事故"
    MAJOR = "重大事故"
    GRAVE = "特别重大事故"

    @property
    def serious(self) -> bool:
        """重大、特别重大事故: the principal's lifetime ban (第九十四条, 第一百一十三条)."""
        return self in (AccidentGrade.MAJOR, AccidentGrade.GRAVE)


ADMINISTRATIVE = (MeasureKind.FINE, MeasureKind.DAILY_FINE, MeasureKind.SUSPENSION)
"""Measures that make a decision an administrative penalty (行政处罚, counted by P5 and the 调度表)."""
PUBLICITY = (MeasureKind.CIRCULATE, MeasureKind.SUMMON, MeasureKind.EXPOSE, MeasureKind.JOINT_SANCTION)
"""Measures the department may add at its discretion (通报、约谈、曝光、联合惩戒, 巫山 二(五)3)."""
SANCTIONS = (MeasureKind.EXPOSE, MeasureKind.SUMMON, MeasureKind.JOINT_SANCTION)
"""The measures the 调度表 row 曝光、约谈、联合惩戒企业（家） counts (通报 is not one of them): the one
definition `tally` and `activities.penalty_activities` share."""


def _hazard_ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidInput("hazards", "hazard ids", value)
    ids = tuple(value)
    if not ids or not all(isinstance(i, str) and i for i in ids):
        raise InvalidInput("hazards", "one or more hazard ids", value)
    return ids


@attrs.frozen
class Accident:
    """A production-safety accident at an enterprise, with the hazards that caused it."""

    enterprise: str = attrs.field(validator=text)
    at: datetime = attrs.field(validator=moment)
    description: str = attrs.field(validator=text)
    hazards: tuple[str, ...] = attrs.field(converter=_hazard_ids)
    grade: AccidentGrade = attrs.field(default=AccidentGrade.GENERAL,
                                       validator=of_type(AccidentGrade, "a hazardflow.AccidentGrade"))


@attrs.frozen
class Measure:
    """One measure due, on whom, with every rule and clause that demands it; fines in 万元.

    A proposed fine carries its statutory range (``minimum``–``maximum``); a confirmed one its
    ``amount``. A measure that is not ``mandatory`` (e.g. L3's daily fines, 第一百一十二条 “可以”)
    may be left out on confirmation.
    """

    kind: MeasureKind = attrs.field(validator=of_type(MeasureKind, "a hazardflow.MeasureKind"))
    target: Target = attrs.field(validator=of_type(Target, "a hazardflow.Target"))
    bases: tuple[Reason, ...]
    minimum: Decimal | None = attrs.field(default=None, validator=amount)
    maximum: Decimal | None = attrs.field(default=None, validator=amount)
    amount: Decimal | None = attrs.field(default=None, validator=amount)
    mandatory: bool = True
    note: str = ""

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules behind this measure."""
        return tuple(dict.fromkeys(r.rule for r in self.bases))

    @property
    def label(self) -> str:
        """E.g. 「企业主要负责人 罚款 2–5万元」."""
        money = ""
        if self.amount is not None:
            money = f" {self.amount}万元"
        elif self.maximum is not None:
            money = f" {self.minimum or ZERO}–{self.maximum}万元"
        return f"{self.target.label} {self.kind.label}{money}{('（' + self.note + '）') if self.note else ''}"

    def with_basis(self, *more: Reason) -> Measure:
        """The same measure resting on further rules too."""
        return attrs.evolve(self, bases=tuple(dict.fromkeys((*self.bases, *more))))


def _rule_ids(reasons: Iterable[Reason]) -> list[str]:
    return list(dict.fromkeys(r.rule for r in reasons))


@attrs.frozen
class Penalty:
    """A confirmed penalty decision (行政处罚决定书 ``number``), signed by the deciding department."""

    number: str = attrs.field(validator=text)
    enterprise: str = attrs.field(validator=text)
    hazard: str = attrs.field(validator=text)
    measures: tuple[Measure, ...]
    decided: Signature = attrs.field(validator=of_type(Signature, "a hazardflow.Signature"))
    referred: int = 0
    published: Signature | None = None

    @property
    def at(self) -> datetime:
        """When it was decided."""
        return self.decided.at

    @property
    def administrative(self) -> bool:
        """An administrative penalty on the enterprise side (counted by P5 and the 调度表)."""
        return any(m.kind in ADMINISTRATIVE for m in self.measures)

    def fined(self, target: Target) -> Decimal | None:
        """The fine on ``target`` (万元), or None if not fined."""
        fines = [m.amount for m in self.measures if m.kind is MeasureKind.FINE and m.target is target]
        return sum((f for f in fines if f is not None), ZERO) if fines else None

    @property
    def total(self) -> Decimal:
        """All fines of the decision (万元)."""
        return sum((m.amount or ZERO for m in self.measures if m.kind in (MeasureKind.FINE, MeasureKind.DAILY_FINE)),
                   ZERO)

    @property
    def dual(self) -> bool:
        """一案双罚: both the enterprise (or its responsible staff) and the principal are fined."""
        return self.fined(Target.PRINCIPAL) is not None and (
            self.fined(Target.ENTERPRISE) is not None or self.fined(Target.RESPONSIBLE) is not None)

    def includes(self, kind: MeasureKind) -> bool:
        """Whether the decision orders ``kind``."""
        return any(m.kind is kind for m in self.measures)

    def publication_due(self, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> date:
        """L4: the last day to publish (seven working days after the decision)."""
        return publication_deadline(local_date(self.at), holidays, workdays)

    def publication_overdue(self, at: datetime, holidays: Collection[date] = (),
                            workdays: Collection[date] = ()) -> bool:
        """L4: not published and past its seventh working day on ``at``'s date."""
        due = self.publication_due(holidays, workdays)
        if self.published is not None:
            return local_date(self.published.at) > due
        return local_date(aware_time(at)) > due


def overdue_publications(penalties: Iterable[Penalty], *, at: datetime, holidays: Collection[date] = (),
                         workdays: Collection[date] = ()) -> list[Penalty]:
    """L4: the decisions not published within seven working days, as of ``at``."""
    return [p for p in penalties if p.publication_overdue(at, holidays, workdays)]


@attrs.frozen
class PenaltyDecision:
    """What `decide_penalty` proposes: the grounds (every rule that decided) and the measures due."""

    hazard: str
    enterprise: str
    at: datetime
    grounds: tuple[Reason, ...]
    measures: tuple[Measure, ...]

    @property
    def penalised(self) -> bool:
        """An administrative penalty is due (False under 自查不处, P2)."""
        return any(m.kind in ADMINISTRATIVE for m in self.measures)

    @property
    def strict(self) -> bool:
        """他查严处 / 假改严罚 (P3) applies."""
        return "P3" in self.rules

    @property
    def rules(self) -> list[str]:
        """Every rule id the decision rests on, grounds first."""
        return _rule_ids((*self.grounds, *(r for m in self.measures for r in m.bases)))

    def cites(self, clause: str) -> bool:
        """Whether any ground or measure cites ``clause`` (e.g. 第一百一十三条)."""
        reasons = (*self.grounds, *(r for m in self.measures for r in m.bases))
        return any(clause in source for r in reasons for source in r.sources)

    def includes(self, kind: MeasureKind, target: Target | None = None) -> bool:
        """Whether a measure of ``kind`` (on ``target``) is due."""
        return any(m.kind is kind and (target is None or m.target is target) for m in self.measures)

    def measure(self, kind: MeasureKind, target: Target | None = None) -> Measure:
        """The measure of ``kind`` (on ``target``); KeyError if none."""
        for m in self.measures:
            if m.kind is kind and (target is None or m.target is target):
                return m
        raise KeyError(f"{kind.label}{'' if target is None else ' on ' + target.label}")

    def explain(self) -> str:
        """The decision as a department reads it, one line per ground and measure."""
        lines = [f"依据：{r}" for r in self.grounds]
        lines += [f"措施：{m.label}（{'、'.join(m.rules)}）" for m in self.measures]
        return "\n".join(lines)

    def confirm(self, *, number: str, at: datetime, by: Actor, fines: Mapping[Target, Decimal] | None = None,
                omit: Collection[MeasureKind] = (), extra: Collection[MeasureKind] = (),
                referred: int = 0) -> Penalty:
        """The department confirms: it picks each fine within its range (``fines``, 万元, by target), may
        leave out discretionary measures (``omit``) and add 通报/约谈/曝光/联合惩戒 (``extra``), and states
        how many persons it refers to the judiciary. Refused (`Rejected`) if a rule is not honoured."""
        aware_time(at)
        if not isinstance(by, Actor):
            raise InvalidInput("by", "a hazardflow.Actor", by)
        chosen = dict(fines or {})
        for target, value in chosen.items():
            if not isinstance(target, Target):
                raise InvalidInput("fines", "a mapping of hazardflow.Target to Decimal (万元)", target)
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise InvalidInput(f"fines[{target.label}]", "a non-negative Decimal (万元)", value)
        bad_extra = [k for k in extra if k not in PUBLICITY]
        if bad_extra:
            raise InvalidInput("extra", f"any of {'、'.join(k.label for k in PUBLICITY)}", bad_extra)
        if not isinstance(referred, int) or isinstance(referred, bool) or referred < 0:
            raise InvalidInput("referred", "a non-negative int (persons)", referred)
        reasons, measures = self._confirmed(chosen, omit, referred)
        if by.role not in AUTHORITIES:
            basis = self.measures[0].bases[0] if self.measures else P2.reason("")
            reasons.append(Reason(basis.rule, f"行政处罚由负有安全监管职责的部门作出，{by.role.label}无权决定",
                                  basis.sources))
        if reasons:
            raise Rejected(reasons)
        measures += [Measure(k, Target.ENTERPRISE, (), note="部门决定") for k in extra]
        return Penalty(number, self.enterprise, self.hazard, tuple(measures), Signature(by, at), referred)

    def _confirmed(self, chosen: Mapping[Target, Decimal], omit: Collection[MeasureKind],
                   referred: int) -> tuple[list[Reason], list[Measure]]:
        reasons: list[Reason] = []
        if not self.penalised and not self.measures:
            reasons.extend(self.grounds or (P2.reason("无应予处罚的情形"),))
        measures: list[Measure] = []
        for m in self.measures:
            if m.kind in omit:
                if m.mandatory:
                    reasons.append(_must(m))
                continue
            if m.kind is MeasureKind.FINE:
                value = chosen.get(m.target)
                if value is None or not (m.minimum or ZERO) <= value <= (m.maximum or value):
                    reasons.append(_out_of_range(m, value))
                    continue
                m = attrs.evolve(m, amount=value)
            measures.append(m)
        unknown = set(chosen) - {m.target for m in self.measures if m.kind is MeasureKind.FINE}
        if unknown:
            raise InvalidInput("fines", "fines only on the targets the decision proposes",
                               sorted(t.label for t in unknown))
        if self.includes(MeasureKind.REFERRAL) and referred < 1 and MeasureKind.REFERRAL not in omit:
            reasons.append(P6.reason("涉嫌犯罪须移送司法机关，请注明移送人数"))
        return reasons, measures


def _must(m: Measure) -> Reason:
    basis = m.bases[0]
    return Reason(basis.rule, f"“{m.label}”依法必须采取，不能略去", basis.sources)


def _out_of_range(m: Measure, value: Decimal | None) -> Reason:
    basis = next((r for r in m.bases if r.rule.startswith("L")), m.bases[0])
    got = "未填写罚款数额" if value is None else f"拟罚{value}万元"
    return Reason(basis.rule, f"对{m.target.label}的罚款应在{m.minimum or ZERO}–{m.maximum}万元之间，{got}",
                  basis.sources)


# The decision ---------------------------------------------------------------------------------------------


def _fine(target: Target, low: str, high: str, *bases: Reason) -> Measure:
    return Measure(MeasureKind.FINE, target, bases, Decimal(low), Decimal(high))


def _ban(lifetime: bool, *bases: Reason) -> Measure:
    note = "终身不得担任本行业生产经营单位的主要负责人" if lifetime else "五年内不得担任任何生产经营单位的主要负责人"
    return Measure(MeasureKind.BAN, Target.PRINCIPAL, bases, note=note)


@guard(P2)
def _exemption_failures(h: Hazard, at: datetime, accident: Accident | None, on_hazard: Sequence[Penalty]) -> list[str]:
    """Why 自查不处 (P2) does not apply; empty when it does."""
    failures: list[str] = []
    if h.source is not Source.SELF_CHECK:
        failures.append(f"该隐患由{h.source.label}发现，不是企业自查发现")
    if h.is_major and not h.reported(ReportKind.FOUND):
        failures.append("未按规定向监管部门报告")
    if h.stage is Stage.FOUND:
        failures.append("未制定五落实整改方案交办整改，也未即查即改")
    if h.is_overdue(at):
        failures.append(f"超过整改期限 {h.deadline} 仍未整改完成")
    if h.sham:
        failures.append(f"回头看认定虚假整改{h.sham}次")
    if accident is not None:
        failures.append(f"已导致发生{accident.grade.label}")
    if on_hazard and h.stage is not Stage.CLOSED:
        failures.append("经处罚后仍未消除")
    return failures


@guard(P3)
def _strictness(h: Hazard) -> list[Reason]:
    """P3: found by others (他查严处) and sham rectification (假改严罚)."""
    reasons: list[Reason] = []
    if h.source is not Source.SELF_CHECK:
        reasons.append(P3.reason(f"他查严处：该隐患由{h.source.label}发现，企业未自查发现，依法从严处罚"))
    if h.sham:
        reasons.append(P3.reason(
            f"假改严罚：回头看认定虚假整改{h.sham}次（表面整改、虚假整改、纸面整改），一律按事故查处"))
    return reasons


@guard(L6, L3)
def _enterprise_measures(h: Hazard, at: datetime, on_hazard: Sequence[Penalty],
                         strict: Sequence[Reason]) -> list[Measure]:
    """L6 (第一百零二条), and L3 (第一百一十二条) for a refusal after an earlier penalty on the same hazard."""
    order = L6.reason("未采取措施消除事故隐患，责令立即消除或者限期消除")
    measures = [Measure(MeasureKind.ORDER, Target.ENTERPRISE, (order,))]
    earlier = [p for p in on_hazard if p.administrative]
    if not earlier or h.stage is Stage.CLOSED:
        return [*measures, _fine(Target.ENTERPRISE, "0", "5", L6.reason("未采取措施消除事故隐患，处五万元以下的罚款"),
                                 *strict)]
    refusal = L6.reason(f"经{earlier[-1].number}处罚后拒不执行、隐患仍未消除，责令停产停业整顿，"
                        "对直接责任人员处五万元以上十万元以下罚款")
    measures += [Measure(MeasureKind.SUSPENSION, Target.ENTERPRISE, (refusal,)),
                 _fine(Target.RESPONSIBLE, "5", "10", refusal, *strict)]
    fined = [p for p in earlier if p.fined(Target.ENTERPRISE)]
    if fined:
        last = fined[-1]
        per_day = last.fined(Target.ENTERPRISE)
        assert per_day is not None
        daily = daily_fines(per_day, local_date(last.at), local_date(at))
        if daily.days:
            measures.append(Measure(
                MeasureKind.DAILY_FINE, Target.ENTERPRISE,
                (L3.reason(f"被责令改正且受到罚款处罚（{last.number}），拒不改正，自责令改正之日的次日起按原处罚数额按日连续处罚"),),
                daily.total, daily.total, daily.total, mandatory=False,
                note=f"{daily.amount}万元/日×{daily.days}日，自{daily.start}至{daily.end}"))
    return measures


@guard(P4)
def _dual(h: Hazard, at: datetime, accident: Accident | None, on_hazard: Sequence[Penalty]) -> Reason | None:
    """P4: 排查整治不力导致重大事故隐患依然存在或发生事故 → 一案双罚."""
    if accident is not None:
        return P4.reason(f"该隐患导致发生{accident.grade.label}（{accident.description}），"
                         "对企业和企业主要负责人一案双罚")
    if h.sham:
        return P4.reason("虚假整改按事故查处，隐患依然存在，对企业和企业主要负责人一案双罚")
    if h.is_major and h.stage is not Stage.CLOSED and (h.is_overdue(at) or on_hazard):
        why = f"逾期（整改期限 {h.deadline}）" if h.is_overdue(at) else "经处罚后"
        return P4.reason(f"排查整治不力，重大事故隐患{why}依然存在，对企业和企业主要负责人一案双罚")
    return None


@guard(L5)
def _principal_measures(dual: Reason, accident: Accident | None, on_hazard: Sequence[Penalty]) -> list[Measure]:
    """L5 (第九十四条): the principal's half of 一案双罚."""
    if any(p.fined(Target.PRINCIPAL) is not None for p in on_hazard):
        overdue = L5.reason("主要负责人逾期未改正，处五万元以上十万元以下的罚款，责令生产经营单位停产停业整顿")
        measures = [_fine(Target.PRINCIPAL, "5", "10", dual, overdue),
                    Measure(MeasureKind.SUSPENSION, Target.ENTERPRISE, (overdue,))]
    else:
        measures = [_fine(Target.PRINCIPAL, "2", "5", dual,
                          L5.reason("主要负责人未履行及时消除事故隐患的职责，处二万元以上五万元以下的罚款"))]
    if accident is not None:
        fault = L5.reason(f"主要负责人未履行职责导致发生{accident.grade.label}，给予撤职处分")
        measures += [Measure(MeasureKind.DISMISSAL, Target.PRINCIPAL, (fault,)),
                     _ban(accident.grade.serious, fault)]
    return measures


def _within(days: Sequence[date], count: int, limit: Callable[[date], date]) -> tuple[date, ...]:
    """The first ``count`` consecutive dates of ``days`` (sorted) that fall within ``limit`` of the first."""
    for i in range(len(days) - count + 1):
        if days[i + count - 1] <= limit(days[i]):
            return tuple(days[i:i + count])
    return ()


@guard(P5)
def _closure(h: Hazard, history: Sequence[Penalty], suspensions: Sequence[Suspension],
             accident: Accident | None) -> list[Reason]:
    """P5 (第一百一十三条): the grounds for petitioning closure and banning the principal."""
    reasons: list[Reason] = []
    if h.is_major and h.stage is not Stage.CLOSED:
        days = sorted(local_date(p.at) for p in history if p.administrative)
        three = _within(days, 3, lambda d: d + timedelta(days=180))
        four = _within(days, 4, year_after)
        if three or four:
            hit, window = (three, "一百八十日内三次") if three else (four, "一年内四次")
            reasons.append(P5.reason(f"存在重大事故隐患，{window}受到行政处罚（{'、'.join(map(str, hit))}），"
                                     "提请地方人民政府予以关闭（第一百一十三条(一)）"))
    for s in suspensions:
        reasons.append(P5.reason(f"拒不执行停产停业整顿决定（{local_date(s.order.at)}作出），"
                                 "提请地方人民政府予以关闭（第一百一十三条(四)）"))
    if accident is not None and accident.grade.serious:
        reasons.append(P5.reason(f"导致发生{accident.grade.label}，提请地方人民政府予以关闭（第一百一十三条(三)）"))
    return reasons


def _merge_bans(measures: list[Measure]) -> list[Measure]:
    bans = [m for m in measures if m.kind is MeasureKind.BAN]
    if len(bans) < 2:
        return measures
    lifetime = any(m.note.startswith("终身") for m in bans)
    merged = _ban(lifetime, *dict.fromkeys(r for m in bans for r in m.bases))
    rest = [m for m in measures if m.kind is not MeasureKind.BAN]
    return [*rest, merged]


def _validated(hazard: object, at: object, penalties: Iterable[object], accident: object, crime: object,
               suspensions: Iterable[object]) -> tuple[list[Penalty], list[Suspension]]:
    from hazardflow.enforcement.suspension import Suspension

    if not isinstance(hazard, Hazard):
        raise InvalidInput("hazard", "a hazardflow.Hazard", hazard)
    aware_time(at)
    history, orders = list(penalties), list(suspensions)
    if not all(isinstance(p, Penalty) for p in history):
        raise InvalidInput("penalties", "hazardflow.Penalty records", history)
    if not all(isinstance(s, Suspension) for s in orders):
        raise InvalidInput("suspensions", "hazardflow.Suspension records", orders)
    if accident is not None and (not isinstance(accident, Accident) or hazard.id not in accident.hazards):
        raise InvalidInput("accident", "a hazardflow.Accident caused by this hazard", accident)
    if crime is not None and (not isinstance(crime, str) or not crime.strip()):
        raise InvalidInput("crime", "the suspected crime (e.g. 危险作业罪) or None", crime)
    return history, orders  # type: ignore[return-value]


@guard(P6)
def decide_penalty(hazard: Hazard, *, at: datetime, penalties: Iterable[Penalty] = (),
                   accident: Accident | None = None, crime: str | None = None,
                   suspensions: Iterable[Suspension] = ()) -> PenaltyDecision:
    """The measures due for ``hazard`` on ``at``, each with the rule and clause that demands it.

    ``penalties`` are the confirmed earlier decisions (any of the enterprise's; those on this hazard
    make a refusal: L6's and L5's second tier, L3's daily fines; all of them count for P5);
    ``accident`` one the hazard caused; ``crime`` a suspected crime (P6); ``suspensions`` orders on
    the enterprise (a refused one: P5). Nothing is changed: the department confirms the result.
    """
    history, orders = _validated(hazard, at, penalties, accident, crime, suspensions)
    history = sorted((p for p in history if p.enterprise == hazard.enterprise and p.at < at), key=lambda p: p.at)
    on_hazard = [p for p in history if p.hazard == hazard.id]
    grounds: list[Reason] = []
    measures: list[Measure] = []
    failures = _exemption_failures(hazard, at, accident, on_hazard)
    if not failures:
        grounds.append(P2.reason("企业自查发现，已按规定报告并正在采取有效措施消除（五落实整改中、未逾期），依法不予行政处罚"))
    else:
        strict = _strictness(hazard)
        grounds += strict or [L6.reason(f"不适用自查不处：{'；'.join(failures)}")]
        measures += _enterprise_measures(hazard, at, on_hazard, strict)
        dual = _dual(hazard, at, accident, on_hazard)
        if dual is not None:
            grounds.append(dual)
            measures += _principal_measures(dual, accident, on_hazard)
    closure = _closure(hazard, history, [s for s in orders if s.enterprise == hazard.enterprise and s.refused],
                       accident)
    if closure:
        grounds += closure
        serious = accident is not None and accident.grade.serious
        measures += [Measure(MeasureKind.CLOSURE, Target.ENTERPRISE, tuple(closure)), _ban(serious, *closure)]
    if crime is not None:
        referral = P6.reason(f"涉嫌{crime}，依法移送司法机关追究刑事责任")
        grounds.append(referral)
        measures.append(Measure(MeasureKind.REFERRAL, Target.RESPONSIBLE, (referral,)))
    return PenaltyDecision(hazard.id, hazard.enterprise, at, tuple(grounds), tuple(_merge_bans(measures)))


# The 调度表's enforcement figures -------------------------------------------------------------------------


@attrs.frozen
class Tally:
    """部门精准严格执法情况 figures from confirmed decisions."""

    penalties: int
    amount: Decimal
    dual: int
    referred: int
    suspended: int
    publicity: int


def tally(penalties: Iterable[Penalty]) -> Tally:
    """行政处罚（次，万元）, 一案双罚（次）, 移送司法机关（人）, 责令停产整顿（家）, 曝光、约谈、联合惩戒企业（家）."""
    decided = list(penalties)
    administrative = [p for p in decided if p.administrative]
    return Tally(
        penalties=len(administrative),
        amount=sum((p.total for p in administrative), ZERO),
        dual=sum(p.dual for p in decided),
        referred=sum(p.referred for p in decided),
        suspended=len({p.enterprise for p in decided if p.includes(MeasureKind.SUSPENSION)}),
        publicity=len({p.enterprise for p in decided if any(p.includes(k) for k in SANCTIONS)}),
    )
