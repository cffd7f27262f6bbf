"""A directory for the shared test actors (tests/conftest.py): 沈阳市, 铁西区, a steelworks and its people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import hazardflow as hf
from hazardflow.directory import Organisation, Person
from hazardflow.vocab import OrgKind, Position
from tests.conftest import ENTERPRISE

TIEXI = "沈阳市/铁西区"


def shenyang() -> hf.Directory:
    d = hf.Directory([
        Organisation(ENTERPRISE, OrgKind.ENTERPRISE, TIEXI, ["金属冶炼"], 800),
        Organisation("沈阳某钢铁公司职工代表大会", OrgKind.WORKERS_CONGRESS, TIEXI, of=ENTERPRISE),
        Organisation("沈阳某机械厂", OrgKind.ENTERPRISE, TIEXI, ["工贸"], 20),
        Organisation("沈阳市应急管理局", OrgKind.DEPARTMENT, "沈阳市", ["金属冶炼", "危险化学品"]),
        Organisation("铁西区应急管理局", OrgKind.DEPARTMENT, TIEXI, ["金属冶炼", "工贸"]),
        Organisation("铁西区文化旅游局", OrgKind.DEPARTMENT, TIEXI, ["文化旅游"]),
        Organisation("大连市应急管理局", OrgKind.DEPARTMENT, "大连市", ["金属冶炼"]),
        Organisation("铁西区人民政府", OrgKind.GOVERNMENT, TIEXI),
        Organisation("铁西区安委办", OrgKind.GOVERNMENT, TIEXI),
        Organisation("沈阳市安全专家库", OrgKind.EXPERT_POOL, "沈阳市"),
    ])
    for name, unit, position in [
        ("张三", ENTERPRISE, Position.STAFF), ("赵六", ENTERPRISE, Position.SAFETY_MANAGER),
        ("李四", ENTERPRISE, Position.PRINCIPAL), ("冯二", "沈阳某机械厂", Position.PRINCIPAL),
        ("王五", "沈阳市应急管理局", Position.INSPECTOR), ("钱七", "铁西区应急管理局", Position.INSPECTOR),
        ("吴十", "铁西区应急管理局", Position.INSPECTOR), ("郑一", "铁西区文化旅游局", Position.INSPECTOR),
        ("陈三", "大连市应急管理局", Position.INSPECTOR), ("周九", "铁西区人民政府", Position.LEADER),
        ("卫二", "铁西区安委办", Position.LEADER), ("孙八", "沈阳市安全专家库", Position.EXPERT),
    ]:
        d.add(Person(name, unit, position))
    return d


@pytest.fixture
def directory() -> Iterator[hf.Directory]:
    """The directory, in use for the test."""
    d = shenyang()
    with d.in_use():
        yield d
