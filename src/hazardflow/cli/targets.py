"""`hazardflow notices targets NOTICE --at DATE [--met ID[=VALUE] …]`: C10, a notice's dated targets.

Each target with its 专题/行业领域, 牵头单位, due date and status as of ``--at``. ``--met`` marks a target met
(with its measured value) through `Campaign.record` by its first 牵头单位, as the county would; the view
keeps no state (the campaign register of record is the store's).
"""

from __future__ import annotations

from datetime import date

import click

import hazardflow as hf
from hazardflow.cli.common import Day, NoticeRef, console, echo_json, friendly, json_option, table
from hazardflow.cli.notices import notices
from hazardflow.notices.profile import end_of_day


def _marked(notice: hf.notices.Notice, met: tuple[str, ...], as_of: date) -> hf.Campaign:
    """A campaign of the notice's 牵头单位 with the ``--met`` targets on record by the end of ``as_of``."""
    c = hf.Campaign(notice)
    at = end_of_day(as_of)
    leads = dict.fromkeys(unit for t in notice.topics for unit in t.lead)
    for unit in leads:
        c.join(unit, kind="department", at=at, by=hf.Actor("经办人", hf.Role.DEPARTMENT, unit))
    topics = {g.id: t for t, g in notice.targets}
    for mark in met:
        ident, _, value = mark.partition("=")
        if ident not in topics:
            raise hf.InvalidInput("--met", f"a target id of {notice.id} ({', '.join(topics)})", ident)
        lead = topics[ident].lead[0]
        c.record(lead, "target", period=ident, note=value or None, at=at,
                 by=hf.Actor("经办人", hf.Role.DEPARTMENT, lead))
    return c


@notices.command("targets")
@click.argument("notice", type=NoticeRef())
@click.option("--at", "as_of", type=Day(), required=True, help="截至该日的状态，YYYY-MM-DD (status as of this day)")
@click.option("--met", multiple=True, metavar="ID[=VALUE]",
              help="目标已完成及实际值，如 hazchem-alarms=100%，可重复 (a target met, with its value)")
@json_option
@friendly
def targets(notice: hf.notices.Notice, as_of: date, met: tuple[str, ...], as_json: bool) -> None:
    """通知的目标任务（C10）：牵头单位、完成时限、状态（已完成 / 逾期未完成 / 未到期） (the dated targets)。"""
    statuses = _marked(notice, met, as_of).targets(end_of_day(as_of))
    if as_json:
        echo_json([{"id": s.target.id, "topic": s.topic.name, "kind": s.topic.kind.label, "lead": list(s.topic.lead),
                    "what": s.target.what, "value": s.target.value, "due": s.target.due.isoformat(),
                    "clause": notice.cite(s.target.clause), "met": s.met is not None,
                    "measured": s.met.note if s.met is not None else None, "overdue": s.overdue} for s in statuses])
        return
    console().print(table(f"目标任务 (targets, C10)：{notice.title}，截至{as_of}",
                          ("编号", "专题/领域", "牵头单位", "目标", "目标值", "截止", "状态", "条款"),
                          ([s.target.id, s.topic.name, "、".join(s.topic.lead), s.target.what, s.target.value or "",
                            s.target.due, s.status, s.target.clause] for s in statuses)))
