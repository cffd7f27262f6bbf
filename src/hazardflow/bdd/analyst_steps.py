"""Steps an analyst reaches for when checking a notice against the library, in 中文: a refusal's
wording, one unit's 调度表, the 调度表 of a past month, a deliverable by the notice's own words (and,
of two with the same words, the one due on a given day).

The tables are read from a ledger the way `report_steps` reads them (the scenario's hazards and
activities written to SQLite, the report computed with SQL).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import attrs
from pytest_bdd import parsers, step, then

import hazardflow as hf
from hazardflow.bdd.campaign_steps import CampaignWorld, _acting
from hazardflow.bdd.report_steps import ReportWorld, _check_row
from hazardflow.bdd.world import World, parse_date


def _month(text: str) -> date:
    """「2023年6月」 → its last day, 2023-06-30."""
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月", text)
    if match is None:
        raise ValueError(f"月份应为“2023年6月”，实际为“{text}”")
    year, month = int(match[1]), int(match[2])
    return date(year, month, calendar.monthrange(year, month)[1])


_month.pattern = r"\d{4}年\d{1,2}月"  # type: ignore[attr-defined]


@then(parsers.parse('拒绝理由包括"{text}"'))
@then(parsers.parse('拒绝理由说明"{text}"'))
@then(parsers.parse('拒绝理由写明"{text}"'))
def refusal_says(world: World, text: str) -> None:
    """被拒绝的理由中含有 ``text``：核对拒绝的措辞，如缺了什么、谁可以做（包括、说明、写明三种写法相同）。"""
    refusal = world.examine_refusal()
    if not any(text in reason.message for reason in refusal.reasons):
        raise world.failure(f"拒绝理由包括“{text}”", "；".join(f"{r.rule} {r.message}" for r in refusal.reasons))


@then(parsers.parse('按行动方案"{ident}"截至今天，"{unit}"的调度表中，"{section}"第{number:d}行为"{figures}"'))
def unit_dispatch_row(world: World, report_world: ReportWorld, ident: str, unit: str, section: str, number: int,
                      figures: str) -> None:
    """只统计一个乡镇或部门（属地）的调度表，
    如 `按行动方案"shenyang-2023"截至今天，"铁西区"的调度表中，"总体情况"第1行为"1"`。"""
    _check_row(world, report_world, hf.notices.load(ident), section, number, figures, unit=unit)


@then(parsers.parse('按行动方案"{ident}"{month:Month}的调度表中，"{section}"第{number:d}行为"{figures}"',
                    extra_types={"Month": _month}))
def month_dispatch_row(world: World, report_world: ReportWorld, ident: str, month: date, section: str, number: int,
                       figures: str) -> None:
    """某月的调度表（累计至该月最后一天），如 `按行动方案"shenyang-2023"2023年6月的调度表中，"总体情况"第1行为"2"`。"""
    _check_row(world, report_world, hf.notices.load(ident), section, number, figures, as_of=month)


@attrs.frozen
class Item:
    """Something the notice asks a unit to hand in, by the notice's own words."""

    kind: hf.notices.DeliverableKind
    id: str
    name: str
    due: date


def _items(cw: CampaignWorld, unit: str | None, words: str) -> list[Item]:
    """The deliverables and scheduled reports whose name holds ``words`` (for ``unit``), by deadline."""
    c = cw.run()
    deliverables = c.deliverables(unit) if unit is not None else c.notice.deliverables
    found = [Item(d.kind, d.id, d.name, d.due) for d in deliverables if words in d.name]
    cadence = c.notice.cadence
    if cadence is not None and (unit is None or c.participation(unit).kind in cadence.units):
        found += [Item(hf.notices.DeliverableKind.REPORT, r.id, r.name, r.due) for r in cadence.reports
                  if words in r.name]
    if not found:
        names = "、".join(sorted({d.name for d in c.notice.deliverables}))
        raise AssertionError(f"行动方案中没有名称含“{words}”的事项；事项有：{names}")
    return sorted(found, key=lambda i: i.due)


def _file(world: World, cw: CampaignWorld, unit: str, item: Item) -> None:
    c, by = cw.run(), _acting(world, cw, unit)
    world.act(lambda: c.record(unit, item.kind, period=item.id, at=world.now(), by=by))


@step(parsers.parse('"{unit}"报送"{words}"'))
def files_by_name(world: World, campaign_world: CampaignWorld, unit: str, words: str) -> None:
    """按通知原文的名称报送一项事项，如 `"东胜某城建公司"报送"联系人回执"`；同名的有几项时，报送最早一项尚未报送的。"""
    items = _items(campaign_world, unit, words)
    p = campaign_world.run().participation(unit)
    _file(world, campaign_world, unit, next((i for i in items if p.filed(i.kind, i.id) is None), items[-1]))


@step(parsers.parse('"{unit}"报送{day}截止的"{words}"'))
def files_due_on(world: World, campaign_world: CampaignWorld, unit: str, day: str, words: str) -> None:
    """同名事项中截止于某日的一项，如 `"东胜某城建公司"报送2023年12月10日截止的"贯彻落实情况"`。"""
    due, items = parse_date(day), _items(campaign_world, unit, words)
    item = next((i for i in items if i.due == due), None)
    if item is None:
        raise world.failure(f"“{words}”有一项截止于{day}", "截止日期为" + "、".join(str(i.due) for i in items))
    _file(world, campaign_world, unit, item)


@then(parsers.parse('名称含"{words}"的事项截止日期依次为{days}'))
def items_due(world: World, campaign_world: CampaignWorld, words: str, days: str) -> None:
    """通知中名称含某些字的全部事项及其截止日期，
    如 `名称含"贯彻落实情况"的事项截止日期依次为2023年8月10日、2023年12月10日`。"""
    actual = [i.due for i in _items(campaign_world, None, words)]
    if actual != [parse_date(d) for d in days.split("、")]:
        raise world.failure(f"截止日期依次为{days}", "、".join(str(d) for d in actual))
