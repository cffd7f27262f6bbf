"""The typical cases a unit sends with its 调度表 and 清单 every month (宜明办字〔2023〕23号 四: 每月16日前
按要求上报调度表（附件1）、清单（附件2）和典型案例): the cases marked typical in the register of record
(``hazardflow case typical``), and any 公布典型执法案例 activities recorded by hand before them.

The notice prescribes no form for them: one line per case — 序号, 乡镇/部门, 公布日期, 企业, 案例
(the note recorded with it), 危险作业罪 (是/否) — cumulative from the campaign's start to ``as_of``
like the 调度表's own 公布典型执法案例 row.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import attrs

from hazardflow.checks import SHANGHAI, InvalidInput
from hazardflow.enforcement.activities import Activity, ActivityKind
from hazardflow.notices import Notice
from hazardflow.reports.render import Printable
from hazardflow.reports.sheet import Sheet
from hazardflow.store import Ledger
from hazardflow.store.codec import time_text

COLUMNS = ("序号", "乡镇/部门", "公布日期", "企业", "案例", "危险作业罪")
"""The columns of the typical-case list."""


@attrs.frozen
class CaseList(Printable):
    """The typical cases published from the campaign's start to ``as_of`` (of ``unit``, if given)."""

    as_of: date
    cases: tuple[Activity, ...]
    unit: str | None = None

    def sheet(self) -> Sheet:
        """One line per case, A4 portrait, one page wide, the header repeated on every page."""
        rows = tuple((i, c.unit, c.at.astimezone(SHANGHAI).date(), c.enterprise or "", c.note or "",
                      "是" if c.flag else "否") for i, c in enumerate(self.cases, start=1))
        return Sheet("典型案例", "典型案例", ("重大事故隐患专项排查整治典型案例",), (), (5, 14, 13, 18, 40, 10),
                     COLUMNS, rows, one_page=False)


def typical_cases(ledger: Ledger, notice: Notice, as_of: date, unit: str | None = None) -> CaseList:
    """The 公布典型执法案例 recorded from ``notice``'s start to the end of ``as_of`` (Beijing time)."""
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidInput("as_of", "a date", as_of)
    start = datetime.combine(notice.start, time(), SHANGHAI)
    end = datetime.combine(as_of + timedelta(days=1), time(), SHANGHAI)
    marked = [e.payload["activity"] for _, e in ledger.events_of("typical", ["publish"], before=time_text(end))]
    found = [*ledger.activities(kind=ActivityKind.TYPICAL_CASE, unit=unit),
             *(a for a in marked if unit is None or a.unit == unit)]
    return CaseList(as_of, tuple(sorted((a for a in found if start <= a.at < end), key=lambda a: a.at)), unit)
