"""``hazardflow db verify`` / ``db checkpoint`` / ``db protect``: the register's audit, its signed
checkpoints and PostgreSQL's append-only protection (ARCHITECTURE.md principle 11, `store.seal`). The
store's modules are imported by the commands, not with the CLI (``hazardflow --help`` loads no store)."""

from __future__ import annotations

import json
from pathlib import Path

import click

import hazardflow as hf
from hazardflow.cli.common import CliError, database_url, db_option, friendly


def _opened(db: str) -> hf.Ledger:
    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise CliError(f"台账不存在 (no ledger at {db})")
    ledger = hf.Ledger(url)
    if not ledger.keyed:
        from hazardflow.store.seal import KeyMissing

        ledger.close()
        raise CliError(str(KeyMissing(db)))
    return ledger


@click.command("verify")
@db_option
@click.option("--checkpoint", "checkpoint_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="与此前写出的检查点比对，证明其后的删除 (also check against a checkpoint kept elsewhere)")
@friendly
def verify(db: str, checkpoint_file: Path | None) -> None:
    """校验台账：哈希链、全局序号、MAC（以密钥）、状态与事件重放；逐条说明问题，有问题时退出码为 1。

    (Verify the register: chains, global sequence, MACs under the key, states against replays; exit 1 on any finding.)
    """
    from hazardflow.store import checkpoint as checkpoints

    ledger = _opened(db)
    try:
        report = ledger.audit()
        findings = list(report.findings)
        if checkpoint_file is not None:
            findings += ledger.check_checkpoint(checkpoints.read(checkpoint_file.read_text(encoding="utf-8")))
    finally:
        ledger.close()
    if report.resealed is not None:
        click.echo(f"注：第 1–{report.resealed} 号事件是封存之前的记录，于 {report.resealed_at} 重新封存；"
                   "此前的改动无法由 MAC 发现 (events up to this number were re-sealed once)")
    for finding in findings:
        click.echo(f"✗ {finding}")
    if findings:
        click.echo(f"发现 {len(findings)} 处问题，涉及 {len({f.subject for f in findings})} 项记录 "
                   f"({len(findings)} findings)")
        raise SystemExit(1)
    click.echo(f"台账完好：{report.sealed} 个事件，全局序号连续，MAC 全部相符 (the register is intact)")


@click.command("checkpoint")
@db_option
@friendly
def checkpoint(db: str) -> None:
    """写出签名的检查点（JSON，打印到屏幕）：`hazardflow db checkpoint > 检查点.json`，另行保存。

    (Print a signed checkpoint — global sequence number, MAC, hash of all heads — to keep elsewhere.)
    """
    ledger = _opened(db)
    try:
        click.echo(json.dumps(ledger.checkpoint(), ensure_ascii=False, indent=2))
    finally:
        ledger.close()


@click.command("protect")
@db_option
@click.option("--role", help="应用连接所用的数据库角色：收回其 UPDATE、DELETE、TRUNCATE 权限 (the application's role)")
@click.option("--apply", "apply_", is_flag=True,
              help="在 PostgreSQL 上执行；默认只打印 SQL (run it; default: print it)")
@friendly
def protect(db: str, role: str | None, apply_: bool) -> None:
    """只追加保护（PostgreSQL）：事件表、封存表、活动表拒绝修改和删除（触发器），并可收回应用角色的权限。

    (Optional append-only protection on PostgreSQL: triggers, and REVOKE from the application role.)
    """
    from hazardflow.store import protect as protection

    sql = protection.statements(role)
    if not apply_:
        click.echo("\n".join(sql))
        return
    url = database_url(db)
    if not url.startswith("postgresql"):
        raise CliError("只追加保护只用于 PostgreSQL (append-only protection is for PostgreSQL)")
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in sql:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()
    click.echo(f"已设置只追加保护：{', '.join(protection.APPEND_ONLY)} (append-only protection in place)")
