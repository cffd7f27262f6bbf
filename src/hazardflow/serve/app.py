"""The HTTP API over a Ledger (Starlette): routing only, from the public API and its JSON functions.

Who acts is the bearer token's person (`hf.Tokens`: a person of the stored directory), never the
request body; the directory is in use for every request (the authority rules ask it), as read when
the app starts. What a token sees is `serve.scope`'s: an enterprise its own hazards, a department
those of its jurisdiction and sectors, a government its jurisdiction's. Another's hazard is 403.
Campaigns, enforcement records and directory look-ups are routed in `serve.records`.

Errors: no or unknown token 401; outside the token's scope 403; unknown hazard 404; a rule's
refusal 409 (`Rejected.to_json`); an optimistic-lock race 409 (``{"error": "conflict"}``); a stale
``If-Match`` 412; bad input 422 (`InvalidInput.to_json`); a storage fault 503. A hazard's ``ETag``
is its number of events, which every write moves (H1: one event per trigger).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route

import hazardflow as hf
from hazardflow.serve.dashboard import dashboard
from hazardflow.serve.http import Refused, day, forbidden, json_bytes, moment, not_found, respond
from hazardflow.serve.openapi import document
from hazardflow.serve.records import Records
from hazardflow.serve.scope import Scope, scope

_ENTERPRISE_SIDE = (hf.Role.ENTERPRISE, hf.Role.PRINCIPAL)
_TRIGGERS = {
    "report", "assign", "rectify", "submit", "close", "reject", "fix_on_spot", "reopen", "list_for_supervision",
    "delist", "extend", "assess",
}
Handler = Callable[[Request, hf.Token], Response]
_FILES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


def _etag(h: hf.Hazard) -> str:
    return f'"{len(h.events)}"'


class Api:
    """The routes over one Ledger."""

    def __init__(self, ledger: hf.Ledger) -> None:
        self.ledger = ledger
        self.tokens = hf.Tokens(ledger)
        self.directory = ledger.directory()
        self._scopes: dict[str, Scope] = {}

    def scope(self, token: hf.Token) -> Scope:
        """What ``token`` sees (`serve.scope`), worked out once per token."""
        found = self._scopes.get(token.id)
        if found is None:
            found = self._scopes[token.id] = scope(self.directory, token.actor)
        return found

    def in_use(self) -> AbstractContextManager[object]:
        """The directory in use for a request (none stored: the rules without it)."""
        return nullcontext() if self.directory is None else self.directory.in_use()

    def _sees(self, token: hf.Token, h: hf.Hazard) -> bool:
        return self.scope(token).sees(h.enterprise, h.sector)

    def _visible(self, token: hf.Token, hazard_id: str) -> hf.Hazard:
        h = self.ledger.get(hazard_id)
        if not self._sees(token, h):
            raise forbidden(f"隐患 {hazard_id}")
        return h

    # -- hazards ------------------------------------------------------------------------------------

    def create(self, request: Request, token: hf.Token, body: dict[str, Any]) -> Response:
        fields: dict[str, Any] = {k: body.get(k) for k in ("description", "enterprise", "sector", "jurisdiction", "id")}
        h = hf.Hazard.found(
            description=fields["description"], level=hf.Level.from_label(str(body.get("level"))),
            source=hf.Source.from_label(str(body.get("source"))), enterprise=fields["enterprise"],
            sector=fields["sector"], jurisdiction=fields["jurisdiction"], key=bool(body.get("key", False)),
            at=moment(body.get("at")), by=token.actor, id=fields["id"])
        if not self._sees(token, h):
            raise forbidden(f"隐患 {h.id}")
        self.ledger.add(h, by=token.actor)
        return respond(h.to_json(), 201, {"ETag": _etag(h), "Location": f"/hazards/{h.id}"})

    def trigger(self, request: Request, token: hf.Token, body: dict[str, Any]) -> Response:
        hazard_id, name = request.path_params["id"], request.path_params["trigger"]
        if name not in _TRIGGERS:
            raise not_found(f"没有操作 {name} (no such trigger)")
        arguments = {k: v for k, v in body.items() if k != "at"}
        if "by" in arguments:
            raise hf.InvalidInput("by", "no 'by': the actor is the token's person", arguments["by"],
                                  zh="不可在请求中指定办理人（办理人即令牌所属人员）")
        if "plan" in arguments:
            arguments["plan"] = hf.Plan.from_json(arguments["plan"])
        if "kind" in arguments:
            arguments["kind"] = hf.ReportKind.from_label(str(arguments["kind"]))
        if "deadline" in arguments:
            arguments["deadline"] = day(arguments["deadline"], "deadline")
        at = moment(body.get("at"))
        expected = request.headers.get("if-match")

        def work(u: hf.Unit) -> hf.Hazard:
            h = u.get(hazard_id)
            if not self._sees(token, h):
                raise forbidden(f"隐患 {hazard_id}")
            if expected is not None and expected != _etag(h):
                raise Refused(412, "stale", f"隐患 {hazard_id} 已被修改（当前版本 {_etag(h)}，请求基于 {expected}），"
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
                raise Refused(412, "stale", str(race)) from race
        return respond(h.to_json(), 200, {"ETag": _etag(h)})

    def get(self, request: Request, token: hf.Token) -> Response:
        h = self._visible(token, request.path_params["id"])
        return respond(h.to_json(), 200, {"ETag": _etag(h)})

    def history(self, request: Request, token: hf.Token) -> Response:
        h = self._visible(token, request.path_params["id"])
        return respond([e.to_json() | {"seq": n} for n, e in enumerate(h.events, 1)], 200, {"ETag": _etag(h)})

    def allowed(self, request: Request, token: hf.Token) -> Response:
        h = self._visible(token, request.path_params["id"])
        at = moment(request.query_params.get("at"))
        return respond([a.to_json() for a in h.allowed(at=at, by=token.actor)], 200, {"ETag": _etag(h)})

    def list(self, request: Request, token: hf.Token) -> Response:
        params = dict(request.query_params)
        paging = {k: int(params.pop(k)) if params[k].lstrip("-").isdigit() else params.pop(k)
                  for k in ("limit", "offset") if k in params}
        order = params.pop("order", "found_at")
        if "listed" in params:
            params["listed"] = {"true": True, "false": False}.get(params["listed"], params["listed"])  # type: ignore[assignment]
        for scoped in ("enterprises", "jurisdictions", "sectors"):
            if scoped in params:
                raise hf.InvalidInput(scoped, "no such filter over HTTP (the token sets the scope)", params[scoped])
        page = self.ledger.query(order=order, **paging, **params, **self.scope(token).filters())  # type: ignore[arg-type]
        return respond({"total": page.total, "limit": page.limit, "offset": page.offset, "more": page.more,
                        "next": page.next, "hazards": [h.to_json(events=False) for h in page.hazards]})

    # -- reports ------------------------------------------------------------------------------------

    def report(self, request: Request, token: hf.Token) -> Response:
        if token.actor.role in _ENTERPRISE_SIDE:
            raise Refused(403, "forbidden", "调度表、清单由监管部门、党委政府查看 (reports are for authorities)")
        params = request.query_params
        seen = self.scope(token)
        place = params.get("jurisdiction") or (None if seen.organisation is None else seen.organisation.place)
        if place is None or not seen.covers(place):
            raise Refused(403, "forbidden", f"无权查看属地 {place} 的报表 (outside this token's jurisdiction)")
        as_of = day(params.get("as_of"), "as_of")
        kind = request.path_params["kind"]
        if kind not in ("dispatch", "register"):
            raise not_found(f"没有报表 {kind}（dispatch 调度表 / register 清单）")
        if kind == "dispatch":
            notice = hf.notices.load(params.get("notice", "shenyang-2023"))
            table: Any = hf.reports.dispatch_table(self.ledger, notice, as_of, unit=place)
        else:
            table = hf.reports.register(self.ledger, as_of, unit=place)
        fmt = params.get("format", "json")
        if fmt == "json":
            return respond(hf.schema.table_json(table))
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
        raise Refused(401, "unauthenticated", "缺少或无效的令牌：请用 Authorization: Bearer <token> (no valid token)")
    return token


def _errors(call: Callable[[], Response]) -> Response:
    """``call()``, the library's exceptions turned into their status and JSON."""
    try:
        return call()
    except Refused as refused:
        return respond(refused.body, refused.status)
    except hf.Rejected as refusal:
        return respond(refusal.to_json(), 409)
    except hf.Conflict as race:
        return respond({"error": "conflict", "message": str(race), "hazards": list(race.hazard_ids)}, 409)
    except hf.NotFound as missing:
        return respond({"error": "not_found", "message": str(missing)}, 404)
    except hf.InvalidInput as bad:
        return respond(bad.to_json(), 422)
    except hf.StorageError as fault:
        return respond({"error": "storage", "message": str(fault), "written": fault.written}, 503)
    except ValueError as bad:  # an unknown label, an unreadable number
        return respond({"error": "invalid_input", "message": str(bad)}, 422)


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
                return respond(hf.InvalidInput("body", "a JSON object", data, zh="JSON 对象").to_json(), 422)

        def call() -> Response:
            token = _authenticated(api, request)
            with api.in_use():
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
    more = Records(api)
    spec = json_bytes(document())

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
        Route("/campaigns/{notice}", _route(api, more.status), methods=["GET"]),
        Route("/campaigns/{notice}/units", _route(api, more.join, body=True), methods=["POST"]),
        Route("/campaigns/{notice}/units/{unit}/filings", _route(api, more.file, body=True), methods=["POST"]),
        Route("/campaigns/{notice}/units/{unit}/advance", _route(api, more.advance, body=True), methods=["POST"]),
        Route("/records/{kind}", _route(api, more.records), methods=["GET"]),
        Route("/records/{kind}/{id:path}", _route(api, more.record), methods=["GET"]),
        Route("/directory/organisations/{name}", _route(api, more.organisation), methods=["GET"]),
        Route("/directory/competent", _route(api, more.competent), methods=["GET"]),
        Mount("/dashboard", dashboard(api, _errors, api._sees)),
    ], lifespan=lambda app: _closing(api.ledger))


@contextlib.asynccontextmanager
async def _closing(ledger: hf.Ledger) -> AsyncIterator[None]:
    """The app's lifespan: the ledger's connections close when the server stops."""
    try:
        yield
    finally:
        ledger.close()
