"""Steps for recorded activities, the 调度表's figures and the 清单's rows, in 中文.

The tables are computed the way a platform computes them: every hazard and activity of the
scenario is written to a fresh SQLite ledger, and the report is read from it with SQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from pytest_bdd import parsers, step, then

import hazardflow as hf
from hazardflow.bdd.campaign_steps import CampaignWorld
from hazardflow.bdd.world import World, parse_money


@attrs.define
class ReportWorld:
    """The activities recorded in the scenario, and where its ledgers are written."""

    folder: Path
    activities: list[hf.Activity] = attrs.Factory(list)
    spot_checks: list[hf.SpotCheck] = attrs.Factory(list)
    built: int = 0

    def ledger(self, world: World) -> hf.Ledger:
        """A fresh ledger holding every hazard, spot check and activity of the scenario as it stands."""
        self.built += 1
        ledger = hf.Ledger(f"sqlite:///{self.folder / f'ledger-{self.built}.db'}")
        for h in world.hazards.values():
            ledger.add(h)
        for check in self.spot_checks:
            with ledger.unit(by=check.by) as u:
                u.note("spotcheck", check.id, "check", at=check.at, by=check.by, check=check)
        if self.activities:
            ledger.record(*self.activities)
        return ledger


@pytest.fixture
def report_world(tmp_path_factory: pytest.TempPathFactory) -> ReportWorld:
    """A fresh report world (and folder for its ledgers) for each scenario."""
    return ReportWorld(tmp_path_factory.mktemp("hazardflow-ledger"))


def _findings(text: str) -> frozenset[hf.Finding]:
    """Finding labels joined with 、; a label that itself holds a 、 (未按规定开展应急演练、员工不熟悉逃生出口)
    is taken whole."""
    found, rest = set(), text.strip()
    labels = sorted(hf.Finding, key=lambda m: -len(m.label))
    while rest:
        member = next((m for m in labels if rest == m.label or rest.startswith(m.label + "、")), None)
        if member is None:
            member = hf.Finding.from_label(rest.split("、")[0].strip())  # not a label: the error names them
        found.add(member)
        rest = rest[len(member.label):].lstrip("、").strip()
    return frozenset(found)


# 记录活动 --------------------------------------------------------------------------------------

@step(parsers.parse('"{who}"抽查检查企业"{enterprise}"'))
def spot_check(world: World, report_world: ReportWorld, who: str, enterprise: str) -> None:
    """部门抽查检查企业的自查自改（H5 签名），未发现问题（调度表 抽查检查情况 第1行）。"""
    report_world.spot_checks.append(hf.SpotCheck.made(enterprise=enterprise, at=world.now(), by=world.actor(who)))


@step(parsers.parse('"{who}"抽查检查企业"{enterprise}"，发现"{findings}"'))
def spot_check_finding(world: World, report_world: ReportWorld, who: str, enterprise: str, findings: str) -> None:
    """抽查检查发现问题（调度表 第2–8行的名称，用 、 分隔；名称本身带顿号的也可）。"""
    report_world.spot_checks.append(hf.SpotCheck.made(enterprise=enterprise, findings=_findings(findings),
                                                      at=world.now(), by=world.actor(who)))


@step(parsers.parse('"{who}"记录"{kind}"{number:d}次'))
def activity_times(world: World, report_world: ReportWorld, who: str, kind: str, number: int) -> None:
    """记录某项工作若干次，按其名称（如 专题学习、帮扶指导重点企业、移送司法机关）。"""
    actor = world.actor(who)
    report_world.activities.append(hf.Activity(hf.ActivityKind.from_label(kind), actor.organisation, world.now(), actor,
                                               count=number))


@step(parsers.parse('"{who}"对"{enterprise}"记录"{kind}"，金额{amount}'))
def activity_amount(world: World, report_world: ReportWorld, who: str, enterprise: str, kind: str,
                    amount: str) -> None:
    """记录一项带金额的工作（如 行政处罚 金额3.5万元；举报奖励）。"""
    actor = world.actor(who)
    report_world.activities.append(hf.Activity(hf.ActivityKind.from_label(kind), actor.organisation, world.now(), actor,
                                               enterprise=enterprise, amount=parse_money(amount) / 10000))


# 调度表 ---------------------------------------------------------------------------------------

def _figures(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("、"))


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


@then(parsers.parse('按行动方案"{ident}"截至今天的调度表中，"{section}"第{number:d}行为"{figures}"'))
def dispatch_row(world: World, report_world: ReportWorld, ident: str, section: str, number: int,
                 figures: str) -> None:
    """调度表中某部分某行的数字（自专项行动开始累计至今天）；两个数字用 、 分隔。"""
    _check_row(world, report_world, hf.notices.load(ident), section, number, figures)


@then(parsers.parse('本次专项行动截至今天的调度表中，"{section}"第{number:d}行为"{figures}"'))
def campaign_dispatch_row(world: World, report_world: ReportWorld, campaign_world: CampaignWorld, section: str,
                          number: int, figures: str) -> None:
    """本次专项行动所用通知（如县区自己的配置文件）的调度表中某行的数字。"""
    _check_row(world, report_world, campaign_world.run().notice, section, number, figures)


def _check_row(world: World, report_world: ReportWorld, notice: hf.notices.Notice, section: str, number: int,
               figures: str, *, unit: str | None = None, as_of: date | None = None) -> None:
    assert world.today is not None, "请先设定日期（今天是 …）"
    with report_world.ledger(world) as ledger:
        table = hf.reports.dispatch_table(ledger, notice, as_of or world.today, unit=unit)
    try:
        row = next(r for r in table.rows if r.section == section and r.number == number)
    except StopIteration:
        raise world.failure(f"调度表有“{section}”第{number}行", f"调度表的部分为 {'、'.join(table.sections)}") from None
    actual = tuple(_shown(v) for v in row.figures)
    if actual != _figures(figures):
        cut = "" if table.as_of == (as_of or world.today) else f"（按通知，调度表统计截至{table.as_of:%Y年%-m月%-d日}）"
        raise world.failure(f"“{row.label}”为 {figures}", f"“{row.label}”为 {'、'.join(actual)}{cut}")


@then(parsers.parse('按行动方案"{ident}"的调度表共有{sections:d}个部分、{rows:d}行'))
def dispatch_shape(world: World, report_world: ReportWorld, ident: str, sections: int, rows: int) -> None:
    """调度表的部分数和行数，与通知附件印发的一致。"""
    assert world.today is not None, "请先设定日期（今天是 …）"
    with report_world.ledger(world) as ledger:
        table = hf.reports.dispatch_table(ledger, hf.notices.load(ident), world.today)
    if (len(table.sections), len(table.rows)) != (sections, rows):
        raise world.failure(f"{sections}个部分、{rows}行", f"{len(table.sections)}个部分、{len(table.rows)}行")


@then(parsers.parse('按行动方案"{ident}"截至今天，{kind}"{unit}"报送的调度表只有以下部分：{sections}'))
def unit_sections(world: World, report_world: ReportWorld, ident: str, kind: str, unit: str, sections: str) -> None:
    """部门或乡镇报送的调度表只含哪些部分，用 、 分隔（宜明办字〔2023〕23号 附件1 注1）。"""
    assert world.today is not None, "请先设定日期（今天是 …）"
    with report_world.ledger(world) as ledger:
        table = hf.reports.dispatch_table(ledger, hf.notices.load(ident), world.today, unit=unit)
    actual = table.for_unit_kind(hf.notices.UnitKind(kind)).sections
    if actual != sections.split("、"):
        raise world.failure(f"{unit}报送{sections}", f"{unit}报送{'、'.join(actual)}")


# 清单 -----------------------------------------------------------------------------------------

@then(parsers.parse("截至今天的重大隐患清单共有{number:d}行"))
def register_size(world: World, report_world: ReportWorld, number: int) -> None:
    """今天的重大隐患清单共有多少行（重大隐患和重点隐患）。"""
    assert world.today is not None, "请先设定日期（今天是 …）"
    with report_world.ledger(world) as ledger:
        table = hf.reports.register(ledger, world.today)
    if len(table.rows) != number:
        raise world.failure(f"清单共{number}行", f"清单共{len(table.rows)}行")


def _row(cells: dict[str, str]) -> str:
    """A 清单 row as the analyst reads it: 列：值；列：值."""
    return "；".join(f"{column}：{value}" for column, value in cells.items())


@then("截至今天的重大隐患清单包含以下行:")
def register_rows(world: World, report_world: ReportWorld, datatable: list[list[str]]) -> None:
    """重大隐患清单包含表中各行：表头为附件的任意列名（按 重大隐患（重点隐患）描述 找到该行）。"""
    assert world.today is not None, "请先设定日期（今天是 …）"
    with report_world.ledger(world) as ledger:
        table = hf.reports.register(ledger, world.today)
    header, *expected = datatable
    unknown = [h for h in header if h not in table.columns]
    if unknown:
        raise AssertionError(f"清单没有列“{'”“'.join(unknown)}”；列为 {'、'.join(table.columns)}")
    actual = [{h: str(cell) for h, cell in zip(table.columns, row.cells(), strict=True)} for row in table.rows]
    for wanted in expected:
        want = dict(zip(header, wanted, strict=True))
        if not any(all(row[k] == v for k, v in want.items()) for row in actual):
            rows = "\n".join(f"  {_row(r)}" for r in actual) or "  （无）"
            raise world.failure("清单包含一行 " + _row(want), "清单各行：\n" + rows)

