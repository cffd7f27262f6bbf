"""Steps written the notice's way are respelled before matching (`hazardflow.bdd.vocabulary.spelled`)."""

from __future__ import annotations

from datetime import date

import pytest

from hazardflow.bdd.report_steps import _findings
from hazardflow.bdd.vocabulary import normalised, spelled
from hazardflow.bdd.world import parse_date


@pytest.mark.parametrize(("written", "meant"), [
    ("“李四”验收销号该隐患", '"李四"验收销号该隐患'),
    ("拒绝理由引用“沈应急发〔2023〕27号 三（一）1”", '拒绝理由引用"沈应急发〔2023〕27号 三(一)1"'),
    ("今天是 2023-06-30", "今天是 2023年6月30日"),
    ('以"督办通知"（铁应急督〔2023〕3号）挂牌督办', '以"督办通知"（铁应急督〔2023〕3号）挂牌督办'),  # not a clause
    ('处罚措施包括"企业主要负责人 罚款 0-5万元"', '处罚措施包括"企业主要负责人 罚款 0–5万元"'),
    ('"2023-06-30"号文件', '"2023-06-30"号文件'),  # quoted text is the author's own
    ('"五华区某厂"报送2020年度调度表', '"五华区某厂"报送2020调度表'),
    ('"某厂"报送2023年6月调度表', '"某厂"报送2023年6月调度表'),
    # with ASCII delimiters, IME quotes are the quoted text's own and stay
    ('有今日到期事项"整治：“两重点一重大”装置"', '有今日到期事项"整治：“两重点一重大”装置"'),
])
def test_normalised(written: str, meant: str) -> None:
    assert normalised(written) == meant


def test_spaces_outside_quotes_do_not_matter() -> None:
    assert spelled("今天是2023年6月1日") == "今天是 2023年6月1日"
    assert spelled('"张三" 开始整改该隐患') == '"张三"开始整改该隐患'
    assert spelled("完全不是步骤的话") == "完全不是步骤的话"


def test_dates_both_ways_and_a_clear_error() -> None:
    assert parse_date("2023年6月30日") == parse_date("2023-06-30") == date(2023, 6, 30)
    assert parse_date(" 2023 年 6 月 30 日 ") == date(2023, 6, 30)
    with pytest.raises(ValueError, match="日期应为“2023年6月16日”或“2023-06-16”，实际为“2023年2月30日”"):
        parse_date("2023年2月30日")


def test_a_finding_whose_label_holds_a_dunhao_is_taken_whole() -> None:
    found = _findings("未按规定开展应急演练、员工不熟悉逃生出口、外包外租安全管理混乱")
    assert sorted(f.label for f in found) == ["外包外租安全管理混乱", "未按规定开展应急演练、员工不熟悉逃生出口"]
    with pytest.raises(ValueError, match="未知的取值“没有这项”"):
        _findings("外包外租安全管理混乱、没有这项")
