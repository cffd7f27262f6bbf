"""The `hazardflow` command, 中文 first (help, errors and tables; English after).

Errors a user can make (a bad date, an unknown id) end with a one-line 中文 + English message and a
non-zero exit, never a traceback; a refusal lists one rule a line with its clause. The clock is read
here, at the face, never in the domain: ``--at`` defaults to now, Beijing time (`when`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

import hazardflow as hf

# the command modules register themselves on `main`
import hazardflow.cli.campaign_commands
import hazardflow.cli.case_commands
import hazardflow.cli.directory
import hazardflow.cli.notices
import hazardflow.cli.report_commands
import hazardflow.cli.tick
from hazardflow.cli import db_commands, serve, token  # noqa: F401  (they register `serve` and `token` on `main`)
from hazardflow.cli import standards as _standards  # noqa: F401  (registers `hazardflow standards`)
from hazardflow.cli import targets as _targets  # noqa: F401  (registers `notices targets`)
from hazardflow.cli.common import (
    FIELD_LABELS,
    Day,
    F,
    Label,
    Money,
    actor_options,
    console,
    database_url,
    db_option,
    echo_json,
    friendly,
    json_option,
    main,
    open_ledger,
    renamed,
    resolve,
    short_ids,
    table,
    when,
)
from hazardflow.cli.zh import visible
from hazardflow.hazard.jsonform import hazard_json


@main.command()
@click.option("--notice", "notice_id", default="shenyang-2023", show_default=True,
              help="行动方案（通知配置）编号 (notice profile id)")
@click.option("--units", default=200, show_default=True, type=click.IntRange(2, 100_000),
              help="参加单位数 (participating units)")
@click.option("--db", default="hazardflow-demo.db", show_default=True, type=click.Path(path_type=Path),
              help="台账文件（SQLite），新建；已有的须加 --fresh (SQLite ledger file; an existing one needs --fresh)")
@click.option("--seed", default=2023, show_default=True, help="随机种子，种子相同结果相同 (random seed)")
@click.option("--fresh", is_flag=True, help="清空已有的 --db 文件重新模拟；不加则拒绝 (start an existing file over)")
@friendly
def demo(notice_id: str, units: int, db: Path, seed: int, fresh: bool) -> None:
    """模拟一次完整的专项行动：逐月打印调度表和重大隐患清单。

    (Simulate a whole campaign on an SQLite ledger; print each month's 调度表 and the 清单.)
    """
    from rich.console import Console
    from rich.progress import Progress

    from hazardflow.cli.demo import run

    console = Console(highlight=False, soft_wrap=True)
    with Progress(console=console, transient=True) as bar:
        def progress(total: int) -> Callable[[], None]:
            task = bar.add_task("模拟专项行动 (simulating)", total=total)
            return lambda: bar.advance(task)

        run(notice_id=notice_id, units=units, db=db, seed=seed, echo=console.print, progress=progress, fresh=fresh)


@main.command()
@friendly
def diagram() -> None:
    """打印状态图（mermaid 文本），由运行中的状态机生成。

    (Print each machine as mermaid text, generated from the live definitions.)
    """
    from hazardflow.reports.diagrams import mermaid

    for title, text in mermaid().items():
        click.echo(f"%% {title}\n{text}\n")


@main.group()
def db() -> None:
    """台账数据库：结构升级 (the ledger's database: schema migrations)。"""


for _command in (db_commands.verify, db_commands.checkpoint, db_commands.protect):
    db.add_command(_command)


@db.command("upgrade")
@click.option("--url", "--db", "url", envvar="HAZARDFLOW_DB", default="hazardflow.db", show_default=True,
              help="台账：SQLite 文件，或 SQLAlchemy URL，如 postgresql+psycopg://user@host/db "
                   "(the ledger; env HAZARDFLOW_DB)")
@friendly
def db_upgrade(url: str) -> None:
    """把台账数据库升级到最新版本 (apply the packaged Alembic migrations up to the newest revision)。"""
    from hazardflow.store.migrate import head, upgrade

    url = database_url(url)
    upgrade(url)
    click.echo(f"数据库已升级到版本 {head()} (schema at revision {head()}): {url.split('@')[-1]}")


# --- hazardflow hazard ---------------------------------------------------------------------------------

@main.group()
def hazard() -> None:
    """隐患闭环：登记、报告、交办、整改、提请验收、销号、验收不合格……以及台账查询 list、show。

    一项隐患用编号指定（`hazard show 编号`、`hazard assign 编号 …`），编号可只写开头几位。
    (The hazard loop from a shell; a hazard is named by its id or a unique prefix of it.)
    """


def done(h: hf.Hazard, event: hf.Event, as_json: bool) -> None:
    """What a trigger prints: the hazard as JSON, or one line naming the move."""
    if as_json:
        echo_json(hazard_json(h))
        return
    what = hf.TRIGGER_LABELS.get(event.trigger, event.trigger)
    assert event.from_stage is not None
    if event.from_stage is event.to_stage:
        click.echo(f"{h.id} {what}：已记录，阶段仍为{event.to_stage.label} ({event.trigger}: recorded, "
                   f"stage {event.to_stage.name})")
    else:
        click.echo(f"{h.id} {what}：{event.from_stage.label} → {event.to_stage.label} "
                   f"({event.trigger}: {event.from_stage.name} → {event.to_stage.name})")


JURISDICTION_HELP = "属地：隐患所在的乡镇（街道）或区县 (the jurisdiction the hazard belongs to)"


@hazard.command("record")
@db_option
@click.option("--description", required=True, help="隐患描述 (the hazard's description)")
@click.option("--level", type=Label(hf.Level),
              help="等级：重大事故隐患 / 一般事故隐患；引用判定标准条目（--item）时可省略，即为重大（L7） "
                   "(MAJOR / GENERAL)")
@click.option("--source", required=True, type=Label(hf.Source),
              help="来源：企业自查 / 部门检查 / 举报 / … (who found it)")
@click.option("--enterprise", required=True, help="隐患所在企业 (the enterprise)")
@click.option("--sector", required=True, help="行业领域，如 金属冶炼 (the sector)")
@click.option("--jurisdiction", help=f"{JURISDICTION_HELP}  [必填]")
@renamed("jurisdiction", "--jurisdiction", "--town", "--unit-of-hazard", required=True)
@click.option("--key", is_flag=True, help="重点隐患：该行业领域无判定标准时的重点隐患 (a focus hazard)")
@click.option("--id", "hazard_id", help="指定隐患编号，默认随机生成 (the hazard's id; default: a new random id)")
@click.option("--item", "items", multiple=True,
              help="符合的判定标准条目，如 10号令第十一条(一)，可重复（L7） (a 判定标准 item the hazard meets)")
@actor_options
@json_option
@friendly
def hazard_record(db: str, description: str, level: hf.Level | None, source: hf.Source, enterprise: str,
                  sector: str, jurisdiction: str, key: bool, hazard_id: str | None, items: tuple[str, ...],
                  at: datetime | date | None, by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """发现登记：把一项隐患记入台账（阶段：发现），打印其编号。

    (Put a hazard on the ledger, stage 发现; prints its id.)
    """
    actor = hf.Actor(by, role, org)
    h = hf.Hazard.found(description=description, level=level, source=source, enterprise=enterprise,
                        sector=sector, jurisdiction=jurisdiction, at=when(at), by=actor, key=key, id=hazard_id,
                        standard_items=items)
    with open_ledger(db, create=True) as ledger, ledger.unit(by=actor) as u:
        u.add(h)
    if as_json:
        echo_json(hazard_json(h))
    else:
        click.echo(visible(h.id))


Fire = Callable[..., hf.Event]


def trigger_command(name: str, summary: str, options: Iterable[Callable[[F], F]],
                    fire: Fire | None = None) -> click.Command:
    """``hazard NAME ID``: fire the hazard trigger ``name`` on one stored hazard inside
    ``ledger.unit(by=actor)``, all or nothing, with ``options`` as its keyword arguments (``fire`` when
    they need assembling); ``summary`` is its 中文-first help."""
    method = getattr(hf.Hazard, name)

    def run(db: str, hazard_id: str, at: datetime | date | None, by: str, role: hf.Role, org: str, as_json: bool,
            **arguments: Any) -> None:
        actor = hf.Actor(by, role, org)
        with open_ledger(db) as ledger:
            found = resolve(ledger, hazard_id)
            with ledger.unit(by=actor) as u:
                h = u.get(found)
                event = (fire or method)(h, at=when(at, h), by=actor, **arguments)
            done(h, event, as_json)

    command: Any = friendly(run)
    for option in (*reversed(list(options)), json_option, actor_options,
                   renamed("hazard_id", "ID", "--id", required=True),
                   click.argument("hazard_id", metavar="ID", required=False), db_option):
        command = option(command)
    english = (method.__doc__ or name).split("\n")[0].replace("``by``", "--by").replace("``", "")
    return hazard.command(name.replace("_", "-"), help=f"{summary}（ID：隐患编号或其开头几位）\n\n({english})")(command)


def _assign(h: hf.Hazard, *, at: datetime, by: hf.Actor, responsible: str | None, measures: str | None,
            funds: Decimal | None, deadline: date | None, contingency: str | None) -> hf.Event:
    return h.assign(plan=hf.Plan(responsible, measures, funds, deadline, contingency), at=at, by=by)


def _reason(what: str) -> Callable[[F], F]:
    return click.option("--reason", required=True, help=what)


for _name, _summary, _options in (
    ("report", "报告：向监管部门报告隐患（发现报告）或其整改情况（整改报告），双报告见 H4。",
     (click.option("--kind", required=True, type=Label(hf.ReportKind),
                   help="报告类别：发现报告 / 整改报告 / 向从业人员通报（L1） (kind)"),
      click.option("--to", required=True, help="报告对象：接收报告的部门 (the department reported to)"))),
    ("assign", "交办：按五落实方案（责任、措施、资金、时限、预案）交办隐患，缺项被 H2 拒绝。",
     (click.option("--responsible", help="责任：整改责任人 (the person responsible)"),
      click.option("--measures", help="措施：整改措施 (the rectification measures)"),
      click.option("--funds", type=Money(), help="资金：整改资金，单位元 (the funds, in 元)"),
      click.option("--deadline", type=Day(), help="时限：整改期限，YYYY-MM-DD (the deadline)"),
      click.option("--contingency", help="预案：应急预案 (the contingency plan)"))),
    ("rectify", "整改：开始整改，操作人即整改人。", ()),
    ("submit", "提请验收：整改完成，写明做了什么。", (click.option("--evidence", required=True,
                                                       help="整改情况：做了什么 (what was done)"),)),
    ("close", "验收销号：签名验收并销号（H4 双报告、H5 签名验收、H6 摘牌）。", ()),
    ("reject", "验收不合格：退回整改，须写明理由（H9）。", (_reason("验收不合格的理由 (why the acceptance failed)"),)),
    ("fix_on_spot", "即查即改：一般隐患当场整改（H3）。",
     (click.option("--measures", required=True, help="当场采取的措施 (the measures taken on the spot)"),)),
    ("reopen", "回头看：重新打开已销号的隐患，须写明发现的问题（H10）。",
     (_reason("回头看发现的问题 (what the look-back found)"),)),
    ("list_for_supervision", "挂牌督办：以督办文件挂牌（H7）。",
     (click.option("--title", required=True, help="督办文件标题 (the listing document's title)"),
      click.option("--number", required=True, help="督办文件文号 (the listing document's number)"))),
    ("delist", "摘牌：解除挂牌督办（H6）。", ()),
    ("extend", "延期：延长整改期限，须有理由（H8）。",
     (click.option("--deadline", required=True, type=Day(), help="新的整改期限，YYYY-MM-DD (the new deadline)"),
      _reason("延期理由 (why the deadline moves)"))),
    ("assess", "专家评估：记录专家评估意见（H6）。", (click.option("--opinion", required=True,
                                                       help="专家评估意见 (the expert's assessment)"),)),
):
    trigger_command(_name, _summary, _options, _assign if _name == "assign" else None)
del _name, _summary, _options


@hazard.command("list")
@db_option
@click.option("--stage", type=Label(hf.Stage), help="阶段：发现 / 交办 / 整改 / 验收 / 销号 (stage)")
@click.option("--level", type=Label(hf.Level), help="等级：重大事故隐患 / 一般事故隐患 (level)")
@click.option("--source", type=Label(hf.Source), help="来源：企业自查 / 部门检查 / … (source)")
@click.option("--enterprise", help="只列该企业的 (of this enterprise)")
@click.option("--jurisdiction", help="只列该属地的 (of this jurisdiction)")
@renamed("jurisdiction", "--jurisdiction", "--unit")
@click.option("--sector", help="只列该行业领域的 (of this sector)")
@click.option("--listed/--not-listed", default=None, help="正在挂牌督办的 / 未挂牌的 (under 挂牌督办 now, or not)")
@click.option("--overdue-at", type=Day(), help="在该日逾期的，YYYY-MM-DD (overdue on this date)")
@json_option
@friendly
def hazard_list(db: str, as_json: bool, jurisdiction: str | None, **filters: Any) -> None:
    """台账中符合全部条件的隐患，按发现先后排列；编号只显示能区分的开头几位。

    (The hazards matching every filter, in order of discovery; ids shortened to a unique prefix.)
    """
    with open_ledger(db) as ledger:
        found = ledger.find(jurisdiction=jurisdiction, **filters)
        length = short_ids(ledger.ids()) if found and not as_json else 8
    if as_json:
        echo_json([hazard_json(h, events=False) for h in found])
        return
    out = console()
    headers = ("编号", "等级", "阶段", "来源", "企业", "属地", "隐患描述", "整改期限", "挂牌")
    out.print(table(f"隐患台账 (hazards)：{len(found)} 项", headers,
                    ([h.id[:length], h.level.label[:2] + ("·重点" if h.key else ""), h.stage, h.source,
                      h.enterprise, h.jurisdiction, h.description, h.deadline, h.listed] for h in found),
                    wide={"隐患描述": 24}, fixed=("编号", "阶段", "整改期限"), compact=True))


SHOWN = ("id", "description", "level", "key", "stage", "source", "enterprise", "sector", "jurisdiction",
         "found_at", "found_by", "plan", "deadline", "listing", "reports", "rectifier", "evidence", "acceptance",
         "assessment", "sham")
"""The fields `hazard show` prints, in this order (empty ones left out)."""


@hazard.command("show")
@click.argument("hazard_id", metavar="ID")
@db_option
@json_option
@friendly
def hazard_show(hazard_id: str, db: str, as_json: bool) -> None:
    """一项隐患：各项内容及全部记录（ID：隐患编号或其开头几位）。

    (One hazard: its fields and its events; ID is its id or a unique prefix.)
    """
    with open_ledger(db) as ledger:
        h = ledger.get(resolve(ledger, hazard_id))
    if as_json:
        echo_json(hazard_json(h))
        return
    out = console()
    values = ((name, getattr(h, name)) for name in SHOWN)
    out.print(table(f"隐患 {h.id}", ("项目", "内容"),
                    ([FIELD_LABELS[name], value] for name, value in values
                     if value not in (None, (), [], "", 0) or name == "stage")))
    out.print(table("记录 (events)", ("#", "时间", "操作", "阶段", "操作人", "内容"),
                    ([seq, e.at, hf.TRIGGER_LABELS.get(e.trigger, e.trigger),
                      f"{e.from_stage.label if e.from_stage else ''}→{e.to_stage.label}", e.actor,
                      e.payload if e.trigger != "found" else ""]
                     for seq, e in enumerate(h.events, start=1))))


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
@friendly
def verify(path: Path, pytest_args: tuple[str, ...]) -> None:
    """运行 PATH 下的全部 .feature 场景，按规则和按通知汇总（PATH：文件或文件夹）。

    (Run every .feature file under PATH against the library; summarise by rule id and by notice.)
    """
    from hazardflow.bdd.verify import run

    sys.exit(run(path, lambda text: click.echo(visible(text)), list(pytest_args)))


if __name__ == "__main__":
    main(prog_name="hazardflow")
