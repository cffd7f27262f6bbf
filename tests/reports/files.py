"""Reports to render in the file tests: each 调度表 with figures in every compound cell, and a 清单."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import hazardflow as hf
from hazardflow.reports.render import Printable
from tests.conftest import at

NOTICES = {"shenyang": "shenyang-2023", "mingyueshan": "mingyueshan-2023"}


def filled(ledger: hf.Ledger, inspector: hf.Actor, make: Callable[..., hf.Hazard], rows: int = 3) -> None:
    """``rows`` major hazards (deadlines set on none), a penalty, a typical case and a reward."""
    for i in range(rows):
        ledger.add(make(description=f"隐患{i}：煤气柜未设置一氧化碳泄漏报警", at=at(6, 1 + i % 20)))
    ledger.record(
        hf.Activity(hf.ActivityKind.PENALTY, "沈阳市应急管理局", at(6, 10), inspector, enterprise="甲公司",
                    amount=Decimal("3.5")),
        hf.Activity(hf.ActivityKind.TYPICAL_CASE, "沈阳市应急管理局", at(6, 11), inspector, enterprise="甲公司",
                    flag=True, note="甲公司未取得许可从事动火作业案"),
        hf.Activity(hf.ActivityKind.TIP_REWARD, "沈阳市应急管理局", at(6, 12), inspector, amount=Decimal("0.2")),
    )


def dispatch(ledger: hf.Ledger, variant: str) -> Printable:
    return hf.reports.dispatch_table(ledger, hf.notices.load(NOTICES[variant]), date(2023, 6, 30))


def labels(variant: str) -> list[str]:
    """Every printed label of the variant's table, on one line each: section titles and items."""
    from hazardflow.reports.layout import FORMS

    form = FORMS[variant]
    return [text for s in form.sections for text in (s.title, *(r.label for r in s.rows))]
