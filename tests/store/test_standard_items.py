"""The 判定标准 items a hazard cites (L7) are stored, read back, replayed and shown in the 清单."""

from __future__ import annotations

from datetime import date

import hazardflow as hf
from store.helpers import ENTERPRISE, STAFF, at


def test_cited_items_survive_the_store_and_reach_the_register(url: str) -> None:
    cited = hf.Hazard.found(description="粉尘爆炸危险场所内设有休息室", source=hf.Source.SELF_CHECK,
                            enterprise=ENTERPRISE, sector="金属冶炼", jurisdiction="铁西区", at=at(1), by=STAFF,
                            id="cited", standard_items=["10号令第十一条(一)", "10号令第三条(三)"])
    plain = hf.Hazard.found(description="煤气柜未设置泄漏报警", level=hf.Level.MAJOR, source=hf.Source.SELF_CHECK,
                            enterprise=ENTERPRISE, sector="金属冶炼", jurisdiction="铁西区", at=at(1, 5), by=STAFF,
                            id="plain")
    with hf.Ledger(url) as ledger:
        with ledger.unit(by=STAFF) as u:
            u.add(cited)
            u.add(plain)
        stored = ledger.get("cited")
        assert stored.standard_items == ("10号令第十一条(一)", "10号令第三条(三)") and stored.is_major
        assert ledger.get("plain").standard_items == ()
        assert ledger.replay("cited").standard_items == stored.standard_items
        rows = hf.reports.register(ledger, date(2023, 6, 30)).rows
    assert [r.description for r in rows] == [
        "粉尘爆炸危险场所内设有休息室（判定依据：10号令第十一条(一)、10号令第三条(三)）", "煤气柜未设置泄漏报警"]


def test_migration_0005_keeps_the_hazards_already_stored(url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, select, text

    from hazardflow.store import facts, migrate
    from hazardflow.store.tables import hazards

    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(migrate.config(connection), "0002")
        values = {c.name: "x" for c in hazards.columns if c.name not in ("standard_items", *facts.COLUMNS)}
        values.update(id="old", key=False, sham=0, version=1, events=0)
        columns = ", ".join(f'"{name}"' for name in values)
        connection.execute(text(f"INSERT INTO hazards ({columns}) VALUES ({', '.join(f':{n}' for n in values)})"),
                           values)
    migrate.upgrade_engine(engine)
    with engine.connect() as connection:
        assert connection.execute(select(hazards.c.id, hazards.c.standard_items)).all() == [("old", "[]")]
    engine.dispose()
