"""The typical cases sent with the 调度表 and the 清单 (宜明办字〔2023〕23号 四), cumulative to ``as_of``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import hazardflow as hf
from tests.conftest import at

MINGYUESHAN = hf.notices.load("mingyueshan-2023")


def test_cases_from_the_start_to_the_end_of_as_of(tmp_path: Path, inspector: hf.Actor) -> None:
    ledger = hf.Ledger(f"sqlite:///{tmp_path / 'cases.db'}")
    ledger.record(*(hf.Activity(hf.ActivityKind.TYPICAL_CASE, unit, when, inspector, enterprise="甲公司",
                                flag=flag, note=note)
                    for unit, when, flag, note in [("温汤镇", at(6, 16, 23), True, "未批先动火案"),
                                                   ("温汤镇", at(6, 17, 0), False, "次日的案例"),
                                                   ("洪江镇", at(6, 10), False, "别镇的案例"),
                                                   ("温汤镇", at(4, 30), False, "行动开始前的案例")]))
    cases = hf.reports.typical_cases(ledger, MINGYUESHAN, date(2023, 6, 16), unit="温汤镇")
    assert [c.note for c in cases.cases] == ["未批先动火案"]
    sheet = cases.sheet()
    assert sheet.rows == ((1, "温汤镇", date(2023, 6, 16), "甲公司", "未批先动火案", "是"),)
    assert sheet.header[0] == "序号" and not sheet.one_page
    assert len(hf.reports.typical_cases(ledger, MINGYUESHAN, date(2023, 6, 17)).cases) == 3
    with pytest.raises(hf.InvalidInput, match="as_of"):
        hf.reports.typical_cases(ledger, MINGYUESHAN, "2023-06-16")  # type: ignore[arg-type]
