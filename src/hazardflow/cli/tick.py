"""``hazardflow tick [--at]``: the durable daily tick, for cron (`Ledger.tick`): what is due or overdue
for every stored campaign and hazard (C1–C10, H11, H8 escalations, H7 weeks undispatched), recorded
once per day; a second run for the same day records nothing, a missed day is caught up with what was
due on it."""

from __future__ import annotations

from datetime import datetime

import click

import hazardflow as hf
from hazardflow.cli.common import (
    Label,
    Moment,
    db_option,
    echo_json,
    friendly,
    json_option,
    main,
    open_ledger,
    renamed,
    when,
)
from hazardflow.hazard.jsonform import plain


@main.command("tick")
@db_option
@click.option("--at", type=Moment(), help="检查时刻，北京时间；不写则为现在，供 cron 用 (default: now)")
@click.option("--by", default="每日到期检查", show_default=True, envvar="HAZARDFLOW_BY", help="记录人 (who records it)")
@click.option("--role", default="GOVERNMENT", show_default=True, type=Label(hf.Role), envvar="HAZARDFLOW_ROLE",
              help="记录人角色 (the recorder's role)")
@click.option("--org", default="专项整治调度", show_default=True, envvar=["HAZARDFLOW_ORG", "HAZARDFLOW_UNIT"],
              help="记录人所在单位 (the recorder's organisation)")
@renamed("org", "--org", "--unit")
@json_option
@friendly
def tick(db: str, at: datetime | None, by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """每日到期检查：记录今天（及上次检查以来漏掉的每一天）到期和逾期的事项 (record what is due or overdue)。"""
    at = when(at)
    moment = at or datetime.now(hf.SHANGHAI)
    with open_ledger(db) as ledger:
        days = ledger.tick(moment, by=hf.Actor(by, role, org))
    if as_json:
        echo_json([{"day": d.id, "obligations": plain(d["obligations"]), "escalations": plain(d["escalations"]),
                    "dispatches": plain(d["dispatches"])} for d in days])
        return
    if not days:
        click.echo(f"{moment.date()} 已检查，无新记录 (already ticked: nothing new recorded)")
    for d in days:
        weeks = d["dispatches"]
        click.echo(f"{d.id}：到期或逾期事项{len(d['obligations'])}项，逾期隐患{len(d['escalations'])}项，"
                   f"挂牌督办未周调度{len(weeks)}周 ({len(d['obligations'])} obligations, "
                   f"{len(d['escalations'])} overdue hazards, {len(weeks)} undispatched weeks recorded)")
        for o in d["obligations"]:
            click.echo(f"  {o}")
        for e in d["escalations"]:
            click.echo(f"  {e.basis}")
        for w in weeks:
            click.echo(f"  {w.basis}")
