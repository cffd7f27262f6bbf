"""Input errors: 中文 first with the field's English name, values as typed; amounts exact."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

import hazardflow as hf


@pytest.mark.parametrize("typed", [50000, "50000", Decimal("50000"), " 50,000 "])
def test_amounts_accept_int_str_and_decimal(typed: object) -> None:
    assert hf.Plan(funds=typed).funds == Decimal("50000")  # type: ignore[arg-type]


def test_amount_keeps_its_digits() -> None:
    assert str(hf.Plan(funds="12.50").funds) == "12.50"


@pytest.mark.parametrize(("typed", "says"), [
    (0.1, "不接受浮点数"), (float("nan"), "须为有限数值"), ("NaN", "非负金额"), (-1, "金额不能为负数"),
    ("-0.5", "金额不能为负数"), ("五万", "非负金额"), (True, "非负金额"),
])
def test_bad_amounts_are_refused_clearly(typed: object, says: str) -> None:
    with pytest.raises(hf.InvalidInput) as refused:
        hf.Plan(funds=typed)  # type: ignore[arg-type]
    assert refused.value.field == "Plan.funds" and says in str(refused.value)
    assert str(refused.value).startswith("输入有误：Plan.funds 应为")


def test_values_are_shown_as_typed_not_as_reprs() -> None:
    with pytest.raises(hf.InvalidInput) as refused:
        hf.Signature(hf.Actor("张三", hf.Role.ENTERPRISE, "某公司"), datetime(2023, 6, 6))
    message = str(refused.value)
    assert message.startswith("输入有误：Signature.at 应为带时区的时间")
    assert "2023-06-06T00:00:00" in message and "datetime.datetime" not in message and "zoneinfo" not in message
    assert refused.value.got == datetime(2023, 6, 6) and refused.value.expected.startswith("a timezone-aware")


def test_invalid_input_as_json() -> None:
    with pytest.raises(hf.InvalidInput) as refused:
        hf.Actor("", hf.Role.ENTERPRISE, "某公司")
    assert refused.value.to_json() == {
        "error": "invalid_input", "message": str(refused.value), "field": "Actor.name",
        "expected": "a non-empty string", "got": "“”"}


def test_a_record_without_an_id_gets_a_fresh_uuid4() -> None:
    """`checks.record_id`: the caller's id is kept; without one, each record gets a new UUID4 (32 hex digits)."""
    import uuid

    from hazardflow.checks import record_id

    assert record_id("SY-2023-001") == "SY-2023-001"
    made = {record_id(None) for _ in range(100)}
    assert len(made) == 100
    assert all(uuid.UUID(hex=i).version == 4 and i == uuid.UUID(hex=i).hex for i in made)
