"""``hazardflow directory load|show|add``: the ledger's 名录 (who is who) from a shell.

Once a directory is stored in the ledger, every ``hazardflow hazard …`` command asks it who may act
(`main.open_ledger` puts it in use); docs/directory-format.md describes the file format.
"""

from __future__ import annotations

from pathlib import Path

import click

import hazardflow as hf
from hazardflow.cli.common import Label, console, db_option, echo_json, friendly, json_option, main, open_ledger, table
from hazardflow.directory import jurisdiction_path


@main.group()
def directory() -> None:
    """名录：单位和人员；`load 文件.toml`、`show`、`add organisation|person` (the directory)。"""


def _stored(ledger: hf.Ledger) -> hf.Directory:
    return ledger.directory() or hf.Directory()


@directory.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@db_option
@friendly
def directory_load(path: Path, db: str) -> None:
    """用 TOML 文件 PATH 替换台账中的名录，出错时指明文件和键 (replace the directory with PATH)。"""
    loaded = hf.Directory.load(path)
    with open_ledger(db, create=True) as ledger:
        ledger.save_directory(loaded)
    click.echo(f"名录已载入 (directory loaded): {len(loaded)} 个单位 (organisations), "
               f"{len(loaded.people)} 名人员 (people) → {db}")


@directory.command("show")
@click.option("--organisation", default=None, help="只显示该单位及其人员 (only this organisation)")
@db_option
@json_option
@friendly
def directory_show(organisation: str | None, db: str, as_json: bool) -> None:
    """台账中的名录：单位（类别、属地、行业领域、职工人数）和人员（职务） (the stored directory)。"""
    with open_ledger(db) as ledger:
        stored = _stored(ledger)
    orgs = [o for o in stored.organisations if organisation in (None, o.name)]
    people = [p for p in stored.people if organisation in (None, p.organisation)]
    if as_json:
        data = stored.to_data()
        echo_json({"organisations": [t for t in data["organisations"] if organisation in (None, t["name"])],
                   "people": [t for t in data["people"] if organisation in (None, t["organisation"])]})
        return
    out = console()
    out.print(table(f"单位 (organisations): {len(orgs)}", ("单位", "类别", "属地", "行业领域", "职工人数", "所属企业"),
                    ([o.name, o.kind, o.place, "、".join(sorted(o.sectors)), o.staff, o.of] for o in orgs)))
    out.print(table(f"人员 (people): {len(people)}", ("姓名", "单位", "职务"),
                    ([p.name, p.organisation, p.position] for p in people)))


@directory.group("add")
def directory_add() -> None:
    """在名录中登记一个单位或一个人 (register an organisation or a person)。"""


@directory_add.command("organisation")
@click.argument("name")
@click.option("--kind", required=True, type=Label(hf.OrgKind),
              help="类别：企业、监管部门、党委政府、乡镇街道、职工大会、专家库 (kind)")
@click.option("--jurisdiction", required=True, help="属地，行政区划路径，如 沈阳市/铁西区 (jurisdiction)")
@click.option("--sectors", default="", help="行业领域，用 、 或 , 分隔（部门监管的行业领域） (sectors)")
@click.option("--staff", type=click.IntRange(0), default=None, help="企业职工人数 (number of staff)")
@click.option("--of", "of", default=None, help="职工大会所属企业 (a workers' congress's enterprise)")
@db_option
@friendly
def add_organisation(name: str, kind: hf.OrgKind, jurisdiction: str, sectors: str, staff: int | None,
                     of: str | None, db: str) -> None:
    """登记单位 NAME (register organisation NAME)。"""
    parts = [s for s in sectors.replace(",", "、").split("、") if s.strip()]
    organisation = hf.Organisation(name, kind, jurisdiction_path(jurisdiction), parts, staff, of)
    with open_ledger(db, create=True) as ledger:
        stored = _stored(ledger)
        stored.add(organisation)
        ledger.save_directory(stored)
    click.echo(f"已登记单位 (organisation added): {name}（{kind.label}，{organisation.place}）")


@directory_add.command("person")
@click.argument("name")
@click.option("--organisation", required=True, help="所在单位（须已登记） (the person's organisation)")
@click.option("--position", required=True, type=Label(hf.Position),
              help="职务：主要负责人、安全管理人员、从业人员、执法人员、领导、专家 (post)")
@db_option
@friendly
def add_person(name: str, organisation: str, position: hf.Position, db: str) -> None:
    """登记某单位的人员 NAME (register person NAME)。"""
    with open_ledger(db) as ledger:
        stored = _stored(ledger)
        stored.add(hf.Person(name, organisation, position))
        ledger.save_directory(stored)
    click.echo(f"已登记人员 (person added): {organisation}{position.label}{name}")
