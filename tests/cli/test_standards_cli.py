"""`hazardflow standards list|show|search` and `hazard record --item` (L7)."""

from __future__ import annotations

import re

from cli_helpers import ENTERPRISE, STAFF, Run, data
from click.testing import CliRunner

from hazardflow.cli.main import main
from hazardflow.hazard import standards


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, ["standards", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_show_lists_every_item_of_both_standards_with_its_status() -> None:
    out = invoke("show")
    lines = re.findall(r"^(\S+)  \[(\w+) (\S+)\]  适用：\S+\n    (.*)$", out, flags=re.M)
    expected = [i for s in standards.available() for i in s.items]
    assert [ref for ref, *_ in lines] == [i.ref for i in expected] and len(lines) == 84
    assert [status for _, status, *_ in lines] == [i.status.name for i in expected]
    missing = [text for _, status, _, text in lines if status == "MISSING"]
    assert len(missing) == 30 and set(missing) == {"原文未取得"}
    assert "不完整，不得作为全文使用" in out and "10号令第九条(二)  [MISSING 原文未取得]" in out


def test_show_one_standard_or_one_item_and_json() -> None:
    assert "10号令" not in invoke("show", "121号文")
    one = invoke("show", "10号令第十一条（一）")
    assert "[VERIFIED 已核实]" in one and "粉尘爆炸危险场所设置在非框架结构" in one
    as_json = CliRunner().invoke(main, ["standards", "show", "10号令", "--json"])
    items = data(as_json)[0]["items"]
    assert len(items) == 64 and items[-1] == {
        "ref": "10号令第十三条(二)", "standard": "10号令", "article": "第十三条", "number": "(二)",
        "status": "PARTIAL", "status_label": "原文不全", "text": "未落实有限空间作业审批，或者未",
        "quoted": "未落实有限空间作业审批，或者未……（原文不全，以下未取得）", "sources": "S10（截断于“或者未”）",
        "sectors": ["工贸"]}


def test_list_and_search() -> None:
    listed = invoke("list")
    assert "10号令" in listed and "121号文" in listed and "MISSING 30" in listed
    found = invoke("search", "除尘", "泄爆")
    assert "检索“除尘 泄爆”：1 项" in found and "10号令第十一条(三)" in found
    result = CliRunner().invoke(main, ["standards", "show", "10号令第九十条(一)"])
    assert result.exit_code == 2 and "standard_items" in result.stderr


def test_hazard_record_cites_items_and_is_refused_under_l7(run: Run) -> None:
    base = ("hazard", "record", "--description", "粉尘爆炸危险场所内设有休息室", "--source", "企业自查",
            "--enterprise", ENTERPRISE, "--town", "铁西区", "--at", "2023-06-16 09:00", *STAFF)
    shown = data(run(*base, "--sector", "纺织", "--item", "10号令第十一条(一)", "--json"))
    assert shown["level"] == "MAJOR" and shown["standard_items"] == ["10号令第十一条(一)"]
    refused = run(*base, "--sector", "纺织", "--level", "一般事故隐患", "--item", "10号令第十一条(一)", ok=False)
    assert refused.exit_code == 1 and "L7" in refused.stderr and "粉尘爆炸危险场所设置在非框架结构" in refused.stderr
    wrong = run(*base, "--sector", "纺织", "--item", "10号令第四条(一)", ok=False)
    assert "适用于冶金" in wrong.stderr
