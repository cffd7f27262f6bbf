"""A malformed profile is refused with the file, the key and what was expected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import hazardflow as hf
from hazardflow.notices import ProfileError

GOOD = """
id = "anytown-2023"
title = "某县重大事故隐患专项排查整治2023行动方案"
issuer = "某县应急管理局"
number = "某应急发〔2023〕1号"
date = 2023-05-20
start = 2023-05-20
end = 2023-12-31

[sectors]
clause = "二"
scope = ["金属冶炼", "粉尘涉爆"]
high_risk = ["金属冶炼"]

[[phases]]
kind = "mobilization"
name = "动员部署"
start = 2023-05-20
end = 2023-05-31
clause = "三(一)"

  [[phases.deliverables]]
  id = "plan"
  kind = "plan"
  name = "制定专项整治方案"
  due = 2023-05-25
  clause = "三(一)"

[[phases]]
kind = "investigation"
name = "隐患排查治理"
start = 2023-06-01
end = 2023-08-31
clause = "三(二)"

  [[phases.deliverables]]
  id = "register"
  kind = "register"
  name = "报送重大隐患台账"
  due = 2023-06-15
  clause = "三(二)"

[[phases]]
kind = "remediation"
name = "执法督导"
start = 2023-09-01
end = 2023-11-30
clause = "三(三)"

[[phases]]
kind = "consolidation"
name = "总结提升"
start = 2023-12-01
end = 2023-12-31
clause = "三(四)"

  [[phases.deliverables]]
  id = "summary"
  kind = "summary"
  name = "报送工作总结"
  due = 2023-12-15
  clause = "四"

[cadence]
name = "进展情况调度表"
every = "month"
day = 28
clause = "四"

[inspection]
every = "quarter"
high_risk_every = "month"
clause = "二(一)"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "anytown-2023.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> ProfileError:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        hf.notices.load_file(path)
    assert str(path) in str(info.value)
    assert info.value.path == str(path)
    return info.value


def test_a_county_profile_loads_from_its_file(tmp_path: Path) -> None:
    notice = hf.notices.load_file(write(tmp_path, GOOD))
    assert notice.id == "anytown-2023"
    assert [p.name for p in notice.phases] == ["动员部署", "隐患排查治理", "执法督导", "总结提升"]
    assert notice.inspection is not None and notice.inspection.high_risk == {"金属冶炼"}
    assert hf.Campaign(notice).notice is notice


def test_phase_dates_out_of_order_name_the_file_and_key(tmp_path: Path) -> None:
    text = GOOD.replace("start = 2023-09-01\nend = 2023-11-30", "start = 2023-09-01\nend = 2023-08-15")
    err = refused(tmp_path, text)
    assert err.key == "phases[3].end"
    assert "phases[3].end" in str(err) and "2023-08-15" in str(err)


def test_a_phase_ending_before_the_previous_one_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("start = 2023-06-01\nend = 2023-08-31", "start = 2023-06-01\nend = 2023-05-30")
    assert refused(tmp_path, text).key in ("phases[2].end", "phases[2].start")


def test_a_missing_phase_is_refused(tmp_path: Path) -> None:
    head, _, tail = GOOD.partition('[[phases]]\nkind = "remediation"')
    _, _, rest = tail.partition("[[phases]]")
    err = refused(tmp_path, head + "[[phases]]" + rest)
    assert err.key == "phases"
    assert "four" in err.expected and "3 phases" in str(err)


def test_phases_out_of_kind_order_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace('kind = "remediation"', 'kind = "consolidation"', 1)
    assert refused(tmp_path, text).key == "phases[3].kind"


def test_an_unknown_sector_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace('high_risk_every = "month"', 'high_risk_every = "month"\nhigh_risk = ["钢铁"]')
    err = refused(tmp_path, text)
    assert err.key == "inspection.high_risk"
    assert "钢铁" in str(err)


def test_a_high_risk_sector_outside_the_scope_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD.replace('high_risk = ["金属冶炼"]', 'high_risk = ["建筑施工"]'))
    assert err.key == "sectors.high_risk"


def test_a_deliverable_due_outside_its_phase_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD.replace("due = 2023-06-15", "due = 2023-09-15"))
    assert err.key == "phases[2].deliverables[1].due"
    assert "隐患排查治理" in err.expected


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD.replace('title = "某县重大事故隐患专项排查整治2023行动方案"\n', ""))
    assert err.key == "title" and "missing" in err.expected


@pytest.mark.parametrize(("old", "new", "key"), [
    ('kind = "register"', 'kind = "dispatch"', "phases[2].deliverables[1].kind"),
    ('kind = "plan"', 'kind = "banner"', "phases[1].deliverables[1].kind"),
    ('every = "month"', 'every = "fortnight"', "cadence.every"),
    ("day = 28", "day = 32", "cadence.day"),
    ('id = "anytown-2023"', 'id = "Any Town"', "id"),
    ("date = 2023-05-20", "date = 2024-05-20", "date"),
    ('clause = "二(一)"', 'clause = "二(一)"\nunits = ["village"]', "inspection.units"),
    ("end = 2023-12-31\n\n[sectors]", "end = 2023-12-31\nmood = 1\n\n[sectors]", "mood"),
])
def test_other_malformed_values_name_their_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    assert old in GOOD
    assert refused(tmp_path, GOOD.replace(old, new, 1)).key == key


def test_broken_toml_and_missing_files(tmp_path: Path) -> None:
    assert refused(tmp_path, GOOD + "\n[[phases\n").key == "(syntax)"
    with pytest.raises(ProfileError, match=r"nowhere\.toml"):
        hf.notices.load_file(tmp_path / "nowhere.toml")


def test_a_profile_error_is_bad_input() -> None:
    assert issubclass(ProfileError, hf.InvalidInput) and issubclass(ProfileError, ValueError)


def test_the_documented_example_loads(tmp_path: Path) -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "profile-format.md"
    if not doc.exists():
        pytest.skip("docs/ is not part of this checkout")
    text = doc.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    notice = hf.notices.load_file(write(tmp_path, example))
    assert [p.name for p in notice.phases] == ["动员部署", "隐患排查治理", "执法督导", "总结提升"]
    assert notice.cadence is not None and notice.cadence.day == 28


ALIASES = """
[sectors.aliases]
"金属冶炼" = ["冶金", "钢铁"]
"""
EXTRAS = """
[[tasks]]
id = "duty-system"
name = "全员安全生产岗位责任制自查完善、内部公示"
due = 2023-05-30
clause = "三(一)2"

[[tasks]]
id = "outsourcing"
name = "外包外租全面排查"
phase = "investigation"
sectors = ["钢铁"]
clause = "三(一)4"

[listing]
within_days = 7
clause = "二(二)10"

[dispatching]
every = "month"
while_major = "week"
clause = "三(一)1"

[[topics]]
id = "hazchem"
kind = "sector"
name = "危险化学品安全整治"
lead = ["县应急管理局"]
plan = "危险化学品安全专项整治实施方案"
clause = "三(三)1"

  [[topics.targets]]
  id = "alarms"
  what = "泄漏检测报警装置装备和使用率"
  due = 2023-12-31
  value = "100%"
"""
WITH_EXTRAS = GOOD.replace('high_risk = ["金属冶炼"]\n', 'high_risk = ["金属冶炼"]\n' + ALIASES, 1) + EXTRAS


def test_tasks_listing_dispatching_topics_and_aliases_load(tmp_path: Path) -> None:
    notice = hf.notices.load_file(write(tmp_path, WITH_EXTRAS))
    duty, outsourcing = notice.tasks
    assert (duty.due, duty.units) == (date(2023, 5, 30), {hf.notices.UnitKind.ENTERPRISE})
    assert outsourcing.due == date(2023, 8, 31) and outsourcing.sectors == {"金属冶炼"}   # the phase's end; the alias
    assert notice.sector("钢铁") == "金属冶炼" and notice.is_high_risk("冶金") and notice.sector("化工") is None
    assert notice.listing == hf.notices.MandatoryListing(7, "二(二)10", frozenset(hf.notices.UnitKind))
    assert notice.dispatching is not None and notice.dispatching.while_major is hf.notices.Every.WEEK
    ((topic, target),) = notice.targets
    assert (topic.lead, target.value, target.clause) == (("县应急管理局",), "100%", "三(三)1")


@pytest.mark.parametrize(("old", "new", "key"), [
    ("due = 2023-05-30", "due = 2024-01-05", "tasks[1].due"),
    ('phase = "investigation"', 'phase = "investigation"\ndue = 2023-06-30', "tasks[2].phase"),
    ('phase = "investigation"', 'phase = "summer"', "tasks[2].phase"),
    ('sectors = ["钢铁"]', 'sectors = ["化工"]', "tasks[2].sectors"),
    ('id = "outsourcing"', 'id = "duty-system"', "tasks[2].id"),
    ('"金属冶炼" = ["冶金", "钢铁"]', '"化工" = ["冶金"]', "sectors.aliases.化工"),
    ('"金属冶炼" = ["冶金", "钢铁"]', '"金属冶炼" = ["粉尘涉爆"]', "sectors.aliases.金属冶炼"),
    ("within_days = 7", "within_days = -1", "listing.within_days"),
    ('while_major = "week"', 'while_major = "month"', "dispatching.while_major"),
    ('lead = ["县应急管理局"]', "lead = []", "topics[1].lead"),
    ('kind = "sector"', 'kind = "area"', "topics[1].kind"),
    ("due = 2023-12-31\n  value", "due = 2024-12-31\n  value", "topics[1].targets[1].due"),
    ('value = "100%"', 'value = "100%"\n  owner = "某局"', "topics[1].targets[1].owner"),
])
def test_malformed_tasks_listing_and_targets_name_their_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    assert old in WITH_EXTRAS
    assert refused(tmp_path, WITH_EXTRAS.replace(old, new, 1)).key == key


def test_the_last_phase_report_may_fall_after_the_campaign(tmp_path: Path) -> None:
    text = GOOD.replace('''  id = "summary"
  kind = "summary"
  name = "报送工作总结"
  due = 2023-12-15''', '''  id = "summary-4"
  kind = "phase_summary"
  name = "上报总结提升阶段情况"
  after_phase_end = 3''')
    (d,) = hf.notices.load_file(write(tmp_path, text)).phases[3].deliverables
    assert d.due == date(2024, 1, 3)
