"""The store's codec: domain values as tagged, canonical JSON text, and the event hash.

Event payloads and a few state columns hold domain values (`Plan`, `Actor`, `Signature`, enums,
`date`, `datetime`, `Decimal`, tuples). They are written as JSON where plain JSON values stay
plain and every other value is a one-key object whose key starts with ``$``:

=====================  =================================================
``Decimal('12.50')``   ``{"$dec": "12.50"}`` (exact text, trailing zeros kept)
``date(2023, 6, 30)``  ``{"$date": "2023-06-30"}``
aware ``datetime``     ``{"$dt": "2023-06-01T09:00:00+08:00[Asia/Shanghai]"}`` (in Beijing time)
an enum member         ``{"$enum": "hazardflow.vocab.Level.MAJOR"}``
an attrs record        ``{"$rec": ["hazardflow.records.Plan", {field: value, ...}]}``
a tuple                ``{"$tuple": [...]}``
a frozenset            ``{"$set": [...]}`` (members in canonical order)
a mapping              itself, or ``{"$map": {...}}`` if it could be mistaken for a tag
=====================  =================================================

Records and enums are found again by their qualified name, so a trigger added later with a new
payload type (an enforcement suspension, say) needs no change here. Only types defined inside the
``hazardflow`` package are ever imported back: a row cannot name arbitrary code.

The text is canonical (sorted keys, no spaces, UTF-8 kept), so the same value always yields the
same bytes and the event hash (`chain_hash`) does not depend on the back end or the process.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from hashlib import sha256
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from hazardflow.checks import InvalidInput
from hazardflow.hazard.records import Actor

_PACKAGE = "hazardflow"

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_quote: Callable[[str], str] = json.encoder.encode_basestring  # the C version where available
quote = _quote
"""A string as a JSON string literal (the canonical form of text in a hashed or MAC'd array)."""
_loads = json.loads


def _make_dumps() -> Callable[[Any], str]:
    """The canonical encoder as one call into the C encoder, built once (``JSONEncoder.encode``
    builds a new C encoder on every call); the same text as ``_ENCODER.encode``."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the plain encoder
        return _ENCODER.encode
    chunks = make(None, _ENCODER.default, _quote, None, ":", ",", True, False, True)

    def dumps(value: Any) -> str:
        return "".join(chunks(value, 0))

    return dumps


_dumps = _make_dumps()
plain_dumps = _dumps
"""Canonical JSON text of a plain JSON value (str, int, None, lists and tuples of them …), untagged."""


STORED_ZONE = ZoneInfo("Asia/Shanghai")
"""The one zone every stored time is written in (Beijing time, the notices' own), whatever zone it
came in: stored times then compare as instants when compared as text (a cut-off, a window)."""


def time_text(value: datetime) -> str:
    """An aware datetime as ISO 8601 text in Beijing time, the zone's key appended in brackets
    (RFC 9557): ``2023-07-01T04:00:00+08:00[Asia/Shanghai]`` for 2023-06-30 20:00 UTC. A zone without
    an IANA key (``ZoneInfo.from_file``, which no other process could read back) is refused."""
    zone = value.tzinfo
    if zone is not STORED_ZONE:
        if zone is None or value.utcoffset() is None or (isinstance(zone, ZoneInfo) and zone.key is None):
            raise InvalidInput("time", "an aware datetime whose zone has an IANA key (e.g. Asia/Shanghai)", value,
                               zh="带时区且时区有 IANA 名称的时间（如 Asia/Shanghai；不接受 ZoneInfo.from_file "
                                  "读入的无名时区）")
        value = value.astimezone(STORED_ZONE)
    return f"{value.isoformat()}[Asia/Shanghai]"


def time_value(text: str) -> datetime:
    """The datetime `time_text` wrote, in the same zone."""
    if text.endswith("]"):
        stamp, _, zone = text[:-1].partition("[")
        return datetime.fromisoformat(stamp).astimezone(ZoneInfo(zone))
    return datetime.fromisoformat(text)


def _qualified(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


@lru_cache(maxsize=256)
def _resolve(name: str) -> Any:
    """The hazardflow type (or enum member) called ``name``; nothing outside the package."""
    if name != _PACKAGE and not name.startswith(_PACKAGE + "."):
        raise ValueError(f"codec: refusing to load {name!r}, which is not a hazardflow type")
    module_name, _, rest = name.rpartition(".")
    path = [rest]
    while module_name:
        try:
            obj: Any = importlib.import_module(module_name)
        except ModuleNotFoundError:
            module_name, _, part = module_name.rpartition(".")
            path.insert(0, part)
            continue
        for part in path:
            obj = getattr(obj, part)
        return obj
    raise ValueError(f"codec: cannot find {name!r}")


_RECORDS: dict[type, tuple[str, tuple[tuple[str, str], ...]]] = {}
"""Per attrs class: its qualified name and the (alias, attribute name) of each ``init`` field."""


def _encode_record(value: Any) -> dict[str, Any]:
    kind = type(value)
    shape = _RECORDS.get(kind)
    if shape is None:
        shape = _RECORDS[kind] = (_qualified(kind), tuple((f.alias, f.name) for f in attrs.fields(kind) if f.init))
    name, fields = shape
    return {"$rec": [name, {alias: encode(getattr(value, attr)) for alias, attr in fields}]}


_PLAIN = frozenset({str, int, bool, type(None)})
_DICTS = frozenset({dict, MappingProxyType})


def _plain(value: Any) -> Any:
    return value


def _enum_value(kind: type[Enum]) -> Callable[[Enum], dict[str, str]]:
    prefix = f"{_qualified(kind)}."
    return lambda value: {"$enum": prefix + value._name_}


def _encoder(kind: type) -> Callable[[Any], Any]:
    """How `encode` turns a value of exactly the type ``kind`` into JSON-able data: the rules below,
    which depend on the type alone, chosen once per type (`_ENCODERS`)."""
    if kind in _PLAIN:
        return _plain
    if kind in _DICTS:  # before the ABC checks below, which are slow on a mappingproxy
        return _mapping
    if kind is Decimal:
        return lambda value: {"$dec": str(value)}
    if kind is datetime:
        return lambda value: {"$dt": time_text(value)}
    if kind is date:
        return lambda value: {"$date": value.isoformat()}
    if issubclass(kind, Enum):
        return _enum_value(kind)
    if attrs.has(kind):
        return _encode_record
    if issubclass(kind, tuple):
        return lambda value: {"$tuple": [encode(v) for v in value]}
    if issubclass(kind, list):
        return lambda value: [encode(v) for v in value]
    if issubclass(kind, frozenset):
        return lambda value: {"$set": sorted((encode(v) for v in value), key=_dumps)}
    if issubclass(kind, Mapping):
        return _mapping
    if issubclass(kind, str | int | float):  # subclasses (an IntEnum is caught above)
        return _plain
    return _refuse


def _refuse(value: Any) -> Any:
    raise TypeError(f"codec: cannot store a {type(value).__name__} ({value!r})")


_ENCODERS: dict[type, Callable[[Any], Any]] = {}
"""`_encoder` by type, filled as types are met."""


def encode(value: Any) -> Any:
    """``value`` as a JSON-able structure (tagged where plain JSON would lose the type)."""
    kind = type(value)
    how = _ENCODERS.get(kind)
    if how is None:
        how = _ENCODERS[kind] = _encoder(kind)
    return how(value)


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    plain = _PLAIN
    out = {k if type(k) is str else _key(k): v if type(v) in plain else encode(v) for k, v in value.items()}
    if len(out) == 1 and next(iter(out)).startswith("$"):
        return {"$map": out}
    return out


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"codec: mapping keys must be strings, got {key!r}")
    return key


_FORMER_NAMES: dict[type, dict[str, str]] = {Actor: {"unit": "organisation"}}
"""Fields stored under a former name (rows written before GLOSSARY.md's renaming), read under today's."""


def _record(spec: list[Any]) -> Any:
    name, fields = spec
    kind = _resolve(name)
    former = _FORMER_NAMES.get(kind)
    if former is not None:
        fields = {former.get(k, k): v for k, v in fields.items()}
    return kind(**{k: decode(v) for k, v in fields.items()})


def _enum(name: str) -> Any:
    kind, _, member = name.rpartition(".")
    return _resolve(kind)[member]


_TAGS: dict[str, Callable[[Any], Any]] = {
    "$dec": Decimal,
    "$dt": time_value,
    "$date": date.fromisoformat,
    "$enum": _enum,
    "$rec": _record,
    "$tuple": lambda items: tuple(decode(v) for v in items),
    "$set": lambda items: frozenset(decode(v) for v in items),
    "$map": lambda mapping: {k: decode(v) for k, v in mapping.items()},
}


def decode(data: Any) -> Any:
    """The value `encode` turned into ``data``."""
    if isinstance(data, dict):
        if len(data) == 1:
            (tag, inner), = data.items()
            if tag.startswith("$"):
                return _TAGS[tag](inner)
        return {k: decode(v) for k, v in data.items()}
    if isinstance(data, list):
        return [decode(v) for v in data]
    return data


def dumps(value: Any) -> str:
    """``value`` as canonical JSON text."""
    return _dumps(_mapping(value) if type(value) in _DICTS else encode(value))


def loads(text: str) -> Any:
    """The value `dumps` wrote."""
    return decode(_loads(text))


@lru_cache(maxsize=4096)
def actor_text(actor: Actor) -> str:
    """An actor as canonical JSON text (cached: the same few actors sign most events)."""
    return dumps(actor)


def optional_text(value: Any) -> str | None:
    """``value`` as canonical JSON text, or None for None."""
    return None if value is None else dumps(value)


def optional_value(text: str | None) -> Any:
    """The value `optional_text` wrote."""
    return None if text is None else loads(text)


GENESIS = ""
"""The ``prev`` hash of a hazard's first event."""


def chain_hash(prev: str, hazard_id: str, seq: int, trigger: str, from_stage: str | None, to_stage: str,
               actor: str, at: str, payload: str, recorded_by: str) -> str:
    """The SHA-256 of an event row's content chained to the previous event's hash (hex).

    The content hashed is the canonical JSON array of the ten values (``_dumps`` of the list),
    written here directly: the fields are text (``from_stage`` text or None) and ``seq`` an int."""
    if type(seq) is not int:
        raise TypeError(f"codec: an event's seq is an int, got {seq!r}")
    q = _quote
    content = (f"[{q(prev)},{q(hazard_id)},{seq},{q(trigger)},{'null' if from_stage is None else q(from_stage)},"
               f"{q(to_stage)},{q(actor)},{q(at)},{q(payload)},{q(recorded_by)}]")
    try:
        return sha256(content.encode()).hexdigest()
    except UnicodeEncodeError:
        raise InvalidInput(f"event {hazard_id}#{seq}", "valid Unicode text (no lone surrogates)", trigger,
                           zh="合法的 Unicode 文本（不含孤立的代理字符）") from None
