"""`hazardflow standards list|show|search`: the 重大事故隐患判定标准 catalogue (L7) from a shell.

Every item is printed with its verification status; a MISSING item shows its number and 原文未取得,
never a text. ``--file FILE.toml`` (repeatable) loads a county's own standard in the bundled
format first; it replaces the bundled standard of the same short name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from hazardflow.checks import InvalidInput
from hazardflow.cli.common import console, echo_json, friendly, json_option, main, table
from hazardflow.hazard import standards as catalogue


def item_json(i: catalogue.Item) -> dict[str, Any]:
    """An item as the ``--json`` output prints it (status by name, with its 中文 label)."""
    return {"ref": i.ref, "standard": i.standard, "article": i.article, "number": i.number,
            "status": i.status.name, "status_label": i.status.label, "text": i.text, "quoted": i.quoted,
            "sources": i.sources, "sectors": list(i.sectors)}


def echo_items(items: list[catalogue.Item]) -> None:
    """Each item as three lines: reference, status and sectors; the text as it may be quoted; its 来源.
    (Plain lines rather than a table: a table cuts unbroken Chinese text short.)"""
    for i in items:
        click.echo(f"{i.ref}  [{i.status.name} {i.status.label}]  适用：{'、'.join(i.sectors)}\n"
                   f"    {i.quoted}\n    来源：{i.sources}")


def _load(ctx: click.Context, param: click.Parameter, files: tuple[Path, ...]) -> None:
    for path in files:
        try:
            catalogue.load_file(path)
        except (InvalidInput, OSError) as error:
            raise click.BadParameter(f"判定标准文件有误 (bad standard file): {error}", ctx, param) from None


@main.group()
@click.option("--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              callback=_load, expose_value=False, is_eager=True,
              help="内置格式（TOML）的判定标准文件，如正式全文；替换同简称的内置标准 "
                   "(a standard file; replaces the bundled one of the same short name)")
def standards() -> None:
    """重大事故隐患判定标准（L7）：列出标准、查看条目及其状态、检索条目原文 (the standards)。"""


@standards.command("list")
@json_option
@friendly
def standards_list(as_json: bool) -> None:
    """在用的判定标准：简称、文号、标题，各状态的条目数 (the standards in use)。"""
    found = catalogue.available()
    if as_json:
        echo_json([{"id": s.id, "short": s.short, "number": s.number, "title": s.title, "complete": s.complete,
                    "items": len(s.items), "statuses": {k.name: v for k, v in sorted(
                        s.counts().items(), key=lambda kv: list(catalogue.Status).index(kv[0]))}}
                   for s in found])
        return
    console().print(table("重大事故隐患判定标准 (standards)", ("简称", "编号 id", "文号", "标题", "项数", "核对"),
                          ([s.short, s.id, s.number, s.title, len(s.items), _counts(s)] for s in found),
                          wide={"标题": 20}, fixed=("编号 id", "核对")))


def _counts(s: catalogue.Standard) -> str:
    counts = s.counts()
    return "，".join(f"{status.name} {counts[status]}" for status in catalogue.Status if counts[status])


@standards.command("show")
@click.argument("name", required=False)
@json_option
@friendly
def standards_show(name: str | None, as_json: bool) -> None:
    """每个标准的每个条目（或 NAME：标准简称或编号，或一个条目如 10号令第十一条(一)），
    附状态和来源；缺原文的条目显示“原文未取得” (every item, with its status and source)。"""
    picked: list[catalogue.Standard] = catalogue.available()
    if name is not None:
        try:
            picked = [catalogue.get(name)]
        except InvalidInput:
            one = catalogue.item(name)
            if as_json:
                echo_json(item_json(one))
                return
            echo_items([one])
            return
    if as_json:
        echo_json([{"id": s.id, "short": s.short, "number": s.number, "title": s.title, "complete": s.complete,
                    "items": [item_json(i) for i in s.items]} for s in picked])
        return
    for s in picked:
        state = "全文" if s.complete else "不完整，不得作为全文使用"
        click.echo(f"\n{s.title}（{s.number}，简称 {s.short}）：{len(s.items)} 项，{_counts(s)}；{state}")
        for article in s.articles:
            if article.items:
                lead = article.lead or "引语原文未取得"
                category = f" {article.category}" if article.category else ""
                click.echo(f"\n{article.number or s.short}{category}：{lead}（{article.status.name}）")
                echo_items(list(article.items))


@standards.command("search")
@click.argument("words", nargs=-1, required=True)
@json_option
@friendly
def standards_search(words: tuple[str, ...], as_json: bool) -> None:
    """原文（或条文导语、条目编号）含有全部 WORDS 的条目，如 `standards search 除尘 泄爆`，
    用来查找隐患对应的条目；缺原文的条目无从匹配 (items whose text holds every word)。"""
    found = catalogue.search(" ".join(words))
    if as_json:
        echo_json([item_json(i) for i in found])
        return
    click.echo(f"检索“{' '.join(words)}”：{len(found)} 项")
    echo_items(found)
