"""``hazardflow case|suspension|tip``: the enforcement records from a shell, each command one unit of
work on the ledger (all or nothing), ``--json`` on each, one-line 中文 (English) errors.

case open (= inspect) / decide / confirm / publish / reinspect / close / typical / show (P1, P2–P6, L4);
suspension order / review / lift / show (L2); tip receive / verify / reward / show (P8); spotcheck
record / show (抽查检查); listing dispatch / show (H7 周调度).
Fines are in 万元, as the decisions state them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

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
    renamed,
    rendered,
    resolve,
    table,
    when,
)
from hazardflow.enforcement.activities import typical_case
from hazardflow.enforcement.spot_checks import SCOPE

if TYPE_CHECKING:  # the store is imported by the commands that open a ledger, not by `hazardflow --help`
    from hazardflow.store.ledger import Unit
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
        except KeyError as error:
            from hazardflow.store import RecordNotFound

            if not isinstance(error, RecordNotFound):
                raise
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


def record_id(kind: str, dest: str = "record_id") -> Callable[[F], F]:
    """``ID`` (the record's id or a unique prefix of it) as an argument, ``--id`` kept as its old spelling;
    the command receives the whole id (`resolve`)."""

    def decorate(command: F) -> F:
        @wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            with open_ledger(kwargs["db"]) as ledger:  # kept open for the command (`open_ledger`)
                kwargs[dest] = resolve(ledger, kwargs[dest], kind)
                return command(*args, **kwargs)

        decorated: Any = renamed(dest, "ID", "--id", required=True)(run)
        return click.argument(dest, metavar="ID", required=False)(decorated)  # type: ignore[no-any-return]

    return decorate


def acting(command: F) -> F:
    """The options every recording command takes: --db, who acts and when, --json."""
    return db_option(actor_options(json_option(command)))



# --- hazardflow case ---------------------------------------------------------------------------------

@main.group()
def case() -> None:
    """执法三部曲（P1）：检查诊断 → 行政处罚 → 整改复查 → 结案，含处罚决定和典型案例 (enforcement cases)。"""


@click.option("--id", "case_id", help="案件编号，不写则随机生成 (the case's id)")
@click.option("--enterprise", required=True, help="被检查企业 (the enterprise inspected)")
@click.option("--scope", required=True, help="检查内容 (what was checked)")
@click.option("--hazard", "hazard_ids", multiple=True, help="检查发现的隐患，可重复 (a hazard found; repeatable)")
@acting
@recorded
def case_open(case_id: str | None, enterprise: str, scope: str, hazard_ids: tuple[str, ...], db: str, at: At,
              by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """检查诊断：部门签名的检查立案（H5），显示案件编号 (a signed inspection opens a case)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        inspection = hf.Inspection.signed(enterprise=enterprise, scope=scope, hazards=[u.get(i) for i in hazard_ids],
                                          at=at, by=actor, id=case_id)
        opened = hf.EnforcementCase.open(inspection=inspection, at=at, by=actor, id=case_id)
        u.put(opened)
    said(opened, opened.id, as_json)


case.command("open")(case_open)
case.command("inspect", help="检查诊断，同 `case open` (the same as `case open`)。")(case_open)


def _earlier(ledger: hf.Ledger, enterprise: str) -> list[hf.Penalty]:
    """The confirmed decisions on record against ``enterprise`` (P5 counts them)."""
    found = [ledger.load("decision", i).get("penalty") for i in ledger.record_ids("decision")]
    return [p for p in found if p is not None and p.enterprise == enterprise]


@case.command("decide")
@record_id("case", "case_id")
@click.option("--hazard", "hazard_id", required=True, help="处罚针对的隐患（须为本案发现的） (the hazard decided on)")
@click.option("--number", required=True, help="行政处罚决定书文号 (the decision's number)")
@click.option("--crime", help="涉嫌的罪名，如 危险作业罪（P6 移送司法） (a suspected crime)")
@acting
@recorded
def case_decide(case_id: str, hazard_id: str, number: str, crime: str | None, db: str, at: At, by: str,
                role: hf.Role, org: str, as_json: bool) -> None:
    """拟定应当采取的措施（P2–P6），待部门确认；此时尚未处罚 (the measures due, proposed)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        opened = u.load("case", case_id)
        if hazard_id not in opened.hazards:
            raise hf.InvalidInput("hazard", f"one of the case's hazards {list(opened.hazards)}", hazard_id,
                                  zh=f"本案发现的隐患之一（{'、'.join(opened.hazards)}）")
        h = u.get(hazard_id)
        orders = [ledger.load("suspension", i) for i in ledger.record_ids("suspension")]
        decision = hf.decide_penalty(h, at=at, penalties=_earlier(ledger, h.enterprise), crime=crime,
                                     suspensions=[s for s in orders if s.enterprise == h.enterprise])
        dossier = u.note("decision", number, "propose", at=at, by=actor, decision=decision, case=case_id)
    said(dossier, f"{number} 拟作出处罚决定 (proposed):\n{decision.explain()}", as_json)


@case.command("confirm")
@click.option("--number", required=True, help="拟定的处罚决定书文号 (the proposed decision's number)")
@click.option("--fine-enterprise", type=Wan(), help="对企业罚款，万元 (fine on the enterprise)")
@click.option("--fine-principal", type=Wan(), help="对主要负责人罚款，万元，一案双罚 (fine on the principal)")
@click.option("--fine-responsible", type=Wan(), help="对其他责任人员罚款，万元 (fine on the responsible staff)")
@click.option("--omit", multiple=True, type=Label(hf.MeasureKind), help="不采取的可选措施 (a measure left out)")
@click.option("--extra", multiple=True, type=Label(hf.MeasureKind), help="另加：通报 / 约谈 / 曝光 / 联合惩戒 (added)")
@click.option("--referred", default=0, type=click.IntRange(0), help="移送司法机关的人数（P6） (persons referred)")
@acting
@recorded
def case_confirm(number: str, fine_enterprise: Decimal | None, fine_principal: Decimal | None,
                 fine_responsible: Decimal | None, omit: tuple[hf.MeasureKind, ...], extra: tuple[hf.MeasureKind, ...],
                 referred: int, db: str, at: At, by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """行政处罚：部门确认处罚决定并确定各项罚款，行政处罚记入案件 (the department confirms the decision)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    fines = {t: v for t, v in ((hf.Target.ENTERPRISE, fine_enterprise), (hf.Target.PRINCIPAL, fine_principal),
                               (hf.Target.RESPONSIBLE, fine_responsible)) if v is not None}
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        dossier: Dossier = u.load("decision", number)
        if dossier.get("penalty") is not None:
            raise hf.InvalidInput("number", "a decision not yet confirmed", number, zh="尚未确认的处罚决定")
        penalty = dossier["decision"].confirm(number=number, at=at, by=actor, fines=fines, omit=omit, extra=extra,
                                              referred=referred)
        u.note("decision", number, "confirm", at=at, by=actor, penalty=penalty)
        if penalty.administrative:
            u.load("case", dossier["case"]).penalize(penalty=penalty, at=at, by=actor)
    said(dossier, f"{number} 已确认 (confirmed): 罚款合计{penalty.total}万元{'，一案双罚' if penalty.dual else ''}",
         as_json)


def _step(group: click.Group, kind: str, name: str, summary: str, options: Iterable[Callable[[F], F]],
          act: Callable[[Unit, Any, datetime, hf.Actor, dict[str, Any]], Any]) -> None:
    """``GROUP NAME ID``: ``act`` on the stored record ``ID`` (or a unique prefix) of ``kind`` in one unit of work."""

    def run(record_id: str, db: str, at: At, by: str, role: hf.Role, org: str, as_json: bool,
            **arguments: Any) -> None:
        at = when(at)
        actor = hf.Actor(by, role, org)
        with open_ledger(db) as ledger:
            with ledger.unit(by=actor) as u:
                record = u.load(kind, record_id)
                entry = act(u, record, at, actor, arguments)
            said(record, f"{record_id} {name}：{entry.to_stage.value}", as_json)

    command: Any = recorded(run)
    for option in (*reversed(list(options)), acting, record_id(kind)):
        command = option(command)
    group.command(name, help=summary)(command)


_step(case, "case", "publish",
      "公示（L4）：公示处罚决定 NUMBER，期限为七个工作日 (publish the decision)。",
      [click.option("--number", required=True, help="处罚决定书文号 (the decision's number)")],
      lambda u, c, at, by, kw: c.publish(number=kw["number"], at=at, by=by))
_step(case, "case", "reinspect",
      "整改复查：--remaining 写明仍存在的隐患，案件不结案并升级处理 (reinspection)。",
      [click.option("--finding", required=True, help="整改复查的结论 (what the reinspection found)"),
       click.option("--remaining", multiple=True, help="仍存在的隐患，可重复 (a hazard still there; repeatable)")],
      lambda u, c, at, by, kw: c.reinspect(finding=kw["finding"], remaining=kw["remaining"], at=at, by=by))
_step(case, "case", "close",
      "结案：整改复查合格后（P1），由检查部门结案（H5） (close the case)。", [],
      lambda u, c, at, by, kw: c.close(at=at, by=by))


@case.command("typical")
@record_id("case", "case_id")
@click.option("--title", required=True, help="典型案例标题 (the title)")
@click.option("--dangerous-operation", is_flag=True, help="属危险作业罪案件 (a dangerous-operation crime case)")
@acting
@recorded
def case_typical(case_id: str, title: str, dangerous_operation: bool, db: str, at: At, by: str,
                 role: hf.Role, org: str, as_json: bool) -> None:
    """公布典型执法案例，计入调度表 (publish the case as typical)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        if case_id in ledger.record_ids("typical", prefix=case_id):
            raise hf.InvalidInput("id", "a case not yet published as typical", case_id, zh="尚未公布为典型案例的案件")
        activity = typical_case(u.load("case", case_id), title=title, dangerous_operation=dangerous_operation,
                                at=at, by=actor)
        dossier = u.note("typical", case_id, "publish", at=at, by=actor, activity=activity)
    said(dossier, f"{case_id} 已公布为典型执法案例 (published as typical)", as_json)


ACTIONS = {"inspect": "检查诊断", "order": "责令停产停业", "receive": "受理举报", "verify": "查证",
           "reward": "举报奖励",
           "propose": "拟定处罚决定", "confirm": "确认处罚决定", "publish": "公布", "check": "抽查检查",
           "dispatch": "周调度", "trace": "倒查", "tick": "到期检查", "join": "参加专项行动", "record": "报送",
           "advance": "推进阶段"}
"""The 中文 name of each noted event `show` prints (a flow's own steps name themselves)."""


def _action(record: Any, trigger: str) -> str:
    flow = getattr(type(record), "flow", None)
    step = flow.steps.get(trigger) if flow is not None else None
    return step.label if step is not None else ACTIONS.get(trigger, trigger)


def _show(group: click.Group, kind: str) -> None:
    @group.command("show")
    @db_option
    @record_id(kind)
    @json_option
    @recorded
    def show(record_id: str, db: str, as_json: bool) -> None:
        """一项记录及其全部事件 (the stored record with its events)。"""
        from hazardflow.store.records import KINDS

        with open_ledger(db) as ledger:
            record = ledger.load(kind, record_id)
        data = record_json(record)
        if as_json:
            echo_json(data)
            return
        click.echo(rendered(table(f"{KINDS[kind].label} {record_id}", ("时间", "事项", "阶段", "签名人"),
                                  ((e.at, _action(record, e.trigger), getattr(e, "to_stage", None), e.actor)
                                   for e in record.events), fixed=("时间",))))

    del show


_show(case, "case")


# --- hazardflow suspension ---------------------------------------------------------------------------

@main.group()
def suspension() -> None:
    """责令停产停业（L2）：责令 → 审查同意 → 恢复生产 (order → review → lift)。"""


@suspension.command("order")
@click.option("--id", "order_id", help="责令编号，不写则随机生成 (the order's id)")
@click.option("--hazard", "hazard_ids", multiple=True, required=True, help="所涉重大隐患，可重复 (a major hazard)")
@click.option("--reason", required=True, help="停产停业的理由 (why production must stop)")
@click.option("--equipment", help="只停止使用该设备 (only this equipment stops)")
@acting
@recorded
def suspension_order(order_id: str | None, hazard_ids: tuple[str, ...], reason: str, equipment: str | None, db: str,
                     at: At, by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """对一家企业的重大事故隐患责令停产停业，显示其编号 (order a suspension)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        order = hf.Suspension.ordered(hazards=[u.get(i) for i in hazard_ids], reason=reason, at=at, by=actor,
                                      equipment=equipment, id=order_id)
        u.put(order)
    said(order, order.id, as_json)


_step(suspension, "suspension", "review",
      "审查同意（L2）：所涉隐患全部销号后，部门签名审查同意 (the signed review)。",
      [click.option("--review", required=True, help="审查结论 (the review's conclusion)")],
      lambda u, s, at, by, kw: s.lift(hazards=[u.get(i) for i in s.hazards], review=kw["review"], at=at, by=by))
_step(suspension, "suspension", "lift",
      "恢复生产：须经签名审查同意（L2） (resume production)。", [],
      lambda u, s, at, by, kw: s.resume(at=at, by=by))
_step(suspension, "suspension", "refuse",
      "拒不执行：部门记录企业拒不执行（P5、L3） (the enterprise did not comply)。",
      [click.option("--finding", required=True, help="部门查明的情况 (what the department found)")],
      lambda u, s, at, by, kw: s.refuse(finding=kw["finding"], at=at, by=by))
_show(suspension, "suspension")


# --- hazardflow tip ------------------------------------------------------------------------------------

@main.group()
def tip() -> None:
    """举报（P8）：受理 → 查证（登记为来源“举报”的隐患） → 奖励（万元） (tip-offs)。"""


@tip.command("receive")
@click.option("--id", "tip_id", help="举报编号，不写则随机生成 (the tip-off's id)")
@click.option("--content", required=True, help="举报内容 (what the tip-off says)")
@click.option("--enterprise", required=True, help="被举报企业 (the enterprise)")
@click.option("--channel", default="电话", show_default=True, help="举报渠道 (how it came in)")
@click.option("--informant", help="举报人姓名，不写为匿名 (the informant; none: anonymous)")
@acting
@recorded
def tip_receive(tip_id: str | None, content: str, enterprise: str, channel: str, informant: str | None, db: str,
                at: At, by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """受理一件举报，显示其编号 (record a tip-off)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    received = hf.TipOff.received_by(content=content, enterprise=enterprise, at=at, by=actor, channel=channel,
                                     informant=informant, id=tip_id)
    with open_ledger(db, create=True) as ledger, ledger.unit(by=actor) as u:
        dossier = u.note("tip", received.id, "receive", at=at, by=actor, tip=received)
    said(dossier, received.id, as_json)


@tip.command("verify")
@record_id("tip", "tip_id")
@click.option("--level", required=True, type=Label(hf.Level), help="隐患等级：重大事故隐患 / 一般事故隐患 (level)")
@click.option("--sector", required=True, help="行业领域 (sector)")
@click.option("--jurisdiction", help="隐患属地，如 沈阳市/铁西区 (the hazard's jurisdiction)")
@renamed("jurisdiction", "--jurisdiction", "--town", required=True)
@click.option("--description", help="查实的隐患，不写则用举报内容 (the hazard found)")
@click.option("--hazard-id", help="新隐患编号，不写则随机生成 (the new hazard's id)")
@acting
@recorded
def tip_verify(tip_id: str, level: hf.Level, sector: str, jurisdiction: str, description: str | None,
               hazard_id: str | None, db: str, at: At, by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """查证：部门把查实的情况登记为隐患（来源“举报”），显示隐患编号 (verify a tip-off)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        dossier: Dossier = u.load("tip", tip_id)
        found = hf.verify_tip(dossier["tip"], level=level, sector=sector, jurisdiction=jurisdiction, at=at, by=actor,
                              description=description, id=hazard_id)
        u.add(found)
        u.note("tip", tip_id, "verify", at=at, by=actor, hazard=found.id)
    said(dossier, found.id, as_json)


@tip.command("reward")
@record_id("tip", "tip_id")
@click.option("--amount", required=True, type=Wan(), help="奖励金额，万元 (the reward)")
@acting
@recorded
def tip_reward(tip_id: str, amount: Decimal, db: str, at: At, by: str, role: hf.Role, org: str,
               as_json: bool) -> None:
    """举报奖励（P8）：查实重大事故隐患的举报，每件只奖一次 (the reward)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        dossier: Dossier = u.load("tip", tip_id)
        if dossier.get("hazard") is None:
            raise hf.InvalidInput("id", "a tip-off verified first (tip verify)", tip_id,
                                  zh="已查证的举报（先 tip verify）")
        earlier = [dossier["reward"]] if dossier.get("reward") is not None else []
        reward = hf.reward_tip(dossier["tip"], u.get(dossier["hazard"]), amount=amount, at=at, by=actor,
                               earlier=earlier)
        u.note("tip", tip_id, "reward", at=at, by=actor, reward=reward, enterprise=dossier["tip"].enterprise)
    said(dossier, f"{tip_id} 已兑现举报奖励{amount}万元 (reward paid)", as_json)


_show(tip, "tip")


# --- hazardflow spotcheck ------------------------------------------------------------------------------

@main.group()
def spotcheck() -> None:
    """抽查检查：部门对企业自查的签名抽查及其发现，计入调度表 (a department's check of a self-check)。"""


@spotcheck.command("record")
@click.option("--id", "check_id", help="抽查编号，缺省时随机生成 (the check's id)")
@click.option("--enterprise", required=True, help="被抽查自查的企业 (the enterprise)")
@click.option("--finding", "findings", multiple=True, type=Label(hf.Finding),
              help="抽查发现的问题，可重复，如 企业主要负责人未带队检查 (findings)")
@click.option("--hazard", "hazard_ids", multiple=True, help="抽查发现的该企业隐患编号，可重复 (a hazard found)")
@click.option("--scope", default=SCOPE, show_default=True, help="抽查范围 (what was checked)")
@click.option("--note", help="其他情况 (what else was seen)")
@acting
@recorded
def spotcheck_record(check_id: str | None, enterprise: str, findings: tuple[hf.Finding, ...],
                     hazard_ids: tuple[str, ...], scope: str, note: str | None, db: str, at: At, by: str,
                     role: hf.Role, org: str, as_json: bool) -> None:
    """登记一次签名的抽查检查（H5）及其发现，打印其编号 (record a signed spot check; prints its id)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db, create=True) as ledger, ledger.unit(by=actor) as u:
        check = hf.SpotCheck.made(enterprise=enterprise, findings=findings, hazards=[u.get(i) for i in hazard_ids],
                                  scope=scope, note=note, at=at, by=actor, id=check_id)
        if check.id in ledger.record_ids("spotcheck"):
            raise hf.InvalidInput("id", "a spot check not yet recorded", check.id, zh="尚未登记的抽查编号")
        dossier = u.note("spotcheck", check.id, "check", at=at, by=actor, check=check)
    said(dossier, check.id, as_json)


_show(spotcheck, "spotcheck")


# --- hazardflow listing ---------------------------------------------------------------------------------

@main.group()
def listing() -> None:
    """挂牌督办 (H7): the weekly dispatch (周调度) of a listed hazard; `hazardflow tick` records the weeks missed."""


@listing.command("dispatch")
@click.option("--hazard", "hazard_id", required=True, help="挂牌督办的隐患编号 (the listed hazard)")
@click.option("--progress", required=True, help="本周调度的整改进展 (the progress dispatched)")
@acting
@recorded
def listing_dispatch(hazard_id: str, progress: str, db: str, at: At, by: str, role: hf.Role, org: str,
                     as_json: bool) -> None:
    """周调度（H7）：登记挂牌督办隐患本周的整改进展 (record this week's progress of a listed hazard)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        made = hf.dispatch_progress(u.get(hazard_id), progress=progress, at=at, by=actor)
        dossier = u.note("dispatch", hazard_id, "dispatch", at=at, by=actor, dispatch=made)
    said(dossier, f"{hazard_id} 已周调度 (dispatched): {progress}", as_json)


_show(listing, "dispatch")
