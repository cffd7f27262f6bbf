"""``hazardflow case|suspension|tip``: the enforcement records from a shell, each command one unit of
work on the ledger (all or nothing), ``--json`` on each, one-line 中文 (English) errors.

case open (= inspect) / decide / confirm / publish / reinspect / close / typical / show (P1, P2–P6, L4);
suspension order / review / lift / show (L2); tip receive / verify / reward / show (P8).
Fines are in 万元, as the decisions state them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from functools import wraps
from typing import Any, TypeVar

import click

import hazardflow as hf
from hazardflow.cli.common import (
    At,
    CliError,
    Label,
    Money,
    actor_options,
    db_option,
    echo_json,
    friendly,
    json_option,
    main,
    open_ledger,
    when,
)
from hazardflow.enforcement.activities import typical_case
from hazardflow.store.ledger import RecordNotFound, Unit
from hazardflow.store.records import Dossier

F = TypeVar("F", bound=Callable[..., Any])


class Wan(Money):
    """An amount in 万元, kept exact: ``3`` or ``0.5``."""

    name = "万元"

    def hint(self) -> str:
        return "应为非负数（万元），如 3 或 0.5 (expected a non-negative number of 万元)"


def recorded(command: F) -> F:
    """`friendly`, and an unknown record id is a one-line error naming the record."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RecordNotFound as error:
            raise CliError(f"记录不存在 (no such record): {error} (no {error.kind} {error.record_id!r})") from error

    return friendly(run)  # type: ignore[return-value]


def record_json(record: Any) -> Any:
    """A stored record as JSON: its fields and its events, enums with their 中文 labels."""
    return hf.schema.record_json(record)


def said(record: Any, line: str, as_json: bool) -> None:
    """What a command prints: the record as JSON, or one line."""
    if as_json:
        echo_json(record_json(record))
    else:
        click.echo(line)


def acting(command: F) -> F:
    """The options every recording command takes: --db, who acts and when, --json."""
    return db_option(actor_options(json_option(command)))



# --- hazardflow case ---------------------------------------------------------------------------------

@main.group()
def case() -> None:
    """执法三部曲 (P1): 检查诊断 → 行政处罚 → 整改复查 → 结案, with penalty decisions and typical cases."""


@click.option("--id", "case_id", help="the case's id (default: a new random id)")
@click.option("--enterprise", required=True, help="the enterprise inspected")
@click.option("--scope", required=True, help="what was checked")
@click.option("--hazard", "hazard_ids", multiple=True, help="a hazard the inspection found (repeatable)")
@acting
@recorded
def case_open(case_id: str | None, enterprise: str, scope: str, hazard_ids: tuple[str, ...], db: str, at: At,
              by: str, role: hf.Role, unit: str, as_json: bool) -> None:
    """检查诊断: a department's signed inspection opens a case (H5); prints its id."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        inspection = hf.Inspection.signed(enterprise=enterprise, scope=scope, hazards=[u.get(i) for i in hazard_ids],
                                          at=at, by=actor, id=case_id)
        opened = hf.EnforcementCase.open(inspection=inspection, at=at, by=actor, id=case_id)
        u.put(opened)
    said(opened, opened.id, as_json)


case.command("open")(case_open)
case.command("inspect", help="检查诊断 (the same as `case open`).")(case_open)


def _earlier(ledger: hf.Ledger, enterprise: str) -> list[hf.Penalty]:
    """The confirmed decisions on record against ``enterprise`` (P5 counts them)."""
    found = [ledger.load("decision", i).get("penalty") for i in ledger.record_ids("decision")]
    return [p for p in found if p is not None and p.enterprise == enterprise]


@case.command("decide")
@click.option("--id", "case_id", required=True, help="the case")
@click.option("--hazard", "hazard_id", required=True, help="the hazard decided on (one the case found)")
@click.option("--number", required=True, help="the decision's number (行政处罚决定书文号)")
@click.option("--crime", help="a suspected crime, e.g. 危险作业罪 (P6 移送司法)")
@acting
@recorded
def case_decide(case_id: str, hazard_id: str, number: str, crime: str | None, db: str, at: At, by: str,
                role: hf.Role, unit: str, as_json: bool) -> None:
    """The measures due (P2–P6), proposed for the department to confirm; nothing is penalised yet."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        opened = u.load("case", case_id)
        if hazard_id not in opened.hazards:
            raise hf.InvalidInput("hazard", f"one of the case's hazards {list(opened.hazards)}", hazard_id)
        h = u.get(hazard_id)
        orders = [ledger.load("suspension", i) for i in ledger.record_ids("suspension")]
        decision = hf.decide_penalty(h, at=at, penalties=_earlier(ledger, h.enterprise), crime=crime,
                                     suspensions=[s for s in orders if s.enterprise == h.enterprise])
        dossier = u.note("decision", number, "propose", at=at, by=actor, decision=decision, case=case_id)
    said(dossier, f"{number} 拟作出处罚决定 (proposed):\n{decision.explain()}", as_json)


@case.command("confirm")
@click.option("--number", required=True, help="the proposed decision's number")
@click.option("--fine-enterprise", type=Wan(), help="罚款 on the enterprise, 万元")
@click.option("--fine-principal", type=Wan(), help="罚款 on the principal, 万元 (一案双罚)")
@click.option("--fine-responsible", type=Wan(), help="罚款 on the responsible staff, 万元")
@click.option("--omit", multiple=True, type=Label(hf.MeasureKind), help="a discretionary measure left out")
@click.option("--extra", multiple=True, type=Label(hf.MeasureKind), help="通报 / 约谈 / 曝光 / 联合惩戒 added")
@click.option("--referred", default=0, type=click.IntRange(0), help="persons referred to the judiciary (P6)")
@acting
@recorded
def case_confirm(number: str, fine_enterprise: Decimal | None, fine_principal: Decimal | None,
                 fine_responsible: Decimal | None, omit: tuple[hf.MeasureKind, ...], extra: tuple[hf.MeasureKind, ...],
                 referred: int, db: str, at: At, by: str, role: hf.Role, unit: str, as_json: bool) -> None:
    """行政处罚: the department confirms the decision, choosing each fine; an administrative one goes on the case."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    fines = {t: v for t, v in ((hf.Target.ENTERPRISE, fine_enterprise), (hf.Target.PRINCIPAL, fine_principal),
                               (hf.Target.RESPONSIBLE, fine_responsible)) if v is not None}
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        dossier: Dossier = u.load("decision", number)
        if dossier.get("penalty") is not None:
            raise hf.InvalidInput("number", "a decision not yet confirmed", number)
        penalty = dossier["decision"].confirm(number=number, at=at, by=actor, fines=fines, omit=omit, extra=extra,
                                              referred=referred)
        u.note("decision", number, "confirm", at=at, by=actor, penalty=penalty)
        if penalty.administrative:
            u.load("case", dossier["case"]).penalize(penalty=penalty, at=at, by=actor)
    said(dossier, f"{number} 已确认 (confirmed): 罚款合计{penalty.total}万元{'，一案双罚' if penalty.dual else ''}",
         as_json)


def _step(group: click.Group, kind: str, name: str, summary: str, options: Iterable[Callable[[F], F]],
          act: Callable[[Unit, Any, datetime, hf.Actor, dict[str, Any]], Any]) -> None:
    """``GROUP NAME --id ID``: ``act`` on the stored record ``ID`` of ``kind`` in one unit of work."""

    def run(record_id: str, db: str, at: At, by: str, role: hf.Role, unit: str, as_json: bool,
            **arguments: Any) -> None:
        at = when(at)
        actor = hf.Actor(by, role, unit)
        with open_ledger(db) as ledger:
            with ledger.unit(by=actor) as u:
                record = u.load(kind, record_id)
                entry = act(u, record, at, actor, arguments)
            said(record, f"{record_id} {name}：{entry.to_stage.value}", as_json)

    command: Any = recorded(run)
    for option in (*reversed(list(options)), acting,
                   click.option("--id", "record_id", required=True, help=f"the {kind}")):
        command = option(command)
    group.command(name, help=summary)(command)


_step(case, "case", "publish",
      "L4 公示: the decision NUMBER is published (due within seven working days).",
      [click.option("--number", required=True, help="the decision's number")],
      lambda u, c, at, by, kw: c.publish(number=kw["number"], at=at, by=by))
_step(case, "case", "reinspect",
      "整改复查: --remaining names hazards still there (the case stays open and escalates).",
      [click.option("--finding", required=True, help="what the 整改复查 found"),
       click.option("--remaining", multiple=True, help="a hazard still there (repeatable)")],
      lambda u, c, at, by, kw: c.reinspect(finding=kw["finding"], remaining=kw["remaining"], at=at, by=by))
_step(case, "case", "close",
      "结案: only after a passing 整改复查 (P1), by the inspecting department (H5).", [],
      lambda u, c, at, by, kw: c.close(at=at, by=by))


@case.command("typical")
@click.option("--id", "case_id", required=True, help="the case published as typical")
@click.option("--title", required=True, help="the typical case's title")
@click.option("--dangerous-operation", is_flag=True, help="a 危险作业罪 case")
@acting
@recorded
def case_typical(case_id: str, title: str, dangerous_operation: bool, db: str, at: At, by: str,
                 role: hf.Role, unit: str, as_json: bool) -> None:
    """公布典型执法案例: the case published as typical (counted in the 调度表)."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        if case_id in ledger.record_ids("typical"):
            raise hf.InvalidInput("id", "a case not yet published as typical", case_id)
        activity = typical_case(u.load("case", case_id), title=title, dangerous_operation=dangerous_operation,
                                at=at, by=actor)
        dossier = u.note("typical", case_id, "publish", at=at, by=actor, activity=activity)
    said(dossier, f"{case_id} 已公布为典型执法案例 (published as typical)", as_json)


def _show(group: click.Group, kind: str) -> None:
    @group.command("show")
    @click.option("--id", "record_id", required=True, help="the record's id")
    @db_option
    @json_option
    @recorded
    def show(record_id: str, db: str, as_json: bool) -> None:
        """The stored record with its events."""
        with open_ledger(db) as ledger:
            record = ledger.load(kind, record_id)
        data = record_json(record)
        if as_json:
            echo_json(data)
            return
        for e in record.events:
            click.echo(f"{e.at.isoformat()} {e.trigger} {e.actor}")

    del show


_show(case, "case")


# --- hazardflow suspension ---------------------------------------------------------------------------

@main.group()
def suspension() -> None:
    """责令停产停业 (L2): order → review (审查同意) → lift (恢复生产)."""


@suspension.command("order")
@click.option("--id", "order_id", help="the order's id (default: a new random id)")
@click.option("--hazard", "hazard_ids", multiple=True, required=True, help="a major hazard of the order (repeatable)")
@click.option("--reason", required=True, help="why production must stop")
@click.option("--equipment", help="only this equipment stops (停止使用)")
@acting
@recorded
def suspension_order(order_id: str | None, hazard_ids: tuple[str, ...], reason: str, equipment: str | None, db: str,
                     at: At, by: str, role: hf.Role, unit: str, as_json: bool) -> None:
    """责令停产停业 over major hazards of one enterprise; prints its id."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        order = hf.Suspension.ordered(hazards=[u.get(i) for i in hazard_ids], reason=reason, at=at, by=actor,
                                      equipment=equipment, id=order_id)
        u.put(order)
    said(order, order.id, as_json)


_step(suspension, "suspension", "review",
      "审查同意 (L2): a department signs the review once every hazard of the order is closed.",
      [click.option("--review", required=True, help="the review's conclusion")],
      lambda u, s, at, by, kw: s.lift(hazards=[u.get(i) for i in s.hazards], review=kw["review"], at=at, by=by))
_step(suspension, "suspension", "lift",
      "恢复生产: only after the signed review (L2).", [],
      lambda u, s, at, by, kw: s.resume(at=at, by=by))
_step(suspension, "suspension", "refuse",
      "拒不执行: a department records that the enterprise did not comply (P5, L3).",
      [click.option("--finding", required=True, help="what the department found")],
      lambda u, s, at, by, kw: s.refuse(finding=kw["finding"], at=at, by=by))
_show(suspension, "suspension")


# --- hazardflow tip ------------------------------------------------------------------------------------

@main.group()
def tip() -> None:
    """举报 (P8): receive → verify (a hazard with source 举报) → reward (万元)."""


@tip.command("receive")
@click.option("--id", "tip_id", help="the tip-off's id (default: a new random id)")
@click.option("--content", required=True, help="what the tip-off says")
@click.option("--enterprise", required=True, help="the enterprise it is about")
@click.option("--channel", default="电话", show_default=True, help="how it came in")
@click.option("--informant", help="the informant's name (left out: anonymous)")
@acting
@recorded
def tip_receive(tip_id: str | None, content: str, enterprise: str, channel: str, informant: str | None, db: str,
                at: At, by: str, role: hf.Role, unit: str, as_json: bool) -> None:
    """Record a tip-off; prints its id."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    received = hf.TipOff.received_by(content=content, enterprise=enterprise, at=at, by=actor, channel=channel,
                                     informant=informant, id=tip_id)
    with open_ledger(db, create=True) as ledger, ledger.unit(by=actor) as u:
        dossier = u.note("tip", received.id, "receive", at=at, by=actor, tip=received)
    said(dossier, received.id, as_json)


@tip.command("verify")
@click.option("--id", "tip_id", required=True, help="the tip-off")
@click.option("--level", required=True, type=Label(hf.Level), help="重大事故隐患 / 一般事故隐患")
@click.option("--sector", required=True, help="行业领域")
@click.option("--town", required=True, help="属地 of the hazard")
@click.option("--description", help="the hazard found (default: the tip's content)")
@click.option("--hazard-id", help="the new hazard's id (default: a new random id)")
@acting
@recorded
def tip_verify(tip_id: str, level: hf.Level, sector: str, town: str, description: str | None, hazard_id: str | None,
               db: str, at: At, by: str, role: hf.Role, unit: str, as_json: bool) -> None:
    """查证: the department records what it found as a hazard (source 举报); prints the hazard's id."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        dossier: Dossier = u.load("tip", tip_id)
        found = hf.verify_tip(dossier["tip"], level=level, sector=sector, unit=town, at=at, by=actor,
                              description=description)
        if hazard_id is not None:
            found = hf.Hazard.found(description=found.description, level=level, source=found.source,
                                    enterprise=found.enterprise, sector=sector, unit=town, at=at, by=actor,
                                    id=hazard_id)
        u.add(found)
        u.note("tip", tip_id, "verify", at=at, by=actor, hazard=found.id)
    said(dossier, found.id, as_json)


@tip.command("reward")
@click.option("--id", "tip_id", required=True, help="the verified tip-off")
@click.option("--amount", required=True, type=Wan(), help="the reward, 万元")
@acting
@recorded
def tip_reward(tip_id: str, amount: Decimal, db: str, at: At, by: str, role: hf.Role, unit: str,
               as_json: bool) -> None:
    """P8 举报奖励 for a verified major hazard (once per tip-off)."""
    at = when(at)
    actor = hf.Actor(by, role, unit)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        dossier: Dossier = u.load("tip", tip_id)
        if dossier.get("hazard") is None:
            raise hf.InvalidInput("id", "a tip-off verified first (tip verify)", tip_id)
        earlier = [dossier["reward"]] if dossier.get("reward") is not None else []
        reward = hf.reward_tip(dossier["tip"], u.get(dossier["hazard"]), amount=amount, at=at, by=actor,
                               earlier=earlier)
        u.note("tip", tip_id, "reward", at=at, by=actor, reward=reward, enterprise=dossier["tip"].enterprise)
    said(dossier, f"{tip_id} 已兑现举报奖励{amount}万元 (reward paid)", as_json)


_show(tip, "tip")
