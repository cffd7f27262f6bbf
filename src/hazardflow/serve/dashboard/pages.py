"""The dashboard's routes: who is looking (the API's token, by header or login cookie), what they may
see (the API's own scope), and each page rendered from its template (`views` gathers the figures).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import hazardflow as hf
from hazardflow.serve.dashboard import charts, views
from hazardflow.serve.scope import Scope

COOKIE = "hazardflow_token"
"""The login cookie: the token's text, HttpOnly, SameSite=Strict, path /dashboard."""

PAGE = 50
"""Rows per page of the 清单."""

_ENTERPRISE_SIDE = (hf.Role.ENTERPRISE, hf.Role.PRINCIPAL)
_TEMPLATES = Environment(loader=PackageLoader("hazardflow.serve.dashboard", "templates"),
                         autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
_TEMPLATES.filters["cell"] = hf.reports.shown  # a figure as every rendering of the 调度表 writes it


class Api(Protocol):
    """What the dashboard uses of the HTTP API (`serve.app.Api`): its ledger, its tokens, and its
    report endpoint (调度表/清单 as CSV, XLSX, PDF), and what a token sees (`serve.scope`)."""

    ledger: hf.Ledger
    tokens: hf.Tokens

    def report(self, request: Request, token: hf.Token) -> Response: ...

    def scope(self, token: hf.Token) -> Scope: ...


Errors = Callable[[Callable[[], Response]], Response]
"""The API's mapping of the library's exceptions to HTTP responses (`serve.app._errors`)."""


class Refused(Exception):
    """A page that cannot be shown: its status and the 中文 reason."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    shared = {"actor": None, "enterprise": False, "status": status, "query": lambda **change: urlencode(change)}
    return HTMLResponse(_TEMPLATES.get_template(template).render(**(shared | context)), status)


def credential(request: Request) -> str:
    """The token text of a request: the bearer header, else the login cookie."""
    scheme, _, text = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        return text.strip()
    return request.cookies.get(COOKIE, "")


def _enterprise(token: hf.Token) -> bool:
    return token.actor.role in _ENTERPRISE_SIDE


class Pages:
    """The dashboard over one API: each page a method ``(request, token) -> Response``."""

    def __init__(self, api: Api, sees: Callable[[hf.Token, hf.Hazard], bool]) -> None:
        self.api = api
        self.sees = sees

    @property
    def ledger(self) -> hf.Ledger:
        return self.api.ledger

    def _context(self, request: Request, token: hf.Token) -> dict[str, Any]:
        params = request.query_params
        day = (hf.schema.date_from_json(params["as_of"], "as_of") if params.get("as_of")
               else hf.local_date(datetime.now(hf.SHANGHAI)))
        return {"actor": token.actor, "day": day, "params": params, "jurisdictions": sorted(self._places(token)),
                "enterprise": _enterprise(token), "query": lambda **change: urlencode({**params, **change})}

    def _places(self, token: hf.Token) -> frozenset[str]:
        """What ``token`` answers for: its jurisdictions and the departments and towns within them."""
        return token.jurisdictions | self.api.scope(token).bodies

    def _place(self, request: Request, token: hf.Token) -> str:
        """The jurisdiction asked for (else the token's first), refused outside the token's (as the API's reports)."""
        if _enterprise(token):
            raise Refused(403, "总览、调度表由监管部门、党委政府查看；企业请查看本企业的清单和隐患 (for authorities)")
        seen = self.api.scope(token)
        place = request.query_params.get("jurisdiction") or min(token.jurisdictions, default="")
        if not seen.covers(place):
            raise Refused(403, f"无权查看属地 {place} (outside this token's jurisdictions)")
        return place

    def overview(self, request: Request, token: hf.Token) -> Response:
        context = self._context(request, token)
        place = self._place(request, token)
        notice = hf.notices.load(request.query_params.get("notice", "shenyang-2023"))
        shown = hf.reports.overview(self.ledger, notice, context["day"], place, self._places(token))
        return _html("overview.html", **context, place=place, o=shown, trend=charts.trend(shown.trend))

    def dispatch(self, request: Request, token: hf.Token) -> Response:
        context = self._context(request, token)
        place = self._place(request, token)
        notice = hf.notices.load(request.query_params.get("notice", "shenyang-2023"))
        table = hf.reports.dispatch_table(self.ledger, notice, context["day"], unit=place)
        downloads = {fmt: "reports/dispatch?" + urlencode({"jurisdiction": place, "as_of": context["day"].isoformat(),
                                                           "notice": notice.id, "format": fmt})
                     for fmt in ("xlsx", "pdf", "csv")}
        return _html("dispatch.html", **context, place=place, notice=notice, table=table, sheet=table.sheet(),
                     grid=views.grid(table.sheet()), downloads=downloads)

    def register(self, request: Request, token: hf.Token) -> Response:
        context = self._context(request, token)
        params = request.query_params
        page = int(params["page"]) if params.get("page", "").isdigit() and int(params["page"]) > 0 else 1
        sector = params.get("sector") or None
        place: str | None = None
        enterprise = token.actor.organisation if _enterprise(token) else params.get("enterprise") or None
        if not _enterprise(token):
            place = self._place(request, token)
        shown = hf.reports.register_page(self.ledger, context["day"], place, offset=(page - 1) * PAGE, limit=PAGE,
                              enterprise=enterprise, sector=sector)
        sheet = shown.table.sheet()
        downloads = {} if place is None else {
            fmt: "reports/register?" + urlencode({"jurisdiction": place, "as_of": context["day"].isoformat(),
                                                  "format": fmt}) for fmt in ("xlsx", "pdf", "csv")}
        return _html("register.html", **context, place=place, table=shown.table, sheet=sheet, grid=views.grid(sheet),
                     total=shown.total, page=page, pages=max(1, -(-shown.total // PAGE)), downloads=downloads,
                     hazard_ids=shown.hazard_ids)

    def hazard(self, request: Request, token: hf.Token) -> Response:
        context = self._context(request, token)
        hazard_id = request.path_params["id"]
        h = self.ledger.get(hazard_id)
        if not self.sees(token, h):
            raise Refused(403, f"无权访问隐患 {hazard_id}：不属于本令牌的企业或属地 (outside this token's scope)")
        given = request.query_params.get("at")
        at = hf.schema.time_from_json(given) if given else datetime.now(hf.SHANGHAI)
        return _html("hazard.html", **context, h=h, at=at, steps=views.next_steps(h, at, token.actor),
                     diagram=charts.loop(h.stage), labels=hf.TRIGGER_LABELS)



def _unauthenticated(request: Request) -> Response:
    return _html("login.html", 401, message="请先登录：输入 API 令牌 (hazardflow token create) (no valid token)",
                 back=request.url.path)


def _page(pages: Pages, handler: Callable[[Request, hf.Token], Response]) -> Callable[[Request], Awaitable[Response]]:
    def render(request: Request) -> Response:
        token = pages.api.tokens.authenticate(credential(request))
        if token is None:
            return _unauthenticated(request)
        try:
            return handler(request, token)
        except Refused as refused:
            return _html("error.html", refused.status, message=refused.message, actor=token.actor)
        except hf.NotFound as missing:
            return _html("error.html", 404, message=str(missing), actor=token.actor)
        except hf.InvalidInput as bad:
            return _html("error.html", 422, message=str(bad), actor=token.actor)

    async def endpoint(request: Request) -> Response:
        return await run_in_threadpool(render, request)

    return endpoint


def _download(api: Api, errors: Errors) -> Callable[[Request], Awaitable[Response]]:
    """The API's report endpoint (调度表/清单 as CSV, XLSX, PDF) for a browser carrying the login cookie;
    its refusals are the API's (JSON, as ``errors`` maps them)."""
    def call(request: Request) -> Response:
        token = api.tokens.authenticate(credential(request))
        return _unauthenticated(request) if token is None else errors(lambda: api.report(request, token))

    async def endpoint(request: Request) -> Response:
        return await run_in_threadpool(call, request)

    return endpoint


async def login_form(request: Request) -> Response:
    return _html("login.html", message=None, back=request.query_params.get("back", ""))


def _login(tokens: hf.Tokens) -> Callable[[Request], Awaitable[Response]]:
    async def login(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        text = (form.get("token") or [""])[0].strip()
        back = (form.get("back") or [""])[0]
        token = await run_in_threadpool(tokens.authenticate, text)
        if token is None:
            return _html("login.html", 401, message="令牌无效或已撤销 (unknown or revoked token)", back=back)
        done = RedirectResponse(back if back.startswith("/dashboard") else "/dashboard/", 303)
        done.set_cookie(COOKIE, text, httponly=True, samesite="strict", path="/dashboard",
                        secure=request.url.scheme == "https")
        return done

    return login


async def logout(request: Request) -> Response:
    done = RedirectResponse("/dashboard/login", 303)
    done.delete_cookie(COOKIE, path="/dashboard")
    return done


def dashboard(api: Api, errors: Errors, sees: Callable[[hf.Token, hf.Hazard], bool]) -> Starlette:
    """The dashboard app over ``api`` (mounted at ``/dashboard`` by `serve.app`): ``errors`` maps the
    library's exceptions for the downloads as the API does; ``sees`` is the API's scope of a token."""
    pages = Pages(api, sees)
    return Starlette(routes=[
        Route("/", _page(pages, pages.overview)),
        Route("/dispatch", _page(pages, pages.dispatch)),
        Route("/register", _page(pages, pages.register)),
        Route("/hazards/{id}", _page(pages, pages.hazard)),
        Route("/reports/{kind:str}", _download(api, errors)),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", _login(api.tokens), methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("hazardflow.serve.dashboard", "static")]), name="static"),
    ])
