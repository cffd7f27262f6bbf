"""What a token's person may see over HTTP (else 403), decided from the stored directory (名录).

- an enterprise's people: their enterprise's hazards and records (安全生产法 第四条: 生产经营单位 is
  responsible for its own hazards);
- a department (负有安全生产监督管理职责的部门): the hazards of the registered enterprises within its
  jurisdiction in the sectors it supervises (安全生产法 第十条; 宜明 一(二), as `Organisation.supervises`);
- a government, town or expert pool: the hazards of the registered enterprises within its jurisdiction.

An enterprise not in the directory is seen by its own people only.
"""

from __future__ import annotations

from typing import Any

import attrs

import hazardflow as hf


@attrs.frozen
class Scope:
    """The enterprises (and, for a department, the sectors; None: all) whose hazards a token sees;
    ``supervised``: for a department, those of its enterprises registered in a sector it supervises
    (whose records it sees)."""

    enterprises: frozenset[str]
    sectors: frozenset[str] | None = None
    organisation: hf.Organisation | None = None
    supervised: frozenset[str] = frozenset()
    bodies: frozenset[str] = frozenset()
    """The organisations (departments, towns) within an authority's territory: a report may be asked
    for one of them by name, as the 调度表 is filled in by 各地区、各有关部门."""

    def sees(self, enterprise: str, sector: str | None = None) -> bool:
        """Whether a hazard of ``enterprise`` in ``sector``, or (no sector) a record about
        ``enterprise``, is within the scope."""
        if self.sectors is None:
            return enterprise in self.enterprises
        if sector is None:
            return enterprise in self.supervised
        return enterprise in self.enterprises and sector in self.sectors

    def filters(self) -> dict[str, Any]:
        """The scope as `Ledger.query` filters (applied in SQL)."""
        return {"enterprises": self.enterprises, **({} if self.sectors is None else {"sectors": self.sectors})}

    def covers(self, jurisdiction: str) -> bool:
        """Whether ``jurisdiction`` (a path such as 沈阳市/铁西区) lies within an authority's territory."""
        if self.organisation is None or self.organisation.kind is hf.OrgKind.ENTERPRISE:
            return False
        return jurisdiction in self.bodies or self.organisation.covers(tuple(jurisdiction.split("/")))


def scope(directory: hf.Directory | None, actor: hf.Actor) -> Scope:
    """The scope of ``actor`` (a token's person) in ``directory``."""
    org = None if directory is None else directory.organisation(actor.organisation)
    if org is None or org.kind is hf.OrgKind.ENTERPRISE or directory is None:
        return Scope(frozenset({actor.organisation}), None, org)
    inside = [o for o in directory.organisations if org.covers(o.jurisdiction)]
    within = [o for o in inside if o.kind is hf.OrgKind.ENTERPRISE]
    enterprises = frozenset(o.name for o in within)
    bodies = frozenset(o.name for o in inside if o.kind in (hf.OrgKind.DEPARTMENT, hf.OrgKind.TOWN))
    if org.kind is not hf.OrgKind.DEPARTMENT:
        return Scope(enterprises, None, org, bodies=bodies)
    return Scope(enterprises, org.sectors, org, frozenset(o.name for o in within if o.sectors & org.sectors), bodies)
