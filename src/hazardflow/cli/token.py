"""`hazardflow token create | revoke | list`: the HTTP API's tokens, hashed at rest (`hf.Tokens`)."""

from __future__ import annotations

from datetime import datetime

import click

import hazardflow as hf
from hazardflow.cli.common import Label, db_option, echo_json, friendly, main, open_ledger
from hazardflow.hazard.jsonform import plain


@main.group()
def token() -> None:
    """`hazardflow serve` 的访问令牌：每个令牌代表一个单位的一个人 (API tokens: each acts as one person)。"""


@token.command("create")
@db_option
@click.option("--person", required=True, help="令牌代表的人（姓名） (who the token acts as)")
@click.option("--org", required=True, help="此人所在单位：企业、部门或党委政府 (the person's organisation)")
@click.option("--role", required=True, type=Label(hf.Role), help="角色，中文或英文 (the role)")
@click.option("--jurisdiction", multiple=True, help="部门、政府或专家负责的属地，可重复 (jurisdiction)")
@friendly
def create(db: str, person: str, org: str, role: hf.Role, jurisdiction: tuple[str, ...]) -> None:
    """新建令牌；只显示这一次，台账只保存其哈希 (make a token; printed once, only its hash is kept)。"""
    with open_ledger(db, create=True) as ledger:
        click.echo(hf.Tokens(ledger).create(hf.Actor(person, role, org), at=datetime.now(hf.SHANGHAI),
                                            jurisdictions=jurisdiction))


@token.command("revoke")
@db_option
@click.argument("token_id")
@friendly
def revoke(db: str, token_id: str) -> None:
    """吊销令牌 TOKEN_ID（``hf_`` 之后、第二个 ``_`` 之前的部分） (revoke the token TOKEN_ID)。"""
    with open_ledger(db) as ledger:
        if not hf.Tokens(ledger).revoke(token_id, at=datetime.now(hf.SHANGHAI)):
            raise click.ClickException(f"没有有效令牌 {token_id} (no active token)")
    click.echo(f"已吊销 {token_id} (revoked)")


@token.command("list")
@db_option
@friendly
def listing(db: str) -> None:
    """全部令牌：编号、人员、单位、角色、属地、创建和吊销时间，JSON (every token, as JSON)。"""
    with open_ledger(db) as ledger:
        echo_json([{"id": t.id, **plain(t.actor), "jurisdictions": sorted(t.jurisdictions),
                    "created_at": t.created_at, "revoked_at": t.revoked_at} for t in hf.Tokens(ledger).list()])
