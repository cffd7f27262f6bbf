"""The directory (名录): records, queries, the TOML format and its errors, the 宜明 lead-department table."""

from __future__ import annotations

from pathlib import Path

import pytest

import hazardflow as hf
from hazardflow.directory import Directory, DirectoryError, Organisation, Person, dumps
from hazardflow.vocab import OrgKind, Position

TOML = '''
[[organisations]]
name = "沈阳市应急管理局"
kind = "department"
jurisdiction = "沈阳市"
sectors = ["金属冶炼", "危险化学品"]

[[organisations]]
name = "铁西区文化旅游局"
kind = "department"
jurisdiction = "沈阳市/铁西区"
sectors = ["文化旅游"]

[[organisations]]
name = "铁西区人民政府"
kind = "government"
jurisdiction = "沈阳市/铁西区"

[[organisations]]
name = "沈阳某钢铁公司职工代表大会"
kind = "职工大会"
jurisdiction = "沈阳市/铁西区"
of = "沈阳某钢铁公司"

[[organisations]]
name = "沈阳某钢铁公司"
kind = "enterprise"
jurisdiction = "沈阳市/铁西区"
sectors = ["金属冶炼"]
staff = 800

[[people]]
name = "王五"
organisation = "沈阳市应急管理局"
position = "inspector"

[[people]]
name = "李四"
organisation = "沈阳某钢铁公司"
position = "主要负责人"
'''


@pytest.fixture
def directory(tmp_path: Path) -> Directory:
    path = tmp_path / "名录.toml"
    path.write_text(TOML, encoding="utf-8")
    return hf.Directory.load(path)


def test_loads_and_answers(directory: Directory) -> None:
    assert len(directory) == 5 and len(directory.people) == 2
    steel = ("沈阳市", "铁西区")
    assert [o.name for o in directory.competent("金属冶炼", steel)] == ["沈阳市应急管理局"]
    assert directory.competent("金属冶炼", ("大连市",)) == []
    assert [o.name for o in directory.governments(steel)] == ["铁西区人民政府"]
    congress = directory.congress("沈阳某钢铁公司")
    assert congress is not None and congress.kind is OrgKind.WORKERS_CONGRESS
    principal = directory.resolve(hf.Actor("李四", hf.Role.PRINCIPAL, "沈阳某钢铁公司"))
    assert principal == Person("李四", "沈阳某钢铁公司", Position.PRINCIPAL)
    assert directory.resolve(hf.Actor("李四", hf.Role.PRINCIPAL, "别的公司")) is None


def test_round_trips_through_toml(directory: Directory, tmp_path: Path) -> None:
    again = tmp_path / "again.toml"
    again.write_text(dumps(directory), encoding="utf-8")
    assert hf.Directory.load(again) == directory


def test_small_enterprise_under_30_staff() -> None:
    def firm(staff: int) -> Organisation:
        return Organisation("某厂", OrgKind.ENTERPRISE, "沈阳市/铁西区", ["工贸"], staff)

    assert firm(29).small and not firm(30).small and not firm(31).small


def test_jurisdiction_covers_only_below() -> None:
    city = Organisation("沈阳市人民政府", OrgKind.GOVERNMENT, "沈阳市")
    assert city.covers(("沈阳市",)) and city.covers(("沈阳市", "铁西区"))
    assert not city.covers(("沈阳",)) and not city.covers(("大连市", "沈阳市"))


@pytest.mark.parametrize(("change", "key", "expected"), [
    (("kind = \"department\"", "kind = \"部委\""), "organisations[1].kind", "one of enterprise"),
    (("jurisdiction = \"沈阳市\"\n", "jurisdiction = \"沈阳市//\"\n"), "organisations[1].jurisdiction", "行政区划"),
    (("staff = 800", "staff = -1"), "organisations[5].staff", "a number of staff"),
    (("position = \"inspector\"", "position = \"boss\""), "people[1].position", "one of principal"),
    (("organisation = \"沈阳市应急管理局\"", "organisation = \"不存在局\""), "people[1].organisation",
     "an organisation already in the directory"),
    (("of = \"沈阳某钢铁公司\"", "of = \"别的公司\""), "organisations[4].of", "an enterprise"),
    (("sectors = [\"文化旅游\"]", "sectors = [\"文化旅游\"]\ncolour = \"red\""), "organisations[2].colour",
     "one of the keys"),
    (("name = \"李四\"", "nam = \"李四\""), "people[2].nam", "one of the keys"),
])
def test_a_malformed_file_names_file_and_key(tmp_path: Path, change: tuple[str, str], key: str,
                                             expected: str) -> None:
    path = tmp_path / "坏名录.toml"
    path.write_text(TOML.replace(*change), encoding="utf-8")
    with pytest.raises(DirectoryError) as err:
        hf.Directory.load(path)
    assert err.value.path == str(path) and err.value.key == key and expected in err.value.expected
    assert str(path) in str(err.value) and key in str(err.value)


def test_missing_file_and_bad_syntax(tmp_path: Path) -> None:
    with pytest.raises(DirectoryError, match=r"\(file\)"):
        hf.Directory.load(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[organisations]\n", encoding="utf-8")
    with pytest.raises(DirectoryError, match=r"\(syntax\)"):
        hf.Directory.load(bad)


def test_duplicates_are_bad_input(directory: Directory) -> None:
    with pytest.raises(hf.InvalidInput, match="not yet in the directory"):
        directory.add(Organisation("沈阳市应急管理局", OrgKind.DEPARTMENT, "沈阳市"))
    with pytest.raises(hf.InvalidInput, match="not yet registered"):
        directory.add(Person("王五", "沈阳市应急管理局", Position.LEADER))


def test_mingyueshan_names_a_lead_department_per_sector() -> None:
    notice = hf.notices.load("mingyueshan-2023")
    assert notice.lead_department("城镇燃气") == "综合行政执法分局"
    assert notice.lead_department("工贸") == "经济发展局"
    assert notice.lead_department("矿山") is None
    assert hf.notices.load("shenyang-2023").lead_departments == ()


def test_a_lead_table_leading_a_sector_twice_names_the_key(tmp_path: Path) -> None:
    source = Path(hf.notices.load("mingyueshan-2023").source).read_text(encoding="utf-8")
    path = tmp_path / "twice.toml"
    path.write_text(source.replace('"教体局" = ["校园", "体育"]', '"教体局" = ["校园", "体育", "消防"]'),
                    encoding="utf-8")
    with pytest.raises(hf.notices.ProfileError) as err:
        hf.notices.load_file(path)
    assert err.value.key == "sectors.lead.教体局"


def test_people_by_post_inside_an_organisation(tmp_path: Path) -> None:
    path = tmp_path / "compact.toml"
    path.write_text('[[organisations]]\nname = "铁西区应急管理局"\nkind = "department"\n'
                    'jurisdiction = "沈阳市/铁西区"\n'
                    'people = { inspector = ["钱七", "吴十"], "领导" = ["局长甲"] }\n', encoding="utf-8")
    d = hf.Directory.load(path)
    assert [(p.name, p.position) for p in d.people] == [
        ("钱七", Position.INSPECTOR), ("吴十", Position.INSPECTOR), ("局长甲", Position.LEADER)]
    path.write_text(path.read_text(encoding="utf-8").replace("领导", "boss"), encoding="utf-8")
    with pytest.raises(DirectoryError) as err:
        hf.Directory.load(path)
    assert err.value.key == "organisations[1].people.boss"
    path.write_text(path.read_text(encoding="utf-8").replace('"吴十"', '""'), encoding="utf-8")
    with pytest.raises(DirectoryError) as err:
        hf.Directory.load(path)
    assert err.value.key == "organisations[1].people.inspector[2].name"
