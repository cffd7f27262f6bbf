"""`hazardflow verify` as an analyst runs it: the notice's own spelling accepted, one short 中文 report,
no traceback, outline rows told apart, paths as given."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PEOPLE = """    而且 有以下人员:
      | 姓名 | 角色           | 单位           |
      | 张三 | 企业           | 沈阳某钢铁公司 |
      | 李四 | 企业主要负责人 | 沈阳某钢铁公司 |
"""

SPELLING = f"""# language: zh-CN
@H2 @shenyang-2023
功能: 通知自己的写法

  场景: 输入法引号、全角括号和 ISO 日期
    假如 今天是2023年6月16日
{PEOPLE}    而且 “张三”自查发现一项重大事故隐患“煤气柜未设置泄漏报警”
    而且 “张三”向“沈阳市应急管理局”报告该隐患
    当 “李四”按以下五落实方案交办该隐患:
      | 整改责任人 | 李四       |
      | 整改措施   | 加装报警仪 |
    那么 操作被拒绝，依据规则“H2”
    而且 拒绝理由引用“沈应急发〔2023〕27号 三（一）1”
    而且 拒绝理由包括“缺少整改资金”
    当 今天是 2023-06-30
    而且 “李四”交办该隐患，五落实齐全，整改时限为 2023-07-30
    那么 该隐患处于“交办”阶段

  @H5
  场景: 条款按通知原文的全角括号书写
    假如 今天是2023年6月16日
{PEOPLE}    而且 “李四”自查发现一项一般事故隐患“砂轮机防护罩缺失”
    而且 “李四”交办该隐患，五落实齐全，整改时限为2023-06-30
    而且 “李四”开始整改该隐患
    而且 “李四”完成整改并提请验收：“已加装防护罩”
    当 “李四”验收销号该隐患
    那么 操作被拒绝，依据规则“H5”
    而且 拒绝理由引用“沈应急发〔2023〕27号 三（二）3”
"""

UNKNOWN_LABEL = """# language: zh-CN
功能: 未知的标签

  场景: 角色写错
    假如 今天是 2023年6月16日
    而且 有以下人员:
      | 姓名 | 角色 | 单位   |
      | 张三 | 老板 | 某公司 |
    那么 操作成功
"""

OUTLINE = f"""# language: zh-CN
@H3
功能: 场景大纲

  场景大纲: 即查即改
    假如 今天是 2023年6月16日
{PEOPLE}    而且 "张三"自查发现一项<等级>"护栏破损"
    当 "张三"即查即改该隐患："更换护栏"
    那么 操作被拒绝，依据规则"H3"

    例子:
      | 等级         |
      | 一般事故隐患 |
      | 重大事故隐患 |
"""


def hazardflow(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = shutil.which("hazardflow") or str(Path(sys.executable).parent / "hazardflow")
    command = [script] if Path(script).exists() else [sys.executable, "-m", "hazardflow.cli.main"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A downstream project: features/ with a subfolder per notice."""
    (tmp_path / "features" / "shenyang-2023").mkdir(parents=True)
    (tmp_path / "features" / "shenyang-2023" / "spelling.feature").write_text(SPELLING, encoding="utf-8")
    (tmp_path / "features" / "common").mkdir()
    (tmp_path / "features" / "common" / "label.feature").write_text(UNKNOWN_LABEL, encoding="utf-8")
    (tmp_path / "features" / "common" / "outline.feature").write_text(OUTLINE, encoding="utf-8")
    return tmp_path


def test_the_notices_own_spelling_runs_green(project: Path) -> None:
    result = hazardflow("verify", "features/shenyang-2023/spelling.feature", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "H2 五落实: 2 通过 / 0 失败" in result.stdout and "H5 签名: 1 通过 / 0 失败" in result.stdout
    assert "shenyang-2023: 2 通过 / 0 失败" in result.stdout and "2 通过 (passed), 0 失败 (failed)" in result.stdout


def test_an_unknown_label_is_three_lines_at_most_and_no_traceback(project: Path) -> None:
    result = hazardflow("verify", "features/common/label.feature", cwd=project)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "site-packages" not in out and "def " not in out
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  ✗"))
    failure = lines[start:lines.index("", start)]
    assert len(failure) <= 3, failure
    assert failure[0] == "  ✗ 未知的标签：角色写错（features/common/label.feature:4）"
    assert "第 6 行「而且 有以下人员:」" in failure[1] and "“老板”" in failure[1] and "企业主要负责人" in failure[1]


def test_one_report_with_outline_rows_by_their_values(project: Path) -> None:
    result = hazardflow("verify", "features/common", cwd=project / "features" / "..")
    out = result.stdout
    assert out.count("按规则 (by rule)") == 1 and "=====" not in out and "FAILED" not in out
    assert "✗ 场景大纲：即查即改（等级=一般事故隐患）" in out and "等级=重大事故隐患" not in out  # that row passes
    assert "期望操作被拒绝，但操作成功了：当 \"张三\"即查即改该隐患：\"更换护栏\"（第 12 行）" in out
    assert "features/common/outline.feature:5" in out
    assert "common: 1 通过 / 2 失败" in out


def test_paths_are_shown_from_where_the_user_stands(project: Path) -> None:
    inside = hazardflow("verify", ".", cwd=project / "features" / "common")
    assert "（label.feature:4）" in inside.stdout
    whole = hazardflow("verify", "features", cwd=project)
    assert "features/common/label.feature:4" in whole.stdout and "shenyang-2023: 2 通过" in whole.stdout


def test_an_undefined_step_suggests_the_closest(tmp_path: Path) -> None:
    (tmp_path / "x.feature").write_text(
        UNKNOWN_LABEL.replace("老板", "企业").replace("那么 操作成功", "那么 该隐患处在\"交办\"阶段"), encoding="utf-8")
    out = hazardflow("verify", "x.feature", cwd=tmp_path).stdout
    assert "未定义的步骤" in out and '该隐患处于"{stage}"阶段' in out and "Traceback" not in out


ANALYST_MISTAKES = f"""# language: zh-CN
@shenyang-2023
功能: 分析员的错误

  场景: 没有这项逾期事项
    假如 今天是2023-07-01
    而且 按行动方案“shenyang-2023”开展专项行动
    而且 “沈阳某钢铁公司”以企业身份参加专项行动
    当 查看到期事项
    那么 “沈阳某钢铁公司”有逾期事项“调度表”，依据规则“C6”

  场景: 月末才截止的调度表
    假如 今天是2023-06-01
{PEOPLE}    而且 “张三”自查发现一项重大事故隐患“煤气柜未设置泄漏报警”
    那么 按行动方案“shenyang-2023”截至今天的调度表中，“总体情况”第1行为“1”
"""


def test_an_analysts_mistake_is_told_in_a_few_lines(tmp_path: Path) -> None:
    (tmp_path / "mistakes.feature").write_text(ANALYST_MISTAKES, encoding="utf-8")
    out = hazardflow("verify", "mistakes.feature", cwd=tmp_path).stdout
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "没有这项逾期事项" in line)
    second = next(i for i, line in enumerate(lines) if "月末才截止的调度表" in line)
    assert second - first <= 4 and "（没有依据规则C6的事项）" in out and "其他事项：C1 1项" in out
    assert "为 0（按通知，调度表统计截至2023年5月31日）" in out and "Traceback" not in out
