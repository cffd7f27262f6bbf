"""`hazardflow dispatch` and `hazardflow register`: the 调度表 and the 清单 as text, CSV, XLSX or PDF.

``--jurisdiction`` is the 属地 reported on (``--unit`` still works, deprecated); ``--org-kind`` says what
kind of organisation reports it (部门 or 乡镇), because 宜明办字〔2023〕23号 附件1 注1 asks a department for
two sections only.
``--bundle`` is what 宜明 四 asks every month: the 调度表, the 清单 and the typical cases together
(text: one after another; a file format: three files in the ``--output`` directory).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

import hazardflow as hf
from hazardflow.cli.common import (
    CliError,
    Day,
    Label,
    NoticeRef,
    Refusal,
    db_option,
    friendly,
    main,
    open_ledger,
    renamed,
)
from hazardflow.notices.profile import VARIANTS, UnitKind

if TYPE_CHECKING:  # the reports (and the store) are imported by the commands, not by `hazardflow --help`
    from hazardflow.reports.render import Printable

F = TypeVar("F", bound=Callable[..., Any])

PRINTED = sorted(v for v in VARIANTS if v != "none")
"""The 调度表 layouts a notice profile may name (`reports.layout.FORMS` prints each; "none": no table)."""

NEEDS = {"xlsx": ("xlsxwriter", "xlsx"), "pdf": ("reportlab", "pdf")}
"""The library each file format needs, and the extra that installs it."""


def _forcing(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.meta["hazardflow.force"] = value


def _fresh_output(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``--output``: an existing file only with ``--force``, and never a register (an SQLite database)."""
    if value is not None and value.is_file():
        with value.open("rb") as existing:
            if existing.read(16) == b"SQLite format 3\x00":
                raise click.BadParameter(f"{value} 是台账数据库，不能被报表覆盖 (a register is never overwritten)",
                                         ctx=ctx, param=param)
        if not ctx.meta.get("hazardflow.force"):
            raise click.BadParameter(f"{value} 已存在；确要覆盖请加 --force (exists: add --force to overwrite)",
                                     ctx=ctx, param=param)
    return value


def report_options(command: F) -> F:
    """``--as-of DATE [--jurisdiction J] [--format text|csv|xlsx|pdf] [--output FILE] [--signatures]``."""
    for option in reversed((
        db_option,
        click.option("--as-of", "as_of", required=True, type=Day(),
                     help="截至日期，YYYY-MM-DD 或 2023年6月28日 (cut-off date)"),
        click.option("--jurisdiction", "unit",
                     help="只报该属地（乡镇、区县或部门）；默认全部 (one jurisdiction; default: all)"),
        renamed("unit", "--jurisdiction", "--unit"),
        click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx", "pdf"]), default="text",
                     show_default=True,
                     help="文本、CSV（UTF-8，带 BOM）、XLSX 或 PDF（A4，按附件版式） (output format)"),
        click.option("--force", is_flag=True, is_eager=True, expose_value=False, callback=_forcing,
                     help="覆盖已存在的 --output 文件（台账数据库永不覆盖） (overwrite an existing --output file)"),
        click.option("--output", type=click.Path(path_type=Path), callback=_fresh_output,
                     help="写入文件（xlsx、pdf 必填；--bundle 时为目录）；默认输出到屏幕 (write to FILE or DIR)"),
        click.option("--signatures", is_flag=True,
                     help="加印 填报单位、填报人、审核人、联系电话、填报日期 一行（附件本无） (add a signature line)"),
    )):
        command = option(command)
    return command


def emit(report: Printable, fmt: str, output: Path | None) -> None:
    """Print or write ``report`` as text, CSV (bytes with a BOM), XLSX or PDF (to --output only)."""
    if fmt in NEEDS:
        if output is None:
            raise CliError(f"{fmt.upper()} 须用 --output 指定文件 ({fmt} needs --output FILE)")
        module, extra = NEEDS[fmt]
        if importlib.util.find_spec(module) is None:
            raise Refusal(f"{fmt.upper()} 需要 {module}：pip install 'hazardflow[{extra}]' ({fmt} needs {module})")
        report.to_xlsx(output) if fmt == "xlsx" else report.to_pdf(output)
    else:
        data = report.to_csv() if fmt == "csv" else report.to_text().encode()
        if output is None:
            click.echo(data if fmt == "csv" else report.to_text(), nl=False)
            return
        output.write_bytes(data)
    click.echo(f"已写入 (written): {output}", err=True)


def _unit_kind(notice: hf.notices.Notice, variant: str | None, unit: str | None, kind: UnitKind | None) -> None:
    if kind is UnitKind.ENTERPRISE:
        raise CliError("--org-kind 应为 部门 或 乡镇：企业不报送调度表 (a dispatch table is reported by a "
                       "department or a town)")
    from hazardflow.reports.layout import FORMS

    form = FORMS.get(variant or notice.dispatch_variant)
    if form is not None and form.sections_by_kind is not None and unit is not None and kind is None:
        raise CliError(f"须用 --org-kind 部门 或 乡镇 说明“{unit}”是哪类单位：{form.heading} 按单位类别规定上报的"
                       "部分（宜明办字〔2023〕23号 附件1 注1） "
                       "(--org-kind is required with --jurisdiction for this table)")


@main.command()
@click.option("--notice", required=True, type=NoticeRef(),
              help="通知编号（如 shenyang-2023）或本地通知文件 (notice id or profile file)")
@click.option("--variant", type=click.Choice(PRINTED),
              help="调度表版式；默认用通知自己的 (the table's layout)")
@click.option("--org-kind", "unit_kind", type=Label(UnitKind),
              help="报送单位的类别，部门 或 乡镇：决定应填报的部分（宜明 附件1 注1） "
                   "(what kind of organisation reports)")
@click.option("--bundle", is_flag=True, help="调度表、清单、典型案例一并报送（宜明 四） (the monthly bundle)")
@report_options
@friendly
def dispatch(notice: hf.notices.Notice, variant: str | None, unit_kind: UnitKind | None, bundle: bool, db: str,
             as_of: date, unit: str | None, fmt: str, output: Path | None, signatures: bool) -> None:
    """调度表：通知的进展情况调度表，自专项行动开始累计至 --as-of 当日 (the progress table, cumulative to --as-of)."""
    _unit_kind(notice, variant, unit, unit_kind)
    with open_ledger(db) as ledger:
        table = hf.reports.dispatch_table(ledger, notice, as_of, unit=unit, variant=variant)
        if unit_kind is not None:
            table = table.for_unit_kind(unit_kind)
        reports: list[tuple[str, Printable]] = [("调度表", attrs.evolve(table, signatures=signatures))]
        if bundle:
            reports += [("清单", attrs.evolve(hf.reports.register(ledger, as_of, unit=unit), signatures=signatures)),
                        ("典型案例", hf.reports.typical_cases(ledger, notice, as_of, unit=unit))]
    if not bundle:
        emit(reports[0][1], fmt, output)
    elif fmt == "text":
        text = "\n\f".join(report.to_text() for _, report in reports)
        emit_text(text, output)
    else:
        if output is None:
            raise CliError("--bundle 须用 --output 指定目录 (--bundle needs --output DIRECTORY)")
        output.mkdir(parents=True, exist_ok=True)
        for name, report in reports:
            emit(report, fmt, output / f"{name}.{fmt}")


def emit_text(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output``."""
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"已写入 (written): {output}", err=True)


@main.command()
@report_options
@friendly
def register(db: str, as_of: date, unit: str | None, fmt: str, output: Path | None, signatures: bool) -> None:
    """清单：截至 --as-of 的重大隐患（重点隐患）清单（宜明办字〔2023〕23号 附件2），每行注明【重大】或【重点】
    (the register of major and key hazards as of --as-of)."""
    with open_ledger(db) as ledger:
        emit(attrs.evolve(hf.reports.register(ledger, as_of, unit=unit), signatures=signatures), fmt, output)
