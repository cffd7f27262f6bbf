"""The API's OpenAPI 3.1 document, its components the published JSON Schema (docs/json.md)."""

from __future__ import annotations

import json
from typing import Any

import hazardflow as hf


def _body(name: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _answer(description: str, name: str | None = None, *, array: bool = False) -> dict[str, Any]:
    if name is None:
        return {"description": description}
    schema: dict[str, Any] = {"$ref": f"#/components/schemas/{name}"}
    if array:
        schema = {"type": "array", "items": schema}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "401": _answer("no valid bearer token"), "403": _answer("outside the token's enterprise or jurisdictions"),
    "404": _answer("no such hazard"), "422": _answer("invalid input", "InvalidInput"),
}
_CAMPAIGN = {"name": "notice", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "a notice profile id (hazardflow notices)"}
_UNIT = {"name": "unit", "in": "path", "required": True, "schema": {"type": "string"}}
_WRITE_ERRORS = {"409": _answer("refused by the rules, or already on the ledger", "Rejected"), **_ERRORS}


def _post(summary: str, required: list[str], params: list[dict[str, Any]], done: str) -> dict[str, Any]:
    return {"post": {"summary": summary, "parameters": params, "requestBody": {"content": {"application/json": {
        "schema": {"type": "object", "required": required}}}}, "responses": {done: _answer("the record"),
                                                                             **_WRITE_ERRORS}}}


def _get(summary: str, params: list[dict[str, Any]], answer: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params, "responses": {"200": _answer(answer), **_ERRORS}}}


def _query(name: str, *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}


_MORE: dict[str, Any] = {
    "/campaigns/{notice}": _get("专项行动：参加单位及到期事项 (status at ``at``)",
                                [_CAMPAIGN, _query("at", required=True)],
                                "units (unit, kind, step, phase) and obligations"),
    "/campaigns/{notice}/units": _post("参加专项行动 (join)", ["unit", "kind", "at"], [_CAMPAIGN], "201"),
    "/campaigns/{notice}/units/{unit}/filings": _post("报送 (file a deliverable: plan, dispatch, check …)",
                                                     ["what", "at"], [_CAMPAIGN, _UNIT], "201"),
    "/campaigns/{notice}/units/{unit}/advance": _post("进入下一阶段 (advance, C1–C5)", ["at"], [_CAMPAIGN, _UNIT],
                                                     "200"),
    "/records/{kind}": _get("执法记录 ids (case, suspension, tip, decision, typical, trace)", [
        {"name": "kind", "in": "path", "required": True, "schema": {"enum": ["case", "suspension", "tip",
                                                                             "decision", "typical", "trace"]}}],
        "the ids of the records the token sees"),
    "/records/{kind}/{id}": _get("执法记录 (with its events)", [
        {"name": "kind", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}], "the record"),
    "/directory/organisations/{name}": _get("名录：单位及其人员", [
        {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}], "the organisation"),
    "/directory/competent": _get("名录：负有监管职责的部门和属地政府", [_query("sector", required=True),
                                                              _query("jurisdiction", required=True)],
                                 "departments and governments, nearest first"),
}
"""The routes of `serve.records`."""

_FILTERS = ("enterprise", "jurisdiction", "sector", "level", "stage", "source", "listed", "overdue_at", "found_from",
            "found_before", "order", "limit", "offset", "cursor")


def document() -> dict[str, Any]:
    """The OpenAPI document served at ``/openapi.json``."""
    components = json.loads(json.dumps(hf.schema.published()["$defs"]).replace("#/$defs/", "#/components/schemas/"))
    hazard_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    trigger = {"name": "trigger", "in": "path", "required": True, "schema": {"enum": sorted(hf.TRIGGER_LABELS)[1:]}}
    etag = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
            "description": "the ETag read (the number of events); 412 when the hazard moved on"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "hazardflow", "version": "1", "description": "隐患闭环台账 HTTP API (docs/json.md)"},
        "components": {"schemas": components,
                       "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "security": [{"token": []}],
        "paths": {
            "/hazards": {
                "get": {"summary": "隐患列表 (filters, order, limit/offset or cursor: a page's next)", "responses": {
                    "200": _answer("a page of hazards (no events) and the total"), **_ERRORS},
                    "parameters": [{"name": f, "in": "query", "schema": {"type": "string"}} for f in _FILTERS]},
                "post": {"summary": "发现登记 (found by the token's person)", "requestBody": {"content": {
                    "application/json": {"schema": {"type": "object", "required": [
                        "description", "level", "source", "enterprise", "sector", "jurisdiction", "at"]}}}},
                    "responses": {"201": _answer("the hazard", "Hazard"), **_ERRORS}},
            },
            "/hazards/{id}": {"get": {"summary": "隐患", "parameters": [hazard_id],
                                      "responses": {"200": _answer("the hazard, ETag", "Hazard"), **_ERRORS}}},
            "/hazards/{id}/history": {"get": {"summary": "事件", "parameters": [hazard_id], "responses": {
                "200": _answer("its events", "Event", array=True), **_ERRORS}}},
            "/hazards/{id}/allowed": {"get": {"summary": "可办事项", "parameters": [
                hazard_id, {"name": "at", "in": "query", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _answer("what the token's person may do at ``at``", "Allowed", array=True),
                              **_ERRORS}}},
            "/hazards/{id}/{trigger}": {"post": {
                "summary": "办理 (report, assign, rectify, submit, close, …): body {at, arguments}",
                "parameters": [hazard_id, trigger, etag], "requestBody": {"content": {"application/json": {
                    "schema": {"type": "object", "required": ["at"]}}}},
                "responses": {"200": _answer("the hazard after the event, ETag", "Hazard"),
                              "409": _answer("refused by the rules, or a lost race", "Rejected"),
                              "412": _answer("If-Match is stale"), **_ERRORS}}},
            "/reports/{kind}": {"get": {"summary": "调度表 (dispatch) / 清单 (register)", "parameters": [
                {"name": "kind", "in": "path", "required": True, "schema": {"enum": ["dispatch", "register"]}},
                {"name": "as_of", "in": "query", "required": True, "schema": {"type": "string", "format": "date"}},
                {"name": "jurisdiction", "in": "query", "schema": {"type": "string"}},
                {"name": "notice", "in": "query", "schema": {"type": "string"}},
                {"name": "format", "in": "query", "schema": {"enum": ["json", "csv", "xlsx", "pdf"]}}],
                "responses": {"200": _answer("the table", "Table"), **_ERRORS}}},
            **_MORE,
        },
    }
