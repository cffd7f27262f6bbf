"""The `hazardflow` command, 中文 first (help, errors and tables; English after).

Errors a user can make (a bad date, an unknown id) end with a one-line 中文 + English message and a
non-zero exit, never a traceback; a refusal lists one rule a line with its clause. The clock is read
here, at the face, never in the domain: ``--at`` defaults to now, Beijing time (`when`).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click
from sqlalchemy.exc import SQLAlchemyError

import hazardflow as hf
from hazardflow.cli.zh import ZhGroup, fail, visible
from hazardflow.directory import using
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
        click.echo(visible(self.message), err=True)


class Refusal(CliError):
    """The library refused (a rule, a conflict, the database): exit code 1."""

    exit_code = 1


class RuleRefusal(Refusal):
    """A refusal by the rules: a heading, then one rule a line with its clauses, coloured on a terminal."""

    def __init__(self, refusal: hf.Rejected) -> None:
        super().__init__(f"操作被拒绝 (refused by rule {', '.join(refusal.rules)})")
        self.reasons = refusal.reasons

    def show(self, file: Any = None) -> None:
        from rich.console import Console
        from rich.text import Text

        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(Text(visible(self.message), style="bold red"))
        for reason in self.reasons:
            err.print(Text.assemble("  ✗ ", (reason.rule, "bold red"), " ", visible(reason.message)))
            err.print(Text(f"    依据 (clause)：{visible('；'.join(reason.sources))}", style="dim"))


def friendly(command: F) -> F:
    """Turn the library's refusals and input errors into a one-line 中文 (English) message and a non-zero
    exit (1: refused, 2: bad input), never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except hf.Rejected as refusal:
            raise RuleRefusal(refusal) from refusal
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
    """A moment, Beijing time unless an offset is given (``"2023-06-16 09:00"``), or a day alone
    (``2023-06-16``: a `date`, placed on that day by `when`)."""

    name = "YYYY-MM-DD[ HH:MM]"
    problem = "时间无效 (invalid time)"

    def parse(self, text: str) -> datetime | date:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
        return moment if moment.utcoffset() is not None else moment.replace(tzinfo=hf.SHANGHAI)

    def hint(self) -> str:
        return '应为 2023-06-16 或 "2023-06-16 09:00"，北京时间 (expected YYYY-MM-DD [HH:MM], Beijing time)'


At = datetime | date | None
"""What ``--at`` gives a command: a moment, a day alone, or nothing (now); `when` makes it a moment."""


def when(at: At, hazard: hf.Hazard | None = None) -> datetime:
    """The moment of an action from ``--at``: a time as given; none: now, Beijing time; a day alone:
    that day at 00:00, or one second after the hazard's last event when that event is on the same
    day, so that a same-day step written without a time follows the steps already recorded."""
    if at is None:
        return datetime.now(hf.SHANGHAI)
    if isinstance(at, datetime):
        return at
    start = hf.at_date(at, 0)
    last = hazard.events[-1].at if hazard is not None and hazard.events else None
    if last is not None and hf.local_date(last) == at:
        return max(start, last + timedelta(seconds=1))
    return start


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


def renamed(dest: str, new: str, *old: str, required: bool = False) -> Callable[[F], F]:
    """Keep ``old`` spellings of the option ``new`` (its value ``dest``) working, hidden from the help, with
    a 中文 deprecation note on stderr; ``required``: one of the spellings must be given."""

    def decorate(command: F) -> F:
        @wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            value = kwargs.pop(f"{dest}_old")
            if value is not None:
                if kwargs.get(dest) not in (None, value):
                    fail(f"{new} 与 {'/'.join(old)} 只能给一个 (give {new} only)")
                click.echo(f"提示：{'/'.join(old)} 已弃用，请改用 {new} ({'/'.join(old)} is deprecated, use {new})",
                           err=True)
                kwargs[dest] = value
            if required and kwargs.get(dest) is None:
                fail(f"缺少选项 {new} (missing option {new})")
            return command(*args, **kwargs)

        return click.option(*old, f"{dest}_old", hidden=True)(run)  # type: ignore[return-value]

    return decorate


def resolve(ledger: hf.Ledger, prefix: str) -> str:
    """The id of the one hazard whose id is or starts with ``prefix`` (`short_ids` prints them)."""
    prefix = prefix.strip()
    matches = [i for i in ledger.ids() if i.startswith(prefix)] if prefix else []
    if prefix in matches:
        return prefix
    if len(matches) > 1:
        shown = "、".join(matches[:5]) + ("…" if len(matches) > 5 else "")
        raise CliError(f"编号前缀不唯一 (ambiguous id prefix): {prefix!r} 匹配 {len(matches)} 项：{shown}；请多写几位")
    if not matches:
        raise NotFound(prefix)
    return matches[0]


def short_ids(ids: Iterable[str], least: int = 8) -> int:
    """The shortest prefix length (at least ``least``) that still tells every id in ``ids`` apart."""
    known = sorted(set(ids))
    length = least
    for a, b in itertools.pairwise(known):
        common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        length = max(length, common + 1)
    return length


def database_url(db: str) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as given, a bare path as ``sqlite:///PATH``."""
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


@contextmanager
def open_ledger(db: str, *, create: bool = False) -> Iterator[hf.Ledger]:
    """The ledger at ``--db``, with its stored directory in use; a SQLite file that does not exist is made
    only when ``create``."""
    url = database_url(db)
    if url.startswith("sqlite:///") and not create:
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not Path(path).exists():
            raise CliError(f"台账不存在 (no ledger at {path}): 请先登记隐患或用 --db 指定台账 "
                           "(record a hazard first, or name the ledger with --db / HAZARDFLOW_DB)")
    with hf.Ledger(url) as ledger, using(ledger.directory()):  # the stored 名录 decides who may act
        yield ledger


def db_option(command: F) -> F:
    """``--db PATH_OR_URL`` (env HAZARDFLOW_DB; default ``hazardflow.db`` here)."""
    return click.option(
        "--db", default="hazardflow.db", envvar="HAZARDFLOW_DB", show_default=True,
        help="台账：SQLite 文件，或 SQLAlchemy URL，如 postgresql+psycopg://… "
             "(the ledger: a SQLite file or a URL; env HAZARDFLOW_DB)")(command)


def json_option(command: F) -> F:
    """``--json``: machine-readable output."""
    return click.option("--json", "as_json", is_flag=True,
                        help="输出 JSON，英文键附中文标签 (print JSON: English keys, 中文 labels alongside)")(command)


@click.group(cls=ZhGroup)
@click.version_option(package_name="hazardflow", message="%(prog)s %(version)s",
                      help="显示版本并退出 (show the version and exit)")
def main() -> None:
    """hazardflow：把重大事故隐患专项排查整治通知写成可执行、可测试的状态机。

    隐患闭环、专项行动、执法处罚、调度表与清单，都在命令行完成；`hazardflow 命令 --help` 查看每个命令。
    (hazardflow: 重大事故隐患专项排查整治 notices as executable, tested state machines.)
    """


@main.command()
@click.option("--notice", "notice_id", default="shenyang-2023", show_default=True,
              help="行动方案（通知配置）编号 (notice profile id)")
@click.option("--units", default=200, show_default=True, type=click.IntRange(2, 100_000),
              help="参加单位数 (participating units)")
@click.option("--db", default="hazardflow-demo.db", show_default=True, type=click.Path(path_type=Path),
              help="SQLite 台账文件，新建；已有的须加 --fresh (SQLite ledger file; an existing one needs --fresh)")
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


# --- output: JSON with English keys and 中文 labels; rich tables for people -----------------------

def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON, Chinese as is; every control character escaped (JSON escapes C0,
    this escapes DEL and C1 too)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


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
        return f"{value.name}（{value.unit}·{value.role.label}）"
    if isinstance(value, list | tuple):
        return " / ".join(cell(v) for v in value)
    if isinstance(value, Mapping) or (attrs.has(type(value)) and not isinstance(value, hf.Actor)):
        items = value.items() if isinstance(value, Mapping) else attrs.asdict(value, recurse=False).items()
        return "；".join(f"{FIELD_LABELS.get(key, key)}：{cell(v)}" for key, v in items
                        if v is not None and key != "id")
    return _text(value)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


FIELD_LABELS = {
    "id": "编号", "description": "隐患描述", "level": "等级", "source": "来源", "enterprise": "企业",
    "sector": "行业领域", "unit": "属地", "found_at": "发现时间", "found_by": "发现人", "key": "重点隐患",
    "stage": "阶段", "plan": "五落实方案", "responsible": "责任人", "measures": "措施", "funds": "资金（元）",
    "contingency": "应急预案", "deadline": "整改期限", "listing": "挂牌督办", "listed": "挂牌督办中",
    "authority": "挂牌单位", "title": "标题", "number": "文号", "at": "时间", "delisted_at": "摘牌时间",
    "reports": "报告", "kind": "类别", "to": "报送", "by": "签名人", "rectifier": "整改人", "evidence": "整改情况",
    "acceptance": "验收", "assessment": "专家评估", "opinion": "意见", "sham": "虚假整改次数", "reason": "理由",
}
"""The 中文 name of each field `hazard show` prints (and of the keys inside a record it shows)."""


def table(title: str, headers: Iterable[str], rows: Iterable[Iterable[Any]], *, wide: Mapping[str, int] | None = None,
          fixed: Iterable[str] = (), compact: bool = False) -> Any:
    """A rich table; every cell is plain text (never markup), control characters escaped. ``wide``: the
    least width of a column that takes the room left; ``fixed``: columns never wrapped; ``compact``: no
    vertical rules, for many columns."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    grid = Table(title=Text(visible(title)), title_justify="left", highlight=False,
                 box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD, pad_edge=not compact, collapse_padding=compact)
    keep, wide = set(fixed), wide or {}
    for header in headers:
        grid.add_column(Text(header), no_wrap=header in keep, min_width=wide.get(header), overflow="fold")
    for row in rows:
        grid.add_row(*(Text(visible(cell(v))) for v in row))
    return grid


def rendered(grid: Any, width: int = 100) -> str:
    """A rich table as plain text, ``width`` columns at most (for output that is built as text)."""
    from rich.console import Console

    text = io.StringIO()
    Console(file=text, width=width, highlight=False, color_system=None).print(grid)
    return text.getvalue().rstrip("\n")


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
    """内置的通知配置（行动方案）：编号、文号、标题、阶段；`notices show 编号` 查看一份。

    (The bundled notice profiles: id, 文号, title, phases.)
    """
    if ctx.invoked_subcommand is not None:
        return
    loaded = [hf.notices.load(i) for i in hf.notices.available()]
    if as_json:
        echo_json([{"id": n.id, "number": n.number, "title": n.title, "issuer": n.issuer, "start": plain(n.start),
                    "end": plain(n.end), "phases": [p.name for p in n.phases]} for n in loaded])
        return
    console().print(table("通知 (notices)", ("编号 id", "文号", "标题", "阶段"),
                          ([n.id, n.number, n.title, "→".join(p.name for p in n.phases)] for n in loaded),
                          fixed=["编号 id"]))


@notices.command("show")
@click.argument("notice", type=NoticeRef())
@json_option
@friendly
def notices_show(notice: hf.notices.Notice, as_json: bool) -> None:
    """一份通知：阶段及起止日期、阶段任务、调度频次（NOTICE：编号或配置文件）。

    (One notice: its phases, deliverables and cadence; NOTICE is an id or a profile file.)
    """
    if as_json:
        echo_json(plain(notice))
        return
    out = console()
    out.print(visible(f"{notice.title}\n{notice.issuer}  {notice.number}  {notice.start} 至 {notice.end}  "
                      f"（{notice.id}，调度表：{notice.dispatch_variant}）"), markup=False)
    out.print(table("阶段 (phases)", ("序号", "阶段", "名称", "开始", "结束", "条款"),
                    ([p.number, p.kind, p.name, p.start, p.end, p.clause] for p in notice.phases)))
    out.print(table("阶段任务 (deliverables)", ("阶段", "任务", "类别", "截止", "对象", "关卡", "条款"),
                    ([p.name, d.name, d.kind, d.due, "、".join(sorted(u.label for u in d.units)), d.gate, d.clause]
                     for p in notice.phases for d in p.deliverables)))
    c = notice.cadence
    if c is not None:
        out.print(table("调度 (cadence)", ("名称", "频次", "报送", "起止", "累计", "条款"),
                        [[c.name, c.every, c.when, f"{c.start} 至 {c.until}", c.cumulative, c.clause]]))
        if c.reports:
            out.print(table("专项报告 (scheduled reports)", ("名称", "截止", "条款"),
                            ([r.name, r.due, r.clause] for r in c.reports)))
    if notice.tasks:
        out.print(table("企业专项任务 (tasks, C9)", ("编号", "任务", "截止", "行业领域", "条款"),
                        ([t.id, t.name, t.due, "、".join(s for s in notice.sectors if s in t.sectors) or "全部",
                          t.clause] for t in notice.tasks)))
    if notice.topics:
        out.print(table("专题和行业领域 (topics, C10)", ("类别", "名称", "牵头单位", "方案", "目标数", "条款"),
                        ([t.kind, t.name, "、".join(t.lead), t.plan, len(t.targets), t.clause] for t in notice.topics)))
        out.print(table("目标任务 (targets, C10)", ("编号", "专题/领域", "牵头单位", "目标", "目标值", "截止", "条款"),
                        ([g.id, t.name, "、".join(t.lead), g.what, g.value or "", g.due, g.clause]
                         for t, g in notice.targets)))


# --- hazardflow hazard ---------------------------------------------------------------------------------

@main.group()
def hazard() -> None:
    """隐患闭环：登记、报告、交办、整改、提请验收、销号、验收不合格……以及台账查询 list、show。

    一项隐患用编号指定（`hazard show 编号`、`hazard assign 编号 …`），编号可只写开头几位。
    (The hazard loop from a shell; a hazard is named by its id or a unique prefix of it.)
    """


AT_HELP = ("时间，北京时间：\"2023-06-16 09:00\"；只写日期（2023-06-16）则为当天、排在该隐患当天已有记录之后；"
           "不写则为现在 (when, Beijing time; a date alone: that day, after the hazard's records of that day; "
           "default: now)")


def actor_options(command: F) -> F:
    """``--by NAME --role ROLE --unit UNIT [--at WHEN]`` (env HAZARDFLOW_BY / _ROLE / _UNIT), who acts, when."""
    for option in reversed((
        click.option("--by", required=True, envvar="HAZARDFLOW_BY", help="操作人姓名 (who acts; env HAZARDFLOW_BY)"),
        click.option("--role", required=True, type=Label(hf.Role), envvar="HAZARDFLOW_ROLE",
                     help="操作人角色，中文或英文 (the actor's role; env HAZARDFLOW_ROLE)"),
        click.option("--unit", required=True, envvar="HAZARDFLOW_UNIT",
                     help="操作人所在单位：企业、部门或乡镇 (the actor's organisation; env HAZARDFLOW_UNIT)"),
        click.option("--at", type=Moment(), help=AT_HELP),
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
                  at: datetime | date | None, by: str, role: hf.Role, unit: str, as_json: bool) -> None:
    """发现登记：把一项隐患记入台账（阶段：发现），打印其编号。

    (Put a hazard on the ledger, stage 发现; prints its id.)
    """
    actor = hf.Actor(by, role, unit)
    h = hf.Hazard.found(description=description, level=level, source=source, enterprise=enterprise,
                        sector=sector, unit=jurisdiction, at=when(at), by=actor, key=key, id=hazard_id,
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

    def run(db: str, hazard_id: str, at: datetime | date | None, by: str, role: hf.Role, unit: str, as_json: bool,
            **arguments: Any) -> None:
        actor = hf.Actor(by, role, unit)
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
        found = ledger.find(unit=jurisdiction, **filters)
        length = short_ids(ledger.ids()) if found and not as_json else 8
    if as_json:
        echo_json([hazard_json(h, events=False) for h in found])
        return
    out = console()
    headers = ("编号", "等级", "阶段", "来源", "企业", "属地", "隐患描述", "整改期限", "挂牌")
    out.print(table(f"隐患台账 (hazards)：{len(found)} 项", headers,
                    ([h.id[:length], h.level.label[:2] + ("·重点" if h.key else ""), h.stage, h.source,
                      h.enterprise, h.unit, h.description, h.deadline, h.listed] for h in found),
                    wide={"隐患描述": 24}, fixed=("编号", "阶段", "整改期限"), compact=True))


SHOWN = ("id", "description", "level", "key", "stage", "source", "enterprise", "sector", "unit", "found_at",
         "found_by", "plan", "deadline", "listing", "reports", "rectifier", "evidence", "acceptance", "assessment",
         "sham")
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


import hazardflow.cli.campaign_commands  # noqa: E402  (registers campaign)
import hazardflow.cli.case_commands  # noqa: E402  (registers case, suspension, tip)
import hazardflow.cli.directory  # noqa: E402  (registers `hazardflow directory`)
import hazardflow.cli.report_commands  # noqa: E402  (registers dispatch and register on main)
import hazardflow.cli.tick  # noqa: E402  (registers tick)
from hazardflow.cli import serve, token  # noqa: E402, F401  (they register `serve` and `token` on `main`)
from hazardflow.cli import standards as _standards  # noqa: E402, F401  (registers `hazardflow standards`)
from hazardflow.cli import targets as _targets  # noqa: E402, F401  (registers `notices targets`)

if __name__ == "__main__":
    # `python -m hazardflow.cli.main`: the command modules above registered on the imported module's
    # group, not on this __main__ copy's, so run that one
    from hazardflow.cli.main import main as registered

    registered(prog_name="hazardflow")
