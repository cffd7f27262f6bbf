"""The CLI never overwrites an existing file unless --force, and never a register (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import hazardflow as hf
from hazardflow.cli.main import main


@pytest.fixture
def register(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    hf.Ledger(str(db)).close()
    return db


def run(register: Path, output: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["register", "--db", str(register), "--as-of", "2023-06-30",
                                       "--output", str(output), *extra])
    return result.exit_code, result.output


def test_the_register_itself_is_never_overwritten(register: Path) -> None:
    before = register.read_bytes()
    code, out = run(register, register, "--force")
    assert code != 0 and "不能被报表覆盖" in out
    assert register.read_bytes() == before


def test_an_existing_file_needs_force(register: Path, tmp_path: Path) -> None:
    kept = tmp_path / "清单.txt"
    kept.write_text("keep me", encoding="utf-8")
    code, out = run(register, kept)
    assert code != 0 and "--force" in out and kept.read_text(encoding="utf-8") == "keep me"
    assert run(register, kept, "--force")[0] == 0
    assert kept.read_text(encoding="utf-8") != "keep me"
