"""The CLI's Chinese face: 中文-first help and click errors, aligned columns, id prefixes, the clock,
deprecated spellings, escaped control characters."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click
import pytest
from cli_helpers import INSPECTOR, PRINCIPAL, STAFF, Run, data
from click.testing import CliRunner
from rich.cells import cell_len

import hazardflow as hf
from hazardflow.cli.zh import ZhCommand, ZhGroup, visible, wrap

LONG = "煤气柜区域未设置一氧化碳泄漏报警装置且未接入中控室"


def hazardflow(*args: str, columns: int = 100) -> subprocess.CompletedProcess[str]:
    """`hazardflow ARGS` in a real process, COLUMNS wide."""
    return subprocess.run([sys.executable, "-m", "hazardflow.cli.main", *args], capture_output=True, text=True,
                          check=False, env={**os.environ, "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"})


def is_chinese(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@pytest.mark.parametrize("args", [("--help",), ("hazard", "assign", "--help"), ("hazard", "--help"),
                                  ("hazard", "record", "--help"), ("notices", "--help"), ("verify", "--help")])
def test_help_is_chinese_first(args: tuple[str, ...]) -> None:
    out = hazardflow(*args).stdout
    lines = out.splitlines()
    assert lines[0].startswith("用法 (usage)：hazardflow")
    description = next(line for line in lines[1:] if line.strip())
    assert "(" not in description and any(is_chinese(ch) for ch in description[:16]), description
    assert "选项 (options):" in out and "Show this message" not in out and "[default:" not in out
    for line in lines:  # each option's help: 中文 before English
        text = line.split(None, 1)[1] if line.startswith("  --") and len(line.split(None, 1)) > 1 else ""
        if text and "(" in text:
            assert any(is_chinese(ch) for ch in text[:text.index("(")]), line


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = [(path, group)]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


def chinese_first(text: str) -> bool:
    """中文 first: the first paragraph (code in backticks aside) starts with a 中文 character, and before the
    English in brackets there is no English prose (two lower-case words in a row)."""
    text = re.sub(r"`[^`]*`", "", text).strip().split("\n\n")[0]
    chinese = re.split(r"\s?\((?=[A-Za-z])", text, maxsplit=1)[0]
    return is_chinese(chinese[:1]) and re.search(r"\b[A-Za-z]{2,}\s+[a-z]{2,}\b", chinese) is None


def test_every_command_and_option_is_chinese_first_and_laid_out() -> None:
    """Walks every command of the group, so a command added later cannot bring back English-first help."""
    from hazardflow.cli.main import main

    commands = _commands(main)
    assert len(commands) > 50 and ("tip", "verify") in dict(commands)
    for path, command in commands:
        assert chinese_first(command.help or ""), (path, command.help)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert chinese_first(param.help or ""), (path, param.opts, param.help)
        shown = CliRunner().invoke(main, [*path, "--help"], prog_name="hazardflow", terminal_width=100).stdout
        lines = shown.splitlines()
        assert lines[0].startswith(f"用法 (usage)：{' '.join(('hazardflow', *path))}"), shown
        assert all(cell_len(line) <= 100 for line in lines), shown
        assert not re.search(r"Usage:|Options:|Show this message|\[default:|\[required\]", shown), shown
        starts = {cell_len(m.group(1)) for line in lines if (m := re.match(r"^(  --\S+(?: \S+)?\s{2,})\S", line))}
        assert len(starts) <= 1, (path, starts)


@pytest.mark.parametrize("text", ["the participating unit (enterprise, 部门, 乡镇)", "专项行动: units join a campaign",
                                  "SQLite durability", "属地 of the hazard"])
def test_chinese_first_catches_english_prose(text: str) -> None:
    assert not chinese_first(text)


def test_help_columns_align_in_display_cells() -> None:
    out = hazardflow("hazard", "assign", "--help").stdout
    starts = {cell_len(m.group(1)) for line in out.splitlines()
              if (m := re.match(r"^(  --\S+(?: \S+)?\s{2,})\S", line))}
    assert len(starts) == 1, starts
    assert all(cell_len(line) <= 100 for line in out.splitlines())


def test_commands_are_listed_in_chinese() -> None:
    out = hazardflow("--help").stdout
    assert "命令 (commands):" in out and "隐患闭环" in out and "模拟一次完整的专项行动" in out


@pytest.mark.parametrize(("args", "words"), [
    (("hazard", "record", "--description", "x"), ("错误 (error)：缺少选项 '--source'", "Missing option")),
    (("hazard", "list", "--nope"), ("没有选项 --nope",)),
    (("hazrd",), ("没有命令 'hazrd'", "hazard")),
    (("dispatch", "--notice", "shenyang-2023", "--as-of", "2023-06-28", "--format", "docx"),
     ("取值无效 '--format'：应为 text、csv、xlsx、pdf 之一",)),
    (("demo", "--units", "1"), ("取值无效 '--units'",)),
    (("hazard", "close", "--at", "2023-06-20", *INSPECTOR), ("缺少选项 ID",)),
])
def test_click_errors_in_chinese(args: tuple[str, ...], words: tuple[str, ...]) -> None:
    result = hazardflow(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    first, *rest = result.stderr.splitlines()
    assert first.startswith("错误 (error)：") and rest[-1].startswith("帮助 (help)：hazardflow")
    for word in words:
        assert word in result.stderr


def test_commands_registered_from_elsewhere_get_the_chinese_face() -> None:
    group = ZhGroup("top")

    @click.command()
    @click.option("--name", required=True, help="名称 (name)")
    def other(name: str) -> None:
        """别的模块的命令。"""

    @click.group()
    def elsewhere() -> None:
        """别的模块的命令组。"""

    elsewhere.add_command(other)
    group.add_command(elsewhere)
    assert isinstance(group.commands["elsewhere"], ZhGroup) and isinstance(elsewhere.commands["other"], ZhCommand)
    result = CliRunner().invoke(group, ["elsewhere", "other"])
    assert result.exit_code == 2 and "缺少选项 '--name'：名称 (name)" in result.stderr
    shown = CliRunner().invoke(group, ["elsewhere", "--help"]).stdout
    assert "命令 (commands):" in shown and "top elsewhere [选项] 命令 [参数]..." in shown


def test_wrap_measures_display_cells() -> None:
    lines = wrap("交办：按五落实方案（责任、措施、资金、时限、预案）交办隐患 (assign under a plan)", 20)
    assert all(cell_len(line) <= 20 for line in lines) and "".join(lines).startswith("交办：按五落实方案")
    assert not any(line.startswith(("，", "、", "）")) for line in lines)


def test_list_shows_a_long_description_in_100_columns(tmp_path: Path) -> None:
    db = tmp_path / "taizhang.db"
    record = ("hazard", "record", "--description", LONG, "--level", "重大事故隐患", "--source", "企业自查",
              "--enterprise", "沈阳丙冷库", "--sector", "金属冶炼", "--jurisdiction", "铁西区",
              "--at", "2023-06-16 09:00", *STAFF, "--db", str(db))
    hazard_id = hazardflow(*record).stdout.strip()
    out = hazardflow("hazard", "list", "--db", str(db)).stdout
    assert all(cell_len(line) <= 100 for line in out.splitlines())
    row = next(line for line in out.splitlines() if hazard_id[:8] in line)
    assert LONG[:12] in row and hazard_id not in out


def test_an_id_prefix_names_the_hazard_and_an_ambiguous_one_is_refused(run: Run,
                                                                         record: Callable[..., str]) -> None:
    first = record("--id", "ab12-first")
    record("--id", "ab34-second", at="2023-06-16 10:00")
    assert data(run("hazard", "show", "ab1", "--json"))["id"] == first
    out = run("hazard", "report", "ab1", "--kind", "发现报告", "--to", "沈阳市应急管理局", "--at",
              "2023-06-16 10:00", *STAFF).stdout
    assert out.startswith(first)
    ambiguous = run("hazard", "show", "ab", ok=False)
    assert ambiguous.exit_code == 2 and "编号前缀不唯一 (ambiguous id prefix): 'ab' 匹配 2 项" in ambiguous.stderr


def test_deprecated_spellings_still_work_and_say_so(run: Run, db: Path) -> None:
    hazard_id = run("hazard", "record", "--description", "护栏破损", "--level", "一般事故隐患", "--source",
                    "企业自查", "--enterprise", "沈阳某钢铁公司", "--sector", "金属冶炼", "--town", "铁西区",
                    "--at", "2023-06-16 09:00", *STAFF).stdout.strip()
    old = run("hazard", "fix-on-spot", "--id", hazard_id, "--measures", "更换护栏", "--at", "2023-06-16 10:00",
              *STAFF)
    assert "--id 已弃用，请改用 ID" in old.stderr and "即查即改" in old.stdout
    listed = run("hazard", "list", "--unit", "铁西区", "--json")
    assert "--unit 已弃用，请改用 --jurisdiction" in listed.stderr and data(listed)[0]["jurisdiction"] == "铁西区"
    assert data(run("hazard", "list", "--jurisdiction", "别处", "--json")) == []
    twice = run("hazard", "close", hazard_id, "--id", "another", "--at", "2023-06-17", *INSPECTOR, ok=False)
    assert twice.exit_code == 2 and "ID 与 --id 只能给一个" in twice.stderr


def test_a_date_alone_follows_the_same_days_records(run: Run, record: Callable[..., str]) -> None:
    hazard_id = record()
    run("hazard", "report", hazard_id, "--kind", "发现报告", "--to", "沈阳市应急管理局", "--at", "2023-06-16 15:00",
        *STAFF)
    shown = data(run("hazard", "assign", hazard_id, "--responsible", "李四", "--measures", "加装报警仪", "--funds",
                     "50000", "--deadline", "2023-06-30", "--contingency", "预案", "--at", "2023-06-16", *PRINCIPAL,
                     "--json"))
    assert shown["events"][-1]["at"] == "2023-06-16T15:00:01+08:00"
    rectified = data(run("hazard", "rectify", hazard_id, "--at", "2023-06-17", *STAFF, "--json"))
    assert rectified["events"][-1]["at"] == "2023-06-17T00:00:00+08:00"


def test_no_at_means_now_in_beijing(run: Run, record: Callable[..., str]) -> None:
    hazard_id = record()
    before = datetime.now(hf.SHANGHAI)
    shown = data(run("hazard", "report", hazard_id, "--kind", "发现报告", "--to", "局", *STAFF, "--json"))
    at = datetime.fromisoformat(shown["events"][-1]["at"])
    assert at.utcoffset() == hf.SHANGHAI.utcoffset(at) and before <= at <= datetime.now(hf.SHANGHAI)


def test_show_speaks_chinese_and_escapes_control_characters(run: Run, db: Path) -> None:
    hazard_id = run("hazard", "record", "--description", "报警\x1b[2J失效\x07", "--level", "重大事故隐患",
                    "--source", "企业自查", "--enterprise", "沈阳丙冷库", "--sector", "金属冶炼", "--jurisdiction",
                    "铁西区", "--at", "2023-06-16 09:00", "--by", "孙八", "--role", "企业主要负责人", "--org",
                    "沈阳丙冷库").stdout.strip()
    for out in (run("hazard", "show", hazard_id).stdout, run("hazard", "list").stdout,
                run("hazard", "show", hazard_id, "--json").stdout):
        assert "\x1b" not in out and "\x07" not in out
    shown = run("hazard", "show", hazard_id).stdout
    assert "报警\\x1b[2J失效\\x07" in shown
    for label in ("隐患描述", "等级", "属地", "发现人", "孙八（沈阳丙冷库·企业主要负责人）"):
        assert label in shown
    assert "description" not in shown and "found_by" not in shown


def test_visible_escapes_c0_del_and_c1() -> None:
    assert visible("a\x1bb\x7fc\x9bd\ne\tf") == "a\\x1bb\\x7fc\\x9bd\ne\tf"


def test_demo_statistics_are_a_table_in_chinese_first(tmp_path: Path) -> None:
    from hazardflow.cli.main import main

    result = CliRunner().invoke(main, ["demo", "--units", "2", "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    stats = result.output[result.output.index("模拟统计 (simulation)"):].split("└")[0]
    rows = [line.strip("│ ").split("│")[0].strip() for line in stats.splitlines() if line.startswith("│")]
    assert rows and all(chinese_first(row) for row in rows), rows
    assert "Counter(" not in result.output and "{'" not in result.output
