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
from typing import TYPE_CHECKING, Any

import attrs

from hazardflow import checks
from hazardflow.checks import InvalidInput, amount, aware_time, local_date, moment, of_type, text
from hazardflow.enforcement.law import (
    AUTHORITIES,
    L3,
    L5,
    L6,
    L8,
    L10,
    ZERO,
    Span,
    daily_fines,
    publication_deadline,
    year_after,
)
from hazardflow.hazard.jsonform import plain
from hazardflow.hazard.records import Actor, Hazard, Signature
from hazardflow.rules import LAW, MINGYUESHAN, WUSHAN, Reason, Rejected, Rule, define, guard
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
    may be left out on confirmation. The explanation a legal officer checks: ``figures`` (how each
    figure was got, line by line), ``earlier`` (the numbers of the earlier decisions it rests on),
    ``spans`` (the days a daily fine counts), ``deadline`` (an order's 限期; None: 立即) and
    ``strict_minimum`` (从重, P3: the amount is set in the upper half of the range, from here).
    """

    kind: MeasureKind = attrs.field(validator=of_type(MeasureKind, "a hazardflow.MeasureKind"))
    target: Target = attrs.field(validator=of_type(Target, "a hazardflow.Target"))
    bases: tuple[Reason, ...]
    minimum: Decimal | None = attrs.field(default=None, validator=amount)
    maximum: Decimal | None = attrs.field(default=None, validator=amount)
    amount: Decimal | None = attrs.field(default=None, validator=amount)
    mandatory: bool = True
    note: str = ""
    deadline: date | None = attrs.field(default=None, validator=of_type(date, "a date or None", optional=True))
    spans: tuple[Span, ...] = ()
    earlier: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    strict_minimum: Decimal | None = attrs.field(default=None, validator=checks.amount)

    @property
    def days(self) -> int:
        """The days a daily fine counts (0 for any other measure)."""
        return sum((b - a).days + 1 for a, b in self.spans)

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

    def json_derived(self) -> dict[str, Any]:
        """What the JSON shape (docs/json.md) adds to the fields: ``label``, ``rules``, ``days``."""
        return {"label": self.label, "rules": list(self.rules), "days": self.days}

    def to_json(self) -> dict[str, Any]:
        """The measure in the documented JSON shape (docs/json.md; amounts as decimal text in 万元)."""
        shaped: dict[str, Any] = plain(self)
        return shaped


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
        """An administrative penalty (counted by P5 and the 调度表): a fine not of zero, daily fines or
        停产停业整顿; an order to correct alone, or a decision with no measure, is none."""
        return any(m.kind in ADMINISTRATIVE and (m.kind is MeasureKind.SUSPENSION or m.amount != ZERO)
                   for m in self.measures)

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

    def publication_due(self, holidays: Collection[date] = (), workdays: Collection[date] = (), *,
                        statutory: bool = True) -> date:
        """L4: the last day to publish (seven working days after the decision, on China's calendar)."""
        return publication_deadline(local_date(self.at), holidays, workdays, statutory=statutory)

    def publication_overdue(self, at: datetime, holidays: Collection[date] = (),
                            workdays: Collection[date] = (), *, statutory: bool = True) -> bool:
        """L4: not published and past its seventh working day on ``at``'s date."""
        due = self.publication_due(holidays, workdays, statutory=statutory)
        if self.published is not None:
            return local_date(self.published.at) > due
        return local_date(aware_time(at)) > due


def overdue_publications(penalties: Iterable[Penalty], *, at: datetime, holidays: Collection[date] = (),
                         workdays: Collection[date] = (), statutory: bool = True) -> list[Penalty]:
    """L4: the decisions not published within seven working days, as of ``at``."""
    return [p for p in penalties if p.publication_overdue(at, holidays, workdays, statutory=statutory)]


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
        """The decision as a legal officer checks it: one line per ground and measure, and under each
        measure the figures it used (range, days counted, earlier decisions)."""
        lines = [f"依据：{r}" for r in self.grounds]
        for m in self.measures:
            lines.append(f"措施：{m.label}（{'、'.join(m.rules)}）")
            lines += [f"  · {f}" for f in m.figures]
        return "\n".join(lines)

    def __str__(self) -> str:
        return f"{self.enterprise} 隐患 {self.hazard}，{local_date(self.at)} 处罚决定：\n{self.explain()}"

    def json_derived(self) -> dict[str, Any]:
        """What the JSON shape (docs/json.md) adds to the fields: ``rules``, ``penalised``, ``strict``."""
        return {"rules": self.rules, "penalised": self.penalised, "strict": self.strict}

    def to_json(self) -> dict[str, Any]:
        """The whole decision in the documented JSON shape (docs/json.md, ``$defs/PenaltyDecision``): the
        same wherever a decision appears (`hazardflow.schema.penalty_json`, a stored record's JSON)."""
        shaped: dict[str, Any] = plain(self)
        return shaped

    def confirm(self, *, number: str, at: datetime, by: Actor, fines: Mapping[Target, Decimal] | None = None,
                omit: Collection[MeasureKind] = (), extra: Collection[MeasureKind] = (),
                referred: int = 0, deadline: date | None = None) -> Penalty:
        """The department confirms: it picks each fine within its range (``fines``, 万元, by target), may
        leave out discretionary measures (``omit``) and add 通报/约谈/曝光/联合惩戒 (``extra``), and states
        how many persons it refers to the judiciary; ``deadline`` sets the correction order's 限期
        (default: as proposed, the hazard's rectification deadline or 立即). Refused (`Rejected`) if a rule
        is not honoured; a fine “X万元以下” is still a fine above zero."""
        aware_time(at)
        if deadline is not None and (not isinstance(deadline, date) or isinstance(deadline, datetime)
                                     or deadline < local_date(at)):
            raise InvalidInput("deadline", "the correction deadline, a date not before the decision", deadline)
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
        if deadline is not None:
            measures = [attrs.evolve(m, deadline=deadline) if m.kind is MeasureKind.ORDER else m for m in measures]
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
                if value is None or value <= 0 or not (m.minimum or ZERO) <= value <= (m.maximum or value):
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
    got = "未填写罚款数额" if value is None else ("罚款数额须大于零" if value <= 0 else f"拟罚{value}万元")
    return Reason(basis.rule, f"对{m.target.label}的罚款应在{m.minimum or ZERO}–{m.maximum}万元之间，{got}",
                  basis.sources)


# The decision ---------------------------------------------------------------------------------------------


def _fine(target: Target, low: str, high: str, *bases: Reason, figures: Sequence[str] = (),
          earlier: Sequence[str] = ()) -> Measure:
    law = next((r for r in bases if r.rule.startswith("L")), bases[0])
    statute = f"法定幅度{low}–{high}万元（{'、'.join(law.sources)}）"
    return Measure(MeasureKind.FINE, target, bases, Decimal(low), Decimal(high), figures=(statute, *figures),
                   earlier=tuple(earlier))


def _ban(lifetime: bool, *bases: Reason) -> Measure:
    note = "终身不得担任本行业生产经营单位的主要负责人" if lifetime else "五年内不得担任任何生产经营单位的主要负责人"
    return Measure(MeasureKind.BAN, Target.PRINCIPAL, bases, note=note)


def _due(p: Penalty, h: Hazard) -> date:
    """The day ``p``'s correction order fell due: its 限期 (the order's own deadline, else the hazard's
    rectification deadline when later than the decision), or the decision's own day (责令立即消除)."""
    decided = local_date(p.at)
    order = next((m.deadline for m in p.measures if m.kind is MeasureKind.ORDER and m.deadline is not None),
                 h.deadline)
    return decided if order is None else max(decided, order)


def _closed_on(h: Hazard) -> date | None:
    """The day the hazard was closed (销号), if it stands closed."""
    if h.stage is not Stage.CLOSED:
        return None
    closes = [e.at for e in h.events if e.trigger == "close"]
    return local_date(closes[-1]) if closes else None


def _accepted_spans(h: Hazard) -> list[Span]:
    """The days a later-reopened hazard stood closed on a department's acceptance (the day after 销号 to
    the day before 回头看 reopened it): no refusal to correct on those days."""
    spans: list[Span] = []
    closed: date | None = None
    for e in h.events:
        if e.trigger == "close":
            closed = local_date(e.at)
        elif e.trigger == "reopen" and closed is not None:
            first, last = closed + timedelta(days=1), local_date(e.at) - timedelta(days=1)
            if first <= last:
                spans.append((first, last))
            closed = None
    return spans


def _lapsed(h: Hazard, at: datetime, earlier: Sequence[Penalty]) -> list[Penalty]:
    """The earlier decisions on ``h`` whose correction deadline passed with ``h`` still not closed
    (拒不执行 / 逾期未改正): an enterprise rectifying within its deadline has refused nothing."""
    if h.stage is Stage.CLOSED:
        return []
    return [p for p in earlier if _due(p, h) < local_date(at)]


@guard(P2)
def _exemption_failures(h: Hazard, at: datetime, accident: Accident | None, lapsed: Sequence[Penalty]) -> list[str]:
    """Why 自查不处 (P2) does not apply; empty when it does: 巫山 二(五)3 “对企业自查查出的重大事故隐患，
    已按规定报告并正在采取有效措施消除的，依法不予行政处罚”. A hazard found today and reported is still
    being dealt with while its 五落实 plan is drawn up that day
    (“不能立即整改的，必须明确责任人、措施、资金、时限和应急预案”)."""
    failures: list[str] = []
    if h.source is not Source.SELF_CHECK:
        failures.append(f"该隐患由{h.source.label}发现，不是企业自查发现")
    if h.is_major and not h.reported(ReportKind.FOUND):
        failures.append("未按规定向监管部门报告")
    if h.stage is Stage.FOUND and local_date(at) > local_date(h.found_at):
        failures.append("发现当日后仍未制定五落实整改方案交办整改，也未即查即改")
    if h.is_overdue(at):
        failures.append(f"超过整改期限 {h.deadline} 仍未整改完成")
    if h.sham:
        failures.append(f"回头看认定虚假整改{h.sham}次")
    if accident is not None:
        failures.append(f"已导致发生{accident.grade.label}")
    if lapsed:
        failures.append(f"经{lapsed[-1].number}责令改正，期限届满仍未消除")
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


def _strict(m: Measure) -> Measure:
    """从重 (P3 “依法从严处罚”): the amount is set in the upper half of the statutory range, stated in the decision."""
    if m.kind is not MeasureKind.FINE or m.maximum is None or "P3" not in m.rules:
        return m
    low = ((m.minimum or ZERO) + m.maximum) / 2
    p3 = next(r for r in m.bases if r.rule == "P3")
    return attrs.evolve(m, strict_minimum=low, figures=(*m.figures, (
        f"从重处罚（{'、'.join(p3.sources)}）：在法定幅度的上半部分即{low}–{m.maximum}万元内确定")))


def _second_tier(rule: Rule, why: str, lapsed: Sequence[Penalty], h: Hazard, fines: Sequence[tuple[Target, str, str]],
                 *strict: Reason) -> list[Measure]:
    """The ladder's upper rung (逾期未改正 / 拒不执行): 责令停产停业整顿 and the fines of ``fines``."""
    last = lapsed[-1]
    reason = rule.reason(f"经{last.number}责令改正，期限{_due(last, h)}届满{why}")
    figure = f"{last.number}责令改正的期限为{_due(last, h)}，至今未改正"
    numbers = [p.number for p in lapsed]
    return [Measure(MeasureKind.SUSPENSION, Target.ENTERPRISE, (reason,), earlier=tuple(numbers), figures=(figure,)),
            *(_fine(t, low, high, reason, *strict, figures=(figure,), earlier=numbers) for t, low, high in fines)]


@guard(L6, L8, L10)
def _enterprise_measures(h: Hazard, at: datetime, earlier: Sequence[Penalty], lapsed: Sequence[Penalty],
                         strict: Sequence[Reason], unrecorded: str | None) -> list[Measure]:
    """L6 (第一百零二条 “未采取措施消除事故隐患的，责令立即消除或者限期消除，处五万元以下的罚款；拒不执行的，
    责令停产停业整顿，对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款”); for an unreported
    major hazard L8 instead (第一百零一条(五) “重大事故隐患排查治理情况未按照规定报告的，责令限期改正，处十万元
    以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他
    直接责任人员处二万元以上五万元以下的罚款”); L10 (第九十七条(五), the same ladder) for a record not kept or not
    notified. The upper rung only for a real refusal: an earlier order's deadline passed uncorrected.
    A violation an earlier decision already fined is not fined again within its deadline."""
    today = local_date(at)
    unreported = h.is_major and not h.reported(ReportKind.FOUND)
    measures: list[Measure] = []
    if h.stage is not Stage.CLOSED:
        deadline = h.deadline if h.deadline is not None and h.deadline >= today else None
        how = "立即消除" if deadline is None else f"于{deadline}前消除"
        orders = [L6.reason(f"未采取措施消除事故隐患，责令{how}")]
        if unreported:
            orders.append(L8.reason("重大事故隐患排查治理情况未按照规定报告，责令限期改正"))
        term = ("责令改正期限：立即（无未届满的整改时限）" if deadline is None
                else f"责令改正期限：{deadline}（五落实整改时限，可在确认时另定）")
        measures.append(Measure(MeasureKind.ORDER, Target.ENTERPRISE, tuple(orders), deadline=deadline,
                                figures=(term,)))
    law, ground = (L8, "重大事故隐患排查治理情况未按照规定报告") if unreported else (L6, "未采取措施消除事故隐患")
    if lapsed and unreported:
        measures += _second_tier(L8, "仍未报告，逾期未改正：责令停产停业整顿，处十万元以上二十万元以下的罚款，"
                                 "对直接责任人员处二万元以上五万元以下的罚款", lapsed, h,
                                 [(Target.ENTERPRISE, "10", "20"), (Target.RESPONSIBLE, "2", "5")], *strict)
    elif lapsed:
        measures += _second_tier(L6, "、隐患仍未消除，拒不执行：责令停产停业整顿，"
                                 "对直接责任人员处五万元以上十万元以下的罚款", lapsed, h,
                                 [(Target.RESPONSIBLE, "5", "10")], *strict)
    elif not earlier:
        high, words = ("10", "十") if unreported else ("5", "五")
        measures.append(_fine(Target.ENTERPRISE, "0", high, law.reason(f"{ground}，处{words}万元以下的罚款"), *strict))
    if unrecorded is not None:
        measures += _unrecorded(h, at, earlier, unrecorded, strict)
    return measures


def _unrecorded(h: Hazard, at: datetime, earlier: Sequence[Penalty], finding: str,
                strict: Sequence[Reason]) -> list[Measure]:
    """L10 (第九十七条(五) “未将事故隐患排查治理情况如实记录或者未向从业人员通报的”): 限期改正 and up to 10万;
    逾期未改正 (an earlier L10 decision's deadline passed and the record is still wanting): the upper rung."""
    before = [p for p in earlier if any("L10" in m.rules for m in p.measures) and local_date(p.at) < local_date(at)]
    if before:
        return _second_tier(L10, f"，仍{finding}，逾期未改正：责令停产停业整顿，处十万元以上二十万元以下的罚款，"
                            "对直接责任人员处二万元以上五万元以下的罚款", before, h,
                            [(Target.ENTERPRISE, "10", "20"), (Target.RESPONSIBLE, "2", "5")], *strict)
    reason = L10.reason(f"{finding}：未将事故隐患排查治理情况如实记录或者未向从业人员通报，"
                        "责令限期改正，处十万元以下的罚款")
    return [Measure(MeasureKind.ORDER, Target.ENTERPRISE, (reason,)),
            _fine(Target.ENTERPRISE, "0", "10", reason, *strict)]


@guard(L3)
def _daily(h: Hazard, at: datetime, earlier: Sequence[Penalty]) -> list[Measure]:
    """L3 (第一百一十二条 “被责令改正且受到罚款处罚，拒不改正的……可以自作出责令改正之日的次日起，按照原处罚数额
    按日连续处罚”): at the original decision's enterprise fine, from the day after its correction deadline passed
    uncorrected, never a day an earlier decision fined, never a day after the hazard was closed."""
    original = next((p for p in earlier if p.fined(Target.ENTERPRISE)), None)
    if original is None:
        return []
    per_day = original.fined(Target.ENTERPRISE)
    assert per_day is not None
    due, closed = _due(original, h), _closed_on(h)
    already = [(p.number, s) for p in earlier for s in _fined_spans(p)]
    accepted = _accepted_spans(h)
    daily = daily_fines(per_day, due, local_date(at), fined=[*(s for _, s in already), *accepted], corrected=closed)
    if not daily.days:
        return []
    figures = [f"原处罚数额：{per_day}万元/日（{original.number}对企业的罚款）",
               f"计罚起点：{original.number}责令改正的期限{due}届满未改正，自{due + timedelta(days=1)}起"]
    overlap = [f"{n}已罚{_span_label(s)}" for n, s in already if s[1] > due]
    if overlap:
        figures.append(f"不重复计罚：{'；'.join(overlap)}")
    figures += [f"验收销号至回头看重新打开期间（{_span_label(s)}）不计罚" for s in accepted if s[1] > due]
    if closed is not None:
        figures.append(f"隐患已于{closed}验收销号，此后不再计罚")
    spans = "、".join(_span_label(s) for s in daily.spans)
    figures.append(f"计罚日数：{daily.days}日（{spans}），{per_day}万元×{daily.days}日＝{daily.total}万元")
    note = (f"{per_day}万元/日×{daily.days}日，自{daily.start}至{daily.end}" if len(daily.spans) == 1
            else f"{per_day}万元/日×{daily.days}日：{spans}")
    basis = L3.reason(f"被责令改正且受到罚款处罚（{original.number}），拒不改正，按原处罚数额按日连续处罚")
    return [Measure(MeasureKind.DAILY_FINE, Target.ENTERPRISE, (basis,), daily.total, daily.total, daily.total,
                    mandatory=False, note=note, spans=daily.spans, figures=tuple(figures),
                    earlier=tuple(dict.fromkeys([original.number, *(n for n, _ in already)])))]


def _fined_spans(p: Penalty) -> list[Span]:
    """The days ``p`` fined daily; a daily fine with no days on record is taken to cover all up to its decision."""
    out: list[Span] = []
    for m in p.measures:
        if m.kind is MeasureKind.DAILY_FINE:
            out += m.spans or [(date.min, local_date(p.at))]
    return out


def _span_label(s: Span) -> str:
    return str(s[0]) if s[0] == s[1] else (f"{s[1]}及以前" if s[0] == date.min else f"{s[0]}至{s[1]}")


@guard(P4)
def _dual(h: Hazard, at: datetime, accident: Accident | None, lapsed: Sequence[Penalty]) -> Reason | None:
    """P4 (巫山 二(五)3 “对排查整治不力导致重大事故隐患依然存在或发生事故的……对企业和企业主要负责人依法实行
    ‘一案双罚’”): an accident, a sham rectification, a major hazard overdue or refused after an order, or one a
    department found that the enterprise neither found nor reported (第二十一条(五) 主要负责人及时消除事故隐患)."""
    if accident is not None:
        return P4.reason(f"该隐患导致发生{accident.grade.label}（{accident.description}），"
                         "对企业和企业主要负责人一案双罚")
    if h.sham:
        return P4.reason("虚假整改按事故查处，隐患依然存在，对企业和企业主要负责人一案双罚")
    if not h.is_major or h.stage is Stage.CLOSED:
        return None
    if h.is_overdue(at) or lapsed:
        why = f"逾期（整改期限 {h.deadline}）" if h.is_overdue(at) else f"经{lapsed[-1].number}责令改正期限届满"
        return P4.reason(f"排查整治不力，重大事故隐患{why}依然存在，对企业和企业主要负责人一案双罚")
    if h.source is not Source.SELF_CHECK and not h.reported(ReportKind.FOUND):
        return P4.reason(f"排查整治不力：重大事故隐患由{h.source.label}发现，企业既未自查发现也未报告，"
                         "对企业和企业主要负责人一案双罚")
    return None


@guard(L5)
def _principal_measures(h: Hazard, at: datetime, dual: Reason, accident: Accident | None,
                        earlier: Sequence[Penalty], lapsed: Sequence[Penalty]) -> list[Measure]:
    """L5 (第九十四条 “主要负责人未履行本法规定的安全生产管理职责的，责令限期改正，处二万元以上五万元以下的罚款；
    逾期未改正的，处五万元以上十万元以下的罚款，责令生产经营单位停产停业整顿”): the principal's half of 一案双罚.
    The upper rung only once an earlier decision fined the principal and its deadline passed uncorrected."""
    fined = [p for p in earlier if p.fined(Target.PRINCIPAL) is not None]
    overdue = [p for p in fined if p in lapsed]
    measures: list[Measure] = []
    if overdue:
        last = overdue[-1]
        reason = L5.reason(f"主要负责人经{last.number}处罚，期限{_due(last, h)}届满逾期未改正，"
                           "处五万元以上十万元以下的罚款，责令生产经营单位停产停业整顿")
        figure = f"{last.number}已对主要负责人罚款{last.fined(Target.PRINCIPAL)}万元，责令改正的期限为{_due(last, h)}"
        measures += [_fine(Target.PRINCIPAL, "5", "10", dual, reason, figures=(figure,), earlier=[last.number]),
                     Measure(MeasureKind.SUSPENSION, Target.ENTERPRISE, (reason,), earlier=(last.number,))]
    elif not fined:
        measures.append(_fine(Target.PRINCIPAL, "2", "5", dual,
                              L5.reason("主要负责人未履行及时消除事故隐患的职责，处二万元以上五万元以下的罚款")))
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
             accident: Accident | None, now: date | None) -> list[Reason]:
    """P5 (第一百一十三条): the grounds for petitioning closure and banning the principal. ``now``: the day of
    the decision being made when it is itself an administrative penalty (it counts towards 113(一))."""
    reasons: list[Reason] = []
    if h.is_major and h.stage is not Stage.CLOSED:
        dated = sorted([*((local_date(p.at), p.number) for p in history if p.administrative),
                        *(((now, "本决定"),) if now is not None else ())])
        days = [d for d, _ in dated]
        three = _within(days, 3, lambda d: d + timedelta(days=180))
        four = _within(days, 4, year_after)
        if three or four:
            hit, window = (three, "一百八十日内三次") if three else (four, "一年内四次")
            first = days.index(hit[0])
            which = "、".join(f"{n}（{d}）" for d, n in dated[first:first + len(hit)])
            reasons.append(P5.reason(f"存在重大事故隐患，{window}受到行政处罚（{which}），"
                                     "提请地方人民政府予以关闭（第一百一十三条(一)）"))
    for s in suspensions:
        if s.refused:
            reasons.append(P5.reason(f"拒不执行停产停业整顿决定（{local_date(s.order.at)}作出），"
                                     "提请地方人民政府予以关闭（第一百一十三条(四)）"))
        if s.failed_reviews:
            reasons.append(P5.reason(f"经停产停业整顿（{local_date(s.order.at)}作出），"
                                     f"{local_date(s.failed_reviews[-1].at)}审查仍不具备安全生产条件，"
                                     "提请地方人民政府予以关闭（第一百一十三条(二)）"))
    if accident is not None and accident.grade.serious:
        reasons.append(P5.reason(f"导致发生{accident.grade.label}，提请地方人民政府予以关闭（第一百一十三条(三)）"))
    return reasons


def closure_grounds(hazard: Hazard, *, at: datetime, penalties: Iterable[Penalty] = (),
                    suspensions: Iterable[Suspension] = (), accident: Accident | None = None) -> list[Reason]:
    """P5 on its own (第一百一十三条 “应当提请地方人民政府予以关闭”): the grounds, as of ``at``, to petition the
    closure of ``hazard``'s enterprise from its confirmed decisions (113(一): 一百八十日内三次或者一年内四次),
    its suspension orders (113(二) a failed review, 113(四) a refusal) and an accident (113(三)); empty: none."""
    history, orders = _validated(hazard, at, penalties, accident, None, suspensions)
    return _closure(hazard, _enterprise_history(hazard, at, history),
                    [s for s in orders if s.enterprise == hazard.enterprise], accident, None)


def _enterprise_history(h: Hazard, at: datetime, history: Iterable[Penalty]) -> list[Penalty]:
    return sorted((p for p in history if p.enterprise == h.enterprise and p.at < at), key=lambda p: p.at)


def _merged(measures: list[Measure]) -> list[Measure]:
    """One measure per kind and target: two fines on one target add up (ranges and bases), bans keep the
    heavier term, orders and suspensions join their grounds."""
    out: dict[tuple[MeasureKind, Target], Measure] = {}
    for m in measures:
        key = (m.kind, m.target)
        if key not in out or m.kind in (MeasureKind.DAILY_FINE, MeasureKind.REFERRAL):
            out.setdefault(key, m)
            continue
        a = out[key]
        merged = a.with_basis(*m.bases)
        if m.kind is MeasureKind.FINE:
            merged = attrs.evolve(merged, minimum=(a.minimum or ZERO) + (m.minimum or ZERO),
                                  maximum=(a.maximum or ZERO) + (m.maximum or ZERO),
                                  figures=(*a.figures, *m.figures, f"合并：{a.minimum or ZERO}–{a.maximum}万元与"
                                           f"{m.minimum or ZERO}–{m.maximum}万元分别裁量、合并处罚"))
        elif m.kind is MeasureKind.BAN:
            merged = _ban(any(x.note.startswith("终身") for x in (a, m)), *merged.bases)
        merged = attrs.evolve(merged, earlier=tuple(dict.fromkeys((*a.earlier, *m.earlier))),
                              deadline=a.deadline or m.deadline)
        out[key] = merged
    return [_strict(m) for m in out.values()]


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
                   suspensions: Iterable[Suspension] = (), unrecorded: str | None = None) -> PenaltyDecision:
    """The measures due for ``hazard`` on ``at``, each with the rule and clause that demands it.

    ``penalties`` are the confirmed earlier decisions (any of the enterprise's; those on this hazard
    whose correction deadline passed uncorrected make a refusal: L6's, L8's and L5's upper rung; the
    first one fining the enterprise sets L3's daily amount; all of them, and this one when it is a
    行政处罚, count for P5); ``accident`` one the hazard caused; ``crime`` a suspected crime (P6);
    ``suspensions`` orders on the enterprise (refused or failing review: P5); ``unrecorded`` the
    department's finding that the hazard's investigation was not truly recorded or notified (L10).
    Nothing is changed: the department confirms the result.
    """
    history, orders = _validated(hazard, at, penalties, accident, crime, suspensions)
    if unrecorded is not None and (not isinstance(unrecorded, str) or not unrecorded.strip()):
        raise InvalidInput("unrecorded", "what the department found unrecorded (e.g. 台账未记录该隐患) or None",
                           unrecorded)
    history = _enterprise_history(hazard, at, history)
    earlier = [p for p in history if p.hazard == hazard.id and p.administrative]
    lapsed = _lapsed(hazard, at, earlier)
    grounds: list[Reason] = []
    measures: list[Measure] = []
    failures = _exemption_failures(hazard, at, accident, lapsed)
    strict = _strictness(hazard)
    if not failures and unrecorded is None:
        grounds.append(P2.reason("企业自查发现，已按规定报告并正在采取有效措施消除（五落实整改中、未逾期），依法不予行政处罚"))
    elif not failures and unrecorded is not None:
        grounds.append(L10.reason(f"隐患自查自改中，但{unrecorded}，未将事故隐患排查治理情况如实记录或者未向从业人员通报"))
        measures += _unrecorded(hazard, at, earlier, unrecorded, strict)
    else:
        grounds += strict or [L6.reason(f"不适用自查不处：{'；'.join(failures)}")]
        measures += _enterprise_measures(hazard, at, earlier, lapsed, strict, unrecorded)
        measures += _daily(hazard, at, earlier)
        dual = _dual(hazard, at, accident, lapsed)
        if dual is not None:
            grounds.append(dual)
            measures += _principal_measures(hazard, at, dual, accident, earlier, lapsed)
    penalised = any(m.kind in ADMINISTRATIVE for m in measures)
    closure = _closure(hazard, history, [s for s in orders if s.enterprise == hazard.enterprise], accident,
                       local_date(at) if penalised else None)
    if closure:
        grounds += closure
        serious = accident is not None and accident.grade.serious
        measures += [Measure(MeasureKind.CLOSURE, Target.ENTERPRISE, tuple(closure)), _ban(serious, *closure)]
    if crime is not None:
        referral = P6.reason(f"涉嫌{crime}，依法移送司法机关追究刑事责任")
        grounds.append(referral)
        measures.append(Measure(MeasureKind.REFERRAL, Target.RESPONSIBLE, (referral,)))
    return PenaltyDecision(hazard.id, hazard.enterprise, at, tuple(grounds), tuple(_merged(measures)))


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
