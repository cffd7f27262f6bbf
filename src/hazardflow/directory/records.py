"""The directory's records: an `Organisation` (单位) with its jurisdiction, and a `Person` with a post there.

A jurisdiction (属地 / 行政区划) is a path such as ``沈阳市/铁西区``: a department or government answers for
its own path and every path below it; an enterprise is *at* its path (its 属地).
"""

from __future__ import annotations

from typing import Any

import attrs

from hazardflow.checks import InvalidInput, of_type, text
from hazardflow.vocab import OrgKind, Position

SMALL_STAFF = 30
"""小微企业: fewer than 30 staff (巫山经信发〔2023〕5号 二(三))."""


def jurisdiction_path(value: object, field: str = "jurisdiction") -> tuple[str, ...]:
    """``沈阳市/铁西区`` (or a sequence of names) as its parts; a blank part is bad input."""
    parts = value.split("/") if isinstance(value, str) else value
    if not isinstance(parts, tuple | list) or not parts or not all(isinstance(p, str) and p.strip() for p in parts):
        raise InvalidInput(field, "a 行政区划 path such as 沈阳市/铁西区", value)
    return tuple(p.strip() for p in parts)


def _path(value: Any) -> tuple[str, ...]:
    return jurisdiction_path(value, "Organisation.jurisdiction")


def _sectors(value: Any) -> frozenset[str]:
    if isinstance(value, str) or not all(isinstance(s, str) and s.strip() for s in value):
        raise InvalidInput("Organisation.sectors", "a collection of sector names (e.g. [\"金属冶炼\"])", value)
    return frozenset(s.strip() for s in value)


def _staff(inst: Any, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise InvalidInput("Organisation.staff", "a number of staff (0 or more) or None", value)


@attrs.frozen
class Organisation:
    """单位: an enterprise, a supervising department, a government or town, a workers' congress, an expert pool.

    ``sectors`` are an enterprise's own sectors, or the sectors a department supervises (负有安全生产监督管理
    职责); ``staff`` sizes an enterprise (小微 below 30); a workers' congress names its enterprise in ``of``.
    """

    name: str = attrs.field(validator=text)
    kind: OrgKind = attrs.field(validator=of_type(OrgKind, "a hazardflow.OrgKind"))
    jurisdiction: tuple[str, ...] = attrs.field(converter=_path)
    sectors: frozenset[str] = attrs.field(default=frozenset(), converter=_sectors)
    staff: int | None = attrs.field(default=None, validator=_staff)
    of: str | None = attrs.field(default=None, validator=of_type(str, "the enterprise's name", optional=True))

    def __attrs_post_init__(self) -> None:
        if (self.kind is OrgKind.WORKERS_CONGRESS) != (self.of is not None):
            raise InvalidInput("Organisation.of", "the enterprise's name for a workers' congress (职工大会) only",
                               self.of)

    @property
    def place(self) -> str:
        """The jurisdiction as written: ``沈阳市/铁西区``."""
        return "/".join(self.jurisdiction)

    @property
    def small(self) -> bool:
        """小微企业 (巫山 二(三)): an enterprise with fewer than 30 staff."""
        return self.kind is OrgKind.ENTERPRISE and self.staff is not None and self.staff < SMALL_STAFF

    def covers(self, jurisdiction: tuple[str, ...]) -> bool:
        """Whether ``jurisdiction`` is this organisation's own or lies below it."""
        return jurisdiction[:len(self.jurisdiction)] == self.jurisdiction

    def supervises(self, sector: str, jurisdiction: tuple[str, ...]) -> bool:
        """A department competent for ``sector`` in ``jurisdiction`` (负有安全生产监督管理职责)."""
        return self.kind is OrgKind.DEPARTMENT and sector in self.sectors and self.covers(jurisdiction)


@attrs.frozen
class Person:
    """A person of an organisation, with a post there (主要负责人, 安全管理人员, 执法人员, 领导 …)."""

    name: str = attrs.field(validator=text)
    organisation: str = attrs.field(validator=text)
    position: Position = attrs.field(validator=of_type(Position, "a hazardflow.Position"))

    def __str__(self) -> str:
        return f"{self.organisation}{self.position.label}{self.name}"
