"""The HTTP API over a Ledger (Starlette): routing only, from the public API and its JSON functions.

Who acts is the bearer token's person (`hf.Tokens`), never the request body. What a token sees:
an enterprise's people (企业, 企业主要负责人) their enterprise's hazards; a department, government
or expert the hazards of the jurisdictions (属地) the token was made for. Another's hazard is 403.

Errors: no or unknown token 401; outside the token's scope 403; unknown hazard 404; a rule's
refusal 409 (`Rejected.to_json`); an optimistic-lock race 409 (``{"error": "conflict"}``); a stale
``If-Match`` 412; bad input 422 (`InvalidInput.to_json`); a storage fault 503. A hazard's ``ETag``
is its number of events, which every write moves (H1: one event per trigger).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

import hazardflow as hf
from hazardflow.serve.dashboard import dashboard
from hazardflow.serve.openapi import document

_ENTERPRISE_SIDE = (hf.Role.ENTERPRISE, hf.Role.PRINCIPAL)
_TRIGGERS = {
    "report", "assign", "rectify", "submit", "close", "reject", "fix_on_spot", "reopen", "list_for_supervision",
    "delist", "extend", "assess",
}
Handler = Callable[[Request, hf.Token], Response]
_FILES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


class _Refused(Exception):
    """An HTTP refusal that is not the library's (401, 403, 404, 412)."""

    def __init__(self, status: int, error: str, message: str) -> None:
        self.status = status
        self.body = {"error": error, "message": message}


class _Json(JSONResponse):
    """JSON with 中文 as is."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _respond(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return _Json(data, status, headers)


def _etag(h: hf.Hazard) -> str:
    return f'"{len(h.events)}"'


def _time(value: Any, field: str = "at") -> datetime:
    return hf.schema.time_from_json(value, field)


def _day(value: Any, field: str) -> date:
    return hf.schema.date_from_json(value, field)


def _sees(token: hf.Token, h: hf.Hazard) -> bool:
    if token.actor.role in _ENTERPRISE_SIDE:
        return h.enterprise == token.actor.unit
    return h.unit in token.jurisdictions


def _scope(token: hf.Token) -> dict[str, frozenset[str]]:
    if token.actor.role in _ENTERPRISE_SIDE:
        return {"enterprises": frozenset({token.actor.unit})}
    return {"jurisdictions": token.jurisdictions}


def _forbidden(h_id: str) -> _Refused:
    return _Refused(403, "forbidden", f"无权访问隐患 {h_id}：不属于本令牌的企业或属地 (outside this token's scope)")


class Api:
    """The routes over one Ledger."""

    def __init__(self, ledger: hf.Ledger) -> None:
        self.ledger = ledger
        self.tokens = hf.Tokens(ledger)

    def _visible(self, token: hf.Token, hazard_id: str) -> hf.Hazard:
        h = self.ledger.get(hazard_id)
        if not _sees(token, h):
            raise _forbidden(hazard_id)
        return h

    # -- hazards ------------------------------------------------------------------------------------

    def create(self, request: Request, token: hf.Token, body: dict[str, Any]) -> Response:
        fields: dict[str, Any] = {k: body.get(k) for k in ("description", "enterprise", "sector", "jurisdiction", "id")}
        h = hf.Hazard.found(
            description=fields["description"], level=hf.Level.from_label(str(body.get("level"))),
            source=hf.Source.from_label(str(body.get("source"))), enterprise=fields["enterprise"],
            sector=fields["sector"], unit=fields["jurisdiction"], key=bool(body.get("key", False)),
            at=_time(body.get("at")), by=token.actor, id=fields["id"])
        if not _sees(token, h):
            raise _forbidden(h.id)
        self.ledger.add(h, by=token.actor)
        return _respond(h.to_json(), 201, {"ETag": _etag(h), "Location": f"/hazards/{h.id}"})

    def trigger(self, request: Request, token: hf.Token, body: dict[str, Any]) -> Response:
        hazard_id, name = request.path_params["id"], request.path_params["trigger"]
        if name not in _TRIGGERS:
            raise _Refused(404, "not_found", f"没有操作 {name} (no such trigger)")
        arguments = {k: v for k, v in body.items() if k != "at"}
        if "by" in arguments:
            raise hf.InvalidInput("by", "no 'by': the actor is the token's person", arguments["by"],
                                  zh="不可在请求中指定办理人（办理人即令牌所属人员）")
        if "plan" in arguments:
            arguments["plan"] = hf.Plan.from_json(arguments["plan"])
        if "kind" in arguments:
            arguments["kind"] = hf.ReportKind.from_label(str(arguments["kind"]))
        if "deadline" in arguments:
            arguments["deadline"] = _day(arguments["deadline"], "deadline")
        at = _time(body.get("at"))
        expected = request.headers.get("if-match")

        def work(u: hf.Unit) -> hf.Hazard:
            h = u.get(hazard_id)
            if not _sees(token, h):
                raise _forbidden(hazard_id)
            if expected is not None and expected != _etag(h):
                raise _Refused(412, "stale", f"隐患 {hazard_id} 已被修改（当前版本 {_etag(h)}，请求基于 {expected}），"
                                             "请重新读取 (precondition failed)")
            getattr(h, name)(at=at, by=token.actor, **arguments)
            return h

        if expected is None:
            h = self.ledger.retrying(work, by=token.actor, attempts=5)
        else:
            try:
                with self.ledger.unit(by=token.actor) as u:
                    h = work(u)
            except hf.Conflict as race:
                raise _Refused(412, "stale", str(race)) from race
        return _respond(h.to_json(), 200, {"ETag": _etag(h)})

    def get(self, request: Request, token: hf.Token) -> Response:
        h = self._visible(token, request.path_params["id"])
        return _respond(h.to_json(), 200, {"ETag": _etag(h)})

    def history(self, request: Request, token: hf.Token) -> Response:
        h = self._visible(token, request.path_params["id"])
        return _respond([e.to_json() | {"seq": n} for n, e in enumerate(h.events, 1)], 200, {"ETag": _etag(h)})

    def allowed(self, request: Request, token: hf.Token) -> Response:
        h = self._visible(token, request.path_params["id"])
        at = _time(request.query_params.get("at"))
        return _respond([a.to_json() for a in h.allowed(at=at, by=token.actor)], 200, {"ETag": _etag(h)})

    def list(self, request: Request, token: hf.Token) -> Response:
        params = dict(request.query_params)
        paging = {k: int(params.pop(k)) if params[k].lstrip("-").isdigit() else params.pop(k)
                  for k in ("limit", "offset") if k in params}
        order = params.pop("order", "found_at")
        if "listed" in params:
            params["listed"] = {"true": True, "false": False}.get(params["listed"], params["listed"])  # type: ignore[assignment]
        for scoped in ("enterprises", "jurisdictions"):
            if scoped in params:
                raise hf.InvalidInput(scoped, "no such filter over HTTP (the token sets the scope)", params[scoped])
        page = self.ledger.query(order=order, **paging, **params, **_scope(token))  # type: ignore[arg-type]
        return _respond({"total": page.total, "limit": page.limit, "offset": page.offset, "more": page.more,
                         "hazards": [h.to_json(events=False) for h in page.hazards]})

    # -- reports ------------------------------------------------------------------------------------

    def report(self, request: Request, token: hf.Token) -> Response:
        if token.actor.role in _ENTERPRISE_SIDE:
            raise _Refused(403, "forbidden", "调度表、清单由监管部门、党委政府查看 (reports are for authorities)")
        params = request.query_params
        place = params.get("jurisdiction")
        if place is None and len(token.jurisdictions) == 1:
            place = next(iter(token.jurisdictions))
        if place not in token.jurisdictions:
            raise _Refused(403, "forbidden", f"无权查看属地 {place} 的报表 (outside this token's jurisdictions)")
        as_of = _day(params.get("as_of"), "as_of")
        kind = request.path_params["kind"]
        if kind not in ("dispatch", "register"):
            raise _Refused(404, "not_found", f"没有报表 {kind}（dispatch 调度表 / register 清单）")
        if kind == "dispatch":
            notice = hf.notices.load(params.get("notice", "shenyang-2023"))
            table: Any = hf.reports.dispatch_table(self.ledger, notice, as_of, unit=place)
        else:
            table = hf.reports.register(self.ledger, as_of, unit=place)
        fmt = params.get("format", "json")
        if fmt == "json":
            return _respond(hf.schema.table_json(table))
        if fmt == "csv":
            return Response(table.to_csv(), media_type="text/csv; charset=utf-8")
        if fmt in _FILES:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"table.{fmt}"
                getattr(table, f"to_{fmt}")(path)
                return Response(path.read_bytes(), media_type=_FILES[fmt])
        raise hf.InvalidInput("format", "json, csv, xlsx or pdf", fmt, zh="json、csv、xlsx 或 pdf")


def _authenticated(api: Api, request: Request) -> hf.Token:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    token = api.tokens.authenticate(credentials.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise _Refused(401, "unauthenticated", "缺少或无效的令牌：请用 Authorization: Bearer <token> (no valid token)")
    return token


def _errors(call: Callable[[], Response]) -> Response:
    """``call()``, the library's exceptions turned into their status and JSON."""
    try:
        return call()
    except _Refused as refused:
        return _respond(refused.body, refused.status)
    except hf.Rejected as refusal:
        return _respond(refusal.to_json(), 409)
    except hf.Conflict as race:
        return _respond({"error": "conflict", "message": str(race), "hazards": list(race.hazard_ids)}, 409)
    except hf.NotFound as missing:
        return _respond({"error": "not_found", "message": str(missing)}, 404)
    except hf.InvalidInput as bad:
        return _respond(bad.to_json(), 422)
    except hf.StorageError as fault:
        return _respond({"error": "storage", "message": str(fault), "written": fault.written}, 503)
    except ValueError as bad:  # an unknown label, an unreadable number
        return _respond({"error": "invalid_input", "message": str(bad)}, 422)


def _route(api: Api, handler: Callable[..., Response], *,
           body: bool = False) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        data: Any = None
        if body:
            try:
                data = await request.json()
            except ValueError:
                data = None
            if not isinstance(data, dict):
                return _respond(hf.InvalidInput("body", "a JSON object", data, zh="JSON 对象").to_json(), 422)

        def call() -> Response:
            token = _authenticated(api, request)
            return handler(request, token, data) if body else handler(request, token)

        return await run_in_threadpool(_errors, call)

    return endpoint


_DOCS = """<!doctype html><meta charset="utf-8"><title>hazardflow API</title>
<h1>hazardflow API</h1><p>OpenAPI: <a href="/openapi.json">/openapi.json</a>；JSON 格式见 docs/json.md。</p>"""


def create_app(ledger: hf.Ledger | None = None) -> Starlette:
    """The ASGI app over ``ledger`` (default: the ledger at ``$HAZARDFLOW_DB``, SQLite durability
    ``$HAZARDFLOW_SYNCHRONOUS``), for uvicorn."""
    if ledger is None:
        ledger = hf.Ledger(os.environ.get("HAZARDFLOW_DB", "hazardflow.db"),
                           synchronous=os.environ.get("HAZARDFLOW_SYNCHRONOUS", "FULL"))
    api = Api(ledger)
    spec = _Json(document()).body

    async def openapi(request: Request) -> Response:
        return Response(spec, media_type="application/json")

    async def docs(request: Request) -> Response:
        return HTMLResponse(_DOCS)

    return Starlette(routes=[
        Route("/openapi.json", openapi), Route("/docs", docs),
        Route("/hazards", _route(api, api.list), methods=["GET"]),
        Route("/hazards", _route(api, api.create, body=True), methods=["POST"]),
        Route("/hazards/{id}", _route(api, api.get), methods=["GET"]),
        Route("/hazards/{id}/history", _route(api, api.history), methods=["GET"]),
        Route("/hazards/{id}/allowed", _route(api, api.allowed), methods=["GET"]),
        Route("/hazards/{id}/{trigger}", _route(api, api.trigger, body=True), methods=["POST"]),
        Route("/reports/{kind:str}", _route(api, api.report), methods=["GET"]),
        Mount("/dashboard", dashboard(api, _errors, _sees)),
    ], lifespan=lambda app: _closing(api.ledger))


@contextlib.asynccontextmanager
async def _closing(ledger: hf.Ledger) -> AsyncIterator[None]:
    """The app's lifespan: the ledger's connections close when the server stops."""
    try:
        yield
    finally:
        ledger.close()
