"""`hazardflow notices` and `hazardflow notices show`: the notice profiles, as a county clerk reads them."""

from __future__ import annotations

import click

import hazardflow as hf
from hazardflow.cli.common import (
    NoticeRef,
    console,
    echo_json,
    friendly,
    json_option,
    main,
    table,
)
from hazardflow.cli.zh import visible
from hazardflow.hazard.jsonform import plain

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


