"""Principle 12: a hazard opened under a notice cites only that notice's clauses and the law's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import hazardflow as hf
from hazardflow import rules
from tests.conftest import at

Make = Callable[..., hf.Hazard]
OTHERS = [n for i, n in rules.NOTICE_NUMBERS.items() if i != "shenyang-2023"]


def cited(reasons: list[hf.Reason]) -> list[str]:
    return [s for r in reasons for s in r.sources]


@pytest.mark.parametrize("notice", hf.notices.available())
def test_seed_numbers_match_the_profiles(notice: str) -> None:
    assert rules.NOTICE_NUMBERS[notice] == hf.notices.load(notice).number


def test_a_refusal_under_shenyang_cites_no_other_notice(make: Make, principal: hf.Actor) -> None:
    h = make(notice="shenyang-2023")
    reasons = h.why_not("assign", at=at(6, 2), by=principal, plan=hf.Plan())
    assert [r.rule for r in reasons] == ["H2", "H4"]
    sources = cited(reasons)
    assert "沈应急发〔2023〕27号 三(一)1" in sources and f"{rules.LAW} 第四十一条" in sources
    assert not [s for s in sources if s.startswith(tuple(OTHERS))]


def test_without_a_notice_the_full_list(make: Make, principal: hf.Actor) -> None:
    reasons = make().why_not("assign", at=at(6, 2), by=principal, plan=hf.Plan())
    assert reasons[1].sources == hf.RULES["H4"].sources


def test_the_catalogue_keeps_every_source(make: Make, principal: hf.Actor) -> None:
    make(notice="shenyang-2023").why_not("assign", at=at(6, 2), by=principal, plan=hf.Plan())
    assert any(s.startswith(rules.WUSHAN) for s in hf.RULES["H4"].sources)


def test_a_rule_with_no_clause_of_the_notice_cites_nothing_else(make: Make, staff: hf.Actor,
                                                                colleague: hf.Actor) -> None:
    h = make(level=hf.Level.GENERAL, notice="shenyang-2023")
    h.fix_on_spot(measures="m", at=at(6, 1, 10), by=staff)
    [reason] = h.why_not("reject", at=at(6, 2), by=colleague, reason="")
    assert reason.rule == "H9" and reason.sources == () and str(reason) == f"H9 {reason.message}"


def test_through_a_campaign(staff: hf.Actor, principal: hf.Actor) -> None:
    campaign = hf.Campaign("mingyueshan-2023")
    h = campaign.found(description="d", level=hf.Level.MAJOR, source=hf.Source.SELF_CHECK, enterprise="e",
                       sector="工贸", jurisdiction="温汤镇", at=at(6, 1), by=staff)
    assert h.notice == "mingyueshan-2023"
    sources = cited(h.why_not("assign", at=at(6, 2), by=principal, plan=hf.Plan()))
    assert f"{rules.MINGYUESHAN} 二(一)1" in sources
    assert all(s.startswith((rules.MINGYUESHAN, rules.LAW)) for s in sources)


def test_the_notice_survives_replay(make: Make) -> None:
    h = make(notice="shenyang-2023")
    assert hf.replay(h.events).notice == "shenyang-2023" and h.events[0].payload["notice"] == "shenyang-2023"
    assert "notice" not in make().events[0].payload


def test_the_notice_survives_the_ledger(make: Make, tmp_path: Path) -> None:
    h = make(notice="shenyang-2023")
    with hf.Ledger(f"sqlite:///{tmp_path / 'r.db'}", synchronous="NORMAL") as ledger:
        ledger.add(h)
        assert ledger.get(h.id).notice == "shenyang-2023" and ledger.get(h.id) == h
        assert ledger.verify_chain() == []


def test_a_county_notice_unknown_to_this_process_still_replays(make: Make, principal: hf.Actor) -> None:
    rules.register_notice("anytown-2099", "某县安委办〔2099〕1号")
    h = make(notice="anytown-2099")
    del rules.NOTICE_NUMBERS["anytown-2099"]
    again = hf.replay(h.events)
    assert again.notice == "anytown-2099"
    reasons = again.why_not("assign", at=at(6, 2), by=principal, plan=hf.Plan())
    assert reasons[1].sources == hf.RULES["H4"].sources


def test_an_unknown_notice_is_bad_input(make: Make) -> None:
    with pytest.raises(hf.InvalidInput, match=r"Hazard\.notice: expected None or a notice profile id"):
        make(notice="beijing-2099")


def test_escalation_basis_is_scoped(make: Make, plan: hf.Plan, principal: hf.Actor) -> None:
    h = make(level=hf.Level.GENERAL, notice="shenyang-2023")
    h.assign(plan=plan, at=at(6, 2), by=principal)
    [e] = hf.escalations([h], at=at(7, 3))
    assert all(not s.startswith(tuple(OTHERS)) for s in e.basis.sources)
