"""The tutorial's Python blocks run, in order, as a reader would paste them; the generated reference pages
link every rule to its scenarios and group every step."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest

import hazardflow as hf
from hazardflow.bdd import plugin
from hazardflow.bdd.vocabulary import steps

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"


def test_tutorial_code_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", TUTORIAL.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(TUTORIAL), "exec"), namespace)
    assert (tmp_path / "taizhang.db").exists() and (tmp_path / "调度表.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _hooks() -> object:
    spec = importlib.util.spec_from_file_location("docs_hooks", TUTORIAL.parent / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_pages_link_rules_and_scenarios() -> None:
    hooks: Any = _hooks()
    found = hooks.scenarios()
    rules, scenarios = hooks.rules_page(found), hooks.scenarios_page(found)
    for rule_id in hf.RULES:
        assert f"{{ #{rule_id} }}" in rules and f"[{rule_id}](#{rule_id})" in rules
    anchors = set(re.findall(r"\{ #([\w-]+) \}", scenarios))
    links = re.findall(r"\(scenarios\.md#([\w-]+)\)", rules)
    assert links and set(links) <= anchors and len(anchors) == len(found)
    assert "[H2](rules.md#H2)" in scenarios and "```gherkin" in scenarios


def test_steps_page_groups_every_step_by_what_the_analyst_says() -> None:
    hooks: Any = _hooks()
    page = hooks.steps_page()
    headings = re.findall(r"^## (.+)$", page, flags=re.M)
    assert headings == list(hooks.GROUPS) == ["隐患闭环", "专项行动", "执法处罚", "调度表与清单", "本地通知"]
    documented = re.findall(r"^\| [^|]+ \| `(.+?)` \|", page, flags=re.M)
    assert sorted(documented) == sorted(hooks.readable(doc.pattern).replace("|", "\\|") for doc in steps())
    assert ":d}" not in page and "{month}" in page
    assert re.search(r"`今天是 \{day\}` \| .* \| `今天是 ?\d{4}年", page)  # an example from features/
    tags = hooks.tags_page()
    assert "`@H5`" in tags and "`@shenyang-2023`" in tags and "按规则 (by rule)" in tags


def test_every_step_has_a_chinese_explanation_and_an_example() -> None:
    """A step added without a 中文 说明, or never used in features/ or examples/, fails here (the steps page
    would show it in English, or with no example)."""
    hooks: Any = _hooks()
    for module in plugin.pytest_plugins:
        importlib.import_module(module)
    examples = hooks.examples()
    for doc in steps():
        text = re.sub(r"``[^`]*``|`[^`]*`", "", doc.doc)
        text = re.sub(r"^[A-Z]\d+(?:（[^）]*）)?[：:]", "", text).strip()
        assert "\u4e00" <= text[:1] <= "\u9fff", (doc.pattern, doc.doc)
        assert not re.search(r"\b[A-Za-z]{2,}\s+[a-z]{2,}\b", text), (doc.pattern, doc.doc)
        assert doc.pattern in examples, f"步骤没有例子 (no example in features/): {doc.pattern}"
