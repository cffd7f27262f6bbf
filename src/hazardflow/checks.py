"""Input validation shared by every record: a bad value raises `InvalidInput` naming the field.

These are not rules of the notices (those live in `rules.py` and raise `Rejected`); they refuse
values that are not of the right kind at all: a naive datetime, a float amount, an empty name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from pathlib import Path

SHANGHAI: tzinfo = ZoneInfo("Asia/Shanghai")
"""The default zone: dates in the notices are Beijing time."""


def record_id(given: str | None) -> str:
    """A record's id: the caller's, or a fresh random one (a UUID4's 32 hex digits). `uuid` is imported
    here, on the first record made without an id: with `platform`, which it loads, about a millisecond
    that ``import hazardflow`` should not pay (issue 20)."""
    if given is not None:
        return given
    import uuid

    return uuid.uuid4().hex


class InvalidInput(ValueError):
    """A value of the wrong kind: the message says which field, what came and what was expected.

    The message is 中文 first, naming the field by its English name, then the same in English; the
    value is shown as the user typed it (`shown`), not as a Python repr. ``zh`` is the 中文 of
    ``expected`` where the caller has one.
    """

    def __init__(self, field: str, expected: str, got: object, *, zh: str | None = None) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        value = shown(got)
        super().__init__(f"输入有误：{field} 应为{zh or f'“{expected}”'}，收到 {value}"
                         f"（{field}: expected {expected}, got {value} ({type(got).__name__})）")

    def to_json(self) -> dict[str, str]:
        """``{"error": "invalid_input", "message", "field", "expected", "got"}`` (docs/json.md)."""
        return {"error": "invalid_input", "message": str(self), "field": self.field, "expected": self.expected,
                "got": shown(self.got)}


class FileInputError(InvalidInput):
    """A malformed data file (a notice profile, a directory): ``.path`` (the file), ``.key`` (e.g.
    ``phases[2].end``), what was expected and what came, in one line: ``FILE: KEY: expected …, got …``."""

    def __init__(self, path: str, key: str, expected: str, got: object) -> None:
        self.path = path
        self.key = key
        self.field = f"{path}: {key}"
        self.expected = expected
        self.got = got
        ValueError.__init__(self, f"{path}: {key}: expected {expected}, got {self.show(got)}")

    @staticmethod
    def show(got: object) -> str:
        """How the message shows the value that came."""
        return repr(got)


def shown(value: object) -> str:
    """``value`` as a user would have typed it: ISO dates and times, exact amounts, text in quotes."""
    if value is None:
        return "空值 (None)"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tzinfo):
        return str(getattr(value, "key", value))
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, Decimal | int | float):
        return str(value)
    return repr(value)


def _name(inst: object, attribute: Any) -> str:
    return f"{type(inst).__name__}.{attribute.name}"


Validator = Callable[[Any, Any, Any], None]


def of_type(kind: type | tuple[type, ...], expected: str, *, optional: bool = False,
            zh: str | None = None) -> Validator:
    """An attrs validator: the value is an instance of ``kind`` (or None when optional)."""

    def check(inst: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kind) or (kind is date and isinstance(value, datetime)):
            raise InvalidInput(_name(inst, attribute), expected, value, zh=zh)

    return check


def text(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_name(inst, attribute), "a non-empty string", value, zh="非空文本")


def optional_text(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a string (possibly empty) or None."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput(_name(inst, attribute), "a string or None", value, zh="文本或空值")


def moment(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a timezone-aware datetime."""
    aware_time(value, _name(inst, attribute))


_AMOUNT = "a non-negative Decimal, int or decimal string (e.g. 50000, '12.5'); never a float"
_AMOUNT_ZH = "非负金额（整数、十进制数字字符串或 Decimal，如 50000、\"12.5\"；不接受浮点数）"


def to_amount(value: Any) -> Any:
    """An attrs converter: an int or a decimal string as the exact `Decimal` it spells; anything else
    (a float above all: 0.1 is not exactly 0.1) is left for `amount` to refuse by name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", ""))
        except ArithmeticError:
            return value
    return value


def amount(inst: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a finite, non-negative Decimal, or None (missing)."""
    if value is None:
        return
    if isinstance(value, float) and value == value:  # a float, but not NaN
        raise InvalidInput(_name(inst, attribute), _AMOUNT, value,
                           zh=f"{_AMOUNT_ZH}；浮点数不精确，请写成 \"{value}\" 或 Decimal(\"{value}\")")
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidInput(_name(inst, attribute), _AMOUNT, value,
                           zh=_AMOUNT_ZH if isinstance(value, str | Decimal | int) else f"{_AMOUNT_ZH}；须为有限数值")
    if value < 0:
        raise InvalidInput(_name(inst, attribute), _AMOUNT, value, zh=f"{_AMOUNT_ZH}；金额不能为负数")


def aware_time(value: object, field: str = "at") -> datetime:
    """``value`` as a timezone-aware datetime; a naive one or a non-datetime is refused."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidInput(field, "a timezone-aware datetime (e.g. tzinfo=hazardflow.SHANGHAI)", value,
                           zh="带时区的时间（如 2023-06-16T09:00:00+08:00，tzinfo=hazardflow.SHANGHAI）")
    return value


def local_date(at: datetime) -> date:
    """The calendar date of ``at`` in Beijing time."""
    return at.astimezone(SHANGHAI).date()


def at_date(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` Beijing time, as an aware datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def read_toml(path: str | Path, fail: Callable[[str, str, str, object], Exception]) -> dict[str, Any]:
    """The TOML file at ``path`` parsed; a missing file or bad syntax raises ``fail(file, key, expected, got)``
    with the key ``(file)`` or ``(syntax)`` (the notice profiles and the directory name their errors so)."""
    import tomllib  # on first use: ``import hazardflow`` reads no file (issue 20)

    name = str(path)
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as err:
        raise fail(name, "(file)", "an existing TOML file", str(err)) from None
    except tomllib.TOMLDecodeError as err:
        raise fail(name, "(syntax)", "valid TOML", str(err)) from None
