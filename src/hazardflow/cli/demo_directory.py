"""A realistic directory (名录) for the demo: districts and their towns, departments per sector, the
government's 安委办, and enterprises with their staff and workers' congress.

`for_simulation` registers every actor the demo's `Simulation` uses, where it stands: each district's
应急管理局 supervises its enterprises' sectors over the district; one department per sector of the
notice (宜明: the 一(二) lead departments, `Notice.lead_departments`) supervises it over the whole area;
each enterprise sits in a town of its district with a principal, a safety manager, an acceptor and
workers, and has a 职工代表大会 (安全生产法 第四十一条). `generate` builds the same shape at any size
(bench/directory.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Protocol

import attrs

import hazardflow as hf
from hazardflow.notices import Notice

PLACES = {
    "shenyang-2023": "沈阳市", "mingyueshan-2023": "明月山温泉风景名胜区", "dongsheng-2023": "鄂尔多斯市/东胜区",
    "wushan-2023": "重庆市/巫山县", "wuhua-2020": "梅州市/五华县",
}
"""The area each seed notice governs: the root of the demo's jurisdiction paths."""
TOWNS = ("城关镇", "新华街道")
WORKERS = 2
"""Workers (从业人员) registered per enterprise besides its principal, safety manager and acceptor."""


def congress(enterprise: str) -> str:
    """The name of an enterprise's 职工代表大会 in the demo directory."""
    return f"{enterprise}职工代表大会"


def acceptor(enterprise: str) -> str:
    """The name of the demo enterprise's own acceptor (验收员), who accepts its general hazards."""
    return f"验收员{enterprise[-7:-4]}"


@attrs.frozen
class Firm:
    """An enterprise to register: its name, sector, district, and the names of its principal and safety manager."""

    name: str
    sector: str
    district: str
    principal: str
    safety_manager: str


def _area(district: str) -> str:
    """The district a district 应急管理局 answers for (第1区应急管理局 → 第1区)."""
    return district.removesuffix("应急管理局") or district


def _lead_departments(notice: Notice) -> list[tuple[str, tuple[str, ...]]]:
    """The notice's lead department per sector, else one 行业主管部门 per sector of its scope."""
    if notice.lead_departments:
        return list(notice.lead_departments)
    return [(f"{sector}行业主管部门", (sector,)) for sector in notice.scope_sectors]


def generate(notice: Notice, firms: Iterable[Firm], districts: Sequence[tuple[str, str]], *, seed: int = 0,
             workers: int = WORKERS) -> hf.Directory:
    """The directory for ``firms`` in ``districts`` (district name, its 应急管理局's inspector) under ``notice``."""
    rng = random.Random(seed)
    root = PLACES.get(notice.id, notice.issuer)
    place = root.split("/")[-1]
    d = hf.Directory()
    people: list[hf.Person] = []

    def add(organisation: hf.Organisation, *staff: tuple[str, hf.Position]) -> None:
        d.add(organisation)
        people.extend(hf.Person(name, organisation.name, position) for name, position in staff)

    firms = list(firms)
    add(hf.Organisation(f"{notice.issuer}（安委会）", hf.OrgKind.GOVERNMENT, root),
        ("安委会办公室", hf.Position.LEADER))
    add(hf.Organisation(notice.issuer, hf.OrgKind.DEPARTMENT, root, notice.scope_sectors),
        ("演示录入员", hf.Position.INSPECTOR))
    for department, sectors in _lead_departments(notice):
        add(hf.Organisation(f"{place}{department}", hf.OrgKind.DEPARTMENT, root, sectors),
            (f"{department}执法员", hf.Position.INSPECTOR), (f"{department}负责人", hf.Position.LEADER))
    for district, inspector in districts:
        mine = [f for f in firms if f.district == district]
        area = _area(district)
        add(hf.Organisation(district, hf.OrgKind.DEPARTMENT, f"{root}/{area}",
                            sorted({f.sector for f in mine} | set(notice.scope_sectors))),
            (inspector, hf.Position.INSPECTOR), (f"{area}应急局局长", hf.Position.LEADER))
        for town in TOWNS:
            add(hf.Organisation(f"{area}{town}", hf.OrgKind.TOWN, f"{root}/{area}/{town}"),
                (f"{area}{town}负责人", hf.Position.LEADER))
    for i, f in enumerate(firms):
        jurisdiction = f"{root}/{_area(f.district)}/{TOWNS[i % len(TOWNS)]}"
        add(hf.Organisation(f.name, hf.OrgKind.ENTERPRISE, jurisdiction, [f.sector], rng.randint(8, 600)),
            (f.principal, hf.Position.PRINCIPAL), (f.safety_manager, hf.Position.SAFETY_MANAGER),
            (acceptor(f.name), hf.Position.STAFF),
            *((f"{f.name[:6]}职工{n + 1}", hf.Position.STAFF) for n in range(workers)))
        add(hf.Organisation(congress(f.name), hf.OrgKind.WORKERS_CONGRESS, jurisdiction, of=f.name))
    for p in people:
        d.add(p)
    return d


class Simulated(Protocol):
    """A demo enterprise (`demo.Enterprise`): its name, sector, 属地, supervising department and people."""

    name: str
    sector: str
    unit: str
    department: hf.Actor
    staff: hf.Actor
    principal: hf.Actor


def for_simulation(notice: Notice, enterprises: Iterable[Simulated], offices: Iterable[hf.Actor],
                   towns: Iterable[hf.Actor], clerk: hf.Actor, government: hf.Actor, seed: int) -> hf.Directory:
    """The directory of the demo `Simulation` as it acts: the notice's own departments (each its head, who
    inspects, accepts and files) over the whole area, supervising its enterprises' sectors (the inspecting
    office: every sector); the towns that join, with their 分管 leader; each enterprise in its town, with
    its principal, its safety officer (``staff``, the rectifier) as safety manager, an acceptor, workers
    and a 职工代表大会 (安全生产法 第四十一条)."""
    rng = random.Random(seed)
    root = PLACES.get(notice.id, notice.issuer)
    firms, towns = list(enterprises), list(towns)
    every = sorted({f.sector for f in firms} | set(notice.scope_sectors))
    d = hf.Directory()
    people: list[hf.Person] = []

    def add(organisation: hf.Organisation, *staff: tuple[str, hf.Position]) -> None:
        if organisation.name not in registered:  # an issuer may be one of the notice's own offices (东胜 国资委)
            registered.add(organisation.name)
            d.add(organisation)
        people.extend(hf.Person(name, organisation.name, position) for name, position in staff)

    registered: set[str] = set()
    add(hf.Organisation(government.organisation, hf.OrgKind.GOVERNMENT, root), (government.name, hf.Position.LEADER))
    add(hf.Organisation(clerk.organisation, hf.OrgKind.DEPARTMENT, root, every), (clerk.name, hf.Position.INSPECTOR))
    for office in offices:
        supervised = sorted({f.sector for f in firms if f.department.organisation == office.organisation}) or every
        add(hf.Organisation(office.organisation, hf.OrgKind.DEPARTMENT, root, supervised),
            (office.name, hf.Position.LEADER))
    place = {t.organisation: f"{root}/{t.organisation}" for t in towns}
    for town in towns:
        add(hf.Organisation(town.organisation, hf.OrgKind.TOWN, place[town.organisation]),
            (town.name, hf.Position.LEADER))
    for f in firms:
        jurisdiction = place.get(f.unit, root)
        add(hf.Organisation(f.name, hf.OrgKind.ENTERPRISE, jurisdiction, [f.sector], rng.randint(8, 600)),
            (f.principal.name, hf.Position.PRINCIPAL), (f.staff.name, hf.Position.SAFETY_MANAGER),
            (acceptor(f.name), hf.Position.STAFF),
            *((f"{f.name[:6]}职工{n + 1}", hf.Position.STAFF) for n in range(WORKERS)))
        add(hf.Organisation(congress(f.name), hf.OrgKind.WORKERS_CONGRESS, jurisdiction, of=f.name))
    for person in people:
        d.add(person)
    return d
