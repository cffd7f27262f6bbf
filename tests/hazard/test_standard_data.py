"""The shipped 判定标准 data (hazard/standard_texts/*.toml) against the shared sources, and the catalogue API."""

from __future__ import annotations

from pathlib import Path

import pytest

from hazardflow.checks import InvalidInput
from hazardflow.hazard import standards
from tests.hazard.standard_sources import SHARED, Entry, entries

FILES = {
    "10号令": "工贸企业重大事故隐患判定标准-2023.md",
    "121号文": "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准-试行-2017.md",
}


def shipped(short: str) -> list[Entry]:
    """The shipped standard as the source file's entries: each article's lead, then its items."""
    out = []
    for a in standards.CATALOGUE[short].articles:
        out.append(Entry(a.number, "", a.status.name, a.lead, a.sources))
        out += [Entry(a.number, i.number, i.status.name, i.text, i.sources) for i in a.items]
    return out


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared sources are not at {SHARED}")
@pytest.mark.parametrize("short", sorted(FILES))
def test_shipped_data_matches_the_shared_sources_line_by_line(short: str) -> None:
    assert shipped(short) == entries(SHARED / FILES[short])


def test_counts_by_status_are_the_sources_counts() -> None:
    gongmao, huagong = standards.get("10号令"), standards.get("huagong-2017")
    assert len(gongmao.items) == 64 and not gongmao.complete
    assert {s.name: n for s, n in gongmao.counts().items()} == {"VERIFIED": 10, "SINGLE": 20, "PARTIAL": 4,
                                                                "MISSING": 30}
    assert len(huagong.items) == 20 and huagong.complete
    assert set(huagong.counts()) == {standards.Status.VERIFIED}


def test_a_missing_item_has_its_number_and_no_text() -> None:
    item = standards.item("10号令第九条(一)")
    assert item.status is standards.Status.MISSING and item.text is None
    assert item.quoted == "原文未取得" and str(item) == "10号令第九条(一)（原文未取得）"


def test_unverified_texts_are_marked_as_such() -> None:
    single, partial = standards.item("10号令第六条(一)"), standards.item("10号令第四条(四)")
    assert single.quoted.endswith("（仅单一来源，未经核实）")
    assert partial.quoted.startswith("转炉、电弧炉") and "原文不全" in partial.quoted
    assert standards.item("10号令第十一条(一)").quoted == standards.item("10号令第十一条(一)").text


@pytest.mark.parametrize("ref", ["10号令第十一条(一)", "10号令 第十一条（一）", "gongmao-2023:第十一条(一)",
                                 "应急管理部令第10号第十一条(一)", "中华人民共和国应急管理部令第10号 第十一条(一)"])
def test_an_item_is_cited_by_short_name_id_or_number(ref: str) -> None:
    assert standards.item(ref).ref == "10号令第十一条(一)"


def test_the_2017_standard_has_no_articles() -> None:
    assert standards.item("安监总管三〔2017〕121号（三）").ref == "121号文(三)"


@pytest.mark.parametrize("ref", ["10号令第十一条(十一)", "10号令第十六条(一)", "某号令第一条(一)", "10号令", ""])
def test_an_unknown_item_is_invalid_input(ref: str) -> None:
    with pytest.raises(InvalidInput, match="standard_items"):
        standards.item(ref)


def test_search_needs_every_word() -> None:
    assert [i.ref for i in standards.search("除尘 泄爆")] == ["10号令第十一条(三)"]
    assert {i.ref for i in standards.search("液氨")} >= {"121号文(七)", "10号令第十二条(一)"}
    assert standards.search("除尘 液氯") == []
    with pytest.raises(InvalidInput):
        standards.search("  ")


def test_applicability_follows_the_sector_table() -> None:
    metallurgy, dust, smelting = (standards.item(r) for r in ("10号令第四条(一)", "10号令第十一条(一)",
                                                               "10号令第三条(三)"))
    assert metallurgy.applies_to("冶金") and metallurgy.applies_to("钢铁") and metallurgy.applies_to("金属冶炼")
    assert not metallurgy.applies_to("纺织") and not metallurgy.applies_to("粉尘涉爆")
    assert dust.applies_to("纺织") and dust.applies_to("粉尘涉爆") and not dust.applies_to("校园")
    assert smelting.applies_to("有色") and not smelting.applies_to("纺织")
    chemical = standards.item("121号文(一)")
    assert chemical.applies_to("危险化学品") and not chemical.applies_to("冶金")


OWN = '''
id = "gongmao-2023-official"
short = "10号令"
title = "工贸企业重大事故隐患判定标准"
number = "中华人民共和国应急管理部令第10号"
complete = true

[sectors]
"纺织" = ["印染"]

[[articles]]
number = "第九条"
category = "行业类：纺织"
sectors = ["纺织"]
status = "VERIFIED"
lead = "纺织企业有下列情形之一的，应当判定为重大事故隐患："
sources = "本县核对的官方原文"

  [[articles.items]]
  number = "(一)"
  status = "VERIFIED"
  text = "本县录入的官方原文（测试）"
  sources = "官方原文"
'''


def test_a_users_file_replaces_the_bundled_standard_of_its_short_name(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(standards, "CATALOGUE", dict(standards.CATALOGUE))
    path = tmp_path / "official.toml"
    path.write_text(OWN, encoding="utf-8")
    standards.load_file(path)
    assert standards.item("10号令第九条(一)").text == "本县录入的官方原文（测试）"
    assert standards.get("10号令").id == "gongmao-2023-official"


@pytest.mark.parametrize(("change", "field"), [
    (('status = "VERIFIED"\n  text', 'status = "MISSING"\n  text'), "items[0].text"),
    (('status = "VERIFIED"\n  text', 'status = "SURE"\n  text'), "items[0].status"),
    (('short = "10号令"\n', ''), "official.toml.short"),
    (('sectors = ["纺织"]', 'sectors = "纺织"'), "articles[0].sectors"),
])
def test_a_bad_users_file_names_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          change: tuple[str, str], field: str) -> None:
    monkeypatch.setattr(standards, "CATALOGUE", dict(standards.CATALOGUE))
    path = tmp_path / "official.toml"
    path.write_text(OWN.replace(*change), encoding="utf-8")
    with pytest.raises(InvalidInput, match=field.replace("[", r"\[").replace("]", r"\]")):
        standards.load_file(path)
    assert standards.get("10号令").id == "gongmao-2023"
