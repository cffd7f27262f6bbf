"""The HTTP routes beyond hazards: campaigns (join, file, advance, status), the register of record's
enforcement records (cases, suspensions, tip-offs, penalty decisions, typical cases, 倒查), and
directory look-ups. Routing only, over the public API and `hf.schema.record_json`, with the same
token, scope and error mapping as the hazards' routes (`serve.app`).

A campaign unit is acted for by its own people, or by an authority whose scope holds it (an
enterprise it sees, an organisation of its territory); a record is seen by the enterprise it is
about and the authorities that see that enterprise (`serve.scope`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import Response

import hazardflow as hf
from hazardflow.serve.http import forbidden, moment, not_found, respond
from hazardflow.serve.scope import Scope

RECORDS = {"case": "执法案件", "suspension": "停产停业整顿", "tip": "举报", "decision": "处罚决定",
           "typical": "典型执法案例", "trace": "倒查"}
"""The enforcement records served under ``/records/{kind}``."""


def _notice(request: Request) -> hf.notices.Notice:
    notice_id = request.path_params["notice"]
    if notice_id not in hf.notices.available():
        raise not_found(f"没有通知 {notice_id}（{'、'.join(hf.notices.available())}）(no such notice)")
    return hf.notices.load(notice_id)


def _enterprise(record: Any) -> str | None:
    """The enterprise a stored record is about: its own field, or that of a value it notes."""
    own = getattr(record, "enterprise", None)
    if isinstance(own, str):
        return own
    for value in getattr(record, "facts", {}).values():
        noted = getattr(value, "enterprise", None)
        if isinstance(noted, str):
            return noted
    return None


class Served(Protocol):
    """What these routes need of the hazards' `serve.app.Api`: its ledger, directory and scopes."""

    ledger: hf.Ledger
    directory: hf.Directory | None

    def scope(self, token: hf.Token) -> Scope: ...


class Records:
    """The routes of campaigns, enforcement records and the directory over one `Served` API."""

    def __init__(self, api: Served) -> None:
        self.api = api

    # -- who may act for a unit, see a record ----------------------------------------------------

    def _may_act_for(self, token: hf.Token, unit: str) -> bool:
        seen = self.api.scope(token)
        org = None if self.api.directory is None else self.api.directory.organisation(unit)
        return unit == token.actor.organisation or seen.sees(unit) or (org is not None and seen.covers(org.place))

    def _acts_for(self, token: hf.Token, unit: str) -> None:
        if not self._may_act_for(token, unit):
            raise forbidden(f"单位 {unit}")

    def _may_see(self, token: hf.Token, record: Any) -> bool:
        about = _enterprise(record)
        seen = self.api.scope(token)
        if about is None:  # not about one enterprise: an authority's
            return seen.organisation is not None and seen.organisation.kind is not hf.OrgKind.ENTERPRISE
        return seen.sees(about)

    def _seen(self, token: hf.Token, kind: str, record: Any) -> None:
        if not self._may_see(token, record):
            raise forbidden(f"{RECORDS.get(kind, kind)} {getattr(record, 'id', '')}")

    # -- campaigns --------------------------------------------------------------------------------

    def _campaign(self, u: hf.Unit, notice: hf.notices.Notice, unit: str) -> hf.Campaign:
        c = hf.Campaign(notice)
        c.adopt(u.load("participation", hf.participation_id(notice.id, unit)))
        return c

    def join(self, request: Request, token: hf.Token, body: dict[str, Any]) -> Response:
        notice, unit = _notice(request), body.get("unit")
        self._acts_for(token, str(unit))
        p = hf.Campaign(notice).join(unit, kind=body.get("kind"), sector=body.get("sector"),  # type: ignore[arg-type]
                                     at=moment(body.get("at")), by=token.actor)
        with self.api.ledger.unit(by=token.actor) as u:
            u.put(p)
        return respond(hf.schema.record_json(p), 201)

    def file(self, request: Request, token: hf.Token, body: dict[str, Any]) -> Response:
        notice, unit = _notice(request), request.path_params["unit"]
        self._acts_for(token, unit)
        with self.api.ledger.unit(by=token.actor) as u:
            c = self._campaign(u, notice, unit)
            filing = c.record(unit, body.get("what"), at=moment(body.get("at")), by=token.actor,  # type: ignore[arg-type]
                              period=body.get("period"), note=body.get("note"))
        return respond({"filing": hf.schema.record_json(filing), "unit": hf.schema.record_json(c[unit])}, 201)

    def advance(self, request: Request, token: hf.Token, body: dict[str, Any]) -> Response:
        notice, unit = _notice(request), request.path_params["unit"]
        self._acts_for(token, unit)
        ledger = self.api.ledger
        register = ledger.find(enterprise=unit) or ledger.find(jurisdiction=unit)
        with ledger.unit(by=token.actor) as u:
            c = self._campaign(u, notice, unit)
            c.advance(unit, at=moment(body.get("at")), by=token.actor, hazards=register)
        return respond(hf.schema.record_json(c[unit]))

    def status(self, request: Request, token: hf.Token) -> Response:
        notice = _notice(request)
        at = moment(request.query_params.get("at"))
        c = hf.Campaign(notice)
        for record_id in self.api.ledger.record_ids("participation"):
            if record_id.startswith(f"{notice.id}/"):
                p = self.api.ledger.load("participation", record_id)
                if self._may_act_for(token, p.unit):
                    c.adopt(p)
        return respond(hf.schema.campaign_json(c, c.tick(at)))

    # -- enforcement records ----------------------------------------------------------------------

    def _kind(self, request: Request) -> str:
        kind: str = request.path_params["kind"]
        if kind not in RECORDS:
            raise not_found(f"没有记录类别 {kind}（{'、'.join(RECORDS)}）(no such kind of record)")
        return kind

    def records(self, request: Request, token: hf.Token) -> Response:
        kind = self._kind(request)
        visible = []
        for record_id in self.api.ledger.record_ids(kind):
            record = self.api.ledger.load(kind, record_id)
            if self._may_see(token, record):
                visible.append(record_id)
        return respond({"kind": kind, "kind_label": RECORDS[kind], "ids": visible})

    def record(self, request: Request, token: hf.Token) -> Response:
        kind = self._kind(request)
        record = self.api.ledger.load(kind, request.path_params["id"])
        self._seen(token, kind, record)
        return respond(hf.schema.record_json(record))

    # -- directory --------------------------------------------------------------------------------

    def _directory(self) -> hf.Directory:
        if self.api.directory is None:
            raise not_found("未导入名录 (no directory stored)")
        return self.api.directory

    def organisation(self, request: Request, token: hf.Token) -> Response:
        d = self._directory()
        name = request.path_params["name"]
        org = d.organisation(name)
        if org is None:
            raise not_found(f"名录中没有单位 {name} (no such organisation)")
        return respond({**hf.schema.record_json(org), "people": _people(d.members(name))})

    def competent(self, request: Request, token: hf.Token) -> Response:
        """The departments competent for ``sector`` over ``jurisdiction`` (a path), nearest first."""
        d = self._directory()
        sector, place = request.query_params.get("sector"), request.query_params.get("jurisdiction")
        for name, value in (("sector", sector), ("jurisdiction", place)):
            if not value:
                raise hf.InvalidInput(name, "a non-empty query parameter", value, zh="非空的查询参数")
        assert sector is not None and place is not None
        path = tuple(place.split("/"))
        return respond({"departments": [hf.schema.record_json(o) for o in d.competent(sector, path)],
                        "governments": [hf.schema.record_json(o) for o in d.governments(path)]})


def _people(people: Iterable[hf.Person]) -> list[dict[str, Any]]:
    return [hf.schema.record_json(p) for p in people]
