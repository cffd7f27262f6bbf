"""The `hazardflow` command.

Errors a user can make (a bad date, an unknown id, a refused transition) end with a one-line
中文 + English message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

import hazardflow as hf

F = TypeVar("F", bound=Callable[..., Any])


def friendly(command: F) -> F:
    """Turn the library's refusals and input errors into a one-line message and exit code 1."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except hf.Rejected as refusal:
            click.echo(f"操作被拒绝 (refused): {refusal}", err=True)
            sys.exit(1)
        except (hf.InvalidInput, ValueError, LookupError, OSError) as error:
            click.echo(f"输入有误 (invalid input): {error}", err=True)
            sys.exit(2)

    return run  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="hazardflow")
def main() -> None:
    """hazardflow: 重大事故隐患专项排查整治 as executable state machines."""


@main.command()
@click.option("--notice", "notice_id", default="shenyang-2023", show_default=True, help="notice profile id")
@click.option("--units", default=200, show_default=True, type=click.IntRange(2, 100_000), help="participating units")
@click.option("--db", default="hazardflow-demo.db", show_default=True, type=click.Path(path_type=Path),
              help="SQLite ledger file (created, or reused)")
@click.option("--seed", default=2023, show_default=True, help="random seed (same seed, same run)")
@friendly
def demo(notice_id: str, units: int, db: Path, seed: int) -> None:
    """Simulate a whole campaign on an SQLite ledger; print each month's 调度表 and the 清单."""
    from rich.console import Console
    from rich.progress import Progress

    from hazardflow.demo import run

    console = Console(highlight=False, soft_wrap=True)
    with Progress(console=console, transient=True) as bar:
        def progress(total: int) -> Callable[[], None]:
            task = bar.add_task("模拟专项行动 (simulating)", total=total)
            return lambda: bar.advance(task)

        run(notice_id=notice_id, units=units, db=db, seed=seed, echo=console.print, progress=progress)


@main.command()
@friendly
def diagram() -> None:
    """Print each machine as mermaid text, generated from the live definitions."""
    from hazardflow.diagrams import mermaid

    for title, text in mermaid().items():
        click.echo(f"%% {title}\n{text}\n")


@main.group()
def db() -> None:
    """The register's database (台账): schema migrations."""


@db.command("upgrade")
@click.option("--url", envvar="HAZARDFLOW_DB", default="sqlite:///hazardflow.db", show_default=True,
              help="SQLAlchemy URL of the register, e.g. postgresql+psycopg://user@host/db (env HAZARDFLOW_DB).")
@friendly
def db_upgrade(url: str) -> None:
    """Apply the packaged Alembic migrations up to the newest revision."""
    from hazardflow.store.migrate import head, upgrade

    upgrade(url)
    click.echo(f"数据库已升级到版本 {head()} (schema at revision {head()}): {url.split('@')[-1]}")


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
@friendly
def verify(path: Path, pytest_args: tuple[str, ...]) -> None:
    """Run every .feature file under PATH against the library; summarise by rule id and by notice."""
    from hazardflow.bdd.verify import run

    sys.exit(run(path, click.echo, list(pytest_args)))


if __name__ == "__main__":
    main()
