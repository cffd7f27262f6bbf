"""`hazardflow hazard …`: the whole loop from a shell, JSON out; refusals name their rules and change nothing."""

from __future__ import annotations

from collections.abc import Callable

from cli_helpers import INSPECTOR, PRINCIPAL, STAFF, Run, data

import hazardflow as hf

PLAN = ("--responsible", "李四", "--measures", "加装一氧化碳报警仪", "--funds", "50000", "--deadline", "2023-06-30",
        "--contingency", "煤气泄漏应急预案")


def test_whole_loop_from_the_shell(run: Run, record: Callable[..., str], db: object) -> None:
    hazard_id = record()
    steps = [
        ("report", "--kind", "发现报告", "--to", "沈阳市应急管理局", "--at", "2023-06-16 10:00", *STAFF),
        ("assign", *PLAN, "--at", "2023-06-17", *PRINCIPAL),
        ("rectify", "--at", "2023-06-18", *STAFF),
        ("submit", "--evidence", "报警仪已安装并联动", "--at", "2023-06-25", *STAFF),
        ("reject", "--reason", "报警仪未接入中控室", "--at", "2023-06-26", *INSPECTOR),
        ("submit", "--evidence", "报警仪已接入中控室", "--at", "2023-06-27", *STAFF),
        ("report", "--kind", "FIXED", "--to", "沈阳市应急管理局", "--at", "2023-06-27 15:00", *STAFF),
        ("close", "--at", "2023-06-28 10:30", *INSPECTOR),
    ]
    stages = []
    for trigger, *options in steps:
        shown = data(run("hazard", trigger, hazard_id, *options, "--json"))
        stages.append((shown["stage"], shown["stage_label"]))
    assert stages == [("FOUND", "发现"), ("ASSIGNED", "交办"), ("RECTIFYING", "整改"), ("VERIFYING", "验收"),
                      ("RECTIFYING", "整改"), ("VERIFYING", "验收"), ("VERIFYING", "验收"), ("CLOSED", "销号")]
    shown = data(run("hazard", "show", hazard_id, "--json"))
    assert shown["id"] == hazard_id and shown["level"] == "MAJOR" and shown["level_label"] == "重大事故隐患"
    assert shown["plan"] == {"responsible": "李四", "measures": "加装一氧化碳报警仪", "funds": "50000",
                             "deadline": "2023-06-30", "contingency": "煤气泄漏应急预案"}
    assert shown["acceptance"]["by"] == {"name": "王五", "role": "DEPARTMENT", "role_label": "监管部门",
                                         "organisation": "沈阳市应急管理局"}
    assert shown["acceptance"]["at"] == "2023-06-28T10:30:00+08:00"
    assert [r["kind_label"] for r in shown["reports"]] == ["发现报告", "整改报告"]
    assert [e["trigger"] for e in shown["events"]] == ["found", *(s[0] for s in steps)]
    assert shown["events"][0]["seq"] == 1 and shown["events"][-1]["trigger_label"] == "验收销号"
    assert shown["events"][5]["payload"]["reason"] == "报警仪未接入中控室"
    with hf.Ledger(f"sqlite:///{db}") as ledger:
        assert ledger.get(hazard_id).stage is hf.Stage.CLOSED and ledger.verify_chain() == []


def test_text_output_one_line_per_step(run: Run, record: Callable[..., str]) -> None:
    hazard_id = record("--level", "一般事故隐患")
    out = run("hazard", "fix-on-spot", hazard_id, "--measures", "现场更换破损护栏", "--at", "2023-06-16 10:00",
              *STAFF).stdout
    assert out == f"{hazard_id} 即查即改：发现 → 验收 (fix_on_spot: FOUND → VERIFYING)\n"
    assert "发现登记" in run("hazard", "show", hazard_id).stdout


def test_refused_transition_names_the_rules_and_changes_nothing(run: Run, record: Callable[..., str]) -> None:
    hazard_id = record()
    before = run("hazard", "show", hazard_id, "--json").stdout
    refused = run("hazard", "assign", hazard_id, "--responsible", "李四", "--measures", "加装报警仪",
                  "--deadline", "2023-06-30", "--contingency", "预案", "--at", "2023-06-17", *PRINCIPAL, ok=False)
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert lines[0] == "操作被拒绝 (refused by rule H2, H4)"
    assert lines[1].startswith("  ✗ H2 五落实不全：") and "沈应急发〔2023〕27号 三(一)1" in lines[2]
    assert lines[2].startswith("    依据 (clause)：") and lines[3].startswith("  ✗ H4 ")
    assert refused.stdout == ""
    out_of_order = run("hazard", "close", hazard_id, "--at", "2023-06-17", *INSPECTOR, ok=False)
    assert out_of_order.exit_code == 1 and "refused by rule H1" in out_of_order.stderr
    assert run("hazard", "show", hazard_id, "--json").stdout == before


def test_rectifier_may_not_accept_own_work(run: Run, record: Callable[..., str]) -> None:
    hazard_id = record(level="GENERAL")
    for trigger, *options in [("assign", *PLAN, "--at", "2023-06-17", *PRINCIPAL),
                              ("rectify", "--at", "2023-06-18", *STAFF),
                              ("submit", "--evidence", "已整改", "--at", "2023-06-19", *STAFF)]:
        run("hazard", trigger, hazard_id, *options)
    refused = run("hazard", "close", hazard_id, "--at", "2023-06-20", *STAFF, ok=False)
    assert "H5" in refused.stderr and "张三是整改人" in refused.stderr
    assert data(run("hazard", "show", hazard_id, "--json"))["stage"] == "VERIFYING"


def test_list_filters(run: Run, record: Callable[..., str]) -> None:
    major = record()
    general = record(level="一般事故隐患", source="部门检查", at="2023-06-16 11:00")
    run("hazard", "report", major, "--kind", "发现报告", "--to", "沈阳市应急管理局", "--at",
        "2023-06-16 10:00", *STAFF)
    run("hazard", "assign", major, *PLAN, "--at", "2023-06-17", *PRINCIPAL)
    run("hazard", "list-for-supervision", major, "--title", "关于挂牌督办重大事故隐患的通知",
        "--number", "沈应急〔2023〕1号", "--at", "2023-06-18", *INSPECTOR)

    def ids(*filters: str) -> list[str]:
        return [h["id"] for h in data(run("hazard", "list", *filters, "--json"))]

    assert ids() == [major, general]
    assert ids("--level", "MAJOR") == [major] and ids("--source", "部门检查") == [general]
    assert ids("--stage", "交办") == [major] and ids("--stage", "found") == [general]
    assert ids("--listed") == [major] and ids("--not-listed") == [general]
    assert ids("--overdue-at", "2023-06-30") == [] and ids("--overdue-at", "2023-07-01") == [major]
    assert ids("--unit", "铁西区", "--enterprise", "沈阳某钢铁公司") == [major, general]
    listed = data(run("hazard", "list", "--listed", "--json"))[0]
    assert listed["listed"] is True and listed["listing"]["number"] == "沈应急〔2023〕1号" and "events" not in listed
    table = run("hazard", "list").stdout
    assert major[:8] in table and general[:8] in table and major not in table and "重大" in table
