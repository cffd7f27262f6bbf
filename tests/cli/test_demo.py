"""`hazardflow demo`: the README's main job, deterministic for a seed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

import hazardflow as hf
from hazardflow.cli.demo import DATA, reporting_days
from hazardflow.cli.main import main
from hazardflow.enforcement.activities import RECORDED
from hazardflow.hazard import standards


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


def test_shenyang_hazards_cite_items_that_apply_to_their_sector_or_are_general(tmp_path: Path) -> None:
    out = run_demo(tmp_path, "s.db")
    with hf.Ledger(f"sqlite:///{tmp_path / 's.db'}") as ledger:
        found = ledger.find()
    majors = [h for h in found if h.is_major]
    assert majors and len(majors) < len(found)
    for h in found:
        assert h.is_major == bool(h.standard_items), h
        assert all(standards.item(ref).applies_to(h.sector) for ref in h.standard_items), h
        assert h.plan is None or "按判定标准整改" not in (h.plan.measures or "")
    assert "判定依据：10号令第" in out and "应急管理局" in out and "第1区应急管理局" not in out


def test_measures_and_plans_answer_the_cited_item(tmp_path: Path) -> None:
    run_demo(tmp_path, "p.db", "--seed", "5")
    with hf.Ledger(f"sqlite:///{tmp_path / 'p.db'}") as ledger:
        planned = [h for h in ledger.find() if h.standard_items and h.plan is not None]
    assert planned
    for h in planned:
        finding, measures, contingency = DATA["items"][h.standard_items[0]]
        assert (h.description, h.plan.measures, h.plan.contingency) == (finding, measures, contingency)


def test_a_notice_without_a_printed_table_gets_none_and_its_own_departments(tmp_path: Path) -> None:
    out = run_demo(tmp_path, "w.db", "--notice", "wushan-2023")
    assert "报送调度表" not in out and "未随公开文本发布，不另造表格，只打印清单" in out
    assert "巫山县经济和信息化委员会执法支队" in out and "行业科室" in out and "重大隐患（重点隐患）清单" in out


def test_towns_join_where_the_notice_has_them(tmp_path: Path) -> None:
    out = run_demo(tmp_path, "t.db", "--notice", "mingyueshan-2023")
    assert "乡镇 2 个（洪江镇、温汤镇）" in out and "明月山应急管理局" in out


def dispatch_from_file(db: Path, notice: str, day: str) -> str:
    result = CliRunner().invoke(main, ["dispatch", "--notice", notice, "--as-of", day, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_act_is_on_the_file_so_the_cli_prints_the_demos_tables(tmp_path: Path) -> None:
    """No side channel: each table the demo printed is what `hazardflow dispatch` prints from its file, and
    at the campaign's end every row the library produces from records is non-zero (沈阳's table)."""
    out = run_demo(tmp_path, "r.db")
    notice = hf.notices.load("shenyang-2023")
    days = [d for d in reporting_days(notice) if d <= notice.end]
    for day in (days[0], days[3], days[-1]):
        assert dispatch_from_file(tmp_path / "r.db", notice.id, day.isoformat()).strip() in out
    with hf.Ledger(f"sqlite:///{tmp_path / 'r.db'}") as ledger:
        table = hf.reports.dispatch_table(ledger, notice, notice.end)
        zero = [(r.section, r.number, r.label) for r in table.rows if not all(f not in (0, "否") for f in r.figures)]
        assert zero == []
        assert ledger.verify_chain() == []
        for kind in ("case", "suspension", "tip", "decision", "typical", "trace", "spotcheck", "dispatch"):
            assert ledger.record_ids(kind), kind
        assert all(ledger.load("suspension", i).stage is hf.SuspensionStage.RESUMED
                   for i in ledger.record_ids("suspension")[:1])
        assert ledger.activities(kind=hf.ActivityKind.SPOT_CHECK) == []  # spot checks are records, not activities
        manual = {a.kind for a in ledger.activities()}
        assert manual == {hf.ActivityKind.GUIDANCE_ENTERPRISE, hf.ActivityKind.GUIDANCE_REGION,
                          hf.ActivityKind.REGION_SUMMONS}  # 沈阳 prints no 党委政府 rows
        assert manual.isdisjoint(RECORDED)
    status = CliRunner().invoke(main, ["campaign", "status", "--notice", notice.id, "--at", "2023-12-31 23:00",
                                       "--db", str(tmp_path / "r.db"), "--json"])
    stored = json.loads(status.stdout)
    overdue = Counter(o["rule"] for o in stored["obligations"] if o["status"] == "OVERDUE")
    printed = out[out.index("到期未完成"):]
    assert overdue and all(re.search(rf"│ {rule}\s+│ {n}\s+│", printed) for rule, n in overdue.items())
    header = next(line for line in out.splitlines() if "：企业 " in line)  # 企业 N 家 … 部门 M 个 (… 乡镇 K 个)
    joined = sum(int(n) for n in re.findall(r"(?:企业|部门|乡镇) (\d+) (?:家|个)", header))
    assert len(stored["units"]) == joined and {u["step"] for u in stored["units"]} - {"NOT_STARTED"}


def test_the_mingyueshan_demo_prints_what_the_cli_prints_from_its_file(tmp_path: Path) -> None:
    out = run_demo(tmp_path, "y.db", "--notice", "mingyueshan-2023")
    notice = hf.notices.load("mingyueshan-2023")
    last = [d for d in reporting_days(notice) if d <= notice.end][-1]
    assert dispatch_from_file(tmp_path / "y.db", notice.id, last.isoformat()).strip() in out
    with hf.Ledger(f"sqlite:///{tmp_path / 'y.db'}") as ledger:
        kinds = {a.kind for a in ledger.activities()}
    assert {hf.ActivityKind.STUDY, hf.ActivityKind.TECHNICAL_INSPECTORS} <= kinds  # the 党委政府 rows, by the towns
    assert kinds.isdisjoint(RECORDED)
