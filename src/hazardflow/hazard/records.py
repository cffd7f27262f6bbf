"""The register's records as attrs classes, validated on construction.

Value records (`Actor`, `Plan`, `Signature`, `Report`, `Listing`, `Event`) are frozen. `Hazard` is
the one mutable record; only the hazard machine (`lifecycle.py`) changes it, one event at a time.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

import attrs

from hazardflow.checks import (
    InvalidInput,
    amount,
    aware_time,
    local_date,
    moment,
    of_type,
    optional_text,
    record_id,
    text,
    to_amount,
)
from hazardflow.hazard import standards
from hazardflow.rules import NOTICE_NUMBERS, Rejected
from hazardflow.vocab import TRIGGER_LABELS, Level, ReportKind, Role, Source, Stage

if TYPE_CHECKING:
    from hazardflow.rules import Reason



_EMPTY: Mapping[str, Any] = MappingProxyType({})


def renamed(old: str, new: str) -> None:
    """Warn that ``old`` is the deprecated name of ``new`` (GLOSSARY.md: "unit" is only the unit of work)."""
    warnings.warn(f"{old} is deprecated: use {new} (GLOSSARY.md)", DeprecationWarning, stacklevel=3)


def _one_of(record: str, name: str, new: str | None, old: str | None) -> str | None:
    """The value given as ``name`` or, deprecated, as ``unit``; both given is an error."""
    if old is None:
        return new
    if new is not None:
        raise InvalidInput(f"{record}.unit", f"{name} or the deprecated unit, not both", old,
                           zh=f"{name} 与（已弃用的）unit 二者只给一个")
    renamed(f"{record}(unit=...)", f"{name}=...")
    return old


@attrs.frozen(init=False)
class Actor:
    """Who acts: a person or body, its role, and its organisation (单位: enterprise, department or town).

    ``unit`` (as keyword or attribute) is the deprecated name of ``organisation``; positional
    ``Actor(name, role, organisation)`` is unchanged."""

    name: str = attrs.field(validator=text)
    role: Role = attrs.field(validator=of_type(Role, "a hazardflow.Role"))
    organisation: str = attrs.field(validator=text)

    def __init__(self, name: str, role: Role, organisation: str | None = None, *, unit: str | None = None) -> None:
        if unit is not None:
            organisation = _one_of("Actor", "organisation", organisation, unit)
        self.__attrs_init__(name, role, cast(str, organisation))  # None: refused by the field's validator

    @property
    def unit(self) -> str:
        """Deprecated: `organisation`."""
        renamed("Actor.unit", "Actor.organisation")
        return self.organisation

    def __str__(self) -> str:
        return f"{self.organisation}{self.role.label}{self.name}"


@attrs.frozen
class Plan:
    """五落实 (H2): 责任人, 措施, 资金 (元, a Decimal; an int or decimal string is taken exactly),
    时限 (a date), 应急预案.

    Every field may be missing (None or empty) on the record: whether the plan is complete enough
    to hand the hazard over is rule H2's decision, not the record's.
    """

    responsible: str | None = attrs.field(default=None, validator=optional_text)
    measures: str | None = attrs.field(default=None, validator=optional_text)
    funds: Decimal | None = attrs.field(default=None, converter=to_amount, validator=amount)
    deadline: date | None = attrs.field(default=None, validator=of_type(date, "a date", optional=True))
    contingency: str | None = attrs.field(default=None, validator=optional_text)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        """The plan of a JSON object (docs/json.md: funds as decimal text, deadline YYYY-MM-DD, nulls)."""
        return Hazard.json_form.plan_from_json(data)


@attrs.frozen
class Signature:
    """谁检查、谁签名、谁负责 (H5): who signed, in which role and unit, and when."""

    by: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    at: datetime = attrs.field(validator=moment)


@attrs.frozen
class Report:
    """One 双报告 entry (H4): what was reported, to whom, by whom, when."""

    kind: ReportKind = attrs.field(validator=of_type(ReportKind, "a hazardflow.ReportKind"))
    to: str = attrs.field(validator=text)
    by: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    at: datetime = attrs.field(validator=moment)


@attrs.frozen
class Listing:
    """挂牌督办 (H7): the listing authority and its document (title and 文号)."""

    authority: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    title: str = attrs.field(validator=text)
    number: str = attrs.field(validator=text)
    at: datetime = attrs.field(validator=moment)
    delisted_at: datetime | None = attrs.field(
        default=None, validator=of_type(datetime, "an aware datetime", optional=True)
    )

    @property
    def active(self) -> bool:
        """Still listed (not yet 摘牌)."""
        return self.delisted_at is None


def _frozen_payload(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if not value:
        return _EMPTY
    return MappingProxyType(dict(value))


@attrs.frozen
class Event:
    """One recorded change (H1): trigger, stage before and after, who, when, and what."""

    trigger: str = attrs.field(validator=text)
    from_stage: Stage | None = attrs.field(validator=of_type(Stage, "a hazardflow.Stage", optional=True))
    to_stage: Stage = attrs.field(validator=of_type(Stage, "a hazardflow.Stage"))
    actor: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    at: datetime = attrs.field(validator=moment)
    payload: Mapping[str, Any] = attrs.field(default=None, converter=_frozen_payload, eq=False)

    @classmethod
    def recorded(cls, trigger: str, from_stage: Stage | None, to_stage: Stage, actor: Actor, at: datetime,
                 payload: Mapping[str, Any]) -> Event:
        """An event built from values the hazard machine has already validated: its hot path, which
        skips re-running the validators (a third of a trigger's cost)."""
        event = object.__new__(cls)
        for name, value in (("trigger", trigger), ("from_stage", from_stage), ("to_stage", to_stage),
                            ("actor", actor), ("at", at), ("payload", _frozen_payload(payload))):
            object.__setattr__(event, name, value)
        return event

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return (
            self.trigger == other.trigger
            and self.from_stage is other.from_stage
            and self.to_stage is other.to_stage
            and self.actor == other.actor
            and self.at == other.at
            and dict(self.payload) == dict(other.payload)
        )

    def __hash__(self) -> int:
        return hash((self.trigger, self.from_stage, self.to_stage, self.actor, self.at))

    def to_json(self) -> dict[str, Any]:
        """The event in the documented JSON shape (docs/json.md)."""
        return Hazard.json_form.event_json(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Event:
        """The event of a JSON object of `to_json`'s shape; `InvalidInput` names a bad key."""
        return Hazard.json_form.event_from_json(data)


class JsonForm(Protocol):
    """The documented JSON shape (docs/json.md) of plans, events and hazards: the functions of
    `hazard.jsonform`, installed as ``Hazard.json_form`` when that module is imported (as ``driver``
    is by `lifecycle`), so that the records offer ``to_json``/``from_json`` without importing it."""

    def plan_from_json(self, data: Any, where: str = "plan") -> Plan: ...

    def event_json(self, e: Event, seq: int | None = None) -> dict[str, Any]: ...

    def event_from_json(self, data: Any) -> Event: ...

    def hazard_json(self, h: Hazard, *, events: bool = True) -> dict[str, Any]: ...

    def hazard_from_json(self, data: Any) -> Hazard: ...


@attrs.frozen
class Allowed:
    """A trigger ``by`` may fire now (`Hazard.allowed`) once it gives the ``missing`` arguments."""

    trigger: str
    missing: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The trigger's 中文 name."""
        return TRIGGER_LABELS.get(self.trigger, self.trigger)

    def to_json(self) -> dict[str, Any]:
        """``{"trigger", "trigger_label", "missing": [argument, ...]}`` (docs/json.md)."""
        return {"trigger": self.trigger, "trigger_label": self.label, "missing": list(self.missing)}


class Driver(Protocol):
    """What drives a hazard through its loop: the one machine of `lifecycle.py`."""

    def fire(self, h: Hazard, trigger: str, at: datetime, by: Actor, **kwargs: Any) -> Event: ...

    def why_not(self, h: Hazard, trigger: str, at: datetime, by: Actor, **kwargs: Any) -> list[Reason]: ...

    def allowed(self, h: Hazard, at: datetime, by: Actor) -> list[Allowed]: ...


def _machine_only(h: Any, attribute: attrs.Attribute[Any], value: Any) -> Any:
    """Refuse assigning a hazard's field (its stage, its events …) from outside the hazard machine (H1)."""
    raise AttributeError(
        f"隐患的 {attribute.name} 只能由状态机的触发器改变（如 h.close(...)），不能直接赋值 "
        f"(Hazard.{attribute.name} is changed by the hazard machine's triggers only)")


def _history(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(events)


def advance(h: Hazard, event: Event) -> None:
    """Record ``event`` on ``h``: its stage becomes the event's and the event joins the history.

    For the hazard machine (`lifecycle`) and `Hazard.found` only: everything else reads the fields
    (which refuse assignment) and changes them through the triggers."""
    put(h, "stage", event.to_stage)
    put(h, "events", (*h.events, event))


put = object.__setattr__
"""Set a hazard's field around the refusal of `_machine_only`: for the machine's effects alone."""


@attrs.define(eq=True, on_setattr=_machine_only)
class Hazard:
    """A hazard on the register (台账): the fields of 宜明 附件2 plus its loop state and history.

    Every field reads as usual and none can be assigned (ARCHITECTURE.md principle 11): the stage,
    the history and the state they carry change only through the triggers, so a stored history is
    always one the machine produced (`store.history`).

    Create one with `Hazard.found(...)` and drive it with its triggers. Every trigger either records
    exactly one `Event` and returns it, or raises `Rejected` and changes nothing (H1). The triggers
    run through the process's one hazard machine (`lifecycle.LOOP`, installed as ``driver``).
    """

    driver: ClassVar[Driver]
    json_form: ClassVar[JsonForm]

    id: str = attrs.field(validator=text)
    description: str = attrs.field(validator=text)
    level: Level = attrs.field(validator=of_type(Level, "a hazardflow.Level"))
    source: Source = attrs.field(validator=of_type(Source, "a hazardflow.Source"))
    enterprise: str = attrs.field(validator=text)
    sector: str = attrs.field(validator=text)
    jurisdiction: str = attrs.field(validator=text)
    """属地: where the hazard is (a path such as 沈阳市/铁西区; GLOSSARY.md)."""
    found_at: datetime = attrs.field(validator=moment)
    found_by: Actor = attrs.field(validator=of_type(Actor, "a hazardflow.Actor"))
    key: bool = attrs.field(default=False, validator=of_type(bool, "True or False"))
    standard_items: tuple[str, ...] = ()
    """The 判定标准 items the hazard meets, as cited (``10号令第十一条(一)``; L7)."""
    notice: str | None = attrs.field(default=None, validator=optional_text)
    stage: Stage = Stage.FOUND
    plan: Plan | None = None
    deadline: date | None = None
    listing: Listing | None = None
    reports: tuple[Report, ...] = ()
    rectifier: Actor | None = None
    evidence: str | None = None
    acceptance: Signature | None = None
    assessment: Signature | None = None
    sham: int = 0
    events: tuple[Event, ...] = attrs.field(factory=tuple, converter=_history)
    """The history (H1), appended to by the hazard machine alone (a tuple)."""

    def reported(self, kind: ReportKind) -> bool:
        """Whether a 双报告 entry of ``kind`` is on record."""
        return any(r.kind is kind for r in self.reports)

    def reports_since_reopening(self) -> tuple[Report, ...]:
        """The 双报告 entries made since the last 回头看 reopening (every entry if never reopened, H4)."""
        made = 0
        for e in reversed(self.events):
            if e.trigger == "reopen":
                return self.reports[len(self.reports) - made:] if made else ()
            if e.trigger == "report":
                made += 1
        return self.reports

    @property
    def unit(self) -> str:
        """Deprecated: `jurisdiction`."""
        renamed("Hazard.unit", "Hazard.jurisdiction")
        return self.jurisdiction

    @property
    def is_major(self) -> bool:
        """A major hazard (重大事故隐患)."""
        return self.level is Level.MAJOR

    @property
    def listed(self) -> bool:
        """Currently under 挂牌督办."""
        return self.listing is not None and self.listing.active

    @classmethod
    def found(
        cls,
        *,
        description: str,
        level: Level | None = None,
        source: Source,
        enterprise: str,
        sector: str,
        jurisdiction: str | None = None,
        at: datetime,
        by: Actor,
        key: bool = False,
        id: str | None = None,
        standard_items: Iterable[str] = (),
        notice: str | None = None,
        unit: str | None = None,
    ) -> Hazard:
        """发现: put a hazard on record in stage 发现, with its first event (H1).

        ``standard_items`` cites the 判定标准 items the hazard meets (L7): citing one makes it major
        (``level`` may then be left out); declared general or 重点隐患 while citing one, or citing an
        item whose article does not apply to ``sector``, it is refused (`Rejected`).

        ``notice`` (a profile id such as ``"shenyang-2023"``, known to this process: a seed profile or a
        campaign's) opens it under that notice: every refusal then cites that notice's clauses and the
        law's only (principle 12). A stored hazard keeps its notice even where the process does not know
        it; its refusals then cite the full lists (`rules.scoped`).

        ``unit`` is the deprecated name of ``jurisdiction``.
        """
        if unit is not None:
            jurisdiction = _one_of("Hazard.found", "jurisdiction", jurisdiction, unit)
        if notice is not None and notice not in NOTICE_NUMBERS:
            raise InvalidInput("Hazard.notice", f"None or a notice profile id ({', '.join(sorted(NOTICE_NUMBERS))})",
                               notice)
        cited = standards.items(standard_items)
        grade = standards.level_of(level, cited)
        h = cls(
            id=record_id(id), description=description, level=grade,
            source=source, enterprise=enterprise, sector=sector, jurisdiction=cast(str, jurisdiction),  # None: refused
            found_at=at, found_by=by,
            key=key, standard_items=tuple(i.ref for i in cited), notice=notice,
        )
        reasons = standards.why_not_cite(grade, sector, key, cited)
        if reasons:
            raise Rejected(reasons)
        advance(h, Event.recorded("found", None, Stage.FOUND, h.found_by, h.found_at, h.register_fields()))
        return h

    def register_fields(self) -> dict[str, Any]:
        """The fields fixed at discovery: the payload of the ``found`` event (``notice`` only when opened under one)."""
        fields: dict[str, Any] = {
            "id": self.id, "description": self.description, "level": self.level, "source": self.source,
            "enterprise": self.enterprise, "sector": self.sector, "jurisdiction": self.jurisdiction,
            "key": self.key,
            **({"standard_items": self.standard_items} if self.standard_items else {}),
        }
        if self.notice is not None:
            fields["notice"] = self.notice
        return fields

    def report(self, *, kind: ReportKind, to: str, at: datetime, by: Actor) -> Event:
        """双报告 (H4): report the discovery or the rectification to ``to``; the stage stays."""
        return self.driver.fire(self, "report", at, by, kind=kind, to=to)

    def assign(self, *, plan: Plan, at: datetime, by: Actor) -> Event:
        """交办 (H2, H4): hand the hazard over under a complete 五落实 plan."""
        return self.driver.fire(self, "assign", at, by, plan=plan)

    def rectify(self, *, at: datetime, by: Actor) -> Event:
        """整改: rectification starts; ``by`` is the rectifier (H5)."""
        return self.driver.fire(self, "rectify", at, by)

    def submit(self, *, evidence: str, at: datetime, by: Actor) -> Event:
        """提请验收: rectification reported done, with what was done, awaiting acceptance."""
        return self.driver.fire(self, "submit", at, by, evidence=evidence)

    def close(self, *, at: datetime, by: Actor) -> Event:
        """销号 (H4, H5, H6): ``by`` signs the acceptance; a listed hazard is delisted with it."""
        return self.driver.fire(self, "close", at, by)

    def reject(self, *, reason: str, at: datetime, by: Actor) -> Event:
        """验收不合格 (H9): back to 整改 with the reason on record."""
        return self.driver.fire(self, "reject", at, by, reason=reason)

    def fix_on_spot(self, *, measures: str, at: datetime, by: Actor) -> Event:
        """即查即改 (H3): a general hazard goes from 发现 straight to 验收."""
        return self.driver.fire(self, "fix_on_spot", at, by, measures=measures)

    def reopen(self, *, reason: str, at: datetime, by: Actor) -> Event:
        """回头看 (H10): a closed hazard not truly fixed goes back to 整改; the rectification was sham."""
        return self.driver.fire(self, "reopen", at, by, reason=reason)

    def list_for_supervision(self, *, title: str, number: str, at: datetime, by: Actor) -> Event:
        """挂牌督办 (H7): ``by`` (a department or government) lists the hazard under its document."""
        return self.driver.fire(self, "list_for_supervision", at, by, title=title, number=number)

    def delist(self, *, at: datetime, by: Actor) -> Event:
        """摘牌 (H6): only the listing authority delists."""
        return self.driver.fire(self, "delist", at, by)

    def extend(self, *, deadline: date, reason: str, at: datetime, by: Actor) -> Event:
        """延期 (H8): move the deadline by a recorded, signed decision with a reason."""
        return self.driver.fire(self, "extend", at, by, deadline=deadline, reason=reason)

    def assess(self, *, opinion: str, at: datetime, by: Actor) -> Event:
        """专家评估 (H6): an expert's assessment lets the principal accept a major hazard."""
        return self.driver.fire(self, "assess", at, by, opinion=opinion)

    def to_json(self, *, events: bool = True) -> dict[str, Any]:
        """The hazard in the documented JSON shape (docs/json.md), with its events unless ``events=False``."""
        return self.json_form.hazard_json(self, events=events)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Hazard:
        """The hazard of a `to_json` document, rebuilt from its events; refused if its state is not theirs."""
        return cls.json_form.hazard_from_json(data)

    def why_not(self, trigger: str, *, at: datetime, by: Actor, **kwargs: Any) -> list[Reason]:
        """The reasons ``trigger`` would be refused now (empty if it would pass); never raises Rejected.

        An argument not given is reported as a reason with rule ``INPUT`` (`rules.missing`), and
        the rules that would read it are not judged yet."""
        return self.driver.why_not(self, trigger, at, by, **kwargs)

    def allowed(self, *, at: datetime, by: Actor) -> list[Allowed]:
        """The triggers ``by`` may fire now, each with the arguments it still has to give (UI buttons)."""
        return self.driver.allowed(self, at, by)

    def is_overdue(self, at: datetime) -> bool:
        """逾期 (H8): past the (possibly extended) deadline on ``at``'s date and not closed."""
        return (self.stage is not Stage.CLOSED and self.deadline is not None
                and local_date(aware_time(at)) > self.deadline)
