"""GLOSSARY.md's names: an actor's body is its ``organisation``, a hazard's 属地 its ``jurisdiction``;
``unit`` stays a deprecated alias of both, and what was stored or exported under it reads back."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest

import hazardflow as hf
from hazardflow.hazard.lifecycle import replay
from hazardflow.store import codec
from tests.conftest import at

STAFF = hf.Actor("张三", hf.Role.ENTERPRISE, "某钢铁公司")


def found(**place: str) -> hf.Hazard:
    return hf.Hazard.found(description="煤气柜未设置一氧化碳泄漏报警", level=hf.Level.MAJOR,
                           source=hf.Source.SELF_CHECK, enterprise="某钢铁公司", sector="金属冶炼",
                           at=at(6, 1), by=STAFF, **place)


def quietly(make: Callable[[], Any]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        return make()


def test_new_names_raise_no_warning() -> None:
    h = quietly(lambda: found(jurisdiction="铁西区"))
    assert (h.jurisdiction, h.found_by.organisation) == ("铁西区", "某钢铁公司")
    assert str(STAFF) == f"某钢铁公司{hf.Role.ENTERPRISE.label}张三"
    assert h.to_json()["jurisdiction"] == "铁西区"
    assert h.to_json()["found_by"]["organisation"] == "某钢铁公司"
    assert "unit" not in h.to_json() and "unit" not in h.to_json()["found_by"]


def test_positional_actor_is_unchanged() -> None:
    assert quietly(lambda: hf.Actor("张三", hf.Role.ENTERPRISE, "某钢铁公司")) == STAFF


@pytest.mark.parametrize(("old", "value"), [
    (lambda: hf.Actor("张三", hf.Role.ENTERPRISE, unit="某钢铁公司"), STAFF),
    (lambda: STAFF.unit, "某钢铁公司"),
    (lambda: found(unit="铁西区").jurisdiction, "铁西区"),
    (lambda: found(jurisdiction="铁西区").unit, "铁西区"),
])
def test_unit_still_works_with_a_deprecation_warning(old: Callable[[], Any], value: Any) -> None:
    with pytest.deprecated_call(match="GLOSSARY"):
        assert old() == value


def test_both_names_at_once_are_refused() -> None:
    with pytest.raises(hf.InvalidInput, match=r"Actor\.unit"):
        hf.Actor("张三", hf.Role.ENTERPRISE, "某钢铁公司", unit="某钢铁公司")
    with pytest.raises(hf.InvalidInput, match=r"Hazard\.found\.unit"):
        found(jurisdiction="铁西区", unit="铁西区")
    with pytest.raises(hf.InvalidInput, match="organisation"):
        hf.Actor("张三", hf.Role.ENTERPRISE)


def test_rows_stored_under_unit_read_back_without_warning() -> None:
    # an actor and a found event as they were stored before the renaming
    old_actor = ('{"$rec":["hazardflow.hazard.records.Actor",{"name":"张三","role":'
                 '{"$enum":"hazardflow.vocab.Role.ENTERPRISE"},"unit":"某钢铁公司"}]}')
    assert quietly(lambda: codec.loads(old_actor)) == STAFF
    first = found(jurisdiction="铁西区").events[0]
    payload = {("unit" if k == "jurisdiction" else k): v for k, v in first.payload.items()}
    old_found = hf.Event(first.trigger, None, first.to_stage, first.actor, first.at, payload)
    assert quietly(lambda: replay([old_found])).jurisdiction == "铁西区"


def test_json_written_under_unit_reads_back() -> None:
    h = found(jurisdiction="铁西区")
    doc = h.to_json()
    old = dict(doc, unit=doc.pop("jurisdiction"))
    old["found_by"] = {("unit" if k == "organisation" else k): v for k, v in doc["found_by"].items()}
    old["events"] = [dict(e, actor=old["found_by"]) for e in doc["events"]]
    back = quietly(lambda: hf.Hazard.from_json(old))
    assert back.jurisdiction == "铁西区" and back.found_by == STAFF
