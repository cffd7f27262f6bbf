"""The directory (名录) in the Ledger: saved and read back unchanged on SQLite and PostgreSQL (migration 0003)."""

from __future__ import annotations

import hazardflow as hf
from hazardflow.cli.demo_directory import Firm, generate
from hazardflow.directory import Organisation, Person
from hazardflow.vocab import OrgKind, Position


def big() -> hf.Directory:
    """200 organisations and 2,000 people, the size bench/directory.py loads."""
    notice = hf.notices.load("shenyang-2023")
    districts = [(f"第{i + 1}区应急管理局", f"执法员{i + 1}") for i in range(4)]
    firms = [Firm(f"示范企业{i + 1:03d}有限公司", notice.scope_sectors[i % len(notice.scope_sectors)],
                  districts[i % 4][0], f"负责人{i + 1}", f"安全员{i + 1}") for i in range(90)]
    return generate(notice, firms, districts, workers=19)


def test_nothing_saved_reads_none(ledger: hf.Ledger) -> None:
    assert ledger.directory() is None


def test_round_trip_unchanged(ledger: hf.Ledger) -> None:
    d = big()
    assert len(d) >= 200 and len(d.people) >= 2000
    ledger.save_directory(d)
    again = ledger.directory()
    assert again == d
    assert again is not None and again.organisations == d.organisations and again.people == d.people


def test_saving_replaces_the_stored_directory(ledger: hf.Ledger) -> None:
    ledger.save_directory(big())
    small = hf.Directory([Organisation("铁西区应急管理局", OrgKind.DEPARTMENT, "沈阳市/铁西区", ["金属冶炼"])],
                         [Person("钱七", "铁西区应急管理局", Position.INSPECTOR)])
    ledger.save_directory(small)
    assert ledger.directory() == small
