"""Hazard queries in SQL: every filter, orders, pages, counts, indexes, and bad filters named."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

import hazardflow as hf
from hazardflow.store import queries
from store.helpers import INSPECTOR, PRINCIPAL, STAFF, at, plan


@pytest.fixture
def stocked(ledger: hf.Ledger) -> list[hf.Hazard]:
    """12 hazards found an hour apart on 1 June: towns, sectors, levels and sources alternate."""
    made = []
    for i in range(12):
        h = hf.Hazard.found(description=f"隐患{i}", level=hf.Level.MAJOR if i % 3 == 0 else hf.Level.GENERAL,
                            source=hf.Source.DEPARTMENT if i % 2 else hf.Source.SELF_CHECK,
                            enterprise=f"企业{i % 4}", sector="危险化学品" if i < 6 else "金属冶炼",
                            jurisdiction="沈河区" if i % 2 else "铁西区", at=at(1, 60 * i), by=STAFF, id=f"h{i:02}")
        if i % 3 == 0:
            h.report(kind=hf.ReportKind.FOUND, to="沈阳市应急管理局", at=at(2), by=PRINCIPAL)
        if i < 8:
            h.assign(plan=plan(date(2023, 6, 10 + i)), at=at(2), by=PRINCIPAL)
        if i == 0:
            h.list_for_supervision(title="挂牌督办通知", number="沈安委〔2023〕8号", at=at(3), by=INSPECTOR)
        made.append(h)
        ledger.add(h)
    return made


def ids(page: hf.Page) -> list[str]:
    return [h.id for h in page.hazards]


def test_every_filter(ledger: hf.Ledger, stocked: list[hf.Hazard]) -> None:
    q = ledger.query
    assert ids(q(enterprise="企业1", limit=100)) == ["h01", "h05", "h09"]
    assert ids(q(jurisdiction="沈河区", sector="金属冶炼")) == ["h07", "h09", "h11"]
    assert ids(q(level="MAJOR")) == ["h00", "h03", "h06", "h09"] == ids(q(level="重大事故隐患"))
    assert ids(q(stage=hf.Stage.FOUND)) == ["h08", "h09", "h10", "h11"] == ids(q(stage="发现"))
    assert ids(q(source="部门检查", stage="ASSIGNED")) == ["h01", "h03", "h05", "h07"]
    assert ids(q(listed=True)) == ["h00"] and q(listed=False).total == 11
    assert ids(q(overdue_at=date(2023, 6, 12))) == ["h00", "h01"]
    assert ids(q(overdue_at="2023-06-13")) == ["h00", "h01", "h02"]
    assert ids(q(found_from=at(1, 120), found_before=at(1, 300))) == ["h02", "h03", "h04"]
    assert q(found_from=date(2023, 6, 2)).total == 0 and q(found_before="2023-06-02").total == 12


def test_an_id_prefix_is_matched_exactly_in_sql(ledger: hf.Ledger, stocked: list[hf.Hazard]) -> None:
    assert ledger.ids(id_prefix="h0") == [f"h0{i}" for i in range(10)]
    assert ledger.ids(id_prefix="h1") == ["h10", "h11"] == ids(ledger.query(id_prefix="h1"))
    assert ledger.ids(id_prefix="h11") == ["h11"] and ledger.count(id_prefix="h", jurisdiction="沈河区") == 6
    assert ledger.ids(id_prefix="H") == [] and ledger.ids(id_prefix="h_") == [] and ledger.ids(id_prefix="%") == []
    with pytest.raises(hf.InvalidInput, match="id_prefix"):
        ledger.ids(id_prefix="")


def test_order_pages_and_count(ledger: hf.Ledger, stocked: list[hf.Hazard]) -> None:
    first = ledger.query(limit=5)
    assert ids(first) == ["h00", "h01", "h02", "h03", "h04"] and first.total == 12 and first.more
    last = ledger.query(limit=5, offset=10)
    assert ids(last) == ["h10", "h11"] and not last.more
    assert ids(ledger.query(order="-found_at", limit=3)) == ["h11", "h10", "h09"]
    assert ids(ledger.query(order="-deadline", stage="交办", limit=2)) == ["h07", "h06"]
    assert ledger.count() == 12 and ledger.count(jurisdiction="铁西区", level="GENERAL") == 4
    assert all(isinstance(h, hf.Hazard) for h in first.hazards)
    with pytest.raises(hf.ReadOnly):
        first.hazards[2].rectify(at=at(5), by=STAFF)


@pytest.mark.parametrize(("given", "named"), [
    ({"stage": "整治"}, "stage"), ({"level": 3}, "level"), ({"source": "自查"}, "source"),
    ({"listed": "yes"}, "listed"), ({"overdue_at": "6月12日"}, "overdue_at"), ({"enterprise": ""}, "enterprise"),
    ({"found_from": "2023-06-01T09:00"}, "found_from"), ({"color": "red"}, "color"), ({"order": "size"}, "order"),
    ({"limit": 0}, "limit"), ({"offset": -1}, "offset"),
])
def test_bad_filters_are_named(ledger: hf.Ledger, given: dict[str, object], named: str) -> None:
    with pytest.raises(hf.InvalidInput) as refused:
        ledger.query(**given)  # type: ignore[arg-type]
    assert refused.value.field == named and str(refused.value).startswith(f"输入有误：{named} 应为")


def test_ids_names_a_bad_stage_instead_of_attribute_error(ledger: hf.Ledger) -> None:
    with pytest.raises(hf.InvalidInput, match="stage"):
        ledger.ids(stage="整顿")
    assert ledger.ids(stage="整改") == []


def test_the_page_query_uses_the_discovery_index(sqlite_url: str) -> None:
    with hf.Ledger(sqlite_url) as ledger, ledger.engine.connect() as connection:
        sql = str(queries.ids_query(queries.filters(), limit=5).compile(
            ledger.engine, compile_kwargs={"literal_binds": True}))
        plan_text = " ".join(str(r[-1]) for r in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "ix_hazards_found_at_id" in plan_text and "TEMP B-TREE" not in plan_text


def test_found_bounds_in_another_zone(ledger: hf.Ledger, stocked: list[hf.Hazard]) -> None:
    utc = at(1, 120).astimezone(hf.SHANGHAI.__class__("UTC"))
    assert ids(ledger.query(found_from=utc, found_before=utc + timedelta(hours=1))) == ["h02"]


@pytest.mark.parametrize("order", ["found_at", "-found_at", "id", "enterprise", "-stage"])
def test_keyset_pages_walk_every_hazard_once(ledger: hf.Ledger, stocked: list[hf.Hazard], order: str) -> None:
    whole = ids(ledger.query(order=order, limit=100))
    walked: list[str] = []
    page = ledger.query(order=order, limit=5, level="GENERAL")
    while True:
        walked += ids(page)
        if page.next is None:
            break
        assert page.more
        page = ledger.query(order=order, limit=5, level="GENERAL", cursor=page.next)
    assert not page.more and page.total == 8
    assert walked == [i for i in whole if i in set(walked)] and len(set(walked)) == 8


def test_a_keyset_page_does_not_move_when_hazards_are_added_before_it(ledger: hf.Ledger,
                                                                       stocked: list[hf.Hazard]) -> None:
    first = ledger.query(limit=4)
    ledger.add(hf.Hazard.found(description="新隐患", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK,
                               enterprise="企业0", sector="金属冶炼", jurisdiction="铁西区", at=at(1), by=STAFF,
                               id="h-early"))
    assert first.next is not None
    assert ids(ledger.query(limit=4, cursor=first.next)) == ["h04", "h05", "h06", "h07"]


@pytest.mark.parametrize(("given", "named"), [
    ({"cursor": "not-a-cursor"}, "cursor"), ({"cursor": ""}, "cursor"), ({"cursor": 7}, "cursor"),
    ({"cursor": "WyJpZCIsWyJoMDQiXV0"}, "cursor"),  # a cursor of order id, given with found_at
    ({"order": "deadline", "cursor": "WyJpZCIsWyJoMDQiXV0"}, "cursor"), ({"cursor": "WyJpZCIsWyJoMDQiXV0",
                                                                        "order": "id", "offset": 5}, "offset"),
])
def test_bad_cursors_are_named(ledger: hf.Ledger, stocked: list[hf.Hazard], given: dict[str, object],
                               named: str) -> None:
    with pytest.raises(hf.InvalidInput) as refused:
        ledger.query(**given)  # type: ignore[arg-type]
    assert refused.value.field == named


def test_a_cursor_names_its_order_and_key(ledger: hf.Ledger, stocked: list[hf.Hazard]) -> None:
    assert queries.cursor_of("id", ["h04"]) == "WyJpZCIsWyJoMDQiXV0"
    assert ids(ledger.query(order="id", limit=2, cursor="WyJpZCIsWyJoMDQiXV0")) == ["h05", "h06"]


def test_the_keyset_page_query_uses_the_discovery_index(sqlite_url: str) -> None:
    cursor = queries.cursor_of("found_at", ["2023-06-01T09:00:00+08:00", "h03"])
    with hf.Ledger(sqlite_url) as ledger, ledger.engine.connect() as connection:
        sql = str(queries.ids_query(queries.filters(), limit=5, cursor=cursor).compile(
            ledger.engine, compile_kwargs={"literal_binds": True}))
        plan_text = " ".join(str(r[-1]) for r in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "ix_hazards_found_at_id" in plan_text and "TEMP B-TREE" not in plan_text and ">" in sql
