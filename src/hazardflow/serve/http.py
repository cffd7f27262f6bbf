"""What every route of the HTTP API shares: its JSON answers, its refusals, and reading times."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from starlette.responses import JSONResponse, Response

import hazardflow as hf


class Refused(Exception):
    """An HTTP refusal that is not the library's (401, 403, 404, 412)."""

    def __init__(self, status: int, error: str, message: str) -> None:
        self.status = status
        self.body = {"error": error, "message": message}


def forbidden(what: str) -> Refused:
    """403 for ``what`` (隐患 X, 单位 Y, 记录 Z) outside the token's scope."""
    return Refused(403, "forbidden", f"无权访问{what}：不属于本令牌的企业或属地、行业 (outside this token's scope)")


def not_found(message: str) -> Refused:
    """404 with ``message``."""
    return Refused(404, "not_found", message)


class _Json(JSONResponse):
    """JSON with 中文 as is."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def respond(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """``data`` as a JSON answer."""
    return _Json(data, status, headers)


def json_bytes(data: Any) -> bytes:
    """``data`` as the JSON bytes `respond` sends."""
    return bytes(_Json(data).body)


def moment(value: Any, field: str = "at") -> datetime:
    """An RFC 3339 time from a request (docs/json.md); `InvalidInput` naming ``field``."""
    return hf.schema.time_from_json(value, field)


def day(value: Any, field: str) -> date:
    """A ``YYYY-MM-DD`` date from a request."""
    return hf.schema.date_from_json(value, field)
