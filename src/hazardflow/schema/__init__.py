"""The JSON Schema of hazardflow's JSON shape (docs/json.md), generated from the vocabulary.

`schema()` builds it (the enums' members come from `vocab` and the enforcement enums, so a new
member changes the schema); ``hazardflow.schema.json`` beside this module is its checked-in copy,
which ``tests/schema`` regenerates, compares and validates real outputs against. Regenerate it with
``python -m hazardflow.schema > src/hazardflow/schema/hazardflow.schema.json``.

Besides the records' shapes, the functions for values that have no ``to_json`` of their own live
here: `penalty_json` (a `PenaltyDecision`), `table_json` (a report table: 调度表, 清单), `record_json`
(a stored record of the register of record, a directory entry), `campaign_json` (a campaign's
status), and the
readers of the shape's dates and times (`date_from_json`, `time_from_json`) for callers such as
`hazardflow serve` that take them from a request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum
from importlib.resources import files
from typing import Any

from hazardflow.enforcement.penalties import MeasureKind, PenaltyDecision, Target
from hazardflow.hazard.jsonform import date_from_json, plain, time_from_json
from hazardflow.reports.render import Printable
from hazardflow.vocab import TRIGGER_LABELS, Level, ReportKind, Role, Source, Stage

__all__ = ["ID", "campaign_json", "date_from_json", "penalty_json", "published", "record_json", "schema", "table_json",
           "text", "time_from_json"]

ID = "https://hazardflow.invalid/schema/hazardflow.schema.json"
"""The schema's ``$id`` (a name, not a place to fetch it from)."""


def penalty_json(decision: PenaltyDecision) -> dict[str, Any]:
    """A penalty decision as JSON: `PenaltyDecision.to_json`, the one shape (hazard, enterprise, at,
    grounds, measures, rules, penalised, strict)."""
    return decision.to_json()


def record_json(record: Any) -> Any:
    """A record as JSON in the documented shape: its fields (a stored case, suspension, participation,
    a dossier's ``kind``/``id``/``facts``/``events``; an organisation or person of the directory)."""
    return plain(record)


def campaign_json(campaign: Iterable[Any], due: Iterable[Any]) -> dict[str, Any]:
    """A campaign's status: every unit (a `Campaign` iterates its participations) with its kind, step
    and phase, and the obligations ``due`` (`Campaign.tick`)."""
    return {"units": [{"unit": p.unit, "kind": plain(p.kind), "step": plain(p.step), "phase": p.phase_name}
                      for p in campaign], "obligations": plain(list(due))}


def table_json(table: Printable) -> dict[str, Any]:
    """A report table (调度表, 清单) as JSON, as the attachment prints it (`reports.render.Sheet`): heading
    (附件1), title (its printed lines joined), the line under it, header row (the 调度表 has none), the
    rows of cells (the 调度表 two items a line), the notes."""
    sheet = table.sheet()
    return {"heading": sheet.heading, "title": "".join(sheet.title),
            "subtitle": " ".join(part for part in sheet.caption if part), "headers": list(sheet.header),
            "rows": [[plain(c) for c in row] for row in sheet.rows], "notes": list(sheet.notes)}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], *, open_: bool = False) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": open_}


def _labelled(kind: type[Enum], properties: dict[str, Any], key: str, *, nullable: bool = False) -> None:
    """``key`` (the member name) and ``key_label`` (its 中文) as properties."""
    name, label = {"enum": [m.name for m in kind]}, {"enum": [m.value for m in kind]}
    properties[key] = _nullable(name) if nullable else name
    properties[f"{key}_label"] = _nullable(label) if nullable else label


def _text(nullable: bool = False) -> dict[str, Any]:
    return _nullable({"type": "string"}) if nullable else {"type": "string"}


_TIME = {"type": "string", "format": "date-time"}
_DATE = {"type": "string", "format": "date"}
_AMOUNT = {"type": "string", "pattern": r"^\d+(\.\d+)?$"}


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every documented shape, one ``$defs`` entry each."""
    actor: dict[str, Any] = {"name": _text()}
    _labelled(Role, actor, "role")
    actor["organisation"] = _text()
    event: dict[str, Any] = {"seq": {"type": "integer", "minimum": 1}, "trigger": {"enum": [*TRIGGER_LABELS]}}
    _labelled(Stage, event, "from_stage", nullable=True)
    _labelled(Stage, event, "to_stage")
    event.update(actor=_ref("Actor"), at=_TIME, payload={"type": "object"},
                 trigger_label={"enum": [*TRIGGER_LABELS.values()]})
    event_schema = _object(event)
    for optional in ("seq", "from_stage_label"):  # seq: only within a hazard; no label for the first event
        event_schema["required"].remove(optional)
    report: dict[str, Any] = {}
    _labelled(ReportKind, report, "kind")
    report.update(to=_text(), by=_ref("Actor"), at=_TIME)
    hazard: dict[str, Any] = {"id": _text(), "description": _text()}
    _labelled(Level, hazard, "level")
    _labelled(Source, hazard, "source")
    hazard.update(enterprise=_text(), sector=_text(), jurisdiction=_text(), key={"type": "boolean"}, found_at=_TIME,
                  found_by=_ref("Actor"), standard_items={"type": "array", "items": _text()},
                  notice=_text(nullable=True))
    _labelled(Stage, hazard, "stage")
    hazard.update(
        plan=_nullable(_ref("Plan")), deadline=_nullable(_DATE), listing=_nullable(_ref("Listing")),
        reports={"type": "array", "items": _ref("Report")}, rectifier=_nullable(_ref("Actor")),
        evidence=_text(nullable=True), acceptance=_nullable(_ref("Signature")),
        assessment=_nullable(_ref("Signature")), sham={"type": "integer", "minimum": 0},
        listed={"type": "boolean"}, events={"type": "array", "items": _ref("Event"), "minItems": 1},
    )
    hazard_schema = _object(hazard)
    hazard_schema["required"].remove("events")  # lists leave them out
    reason = _object({"rule": _text(), "message": _text(), "sources": {"type": "array", "items": _text()}})
    measure: dict[str, Any] = {}
    _labelled(MeasureKind, measure, "kind")
    _labelled(Target, measure, "target")
    measure.update(bases={"type": "array", "items": _ref("Reason")}, minimum=_nullable(_AMOUNT),
                   maximum=_nullable(_AMOUNT), amount=_nullable(_AMOUNT), mandatory={"type": "boolean"},
                   note={"type": "string"}, deadline=_nullable(_DATE), strict_minimum=_nullable(_AMOUNT),
                   spans={"type": "array", "items": {"type": "array", "items": _DATE, "minItems": 2, "maxItems": 2}},
                   earlier={"type": "array", "items": _text()}, figures={"type": "array", "items": _text()},
                   label=_text(), rules={"type": "array", "items": _text()}, days={"type": "integer", "minimum": 0})
    cell = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ID,
        "title": "hazardflow JSON (docs/json.md)",
        "$defs": {
            "Actor": _object(actor),
            "Plan": _object({"responsible": _text(True), "measures": _text(True), "funds": _nullable(_AMOUNT),
                             "deadline": _nullable(_DATE), "contingency": _text(True)}),
            "Signature": _object({"by": _ref("Actor"), "at": _TIME}),
            "Report": _object(report),
            "Listing": _object({"authority": _ref("Actor"), "title": _text(), "number": _text(), "at": _TIME,
                                "delisted_at": _nullable(_TIME)}),
            "Event": event_schema,
            "Hazard": hazard_schema,
            "Reason": reason,
            "Rejected": _object({"error": {"const": "rejected"}, "message": _text(),
                                 "rules": {"type": "array", "items": _text()},
                                 "reasons": {"type": "array", "items": _ref("Reason"), "minItems": 1}}),
            "InvalidInput": _object({"error": {"const": "invalid_input"}, "message": _text(), "field": _text(),
                                     "expected": _text(), "got": _text()}),
            "Allowed": _object({"trigger": _text(), "trigger_label": _text(),
                                "missing": {"type": "array", "items": _text()}}),
            "Measure": _object(measure),
            "PenaltyDecision": _object({"hazard": _text(), "enterprise": _text(), "at": _TIME,
                                        "grounds": {"type": "array", "items": _ref("Reason")},
                                        "measures": {"type": "array", "items": _ref("Measure")},
                                        "rules": {"type": "array", "items": _text()},
                                        "penalised": {"type": "boolean"}, "strict": {"type": "boolean"}}),
            "Table": _object({"heading": _text(), "title": _text(), "subtitle": _text(),
                              "headers": {"type": "array", "items": _text()},
                              "rows": {"type": "array", "items": {"type": "array", "items": cell}},
                              "notes": {"type": "array", "items": _text()}}),
        },
    }


def text() -> str:
    """`schema()` as the checked-in file's text (indented, 中文 as is, final newline)."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def published() -> dict[str, Any]:
    """The checked-in schema file, as shipped in the package."""
    loaded: dict[str, Any] = json.loads(files(__name__).joinpath("hazardflow.schema.json").read_text("utf-8"))
    return loaded

