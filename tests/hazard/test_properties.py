"""A stateful property test: any sequence of triggers by any actors keeps the loop's invariants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import event as observe
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import hazardflow as hf
from hazardflow.hazard.guards import five_measures
from tests.conftest import snapshot

ENTERPRISE = "沈阳某钢铁公司"
ACTORS = [
    hf.Actor("张三", hf.Role.ENTERPRISE, ENTERPRISE),
    hf.Actor("赵六", hf.Role.ENTERPRISE, ENTERPRISE),
    hf.Actor("李四", hf.Role.PRINCIPAL, ENTERPRISE),
    hf.Actor("王五", hf.Role.DEPARTMENT, "沈阳市应急管理局"),
    hf.Actor("周九", hf.Role.GOVERNMENT, "铁西区人民政府"),
    hf.Actor("孙八", hf.Role.EXPERT, "专家库"),
    hf.Actor("吴十", hf.Role.ENTERPRISE, "别的公司"),
]
START = datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI)

actors = st.sampled_from(ACTORS)
texts = st.sampled_from(["", " ", "已整改", "纸面整改"])
plans = st.builds(
    hf.Plan,
    responsible=st.sampled_from([None, "", "李四"]),
    measures=st.sampled_from([None, "加装报警"]),
    funds=st.sampled_from([None, Decimal(0), Decimal("5000")]),
    deadline=st.sampled_from([None, date(2023, 5, 1), date(2023, 6, 1), date(2023, 7, 1), date(2023, 12, 31)]),
    contingency=st.sampled_from([None, "预案"]),
)
ARGUMENTS = {
    "assign": st.fixed_dictionaries({"plan": plans}),
    "rectify": st.just({}),
    "submit": st.fixed_dictionaries({"evidence": st.just("已整改")}),
    "close": st.just({}),
    "reject": st.fixed_dictionaries({"reason": texts}),
    "fix_on_spot": st.fixed_dictionaries({"measures": st.just("现场整改")}),
    "reopen": st.fixed_dictionaries({"reason": texts}),
    "report": st.fixed_dictionaries({"kind": st.sampled_from(hf.ReportKind), "to": st.just("应急管理局")}),
    "list_for_supervision": st.fixed_dictionaries({"title": st.just("督办通知"), "number": st.just("督〔2023〕1号")}),
    "delist": st.just({}),
    "extend": st.fixed_dictionaries({
        "deadline": st.sampled_from([date(2023, 6, 15), date(2024, 1, 31)]), "reason": texts}),
    "assess": st.fixed_dictionaries({"opinion": st.just("符合要求")}),
}
calls = st.sampled_from(sorted(ARGUMENTS)).flatmap(
    lambda name: st.tuples(st.just(name), ARGUMENTS[name]))



class HazardLoop(RuleBasedStateMachine):
    """Drive a few hazards with random triggers, actors and arguments."""

    def __init__(self) -> None:
        super().__init__()
        self.hazards: list[hf.Hazard] = []
        self.now = START

    @initialize(levels=st.lists(st.sampled_from(hf.Level), min_size=1, max_size=3))
    def found(self, levels: list[hf.Level]) -> None:
        for i, level in enumerate(levels):
            self.hazards.append(hf.Hazard.found(
                description=f"隐患{i}", level=level, source=hf.Source.SELF_CHECK, enterprise=ENTERPRISE,
                sector="金属冶炼", jurisdiction="铁西区", at=self.now, by=ACTORS[0]))

    @precondition(lambda self: bool(self.hazards))
    @rule(index=st.integers(0, 2), call=calls, by=actors, hours=st.integers(0, 24 * 40))
    def fire(self, index: int, call: tuple[str, dict[str, object]], by: hf.Actor, hours: int) -> None:
        h = self.hazards[index % len(self.hazards)]
        self.now += timedelta(hours=hours)
        trigger, kwargs = call
        before = snapshot(h)
        expected = h.why_not(trigger, at=self.now, by=by, **kwargs)
        try:
            event = hf.LOOP.fire(h, trigger, self.now, by, **kwargs)
        except hf.Rejected as refusal:
            assert refusal.reasons == expected and expected
            assert snapshot(h) == before, "a refused trigger changed the hazard"
        else:
            assert not expected
            observe(f"{trigger} → {h.stage.label}")
            assert h.events[-1] is event and len(h.events) == len(before[-1]) + 1  # type: ignore[arg-type]

    @invariant()
    def stage_matches_last_event(self) -> None:
        for h in self.hazards:
            assert h.stage is h.events[-1].to_stage

    @invariant()
    def closed_means_signed_by_another(self) -> None:
        for h in self.hazards:
            if h.stage is hf.Stage.CLOSED:
                assert h.acceptance is not None and h.rectifier is not None
                signer, rectifier = h.acceptance.by, h.rectifier
                assert (signer.name, signer.organisation) != (rectifier.name, rectifier.organisation)

    @invariant()
    def major_assigned_only_reported_and_planned(self) -> None:
        for h in self.hazards:
            if not h.is_major:
                continue
            reported = False
            for e in h.events:
                if e.trigger == "report" and e.payload["kind"] is hf.ReportKind.FOUND:
                    reported = True
                if e.trigger == "assign":
                    assert reported
                    assert five_measures(e.payload["plan"], h.found_at) is None
                assert e.trigger != "fix_on_spot"

    @invariant()
    def replay_rebuilds(self) -> None:
        for h in self.hazards:
            assert hf.replay(h.events) == h


HazardLoop.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestHazardLoop = HazardLoop.TestCase
