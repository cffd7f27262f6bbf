"""Input validation shared by every record: a bad value raises `InvalidInput` naming the field.

These are not rules of the notices (those live in `rules.py` and raise `Rejected`); they refuse
values that are not of the right kind at all: a naive datetime, a float amount, an empty name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI: tzinfo = ZoneInfo("Asia/Shanghai")
"""The default zone: dates in the notices are Beijing time."""


class InvalidInput(ValueError):
    """A value of the wrong kind: the message says which field, what came and what was expected."""

    def __init__(self, field: str, expected: str, got: object) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(f"{field}: expected {expected}, got {got!r} ({type(got).__name__})")


def _name(inst: object, attribute: Any) -> str:
    return f"{type(inst).__name__}.{attribute.name}"


Validator = Callable[[Any, Any, Any], None]


def of_type(kind: type | tuple[type, ...], expected: str, *, optional: bool = False) -> Validator:
    """An attrs validator: the value is an instance of ``kind`` (or None when optional)."""

    def check(inst: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kind) or (kind is date and isinstance(value, datetime)):
            raise InvalidInput(_name(inst, attribute), expected, value)

    return check


def text(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_name(inst, attribute), "a non-empty string", value)


def optional_text(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a string (possibly empty) or None."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_name(inst, attribute), "a string or None", value)


def moment(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a timezone-aware datetime."""
    aware_time(value, _name(inst, attribute))


def amount(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a non-negative Decimal, or None (missing)."""
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise InvalidInput(_name(inst, attribute), "a non-negative Decimal (e.g. Decimal('12.5'))", value)


def aware_time(value: object, field: str = "at") -> datetime:
    """``value`` as a timezone-aware datetime; a naive one or a non-datetime is refused."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidInput(field, "a timezone-aware datetime (e.g. tzinfo=hazardflow.SHANGHAI)", value)
    return value


def local_date(at: datetime) -> date:
    """The calendar date of ``at`` in Beijing time."""
    return at.astimezone(SHANGHAI).date()


def at_date(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` Beijing time, as an aware datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def read_toml(path: Path, fail: Callable[[str, str, str, object], Exception]) -> dict[str, Any]:
    """The TOML file at ``path`` parsed; a missing file or bad syntax raises ``fail(file, key, expected, got)``
    with the key ``(file)`` or ``(syntax)`` (the notice profiles and the directory name their errors so)."""
    name = str(path)
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as err:
        raise fail(name, "(file)", "an existing TOML file", str(err)) from None
    except tomllib.TOMLDecodeError as err:
        raise fail(name, "(syntax)", "valid TOML", str(err)) from None
