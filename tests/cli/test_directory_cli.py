"""`hazardflow directory load|show|add`, and the hazard commands asking the stored directory who may act."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_helpers import ENTERPRISE, INSPECTOR, STAFF, Run, data

import hazardflow as hf
from hazardflow.directory import dumps

TOML = f'''
[[organisations]]
name = "{ENTERPRISE}"
kind = "enterprise"
jurisdiction = "沈阳市/铁西区"
sectors = ["金属冶炼"]

[[organisations]]
name = "沈阳市应急管理局"
kind = "department"
jurisdiction = "沈阳市"
sectors = ["金属冶炼"]

[[organisations]]
name = "沈阳市文化旅游局"
kind = "监管部门"
jurisdiction = "沈阳市"
sectors = ["文化旅游"]

[[people]]
name = "张三"
organisation = "{ENTERPRISE}"
position = "staff"

[[people]]
name = "李四"
organisation = "{ENTERPRISE}"
position = "principal"

[[people]]
name = "王五"
organisation = "沈阳市应急管理局"
position = "inspector"
'''


def write(tmp_path: Path, text: str = TOML) -> str:
    path = tmp_path / "名录.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_load_show_add_round_trip(run: Run, tmp_path: Path, db: Path) -> None:
    assert "3 个单位" in run("directory", "load", write(tmp_path)).stdout
    run("directory", "add", "person", "郑一", "--organisation", "沈阳市文化旅游局", "--position", "执法人员")
    run("directory", "add", "organisation", "铁西区人民政府", "--kind", "党委政府", "--jurisdiction", "沈阳市/铁西区")
    shown = data(run("directory", "show", "--json"))
    assert [o["name"] for o in shown["organisations"]][-1] == "铁西区人民政府"
    assert {"name": "郑一", "organisation": "沈阳市文化旅游局", "position": "inspector"} in shown["people"]
    with hf.Ledger(f"sqlite:///{db}") as ledger:
        stored = ledger.directory()
    assert stored is not None and hf.Directory.load(write(tmp_path, dumps(stored))) == stored
    assert "铁西区人民政府" in run("directory", "show").stdout


def test_a_malformed_file_names_file_and_key(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, TOML.replace('position = "inspector"', 'position = "boss"'))
    result = run("directory", "load", path, ok=False)
    assert result.exit_code == 2 and f"{path}: people[3].position" in result.stderr


def test_hazard_commands_ask_the_stored_directory(run: Run, record: Callable[..., str], tmp_path: Path) -> None:
    hazard_id = record("--level", "一般事故隐患")
    run("hazard", "fix-on-spot", "--id", hazard_id, "--measures", "已处理", "--at", "2023-06-16 10:00", *STAFF)
    run("directory", "load", write(tmp_path))
    culture = ("--by", "郑一", "--role", "监管部门", "--org", "沈阳市文化旅游局")
    refused = run("hazard", "close", "--id", hazard_id, "--at", "2023-06-17", *culture, ok=False)
    assert "H6" in refused.stderr and "未在名录中登记" in refused.stderr
    run("directory", "add", "person", "郑一", "--organisation", "沈阳市文化旅游局", "--position", "inspector")
    refused = run("hazard", "close", "--id", hazard_id, "--at", "2023-06-17", *culture, ok=False)
    assert "对金属冶炼负有安全生产监督管理职责的部门（沈阳市应急管理局）" in refused.stderr
    assert data(run("hazard", "close", "--id", hazard_id, "--at", "2023-06-17", *INSPECTOR, "--json"))["stage"] \
        == "CLOSED"

