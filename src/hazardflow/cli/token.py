"""`hazardflow token create | revoke | list`: the HTTP API's tokens, hashed at rest (`hf.Tokens`)."""

from __future__ import annotations

from datetime import datetime

import click

import hazardflow as hf
from hazardflow.cli.common import db_option, echo_json, friendly, main, open_ledger
from hazardflow.hazard.jsonform import plain


@main.group()
def token() -> None:
    """`hazardflow serve` 的访问令牌：每个令牌代表名录中的一个人
    (API tokens: each acts as one person of the stored directory)。"""


@token.command("create")
@db_option
@click.option("--person", required=True, help="令牌代表的人（姓名），须在已存名录中 (a person of the stored directory)")
@click.option("--org", required=True, help="此人在名录中的单位：企业、部门或党委政府 (the person's organisation)")
@friendly
def create(db: str, person: str, org: str) -> None:
    """为名录中的一个人新建令牌；只显示这一次，台账只保存其哈希；角色和可见范围由名录决定
    (make a token for a person of the stored directory; printed once, only its hash is kept; role and
    what it sees follow from the directory)。"""
    with open_ledger(db) as ledger:
        click.echo(hf.Tokens(ledger).create(person, org, at=datetime.now(hf.SHANGHAI)))


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
