"""History is authoritative (principle 11, H1): the store writes only what the machine produced from
the stored state, reads back only states their events produce, and `replay` checks every step."""

from __future__ import annotations

import attrs
import pytest
from sqlalchemy import create_engine, text

import hazardflow as hf
from hazardflow.store.history import HistoryRefused, Laundered
from store.helpers import PRINCIPAL, STAFF, at, open_hazard


def test_stage_and_events_cannot_be_assigned() -> None:
    h = open_hazard()
    with pytest.raises(AttributeError, match="只能由状态机"):
        h.stage = hf.Stage.CLOSED
    with pytest.raises(AttributeError, match="只能由状态机"):
        h.events = ()
    assert not hasattr(h.events, "append")
    assert h.stage is hf.Stage.RECTIFYING and len(h.events) == 3


def test_a_forged_close_is_refused_and_nothing_written(ledger: hf.Ledger) -> None:
    h = open_hazard()
    ledger.add(h)
    forged = hf.Event("close", hf.Stage.RECTIFYING, hf.Stage.CLOSED, PRINCIPAL, at(5), {})
    with pytest.raises(HistoryRefused, match="不是状态机从台账状态得出的") as refused, ledger.unit(by=STAFF) as u:
        mine = u.get(h.id)
        object.__setattr__(mine, "events", (*mine.events, forged))
        object.__setattr__(mine, "stage", hf.Stage.CLOSED)
    assert refused.value.rules == ["H1"]
    assert ledger.get(h.id).stage is hf.Stage.RECTIFYING and len(ledger.history(h.id)) == 3


def test_a_skipped_step_a_wrong_source_and_time_going_back_are_refused(ledger: hf.Ledger) -> None:
    h = open_hazard()
    ledger.add(h)
    last = h.events[-1]
    cases = {
        "skip": hf.Event("close", hf.Stage.RECTIFYING, hf.Stage.CLOSED, PRINCIPAL, at(5), {}),
        "source": hf.Event("submit", hf.Stage.ASSIGNED, hf.Stage.VERIFYING, STAFF, at(5), {"evidence": "完成"}),
        "backdated": hf.Event("submit", hf.Stage.RECTIFYING, hf.Stage.VERIFYING, STAFF, last.at.replace(hour=1),
                              {"evidence": "完成"}),
    }
    for name, event in cases.items():
        with pytest.raises(HistoryRefused), ledger.unit(by=STAFF) as u:
            mine = u.get(h.id)
            object.__setattr__(mine, "events", (*mine.events, event))
            object.__setattr__(mine, "stage", event.to_stage)
        assert len(ledger.history(h.id)) == 3, name


def test_no_field_can_be_assigned_and_a_stage_moved_around_the_machine_is_refused(ledger: hf.Ledger) -> None:
    h = open_hazard()
    ledger.add(h)
    with ledger.unit(by=STAFF) as u:
        mine = u.get(h.id)
        with pytest.raises(AttributeError, match="只能由状态机"):
            mine.sham = 3
        with pytest.raises(AttributeError, match="只能由状态机"):
            mine.evidence = "已整改"
    with pytest.raises(HistoryRefused, match="阶段与其事件不符"), ledger.unit(by=STAFF) as u:
        mine = u.get(h.id)
        mine.submit(evidence="已加装", at=at(4), by=STAFF)
        object.__setattr__(mine, "stage", hf.Stage.CLOSED)
    assert ledger.get(h.id).stage is hf.Stage.RECTIFYING


def test_a_new_hazard_with_an_invented_history_is_refused(ledger: hf.Ledger) -> None:
    h = open_hazard()
    forged = attrs.evolve(h, stage=hf.Stage.CLOSED, events=(
        *h.events, hf.Event("close", hf.Stage.RECTIFYING, hf.Stage.CLOSED, PRINCIPAL, at(5), {})))
    with pytest.raises(HistoryRefused):
        ledger.add(forged)
    assert ledger.count() == 0


def test_get_refuses_a_laundered_row(ledger: hf.Ledger, url: str) -> None:
    h = open_hazard()
    ledger.add(h)
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("UPDATE hazards SET stage = 'VERIFYING', version = version + 1 WHERE id = :id"), {"id": h.id})
    engine.dispose()
    with pytest.raises(Laundered, match="状态与其事件不符"):
        ledger.get(h.id)
    with pytest.raises(Laundered), ledger.unit(by=PRINCIPAL) as u:
        u.get(h.id).close(at=at(5), by=PRINCIPAL)  # laundering: one legitimate trigger on the edited row


def test_replay_checks_each_step() -> None:
    h = open_hazard()
    jump = hf.Event("close", hf.Stage.FOUND, hf.Stage.CLOSED, PRINCIPAL, at(5), {})
    with pytest.raises(hf.InvalidInput, match=r"events\[4\]"):
        hf.replay([*h.events, jump])
    back = hf.Event("submit", hf.Stage.RECTIFYING, hf.Stage.VERIFYING, STAFF, at(1), {"evidence": "x"})
    with pytest.raises(hf.InvalidInput, match="时间不得倒退"):
        hf.replay([*h.events, back])


def test_an_event_row_edited_under_a_verified_state_is_replayed_and_refused(ledger: hf.Ledger, url: str) -> None:
    """The state this process established for a history (`history.Verified`) stands for those event
    texts only: a payload rewritten in place (count and head untouched) makes a cold read replay it."""
    h = open_hazard()
    h.submit(evidence="已加装报警仪", at=at(4), by=STAFF)
    with hf.Ledger(url, cache=0) as cold:
        cold.add(h)
        assert cold.get(h.id).evidence == "已加装报警仪"
        engine = create_engine(url)
        with engine.begin() as c:
            c.execute(text("UPDATE events SET payload = :p WHERE hazard_id = :id AND seq = 4"),
                      {"p": '{"evidence":"未整改"}', "id": h.id})
        engine.dispose()
        with pytest.raises(Laundered, match="状态与其事件不符"):
            cold.get(h.id)
        with pytest.raises(Laundered):
            cold.get_many([h.id])


def test_a_field_changed_around_the_machine_is_refused_on_commit(ledger: hf.Ledger) -> None:
    """`history.admit` re-runs the new events' effects on the state read: a field set by hand next to
    a legitimate trigger is refused, not written (and so never taken as an established state)."""
    h = open_hazard()
    ledger.add(h)
    with pytest.raises(HistoryRefused, match="阶段或字段未经状态机改变"), ledger.unit(by=STAFF) as u:
        mine = u.get(h.id)
        mine.submit(evidence="已加装", at=at(4), by=STAFF)
        object.__setattr__(mine, "evidence", "另一份材料")
    assert ledger.get(h.id).evidence is None
