"""The CLI tests' runner: `hazardflow …` on a fresh SQLite ledger in tmp_path, with its actors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import ENTERPRISE, STAFF, Run
from click.testing import CliRunner, Result

from hazardflow.cli.main import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "taizhang.db"


@pytest.fixture
def run(db: Path) -> Run:
    """``run("hazard", "list", ...)``: the command on the test ledger; ``ok=False`` expects a failure."""

    def invoke(*args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(main, [*args, "--db", str(db)] if args[0] not in ("notices", "diagram")
                                    else list(args))
        assert (result.exit_code == 0) is ok, (result.exit_code, result.output)
        if not ok:
            assert "Traceback" not in result.output and result.stderr.strip(), result.output
            if result.exit_code == 2:  # bad input: one line (a usage error adds where the help is)
                lines = result.stderr.strip().splitlines()
                assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("帮助 (help)：")), lines
        return result

    return invoke


@pytest.fixture
def record(run: Run) -> Callable[..., str]:
    """Record a hazard from the CLI (major, self-checked unless told) and return its id."""

    def found(*extra: str, level: str = "重大事故隐患", source: str = "企业自查",
              at: str = "2023-06-16 09:00") -> str:
        result = run("hazard", "record", "--description", "煤气柜未设置泄漏报警", "--level", level,
                     "--source", source, "--enterprise", ENTERPRISE, "--sector", "金属冶炼", "--town", "铁西区",
                     "--at", at, *STAFF, *extra)
        return result.stdout.strip()

    return found

