"""mkdocs hook: generate the reference pages from the live library before every build, and fetch the
pinned mermaid that draws the diagrams (shipped with the site, so it renders offline).

- reference/rules.md: one section per rule (anchor = its id): 中文 text, clauses, guard functions,
  links to the scenarios that check it;
- reference/scenarios.md: every scenario of features/, one anchor each, with its Gherkin text;
- reference/steps.md: the step vocabulary by what an analyst wants to say, each with an example
  taken from features/;
- reference/tags.md: the tags that drive `hazardflow verify`'s summary;
- reference/diagrams.md: each state machine as mermaid, from the machines as built.

Nothing here is written by hand, so a changed rule, step, scenario or transition changes the page.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
from pytest_bdd.parser import FeatureParser
from pytest_bdd.steps import step_function_context_registry

import hazardflow as hf
from hazardflow.bdd import plugin
from hazardflow.bdd.vocabulary import StepDoc, spelled, steps
from hazardflow.reports.diagrams import mermaid
from hazardflow.rules import GUARDS

ROOT = Path(__file__).resolve().parent.parent
DOCS = Path(__file__).resolve().parent
REFERENCE = DOCS / "reference"

MERMAID = "mermaid@11.12.0"
"""The mermaid release the site ships (npm), and the integrity npm reports for its tarball."""
MERMAID_INTEGRITY = "sha512-ZudVx73BwrMJfCFmSSJT84y6u5brEoV8DOItdHomNLz32uBjNrelm7mg95X7g+C6UoQH/W6mBLGDEDv73JdxBg=="
VENDOR = DOCS / "vendor" / "mermaid"

GROUPS = ("隐患闭环", "专项行动", "执法处罚", "调度表与清单", "本地通知")
"""The step page's sections: what an analyst wants to say."""


def _cell(text: str) -> str:
    """``text`` in one table cell: | escaped, a line break next to a 中文 character dropped, others a space."""
    return re.sub(r"(?<=[^\x00-\x7f])\n|\n(?=[^\x00-\x7f])", "", text).replace("|", "\\|").replace("\n", " ")


def _anchor(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")


@attrs.frozen
class Scenario:
    """One scenario of features/: where it is, its anchor, its tags and its Gherkin text."""

    path: str
    name: str
    anchor: str
    tags: frozenset[str]
    text: str


def scenarios() -> list[Scenario]:
    """Every scenario under features/, in file order."""
    found = []
    for path in sorted((ROOT / "features").rglob("*.feature")):
        feature = FeatureParser(str(path.parent), path.name).parse()
        lines = path.read_text(encoding="utf-8").splitlines()
        templates = sorted(feature.scenarios.values(), key=lambda t: t.line_number)
        ends = [t.line_number for t in templates[1:]] + [len(lines) + 1]
        relative = str(path.relative_to(ROOT))
        for template, end in zip(templates, ends, strict=True):
            body = "\n".join(lines[template.line_number - 1:end - 1]).rstrip()
            body = re.sub(r"(\n\s*@[^\n]*)+$", "", body)
            found.append(Scenario(relative, template.name, _anchor(f"{relative[9:-8]}-{template.line_number}"),
                                  frozenset(template.tags | feature.tags), body))
    return found


def _rule_key(rule_id: str) -> tuple[str, int]:
    return rule_id[0], int(rule_id[1:]) if rule_id[1:].isdigit() else 0


def rules_page(all_scenarios: list[Scenario]) -> str:
    by_rule: dict[str, list[Scenario]] = defaultdict(list)
    for s in all_scenarios:
        for tag in s.tags:
            if tag in hf.RULES:
                by_rule[tag].append(s)
    ids = sorted(hf.RULES, key=_rule_key)
    lines = ["# 规则目录", "",
             "每条规则的编号、中文内容、依据条款、执行它的守卫函数和验证它的场景（由代码和 features/ 自动生成）。"
             "每条规则有自己的锚点，如 `rules.md#H2`。", "",
             "| 编号 | 规则 | 场景数 |", "|---|---|---|"]
    lines += [f"| [{i}](#{i}) | {hf.RULES[i].name} | {len(by_rule.get(i, []))} |" for i in ids]
    for rule_id in ids:
        rule = hf.RULES[rule_id]
        lines += ["", f"## {rule.id} {rule.name} {{ #{rule.id} }}", "", rule.text, "", "**依据**", ""]
        lines += [f"- {source}" for source in rule.sources]
        lines += ["", "**守卫函数**", ""]
        lines += [f"- `{g}`" for g in GUARDS.get(rule_id, [])] or ["- —"]
        lines += ["", "**场景**", ""]
        lines += [f"- [{s.name}](scenarios.md#{s.anchor})（`{s.path}`）" for s in by_rule.get(rule_id, [])] or ["- —"]
    return "\n".join(lines) + "\n"


def scenarios_page(all_scenarios: list[Scenario]) -> str:
    lines = ["# 场景", "", "features/ 下的全部场景（由文件自动生成），规则目录从这里引用。", ""]
    path = ""
    for s in all_scenarios:
        if s.path != path:
            path = s.path
            lines += ["", f"## `{path}`", ""]
        rules = " ".join(f"[{t}](rules.md#{t})" for t in sorted(s.tags, key=_rule_key) if t in hf.RULES)
        others = " ".join(f"`@{t}`" for t in sorted(s.tags) if t not in hf.RULES)
        lines += [f"### {s.name} {{ #{s.anchor} }}", "", f"标签：{rules} {others}".rstrip(), "",
                  "```gherkin", s.text, "```", ""]
    return "\n".join(lines) + "\n"


def group_of(doc: StepDoc) -> str:
    """The step page's section for a step: what the analyst wants to say with it."""
    if any(words in doc.pattern for words in ("行动方案文件", "本次专项行动", '"{notice}"')):
        return "本地通知"
    if "调度表" in doc.pattern or "清单" in doc.pattern or doc.module.endswith("report_steps"):
        return "调度表与清单"
    if doc.module.endswith("enforcement_steps"):
        return "执法处罚"
    if doc.module.endswith("campaign_steps") or any(words in doc.pattern for words in ("报送", '完成"{what}"', "事项")):
        return "专项行动"
    return "隐患闭环"


def _written_steps() -> list[str]:
    """Every step of features/ and examples/ as written there: backgrounds included, an outline's steps
    with the values of its first example row."""
    texts = []
    for path in sorted([*(ROOT / "features").rglob("*.feature"), *(ROOT / "examples").rglob("*.feature")]):
        feature = FeatureParser(str(path.parent), path.name).parse()
        for template in sorted(feature.scenarios.values(), key=lambda t: t.line_number):
            rows = [row for examples in template.examples for row in examples.as_contexts()]
            texts += [step.name for step in template.render(rows[0] if rows else {}).steps]
    return texts


def examples() -> dict[str, str]:
    """For each step pattern, the first step of features/ (then examples/) that it matches, as written there."""
    texts = _written_steps()
    found: dict[str, str] = {}
    for ctx in list(step_function_context_registry.values()):
        example = next((t for t in texts if ctx.parser.is_matching(spelled(t))), None)
        if example is not None:
            found.setdefault(ctx.parser.name, example)
    return found


def readable(pattern: str) -> str:
    """A step pattern as the analyst fills it in: ``第{number:d}行`` → ``第{number}行``."""
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", pattern)


def steps_page() -> str:
    for module in plugin.pytest_plugins:
        importlib.import_module(module)
    found = examples()
    by_group: dict[str, list[StepDoc]] = defaultdict(list)
    for doc in steps():
        by_group[group_of(doc)].append(doc)
    lines = ["# 步骤词汇", "",
             "安装 hazardflow 后，任何项目的 `.feature` 文件（`# language: zh-CN`）都可以直接使用下列步骤，"
             "无需编写 Python 或 conftest。`{…}` 是填写的内容。步骤按通知原文的写法书写即可："
             "中文输入法的引号 `“李四”`、全角括号 `三（二）3`、`2023-06-30` 或 `2023年6月30日`、"
             "有无空格都能识别。场景的标签见[标签](tags.md)。本页由步骤库自动生成，例子取自 features/。", ""]
    for group in GROUPS:
        lines += ["", f"## {group}", "", "| 关键字 | 步骤 | 说明 | 例子 |", "|---|---|---|---|"]
        for doc in by_group.get(group, []):
            example = found.get(doc.pattern)
            lines.append(f"| {doc.keyword} | `{_cell(readable(doc.pattern))}` | {_cell(doc.doc)} | "
                         f"{f'`{_cell(example)}`' if example else '—'} |")
    return "\n".join(lines) + "\n"


def tags_page() -> str:
    notices = hf.notices.available()
    lines = ["# 标签", "",
             "场景前的标签决定 `hazardflow verify` 的汇总：",
             "",
             "- **规则标签**（如 `@H5`）：场景计入“按规则 (by rule)”中该规则的通过/失败数；场景失败且被规则拒绝时，"
             "报告列出该规则的依据条款。规则目录中每条规则也列出带它的场景。",
             "- **通知标签**（如 `@shenyang-2023`）：场景计入“按通知 (by notice)”中该通知的数目。"
             "没有通知标签时，按场景所在文件夹归类（文件夹名为通知编号时即计入该通知）。",
             "- 一个场景可以带多个标签：`@H5 @shenyang-2023` 同时计入规则 H5 和沈阳的通知。"
             "标签写在 `功能:` 上方则对其中所有场景有效。",
             "", "```gherkin", "# language: zh-CN", "@shenyang-2023", "功能: 隐患闭环", "", "  @H5",
             "  场景: 整改人不能验收自己的整改", "    假如 今天是 2023年6月16日", "    ……", "```", "",
             "## 规则标签", "", "| 标签 | 规则 |", "|---|---|"]
    lines += [f"| `@{i}` | [{hf.RULES[i].name}](rules.md#{i}) |" for i in sorted(hf.RULES, key=_rule_key)]
    lines += ["", "## 通知标签", "", "| 标签 | 文号 | 通知 |", "|---|---|---|"]
    for ident in notices:
        notice = hf.notices.load(ident)
        lines.append(f"| `@{ident}` | {notice.number} | {_cell(notice.title)} |")
    return "\n".join(lines) + "\n"


def diagrams_page() -> str:
    lines = ["# 状态图", "", "由运行中的状态机定义自动生成（`hazardflow diagram` 输出相同内容）。"
             "图由随站点发布的 mermaid 绘制，离线也能显示。", ""]
    for title, text in mermaid().items():
        lines += [f"## {title}", "", "```mermaid", text, "```", ""]
    return "\n".join(lines)


def fetch_mermaid() -> None:
    """Put the pinned mermaid (and its licence) under docs/vendor/mermaid/, once: `npm pack` from the
    npm registry, the tarball checked against its recorded integrity before anything is unpacked."""
    if (VENDOR / "mermaid.min.js").is_file() and (VENDOR / "LICENSE").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"需要 npm 以获取 {MERMAID}（the docs ship mermaid: install npm, or put mermaid.min.js "
                           f"and LICENSE of {MERMAID} into {VENDOR}）")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([npm, "pack", MERMAID, "--silent"], cwd=work, check=True, capture_output=True)
        tarball = next(Path(work).glob("mermaid-*.tgz"))
        algorithm, expected = MERMAID_INTEGRITY.split("-", 1)
        digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
        if digest != expected:
            raise RuntimeError(f"{MERMAID} 的完整性校验失败 (integrity mismatch): {algorithm}-{digest}")
        VENDOR.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as archive:
            for name, target in (("package/dist/mermaid.min.js", "mermaid.min.js"), ("package/LICENSE", "LICENSE")):
                member = archive.extractfile(name)
                assert member is not None, name
                (VENDOR / target).write_bytes(member.read())


def on_pre_build(config: Any, **kwargs: Any) -> None:
    fetch_mermaid()
    REFERENCE.mkdir(exist_ok=True)
    found = scenarios()
    pages = {"rules.md": rules_page(found), "scenarios.md": scenarios_page(found), "steps.md": steps_page(),
             "tags.md": tags_page(), "diagrams.md": diagrams_page()}
    for name, page in pages.items():
        (REFERENCE / name).write_text(page, encoding="utf-8")
