"""`hazardflow token create | revoke | list`: the HTTP API's tokens, hashed at rest (`hf.Tokens`)."""

from __future__ import annotations

from datetime import datetime

import click

import hazardflow as hf
from hazardflow.cli.common import db_option, echo_json, friendly, main, open_ledger
from hazardflow.hazard.jsonform import plain


@main.group()
def token() -> None:
    """API tokens for `hazardflow serve`: each acts as one person of the stored directory (名录)."""


@token.command("create")
@db_option
@click.option("--person", required=True, help="who the token acts as (姓名), a person of the stored directory")
@click.option("--org", required=True, help="the person's organisation in the directory (enterprise, 部门, 政府 …)")
@friendly
def create(db: str, person: str, org: str) -> None:
    """Make a token for a person of the stored directory; prints it once (only its hash is kept). Its
    role and what it sees follow from the directory (the organisation's kind, the person's post)."""
    with open_ledger(db) as ledger:
        click.echo(hf.Tokens(ledger).create(person, org, at=datetime.now(hf.SHANGHAI)))


@token.command("revoke")
@db_option
@click.argument("token_id")
@friendly
def revoke(db: str, token_id: str) -> None:
    """Revoke the token TOKEN_ID (the part after ``hf_``, before the second ``_``)."""
    with open_ledger(db) as ledger:
        if not hf.Tokens(ledger).revoke(token_id, at=datetime.now(hf.SHANGHAI)):
            raise click.ClickException(f"没有有效令牌 {token_id} (no active token)")
    click.echo(f"已吊销 {token_id} (revoked)")


@token.command("list")
@db_option
@friendly
def listing(db: str) -> None:
    """Every token: id, person, organisation, role, jurisdictions, created, revoked (JSON)."""
    with open_ledger(db) as ledger:
        echo_json([{"id": t.id, **plain(t.actor), "jurisdictions": sorted(t.jurisdictions),
                    "created_at": t.created_at, "revoked_at": t.revoked_at} for t in hf.Tokens(ledger).list()])
