"""mkdocs hook: generate the reference pages from the live library before every build.

- reference/rules.md: rule id ↔ 中文 text ↔ clauses ↔ guard functions ↔ scenarios (from features/);
- reference/steps.md: the step vocabulary, read from the step library's registry;
- reference/diagrams.md: each state machine as mermaid, from the machines as built.

Nothing here is written by hand, so a changed rule, step or transition changes the page.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from pytest_bdd.parser import FeatureParser

import hazardflow as hf
from hazardflow.bdd import plugin
from hazardflow.bdd.vocabulary import steps
from hazardflow.reports.diagrams import mermaid
from hazardflow.rules import GUARDS

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "reference"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _scenarios_by_rule() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "features").rglob("*.feature")):
        feature = FeatureParser(str(path.parent), path.name).parse()
        for name, template in feature.scenarios.items():
            for tag in template.tags | feature.tags:
                if tag in hf.RULES:
                    found[tag].append(f"`{path.relative_to(ROOT)}`：{name}")
    return found


def _rule_key(rule_id: str) -> tuple[str, int]:
    return rule_id[0], int(rule_id[1:]) if rule_id[1:].isdigit() else 0


def rules_page() -> str:
    scenarios = _scenarios_by_rule()
    lines = ["# 规则目录", "",
             "每条规则的编号、中文内容、依据条款、执行它的守卫函数和验证它的场景（由代码和 features/ 自动生成）。", "",
             "| 编号 | 规则 | 内容 | 依据 | 守卫函数 | 场景 |", "|---|---|---|---|---|---|"]
    for rule_id in sorted(hf.RULES, key=_rule_key):
        rule = hf.RULES[rule_id]
        guards = "<br>".join(f"`{g}`" for g in GUARDS.get(rule_id, [])) or "—"
        cases = "<br>".join(scenarios.get(rule_id, [])) or "—"
        lines.append(f"| {rule.id} | {rule.name} | {_cell(rule.text)} | {'<br>'.join(rule.sources)} | "
                     f"{guards} | {cases} |")
    return "\n".join(lines) + "\n"


def steps_page() -> str:
    for module in plugin.pytest_plugins:
        importlib.import_module(module)
    lines = ["# 步骤词汇", "",
             "安装 hazardflow 后，任何项目的 `.feature` 文件（`# language: zh-CN`）都可以直接使用下列步骤，"
             "无需编写 Python 或 conftest。`{…}` 是填写的内容；引号用英文双引号 `\"`。"
             "本页由步骤库自动生成。", ""]
    module = ""
    for doc in steps():
        if doc.module != module:
            module = doc.module
            lines += ["", f"## `{module}`", "", "| 关键字 | 步骤 | 说明 |", "|---|---|---|"]
        lines.append(f"| {doc.keyword} | `{_cell(doc.pattern)}` | {_cell(doc.doc)} |")
    return "\n".join(lines) + "\n"


def diagrams_page() -> str:
    lines = ["# 状态图", "", "由运行中的状态机定义自动生成（`hazardflow diagram` 输出相同内容）。", ""]
    for title, text in mermaid().items():
        lines += [f"## {title}", "", "```mermaid", text, "```", ""]
    return "\n".join(lines)


def on_pre_build(config: Any, **kwargs: Any) -> None:
    REFERENCE.mkdir(exist_ok=True)
    for name, page in (("rules.md", rules_page), ("steps.md", steps_page), ("diagrams.md", diagrams_page)):
        (REFERENCE / name).write_text(page(), encoding="utf-8")
