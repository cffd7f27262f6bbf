"""The activity log: `Activity` records (spot checks, enforcement measures, leadership work) in the
``activities`` and ``activity_findings`` tables, written in one transaction, read back as records.

Amounts (万元 in the domain) are stored as integer 分 so that the 调度表's SQL sums are exact on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import Engine, insert, select

from hazardflow.checks import InvalidInput
from hazardflow.enforcement.activities import RECORDED, Activity, ActivityKind, Finding
from hazardflow.store import validate
from hazardflow.store.codec import actor_text, loads, time_text, time_value
from hazardflow.store.seal import ACTIVITY_ROW, Sealer, activity_items
from hazardflow.store.tables import activities, activity_findings

FEN_PER_WAN = Decimal(1_000_000)


def fen(value: Decimal | None) -> int | None:
    """An amount in 万元 as integer 分 (None stays None); refused if not a whole number of 分."""
    if value is None:
        return None
    fen = value * FEN_PER_WAN
    if fen != fen.to_integral_value():
        raise InvalidInput("Activity.amount", "an amount in 万元 with at most 6 decimals (whole 分)", value)
    return int(fen)


def record(engine: Engine, items: Iterable[Activity], sealer: Sealer) -> int:
    """Write ``items`` in one transaction (all or none), each sealed and chained to the activity
    before it (`store.seal`); return how many were written. A kind the register's records produce
    (`RECORDED`) is still written, with a `DeprecationWarning`: record the act itself (a spot check,
    a penalty decision, an order …) so it is not counted twice."""
    batch = list(items)
    for item in batch:
        if not isinstance(item, Activity):
            raise InvalidInput("activity", "a hazardflow.Activity", item)
    by_hand = sorted({item.kind.label for item in batch if item.kind in RECORDED})
    if by_hand:
        warnings.warn(f"{'、'.join(by_hand)}由台账中的记录计入调度表（抽查检查、处罚决定、停产停业决定、典型案例、倒查、"
                      f"举报奖励），手工录入会重复计数 (record the act itself: hazardflow spotcheck/case/suspension/"
                      f"tip …)", DeprecationWarning, stacklevel=3)
    sealer.require()
    with engine.begin() as connection:
        ids = []
        for item in batch:
            values = {"kind": item.kind.name, "unit": item.unit, "enterprise": item.enterprise,
                      "at": time_text(item.at), "by": actor_text(item.by), "count": item.count,
                      "amount_fen": fen(item.amount), "flag": item.flag, "note": item.note}
            validate.rows(activities, None, [values])
            inserted = connection.execute(insert(activities).values(**values)).inserted_primary_key
            assert inserted is not None
            row_id = inserted[0]
            ids.append(row_id)
            if item.findings:
                connection.execute(insert(activity_findings), [
                    {"activity_id": row_id, "finding": f.name} for f in sorted(item.findings, key=lambda f: f.name)])
        if ids:
            rows = connection.execute(select(*ACTIVITY_ROW).where(activities.c.id.in_(ids))
                                      .order_by(activities.c.id)).all()
            findings = {row_id: sorted(f.name for f in item.findings) for row_id, item in zip(ids, batch, strict=True)}
            cursor = connection.connection.cursor()
            first, prev = sealer.lock(cursor, len(rows))
            sealer.write(cursor, first, prev, activity_items(rows, findings, sealer.last_activity(cursor)))
    return len(batch)


def read(engine: Engine, *, kind: ActivityKind | None = None, unit: str | None = None) -> list[Activity]:
    """The recorded activities (of ``kind``, of ``unit``), in the order they were recorded."""
    query = select(activities).order_by(activities.c.id)
    if kind is not None:
        query = query.where(activities.c.kind == kind.name)
    if unit is not None:
        query = query.where(activities.c.unit == unit)
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
        findings: dict[int, set[Finding]] = {}
        ids = [row["id"] for row in rows]
        if ids:
            for activity_id, finding in connection.execute(
                    select(activity_findings).where(activity_findings.c.activity_id.in_(ids))):
                findings.setdefault(activity_id, set()).add(Finding[finding])
    return [Activity(
        kind=ActivityKind[row["kind"]], unit=row["unit"], at=time_value(row["at"]), by=loads(row["by"]),
        enterprise=row["enterprise"], count=row["count"],
        amount=None if row["amount_fen"] is None else Decimal(row["amount_fen"]) / FEN_PER_WAN,
        flag=bool(row["flag"]), findings=frozenset(findings.get(row["id"], set())), note=row["note"],
    ) for row in rows]
