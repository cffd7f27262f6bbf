"""L7 判定标准 on `Hazard.found(standard_items=…)` and L1 记录通报 on the workforce notice."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hazardflow as hf
from hazardflow.hazard import workforce
from tests.conftest import at, snapshot

Make = Callable[..., hf.Hazard]
DUST = "10号令第十一条(一)"


class TestL7:
    def test_citing_a_major_item_makes_the_hazard_major(self, make: Make) -> None:
        h = make(level=None, sector="纺织", standard_items=[DUST])
        assert h.is_major and h.standard_items == (DUST,)
        assert h.events[0].payload["standard_items"] == (DUST,)
        assert make(level=hf.Level.MAJOR, standard_items=["10号令 第十一条（一）"]).standard_items == (DUST,)

    def test_declared_general_while_citing_an_item_is_refused_with_the_item_quoted(self, make: Make) -> None:
        with pytest.raises(hf.Rejected) as refusal:
            make(level=hf.Level.GENERAL, standard_items=[DUST])
        assert refusal.value.rules == ["L7"]
        assert "粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内" in str(refusal.value)
        assert "不得定为一般事故隐患" in str(refusal.value)

    def test_a_missing_item_is_quoted_by_number_only(self, make: Make) -> None:
        with pytest.raises(hf.Rejected, match=r"10号令第九条\(一\)（原文未取得）"):
            make(level=hf.Level.GENERAL, sector="纺织", standard_items=["10号令第九条(一)"])

    def test_an_item_of_another_sector_is_refused(self, make: Make) -> None:
        wrong = "不适用于“纺织”行业领域的企业：10号令第四条\\(一\\)适用于冶金"
        with pytest.raises(hf.Rejected, match=wrong) as refusal:
            make(sector="纺织", standard_items=["10号令第四条(一)"])
        assert refusal.value.rules == ["L7"]
        assert make(sector="冶金", standard_items=["10号令第四条(一)"]).is_major
        assert make(sector="金属冶炼", standard_items=["10号令第四条(一)", "10号令第三条(三)"]).is_major

    def test_an_item_narrower_than_its_article_is_checked_on_its_own_sectors(self, make: Make) -> None:
        assert make(sector="纺织", standard_items=["10号令第三条(一)"]).is_major
        with pytest.raises(hf.Rejected, match="10号令第三条\\(三\\)适用于金属冶炼"):
            make(sector="纺织", standard_items=["10号令第三条(三)"])

    def test_every_reason_is_given_at_once(self, make: Make) -> None:
        with pytest.raises(hf.Rejected) as refusal:
            make(level=hf.Level.GENERAL, key=True, sector="纺织", standard_items=["10号令第四条(一)"])
        assert refusal.value.rules == ["L7", "L7", "L7"]

    def test_a_key_hazard_is_one_no_item_matches(self, make: Make) -> None:
        assert make(level=hf.Level.GENERAL, key=True).key
        with pytest.raises(hf.Rejected, match="重点隐患是没有对应判定标准条目"):
            make(level=hf.Level.MAJOR, key=True, standard_items=[DUST])

    def test_no_level_and_no_item_is_invalid_input(self, make: Make) -> None:
        with pytest.raises(hf.InvalidInput, match=r"level: expected a hazardflow\.Level \(required when no"):
            make(level=None)
        with pytest.raises(hf.InvalidInput, match="standard_items"):
            make(standard_items="10号令第十一条(一)")

    def test_a_hazard_without_items_is_as_before(self, make: Make) -> None:
        h = make()
        assert h.standard_items == () and "standard_items" not in h.events[0].payload
        assert hf.replay(make(standard_items=[DUST]).events).standard_items == (DUST,)


class TestL1:
    def test_a_major_hazards_notice_goes_to_the_workers_congress(self, make: Make, principal: hf.Actor) -> None:
        h = make()
        before = snapshot(h)
        with pytest.raises(hf.Rejected, match="须向职工大会或者职工代表大会报告，“信息公示栏”不能代替") as refusal:
            h.report(kind=hf.ReportKind.WORKFORCE, to="信息公示栏", at=at(6, 2), by=principal)
        assert refusal.value.rules == ["L1"] and snapshot(h) == before
        h.report(kind=hf.ReportKind.WORKFORCE, to="沈阳某钢铁公司职工代表大会", at=at(6, 2), by=principal)
        assert workforce.announced(h)

    def test_a_general_hazard_may_be_posted_on_the_notice_board(self, make: Make, principal: hf.Actor) -> None:
        h = make(level=hf.Level.GENERAL)
        assert not workforce.announced(h)
        h.report(kind=hf.ReportKind.WORKFORCE, to="信息公示栏", at=at(6, 2), by=principal)
        assert workforce.announced(h)

    def test_the_audit_lists_closed_hazards_never_made_known(self, make: Make, staff: hf.Actor,
                                                            colleague: hf.Actor, principal: hf.Actor) -> None:
        told, untold, open_ = (make(level=hf.Level.GENERAL, description=d) for d in ("甲", "乙", "丙"))
        for h in (told, untold):
            h.fix_on_spot(measures="当场整改", at=at(6, 1, 10), by=staff)
            h.close(at=at(6, 1, 11), by=colleague)
        told.report(kind=hf.ReportKind.WORKFORCE, to="信息公示栏", at=at(6, 2), by=principal)
        assert workforce.unannounced([told, untold, open_]) == [untold]

    def test_l1_and_l7_are_in_the_catalogue_with_their_clauses(self) -> None:
        assert "第四十一条第二款" in "；".join(hf.RULES["L1"].sources)
        sources = "；".join(hf.RULES["L7"].sources)
        for clause in ("第一百一十八条", "应急管理部令第10号", "121号", "三(一)6", "二(二)8", "二(二)10"):
            assert clause in sources


SECTORS = sorted({n for s in hf.standards.available() for k, names in s.sectors.items() for n in (k, *names)}
                 | {"校园", "燃气", "消防"})


@settings(max_examples=150, deadline=None)
@given(item=st.sampled_from([i for s in hf.standards.available() for i in s.items]), sector=st.sampled_from(SECTORS),
       level=st.sampled_from([None, hf.Level.MAJOR, hf.Level.GENERAL]))
def test_a_cited_hazard_is_major_or_refused_under_l7(item: hf.standards.Item, sector: str,
                                                     level: hf.Level | None) -> None:
    """Invariant: citing an item, a hazard is on record as major with the item, or refused under L7 only,
    and refused exactly when declared general or when the item's article does not apply to its sector."""
    fields = {"description": "隐患", "source": hf.Source.SELF_CHECK, "enterprise": "某企业", "sector": sector,
              "jurisdiction": "某镇", "at": at(6, 1), "by": hf.Actor("张三", hf.Role.ENTERPRISE, "某企业")}
    allowed = item.applies_to(sector) and level is not hf.Level.GENERAL
    try:
        h = hf.Hazard.found(level=level, standard_items=[item.ref], **fields)
    except hf.Rejected as refusal:
        assert not allowed and set(refusal.rules) == {"L7"}
    else:
        assert allowed and h.is_major and h.standard_items == (item.ref,)
