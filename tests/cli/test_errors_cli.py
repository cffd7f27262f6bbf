"""Every user mistake is one line, 中文 (English), exit 2 (bad input) or 1 (refused); never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import INSPECTOR, PRINCIPAL, Run


@pytest.mark.parametrize(("args", "words"), [
    (("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-13-01"),
     ("日期无效 (invalid date): --as-of '2023-13-01'", "expected YYYY-MM-DD")),
    (("register", "--as-of", "2023-6-x"), ("日期无效 (invalid date)",)),
    (("dispatch", "--notice", "nowhere-2023", "--as-of", "2023-06-28"),
     ("未知的通知 (unknown notice): --notice 'nowhere-2023'", "shenyang-2023")),
    (("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-28", "--format", "xlsx"),
     ("XLSX 须用 --output 指定文件 (xlsx needs --output FILE)",)),
    (("hazard", "show", "no-such-id"), ("隐患不存在 (no such hazard): 台账中没有隐患 no-such-id",)),
    (("hazard", "close", "no-such-id", "--at", "2023-06-20", *INSPECTOR), ("隐患不存在 (no such hazard)",)),
    (("hazard", "close", "x", "--at", "2023-06-31 09:00", *INSPECTOR),
     ("时间无效 (invalid time): --at '2023-06-31 09:00'", "Beijing time")),
    (("hazard", "close", "x", "--at", "2023-06-20", "--by", "王五", "--role", "boss", "--org", "局"),
     ("取值无效 (invalid Role): --role 'boss'", "监管部门", "DEPARTMENT")),
    (("hazard", "assign", "x", "--funds", "五万", "--at", "2023-06-20", *PRINCIPAL),
     ("金额无效 (invalid amount): --funds '五万'",)),
])
def test_bad_input_is_one_line_and_exit_2(run: Run, record: Callable[..., str], args: tuple[str, ...],
                                          words: tuple[str, ...]) -> None:
    record()
    result = run(*args, ok=False)
    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr


def test_missing_ledger_is_not_created_by_a_read(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hazardflow.cli.main import main

    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["hazard", "list", "--db", str(missing)])
    assert result.exit_code == 2 and "台账不存在 (no ledger at" in result.stderr
    assert not missing.exists()


def _hazardflow() -> list[str]:
    script = shutil.which("hazardflow") or str(Path(sys.executable).parent / "hazardflow")
    return [script] if Path(script).exists() else [sys.executable, "-m", "hazardflow.cli.main"]


def test_real_process_no_traceback(tmp_path: Path, record: Callable[..., str], db: Path) -> None:
    hazard_id = record()

    def hazardflow(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*_hazardflow(), *args, "--db", str(db)], capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONIOENCODING": "utf-8"})

    refused = hazardflow("hazard", "close", hazard_id, "--at", "2023-06-20", *INSPECTOR)
    assert refused.returncode == 1 and refused.stderr.startswith("操作被拒绝 (refused by rule H1")
    for args in (("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-13-01"),
                 ("dispatch", "--notice", "nowhere-2023", "--as-of", "2023-06-28"),
                 ("hazard", "show", "no-such-id")):
        result = hazardflow(*args)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
