"""``hazardflow campaign``: a unit's participation in a notice's campaign, stored on the ledger — join,
file a deliverable, advance a phase (C1–C5), status (C6–C8, H11 obligations); ``--json`` on each."""

from __future__ import annotations

import click

import hazardflow as hf
from hazardflow.cli.case_commands import acting, recorded, said
from hazardflow.cli.common import (
    At,
    Moment,
    NoticeRef,
    db_option,
    echo_json,
    json_option,
    main,
    open_ledger,
    table,
    when,
)
from hazardflow.cli.common import console as rich_console


@main.group()
def campaign() -> None:
    """专项行动：单位参加通知的专项行动、报送事项、推进阶段 (units join a campaign, file deliverables, advance)。"""


def _participant(command: click.decorators.FC) -> click.decorators.FC:
    command = click.option("--participant", required=True, help="参加单位：企业、部门或乡镇 (the participating unit)")(
        command)
    return click.option("--notice", required=True, type=NoticeRef(), help="通知编号或通知文件 (the notice)")(command)


def _campaign(u: hf.Unit, notice: hf.notices.Notice, participant: str) -> hf.Campaign:
    """The campaign of ``notice`` holding ``participant``'s stored participation."""
    c = hf.Campaign(notice)
    c.adopt(u.load("participation", hf.participation_id(notice.id, participant)))
    return c


@campaign.command("join")
@_participant
@click.option("--kind", required=True, help="单位类别：企业 / 部门 / 乡镇 (enterprise / department / town)")
@click.option("--sector", help="行业领域（企业所属）(the unit's sector)")
@acting
@recorded
def campaign_join(notice: hf.notices.Notice, participant: str, kind: str, sector: str | None, db: str, at: At,
                  by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """参加专项行动，处于“未启动” (a unit takes part in the campaign)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    p = hf.Campaign(notice).join(participant, kind=kind, sector=sector, at=at, by=actor)
    with open_ledger(db, create=True) as ledger, ledger.unit(by=actor) as u:
        u.put(p)
    said(p, f"{participant} 已参加 {notice.id} (joined)", as_json)


@campaign.command("file")
@_participant
@click.option("--what", required=True, help="报送事项：方案、台账、调度表、检查、演练…… (the deliverable)")
@click.option("--period", help="哪一项：事项编号、阶段或期次如 2023-06 (which one)")
@click.option("--note", help="备注 (a note)")
@acting
@recorded
def campaign_file(notice: hf.notices.Notice, participant: str, what: str, period: str | None, note: str | None,
                  db: str, at: At, by: str, role: hf.Role, org: str, as_json: bool) -> None:
    """报送一项事项：方案、会议、台账、调度表、检查、演练…… (put a deliverable on record)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger, ledger.unit(by=actor) as u:
        c = _campaign(u, notice, participant)
        filing = c.record(participant, what, at=at, by=actor, period=period, note=note)
    said(c[participant], f"{participant} 已报送 {filing.kind.label}（{filing.period or ''}）"
                         f"{'，迟报' if filing.late else ''} (filed)", as_json)


@campaign.command("advance")
@_participant
@acting
@recorded
def campaign_advance(notice: hf.notices.Notice, participant: str, db: str, at: At, by: str, role: hf.Role,
                     org: str, as_json: bool) -> None:
    """推进到下一阶段，或列出未满足的每条规则（C1–C5）；隐患取自台账：企业本身的，乡镇、部门按属地
    (move the unit to its next phase, or refuse with every failed rule)。"""
    at = when(at)
    actor = hf.Actor(by, role, org)
    with open_ledger(db) as ledger:
        register = ledger.find(enterprise=participant) or ledger.find(jurisdiction=participant)
        with ledger.unit(by=actor) as u:
            c = _campaign(u, notice, participant)
            event = c.advance(participant, at=at, by=actor, hazards=register)
    said(c[participant], f"{participant}：{event.from_step.label if event.from_step else ''} → {event.to_step.label}",
         as_json)


@campaign.command("status")
@click.option("--notice", required=True, type=NoticeRef(), help="通知编号或本地通知文件 (the notice)")
@click.option("--at", required=True, type=Moment(), help="查询时刻，北京时间 (the moment asked about)")
@db_option
@json_option
@recorded
def campaign_status(notice: hf.notices.Notice, at: At, db: str, as_json: bool) -> None:
    """专项行动的全部参加单位：所处阶段，以及截至 --at 到期或逾期的事项 (each unit's phase; what is due or overdue)。"""
    at = when(at)
    c = hf.Campaign(notice)
    with open_ledger(db) as ledger:
        for record_id in ledger.record_ids("participation"):
            if record_id.startswith(f"{notice.id}/"):
                c.adopt(ledger.load("participation", record_id))
    due = c.tick(at)
    if as_json:
        echo_json(hf.schema.campaign_json(c, due))
        return
    out = rich_console()
    out.print(table(f"{notice.id} 参加单位 (units)", ("单位", "类别", "阶段"),
                    ([p.unit, p.kind, p.phase_name] for p in c)))
    for o in due:
        out.print(str(o), markup=False)
