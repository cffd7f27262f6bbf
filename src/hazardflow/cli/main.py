"""The `hazardflow` command.

Errors a user can make (a bad date, an unknown id, a refused transition) end with a one-line
中文 + English message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs
import click
from sqlalchemy.exc import SQLAlchemyError

import hazardflow as hf
from hazardflow.hazard.jsonform import hazard_json, plain
from hazardflow.store import NotFound, SchemaOutdated
from hazardflow.vocab import Labelled

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A refusal or a user's mistake: one line ``中文 (English): detail`` on stderr, no usage text.

    Exit code 2: the input was bad; `Refusal` (exit code 1): the library refused.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class Refusal(CliError):
    """The library refused (a rule, a conflict, the database): exit code 1."""

    exit_code = 1


def friendly(command: F) -> F:
    """Turn the library's refusals and input errors into a one-line 中文 (English) message and a non-zero
    exit (1: refused, 2: bad input), never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except hf.Rejected as refusal:
            raise Refusal(f"操作被拒绝 (refused by rule {', '.join(refusal.rules)}): {refusal}") from refusal
        except NotFound as error:
            raise CliError(f"隐患不存在 (no such hazard): {error} (no hazard {error.hazard_id!r} on the ledger)"
                           ) from error
        except hf.Conflict as error:
            raise Refusal(f"版本冲突，未写入 (conflict, nothing written): {error}") from error
        except SchemaOutdated as error:
            raise Refusal(f"数据库需要升级 (schema outdated): {error}") from error
        except SQLAlchemyError as error:
            raise Refusal(f"数据库错误 (database error): {getattr(error, 'orig', None) or error}") from error
        except (hf.InvalidInput, ValueError, LookupError, OSError) as error:
            raise CliError(f"输入有误 (invalid input): {error}") from error

    return run  # type: ignore[return-value]


# --- what the options take: dates, times, amounts, 中文 labels, notices, the ledger ------------------

if TYPE_CHECKING:
    _ParamType = click.ParamType[Any, Any]  # generic from click 8.3
else:
    _ParamType = click.ParamType


class _Parsed(_ParamType):
    """An option value parsed from text; a bad one is a one-line `CliError` naming the option."""

    problem = "取值无效 (invalid value)"

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def hint(self) -> str:
        return ""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.parse(value.strip())
        except (ValueError, ArithmeticError):
            option = param.opts[0] if param is not None and param.opts else "value"
            raise CliError(f"{self.problem}: {option} {value!r}；{self.hint()}") from None


class Day(_Parsed):
    """A calendar date: ``2023-06-16``."""

    name = "YYYY-MM-DD"
    problem = "日期无效 (invalid date)"

    def parse(self, text: str) -> date:
        return date.fromisoformat(text)

    def hint(self) -> str:
        return "应为 年-月-日，如 2023-06-16 (expected YYYY-MM-DD)"


class Moment(_Parsed):
    """A moment, Beijing time unless an offset is given: ``2023-06-16`` (0:00) or ``"2023-06-16 09:00"``."""

    name = "YYYY-MM-DD[ HH:MM]"
    problem = "时间无效 (invalid time)"

    def parse(self, text: str) -> datetime:
        moment = datetime.fromisoformat(text)
        return moment if moment.utcoffset() is not None else moment.replace(tzinfo=hf.SHANGHAI)

    def hint(self) -> str:
        return '应为 2023-06-16 或 "2023-06-16 09:00"，北京时间 (expected YYYY-MM-DD [HH:MM], Beijing time)'


class Money(_Parsed):
    """An amount in 元, kept exact: ``50000`` or ``12.5``."""

    name = "元"
    problem = "金额无效 (invalid amount)"

    def parse(self, text: str) -> Decimal:
        amount = Decimal(text)
        if not amount.is_finite() or amount < 0:
            raise ValueError(text)
        return amount

    def hint(self) -> str:
        return "应为非负数（元），如 50000 (expected a non-negative number of yuan)"


class Label(_Parsed):
    """A member of a labelled enum, by its 中文 label or its English name (any case)."""

    def __init__(self, enum: type[Labelled]) -> None:
        self.enum = enum
        self.name = "|".join(m.label for m in enum)
        self.problem = f"取值无效 (invalid {enum.__name__})"

    def parse(self, text: str) -> Labelled:
        for member in self.enum:
            if text == member.label or text.upper() == member.name:
                return member
        raise ValueError(text)

    def hint(self) -> str:
        return (f"应为 {'、'.join(m.label for m in self.enum)} 之一 "
                f"(expected one of {', '.join(m.name for m in self.enum)})")


class NoticeRef(_Parsed):
    """A bundled notice profile by id (``shenyang-2023``), or a county's own profile file (``*.toml``)."""

    name = "ID|FILE.toml"
    problem = "未知的通知 (unknown notice)"

    def parse(self, text: str) -> hf.notices.Notice:
        if text in hf.notices.available():
            return hf.notices.load(text)
        if text.endswith(".toml") or Path(text).is_file():
            try:
                return hf.notices.load_file(text)
            except (hf.notices.ProfileError, OSError) as error:
                raise CliError(f"通知配置有误 (bad notice profile): {error}") from None
        raise ValueError(text)

    def hint(self) -> str:
        return f"可用 (available): {', '.join(hf.notices.available())}，或一个 .toml 配置文件 (or a profile file)"


def database_url(db: str) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, a bare path as ``sqlite:///PATH``."""
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


@contextmanager
def open_ledger(db: str, *, create: bool = False) -> Iterator[hf.Ledger]:
    """The ledger at ``--db``; a SQLite file that does not exist is made only when ``create``."""
    url = database_url(db)
    if url.startswith("sqlite:///") and not create:
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not Path(path).exists():
            raise CliError(f"台账不存在 (no ledger at {path}): 请先登记隐患或用 --db 指定台账 "
                           "(record a hazard first, or name the ledger with --db / HAZARDFLOW_DB)")
    with hf.Ledger(url) as ledger:
        yield ledger


def db_option(command: F) -> F:
    """``--db PATH_OR_URL`` (env HAZARDFLOW_DB; default ``hazardflow.db`` here)."""
    return click.option(
        "--db", default="hazardflow.db", envvar="HAZARDFLOW_DB", show_default=True,
        help="the ledger (台账): a SQLite file, or a SQLAlchemy URL such as postgresql+psycopg://… "
             "(env HAZARDFLOW_DB)")(command)


def json_option(command: F) -> F:
    """``--json``: machine-readable output."""
    return click.option("--json", "as_json", is_flag=True, help="print JSON (English keys, 中文 labels alongside)")(
        command)


@click.group()
@click.version_option(package_name="hazardflow")
def main() -> None:
    """hazardflow: 重大事故隐患专项排查整治 as executable state machines."""


@main.command()
@click.option("--notice", "notice_id", default="shenyang-2023", show_default=True, help="notice profile id")
@click.option("--units", default=200, show_default=True, type=click.IntRange(2, 100_000), help="participating units")
@click.option("--db", default="hazardflow-demo.db", show_default=True, type=click.Path(path_type=Path),
              help="SQLite ledger file (created, or reused)")
@click.option("--seed", default=2023, show_default=True, help="random seed (same seed, same run)")
@friendly
def demo(notice_id: str, units: int, db: Path, seed: int) -> None:
    """Simulate a whole campaign on an SQLite ledger; print each month's 调度表 and the 清单."""
    from rich.console import Console
    from rich.progress import Progress

    from hazardflow.cli.demo import run

    console = Console(highlight=False, soft_wrap=True)
    with Progress(console=console, transient=True) as bar:
        def progress(total: int) -> Callable[[], None]:
            task = bar.add_task("模拟专项行动 (simulating)", total=total)
            return lambda: bar.advance(task)

        run(notice_id=notice_id, units=units, db=db, seed=seed, echo=console.print, progress=progress)


@main.command()
@friendly
def diagram() -> None:
    """Print each machine as mermaid text, generated from the live definitions."""
    from hazardflow.reports.diagrams import mermaid

    for title, text in mermaid().items():
        click.echo(f"%% {title}\n{text}\n")


@main.group()
def db() -> None:
    """The register's database (台账): schema migrations."""


@db.command("upgrade")
@click.option("--url", "--db", "url", envvar="HAZARDFLOW_DB", default="hazardflow.db", show_default=True,
              help="the register: a SQLite file, or a SQLAlchemy URL such as postgresql+psycopg://user@host/db "
                   "(env HAZARDFLOW_DB).")
@friendly
def db_upgrade(url: str) -> None:
    """Apply the packaged Alembic migrations up to the newest revision."""
    from hazardflow.store.migrate import head, upgrade

    url = database_url(url)
    upgrade(url)
    click.echo(f"数据库已升级到版本 {head()} (schema at revision {head()}): {url.split('@')[-1]}")


# --- output: JSON with English keys and 中文 labels; rich tables for people -----------------------

def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON, Chinese as is."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def cell(value: Any) -> str:
    """``value`` for a table cell: 中文 labels, ISO dates, minutes, actors as 单位+角色+姓名."""
    if value is None:
        return ""
    if isinstance(value, Labelled):
        return value.label
    if isinstance(value, datetime):
        return value.astimezone(hf.SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, hf.Actor):
        return str(value)
    if isinstance(value, list | tuple):
        return " / ".join(cell(v) for v in value)
    if isinstance(value, Mapping) or (attrs.has(type(value)) and not isinstance(value, hf.Actor)):
        items = value.items() if isinstance(value, Mapping) else attrs.asdict(value, recurse=False).items()
        return "；".join(f"{key}: {cell(v)}" for key, v in items if v is not None and key != "id")
    return _text(value)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def table(title: str, headers: Iterable[str], rows: Iterable[Iterable[Any]], **wide: int) -> Any:
    """A rich table; every cell is plain text (never rich markup). ``wide`` names columns not to wrap."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(title=Text(title), title_justify="left", highlight=False)
    for header in headers:
        grid.add_column(Text(header), no_wrap=header in wide, min_width=wide.get(header))
    for row in rows:
        grid.add_row(*(Text(cell(v)) for v in row))
    return grid


def console() -> Any:
    """A rich console on stdout (no highlighting: data is printed as it is); 160 columns wide when
    stdout is not a terminal and COLUMNS does not say otherwise, so that piped tables stay readable."""
    from rich.console import Console

    out = Console(highlight=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 160
    return out


# --- hazardflow notices ------------------------------------------------------------------------------

@main.group(invoke_without_command=True)
@json_option
@click.pass_context
@friendly
def notices(ctx: click.Context, as_json: bool) -> None:
    """The bundled notice profiles (行动方案): id, 文号, title, phases. `notices show ID` for one."""
    if ctx.invoked_subcommand is not None:
        return
    loaded = [hf.notices.load(i) for i in hf.notices.available()]
    if as_json:
        echo_json([{"id": n.id, "number": n.number, "title": n.title, "issuer": n.issuer, "start": plain(n.start),
                    "end": plain(n.end), "phases": [p.name for p in n.phases]} for n in loaded])
        return
    console().print(table("通知 (notices)", ("编号 id", "文号", "标题", "阶段"),
                          ([n.id, n.number, n.title, "→".join(p.name for p in n.phases)] for n in loaded),
                          **{"编号 id": 16}))


@notices.command("show")
@click.argument("notice", type=NoticeRef())
@json_option
@friendly
def notices_show(notice: hf.notices.Notice, as_json: bool) -> None:
    """One notice: its phases with names and dates, deliverables, cadence (NOTICE: id or profile file)."""
    if as_json:
        echo_json(plain(notice))
        return
    out = console()
    out.print(f"{notice.title}\n{notice.issuer}  {notice.number}  {notice.start} 至 {notice.end}  "
              f"（{notice.id}，调度表：{notice.dispatch_variant}）", markup=False)
    out.print(table("阶段 (phases)", ("序号", "阶段", "名称", "开始", "结束", "条款"),
                    ([p.number, p.kind, p.name, p.start, p.end, p.clause] for p in notice.phases)))
    out.print(table("阶段任务 (deliverables)", ("阶段", "任务", "类别", "截止", "对象", "关卡", "条款"),
                    ([p.name, d.name, d.kind, d.due, "、".join(sorted(u.label for u in d.units)), d.gate, d.clause]
                     for p in notice.phases for d in p.deliverables)))
    c = notice.cadence
    if c is not None:
        when = f"每月{c.day}日前" if c.day is not None else f"每周星期{'一二三四五六日'[(c.weekday or 1) - 1]}前"
        out.print(table("调度 (cadence)", ("名称", "频次", "报送", "起止", "累计", "条款"),
                        [[c.name, c.every, when, f"{c.start} 至 {c.until}", c.cumulative, c.clause]]))
        if c.reports:
            out.print(table("专项报告 (scheduled reports)", ("名称", "截止", "条款"),
                            ([r.name, r.due, r.clause] for r in c.reports)))


# --- hazardflow hazard ---------------------------------------------------------------------------------

@main.group()
def hazard() -> None:
    """The hazard loop from a shell: record, report, assign, rectify, submit, close, reject, … list, show."""


def actor_options(command: F) -> F:
    """``--by NAME --role ROLE --unit UNIT`` (env HAZARDFLOW_BY / _ROLE / _UNIT), who acts."""
    for option in reversed((
        click.option("--by", required=True, envvar="HAZARDFLOW_BY", help="who acts: a name (env HAZARDFLOW_BY)"),
        click.option("--role", required=True, type=Label(hf.Role), envvar="HAZARDFLOW_ROLE",
                     help="the actor's role, 中文 or English (env HAZARDFLOW_ROLE)"),
        click.option("--unit", required=True, envvar="HAZARDFLOW_UNIT",
                     help="the actor's unit: enterprise, department or town (env HAZARDFLOW_UNIT)"),
        click.option("--at", required=True, type=Moment(),
                     help='when, Beijing time: 2023-06-16 or "2023-06-16 09:00" (required: no wall clock)'),
    )):
        command = option(command)
    return command


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


@hazard.command("record")
@db_option
@click.option("--description", required=True, help="隐患描述")
@click.option("--level", required=True, type=Label(hf.Level), help="重大事故隐患 / 一般事故隐患 (MAJOR / GENERAL)")
@click.option("--source", required=True, type=Label(hf.Source), help="who found it: 企业自查 / 部门检查 / 举报 / …")
@click.option("--enterprise", required=True, help="the enterprise where the hazard is")
@click.option("--sector", required=True, help="行业领域, e.g. 金属冶炼")
@click.option("--town", "--unit-of-hazard", "town", required=True,
              help="属地: the town or district the hazard belongs to on the register")
@click.option("--key", is_flag=True, help="重点隐患 (a focus hazard where the sector has no 判定标准)")
@click.option("--id", "hazard_id", help="the hazard's id (default: a new random id)")
@actor_options
@json_option
@friendly
def hazard_record(db: str, description: str, level: hf.Level, source: hf.Source, enterprise: str, sector: str,
                  town: str, key: bool, hazard_id: str | None, at: datetime, by: str, role: hf.Role, unit: str,
                  as_json: bool) -> None:
    """发现: put a hazard on the ledger (stage 发现); prints its id."""
    actor = hf.Actor(by, role, unit)
    h = hf.Hazard.found(description=description, level=level, source=source, enterprise=enterprise,
                        sector=sector, unit=town, at=at, by=actor, key=key, id=hazard_id)
    with open_ledger(db, create=True) as ledger, ledger.unit(by=actor) as u:
        u.add(h)
    if as_json:
        echo_json(hazard_json(h))
    else:
        click.echo(h.id)


Fire = Callable[..., hf.Event]


def trigger_command(name: str, options: Iterable[Callable[[F], F]], fire: Fire | None = None) -> click.Command:
    """``hazard NAME``: fire the hazard trigger ``name`` on one stored hazard inside ``ledger.unit(by=actor)``,
    all or nothing, with ``options`` as its keyword arguments (``fire`` when they need assembling)."""
    method = getattr(hf.Hazard, name)

    def run(db: str, hazard_id: str, at: datetime, by: str, role: hf.Role, unit: str, as_json: bool,
            **arguments: Any) -> None:
        actor = hf.Actor(by, role, unit)
        with open_ledger(db) as ledger:
            with ledger.unit(by=actor) as u:
                h = u.get(hazard_id)
                event = (fire or method)(h, at=at, by=actor, **arguments)
            done(h, event, as_json)

    command: Any = friendly(run)
    for option in (*reversed(list(options)), json_option, actor_options,
                   click.option("--id", "hazard_id", required=True, help="the hazard's id (隐患编号)"), db_option):
        command = option(command)
    summary = (method.__doc__ or name).split("\n")[0].replace("``by``", "--by").replace("``", "")
    return hazard.command(name.replace("_", "-"), help=summary)(command)


def _assign(h: hf.Hazard, *, at: datetime, by: hf.Actor, responsible: str | None, measures: str | None,
            funds: Decimal | None, deadline: date | None, contingency: str | None) -> hf.Event:
    return h.assign(plan=hf.Plan(responsible, measures, funds, deadline, contingency), at=at, by=by)


def _reason(what: str) -> Callable[[F], F]:
    return click.option("--reason", required=True, help=what)


for _name, _options in {
    "report": (click.option("--kind", required=True, type=Label(hf.ReportKind), help="发现报告 / 整改报告"),
               click.option("--to", required=True, help="the department reported to")),
    "assign": (click.option("--responsible", help="责任: the person responsible"),
               click.option("--measures", help="措施: the rectification measures"),
               click.option("--funds", type=Money(), help="资金: the funds, in 元"),
               click.option("--deadline", type=Day(), help="时限: the deadline, YYYY-MM-DD"),
               click.option("--contingency", help="预案: the contingency plan (what H2 misses is refused)")),
    "rectify": (),
    "submit": (click.option("--evidence", required=True, help="what was done"),),
    "close": (),
    "reject": (_reason("why the acceptance failed"),),
    "fix_on_spot": (click.option("--measures", required=True, help="the measures taken on the spot"),),
    "reopen": (_reason("what the look-back found"),),
    "list_for_supervision": (click.option("--title", required=True, help="the listing document's title"),
                             click.option("--number", required=True, help="the listing document's number (文号)")),
    "delist": (),
    "extend": (click.option("--deadline", required=True, type=Day(), help="the new deadline, YYYY-MM-DD"),
               _reason("why the deadline moves")),
    "assess": (click.option("--opinion", required=True, help="the expert's assessment"),),
}.items():
    trigger_command(_name, _options, _assign if _name == "assign" else None)
del _name, _options


@hazard.command("list")
@db_option
@click.option("--stage", type=Label(hf.Stage), help="发现 / 交办 / 整改 / 验收 / 销号")
@click.option("--level", type=Label(hf.Level), help="重大事故隐患 / 一般事故隐患")
@click.option("--source", type=Label(hf.Source), help="企业自查 / 部门检查 / …")
@click.option("--enterprise", help="of this enterprise")
@click.option("--unit", help="of this town or district (属地)")
@click.option("--sector", help="of this sector")
@click.option("--listed/--not-listed", default=None, help="under 挂牌督办 now, or not")
@click.option("--overdue-at", type=Day(), help="overdue (逾期) on this date")
@json_option
@friendly
def hazard_list(db: str, as_json: bool, **filters: Any) -> None:
    """The hazards on the ledger matching every filter, in order of discovery."""
    with open_ledger(db) as ledger:
        found = ledger.find(**filters)
    if as_json:
        echo_json([hazard_json(h, events=False) for h in found])
        return
    out = console()
    headers = ("编号 id", "等级", "阶段", "来源", "企业", "属地", "隐患描述", "整改期限", "挂牌督办")
    out.print(table(f"隐患台账 (hazards): {len(found)} 项", headers,
                    ([h.id, h.level, h.stage, h.source, h.enterprise, h.unit, h.description, h.deadline, h.listed]
                     for h in found), **{"编号 id": min(max((len(h.id) for h in found), default=8), 32)}))


@hazard.command("show")
@click.argument("hazard_id", metavar="ID")
@db_option
@json_option
@friendly
def hazard_show(hazard_id: str, db: str, as_json: bool) -> None:
    """One hazard: its fields and its events (ID: the hazard's id)."""
    with open_ledger(db) as ledger:
        h = ledger.get(hazard_id)
    if as_json:
        echo_json(hazard_json(h))
        return
    fields = hazard_json(h, events=False)
    out = console()
    out.print(table(f"隐患 {h.id}", ("字段 field", "值 value"),
                    ([name, getattr(h, name, fields[name])] for name in fields
                     if not name.endswith("_label") and fields[name] not in (None, [], ""))))
    out.print(table("记录 (events)", ("#", "时间", "操作", "阶段", "操作人", "内容"),
                    ([seq, e.at, hf.TRIGGER_LABELS.get(e.trigger, e.trigger),
                      f"{e.from_stage.label if e.from_stage else ''}→{e.to_stage.label}", e.actor,
                      e.payload if e.trigger != "found" else ""]
                     for seq, e in enumerate(h.events, start=1))))


# --- hazardflow dispatch / register ---------------------------------------------------------------

class _Report(Protocol):
    def to_text(self) -> str: ...

    def to_csv(self) -> bytes: ...

    def to_xlsx(self, path: Path) -> None: ...


def report_options(command: F) -> F:
    """``--as-of DATE [--unit U] [--format text|csv|xlsx] [--output FILE]``."""
    for option in reversed((
        db_option,
        click.option("--as-of", "as_of", required=True, type=Day(), help="cut-off date (截至), YYYY-MM-DD"),
        click.option("--unit", help="one town, district or department (default: all)"),
        click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx"]), default="text",
                     show_default=True, help="text, CSV (UTF-8 with BOM) or XLSX"),
        click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                     help="write to FILE (required for xlsx; default: stdout)"),
    )):
        command = option(command)
    return command


def emit(report: _Report, fmt: str, output: Path | None) -> None:
    """Print or write ``report`` as text, CSV (bytes with a BOM) or XLSX (to --output only)."""
    if fmt == "xlsx":
        if output is None:
            raise CliError("XLSX 须用 --output 指定文件 (xlsx needs --output FILE)")
        if importlib.util.find_spec("openpyxl") is None:
            raise Refusal("XLSX 需要 openpyxl：pip install 'hazardflow[xlsx]' (xlsx needs openpyxl)")
        report.to_xlsx(output)
    else:
        data = report.to_csv() if fmt == "csv" else report.to_text().encode()
        if output is None:
            click.echo(data if fmt == "csv" else report.to_text(), nl=False)
            return
        output.write_bytes(data)
    click.echo(f"已写入 (written): {output}", err=True)


@main.command()
@click.option("--notice", required=True, type=NoticeRef(), help="notice id (e.g. shenyang-2023) or profile file")
@click.option("--variant", type=click.Choice(["shenyang", "mingyueshan"]),
              help="the 调度表 layout (default: the notice's own)")
@report_options
@friendly
def dispatch(notice: hf.notices.Notice, variant: str | None, db: str, as_of: date, unit: str | None, fmt: str,
             output: Path | None) -> None:
    """调度表: the notice's progress table, cumulative from its start to the end of --as-of."""
    with open_ledger(db) as ledger:
        emit(hf.reports.dispatch_table(ledger, notice, as_of, unit=unit, variant=variant), fmt, output)


@main.command()
@report_options
@friendly
def register(db: str, as_of: date, unit: str | None, fmt: str, output: Path | None) -> None:
    """重大隐患（重点隐患）清单 as of --as-of."""
    with open_ledger(db) as ledger:
        emit(hf.reports.register(ledger, as_of, unit=unit), fmt, output)


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
@friendly
def verify(path: Path, pytest_args: tuple[str, ...]) -> None:
    """Run every .feature file under PATH against the library; summarise by rule id and by notice."""
    from hazardflow.bdd.verify import run

    sys.exit(run(path, click.echo, list(pytest_args)))


from hazardflow.cli import serve, token  # noqa: E402, F401  (they register `serve` and `token` on `main`)

if __name__ == "__main__":
    main()
