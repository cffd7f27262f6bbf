"""The one JSON shape: real outputs validate against the published schema, which is the generated one,
and every record comes back from its JSON unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import hazardflow as hf
from hazardflow import schema
from tests.conftest import at

PUBLISHED = schema.published()
CHECKER = jsonschema.FormatChecker()


def valid(name: str, document: Any) -> None:
    """``document`` (after a JSON round trip) validates against ``$defs/name`` of the published schema."""
    jsonschema.validate(json.loads(json.dumps(document)), {**PUBLISHED, "$ref": f"#/$defs/{name}"},
                        format_checker=CHECKER)


def test_published_schema_is_the_generated_one() -> None:
    assert schema.schema() == PUBLISHED
    path = Path(schema.__file__).with_name("hazardflow.schema.json")
    assert path.read_text(encoding="utf-8") == schema.text()
    jsonschema.Draft202012Validator.check_schema(PUBLISHED)


@pytest.fixture
def closed(make: Callable[..., hf.Hazard], plan: hf.Plan, staff: hf.Actor, principal: hf.Actor,
           inspector: hf.Actor) -> hf.Hazard:
    h = make()
    h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(6, 1, 10), by=principal)
    h.list_for_supervision(title="挂牌督办通知", number="沈应急〔2023〕1号", at=at(6, 1, 11), by=inspector)
    h.assign(plan=plan, at=at(6, 2), by=principal)
    h.extend(deadline=date(2023, 7, 15), reason="设备到货延迟", at=at(6, 3), by=inspector)
    h.rectify(at=at(6, 4), by=staff)
    h.submit(evidence="已加装报警仪", at=at(6, 10), by=staff)
    h.report(kind=hf.ReportKind.FIXED, to="沈阳市应急管理局", at=at(6, 11), by=principal)
    h.close(at=at(6, 12), by=inspector)
    return h


def test_hazard_round_trip_and_schema(closed: hf.Hazard, make: Callable[..., hf.Hazard]) -> None:
    document = json.loads(json.dumps(closed.to_json(), ensure_ascii=False))
    valid("Hazard", document)
    valid("Hazard", make().to_json())
    valid("Hazard", closed.to_json(events=False))
    again = hf.Hazard.from_json(document)
    assert again == closed and again.to_json() == document
    assert again.found_at.tzinfo == hf.SHANGHAI  # +08:00 comes back as Beijing time


def test_documented_values(closed: hf.Hazard) -> None:
    document = closed.to_json()
    assert document["stage"] == "CLOSED" and document["stage_label"] == "销号"
    assert document["plan"]["funds"] == "50000" and document["deadline"] == "2023-07-15"
    assert document["acceptance"]["at"] == "2023-06-12T09:00:00+08:00"
    assert document["listing"]["delisted_at"] == "2023-06-12T09:00:00+08:00" and document["listed"] is False
    assert [e["seq"] for e in document["events"]] == list(range(1, 10))
    assert document["events"][4]["payload"] == {"deadline": "2023-07-15", "reason": "设备到货延迟"}


def test_event_round_trip(closed: hf.Hazard) -> None:
    for e in closed.events:
        valid("Event", e.to_json())
        assert hf.Event.from_json(e.to_json()) == e


def test_a_document_its_events_do_not_produce_is_refused(closed: hf.Hazard) -> None:
    document = closed.to_json()
    document["stage"] = "RECTIFYING"
    with pytest.raises(hf.InvalidInput, match="hazard"):
        hf.Hazard.from_json(document)
    with pytest.raises(hf.InvalidInput, match=r"event\.at"):
        hf.Event.from_json({**closed.events[1].to_json(), "at": "2023-06-01 10:00"})


def test_refusals_and_input_errors(make: Callable[..., hf.Hazard], inspector: hf.Actor) -> None:
    with pytest.raises(hf.Rejected) as refused:
        make().close(at=at(6, 2), by=inspector)
    valid("Rejected", refused.value.to_json())
    assert refused.value.to_json()["rules"] == ["H1", "H4"]
    with pytest.raises(hf.InvalidInput) as bad:
        hf.Plan(funds=0.5)  # type: ignore[arg-type]
    valid("InvalidInput", bad.value.to_json())
    for allowed in make().allowed(at=at(6, 2), by=inspector):
        valid("Allowed", allowed.to_json())


def test_penalty_decision(make: Callable[..., hf.Hazard], inspector: hf.Actor) -> None:
    decision = hf.decide_penalty(make(source=hf.Source.DEPARTMENT, by=inspector), at=at(6, 5))
    document = decision.to_json()
    assert schema.penalty_json(decision) == document == schema.record_json(decision)  # one shape
    assert schema.record_json({"decision": decision})["decision"] == document  # also as a dossier's fact
    valid("PenaltyDecision", document)
    assert document["rules"] == decision.rules and document["strict"] is decision.strict
    assert [m["kind"] for m in document["measures"]] == [m.kind.name for m in decision.measures]
    assert [m["label"] for m in document["measures"]] == [m.label for m in decision.measures]


def test_report_tables(tmp_path: Path, closed: hf.Hazard) -> None:
    with hf.Ledger(f"sqlite:///{tmp_path / 'r.db'}") as ledger:
        ledger.add(closed)
        for table in (hf.reports.dispatch_table(ledger, hf.notices.load("shenyang-2023"), date(2023, 6, 30)),
                      hf.reports.register(ledger, date(2023, 6, 30))):
            document = schema.table_json(table)
            valid("Table", document)
            sheet = table.sheet()
            assert document["rows"] and document["headers"] == list(sheet.header)
            assert document["heading"] == sheet.heading and document["notes"] == list(sheet.notes)


def test_a_plan_from_a_form_leaves_out_what_is_missing() -> None:
    plan = hf.Plan.from_json({"responsible": "李四", "funds": 50000, "deadline": "2023-06-30"})
    assert plan == hf.Plan(responsible="李四", funds="50000", deadline=date(2023, 6, 30))  # type: ignore[arg-type]
    with pytest.raises(hf.InvalidInput, match=r"plan\.deadline"):
        hf.Plan.from_json({"deadline": "6月30日"})
    with pytest.raises(hf.InvalidInput, match="plan"):
        hf.Plan.from_json(["李四"])  # type: ignore[arg-type]
