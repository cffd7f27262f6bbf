"""The codec: domain values to canonical tagged JSON and back, for any hazardflow record or enum."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest

import hazardflow as hf
from hazardflow.store import codec
from store.helpers import INSPECTOR, at, plan

VALUES = {
    "plan": plan(),
    "partial plan": hf.Plan(responsible="李四"),
    "decimal keeps its zeros": Decimal("12000.50"),
    "date": date(2023, 6, 30),
    "zoned time": at(3),
    "fixed-offset time": datetime(2023, 6, 1, 9, tzinfo=timezone(timedelta(hours=8))),
    "utc time": datetime(2023, 6, 1, 1, tzinfo=UTC),
    "enum": hf.Level.MAJOR,
    "signature": hf.Signature(INSPECTOR, at(5)),
    "listing": hf.Listing(INSPECTOR, "挂牌督办通知", "沈安委〔2023〕7号", at(2), at(9)),
    "tuple of reports": (hf.Report(hf.ReportKind.FOUND, "沈阳市应急管理局", INSPECTOR, at(1)),),
    "nested mapping": {"a": [1, "二", None, True], "b": {"c": Decimal("1")}},
    "mapping that looks like a tag": {"$dec": "1"},
    "empty": {},
}


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_round_trip(value: object) -> None:
    back = codec.loads(codec.dumps(value))
    assert back == value
    assert type(back) is type(value)
    assert codec.dumps(back) == codec.dumps(value)


def test_times_keep_their_zone() -> None:
    back = codec.loads(codec.dumps(at(3)))
    assert back.tzinfo is hf.SHANGHAI
    assert codec.time_text(at(3)) == "2023-06-03T09:00:00+08:00[Asia/Shanghai]"


def test_text_is_canonical() -> None:
    assert codec.dumps({"b": 1, "a": "整改"}) == '{"a":"整改","b":1}'
    assert codec.dumps(Decimal("1.50")) == '{"$dec":"1.50"}'


def test_only_hazardflow_types_are_loaded() -> None:
    with pytest.raises(ValueError, match="not a hazardflow type"):
        codec.loads('{"$rec":["os.system",{"command":"true"}]}')


@attrs.frozen
class Foreign:
    x: int


def test_foreign_records_are_refused_on_load() -> None:
    with pytest.raises(ValueError, match="not a hazardflow type"):
        codec.loads(codec.dumps(Foreign(1)))


def test_unknown_types_are_refused_on_store() -> None:
    with pytest.raises(TypeError, match="cannot store"):
        codec.dumps(object())


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_text_is_the_plain_encoders(value: object) -> None:
    plain = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert codec.dumps(value) == plain.encode(codec.encode(value))


def test_chain_hash_is_pinned() -> None:
    """The bytes hashed are the canonical JSON list of the row's fields: stored chains stay valid."""
    fields = ["", "h-1", 1, "found", None, "FOUND", '{"a":"张三"}', "2023-06-01T09:00:00+08:00[Asia/Shanghai]",
              '{"evidence":"已整改 \\"引号\\" \\u0001\\n"}', "rec"]
    content = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = codec.chain_hash(*fields)  # type: ignore[arg-type]
    assert digest == hashlib.sha256(content.encode()).hexdigest()
    assert digest == "96719fd0adfbcad8769d6ace61daad50ca2c540028f81483b1d984e968f5fc90"
    assert codec.chain_hash("ab" * 32, "h-1", 12, "submit", "RECTIFYING", "VERIFYING", "{}", "x", "{}", "r") == (
        "d87e90385e313c85e7e0485c2e22683f9137464a7f158ec573e0dd7535aaf7f3")


@pytest.mark.parametrize("role", list(hf.Role))
def test_an_actor_text_built_from_its_values_is_its_canonical_json(role: hf.Role) -> None:
    """The Ledger writes an Actor's text from its values (`ledger._actor_text`, issue 20): byte for byte
    what the codec writes, so the chain hashes do not change."""
    from hazardflow.store.ledger import _actor_text

    for name, body in [("张三", '沈阳"某\\公司'), ("a\nb", "\u2028\x00x"), ("x", "y")]:
        actor = hf.Actor(name, role, body)
        assert _actor_text(actor) == codec.dumps(actor)
