"""`hazardflow demo`: the README's main job, deterministic for a seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from hazardflow.cli.main import main


def run_demo(tmp_path: Path, name: str, *extra: str) -> str:
    result = CliRunner().invoke(main, ["demo", "--units", "30", "--db", str(tmp_path / name), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_prints_monthly_tables_and_register(tmp_path: Path) -> None:
    out = run_demo(tmp_path, "a.db")
    assert out.count("全市工贸行业重大事故隐患专项排查整治\n") == out.count("2023行动进展情况调度表") == 8
    first = out.index("总体情况")
    labels = ["企业自查发现的重大事故隐患（个）", "企业自查发现重大事故隐患中已完成整改的（个）",
              "部门检查发现的重大事故隐患（个）", "部门检查发现重大事故隐患中已完成整改的（个）",
              "政府挂牌督办的重大事故隐患（个）", "挂牌督办重大事故隐患中已完成整改的（个）"]
    positions = [out.index(label, first) for label in labels]
    assert positions == sorted(positions)
    assert "重大隐患（重点隐患）清单" in out and "事件链校验通过" in out


def test_same_seed_same_run(tmp_path: Path) -> None:
    def tables(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if "台账" not in line)

    assert tables(run_demo(tmp_path, "a.db", "--seed", "7")) == tables(run_demo(tmp_path, "b.db", "--seed", "7"))
    assert tables(run_demo(tmp_path, "c.db", "--seed", "8")) != tables(run_demo(tmp_path, "d.db", "--seed", "7"))


def test_other_notice_and_unknown_notice(tmp_path: Path) -> None:
    assert "全区重大事故隐患专项排查整治进展情况调度表" in run_demo(tmp_path, "m.db", "--notice", "mingyueshan-2023")
    result = subprocess.run([sys.executable, "-m", "hazardflow.cli.main", "demo", "--notice", "nowhere-2023", "--db",
                             str(tmp_path / "x.db")], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "nowhere-2023" in result.stderr
