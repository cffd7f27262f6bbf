"""`Directory` (名录): who is who — organisations, their people, jurisdictions and supervised sectors.

A directory answers the questions every authority rule asks (ARCHITECTURE.md principle 8): is this
actor a registered person, of which organisation, in which post; which departments are competent for a
sector in a jurisdiction; which government or town answers for it; which workers' congress is an
enterprise's. It decides no rule: the guards (`hazard/authority.py`) do. Put one in use with
``with directory.in_use(): ...``: a context variable (`current`), so the domain asks the directory
without importing the store; threads and asyncio tasks keep theirs apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Protocol

from hazardflow.checks import InvalidInput, read_toml
from hazardflow.directory.loader import DirectoryError, entries
from hazardflow.directory.records import Organisation, Person
from hazardflow.vocab import OrgKind, Position

if TYPE_CHECKING:
    from pathlib import Path


class Named(Protocol):
    """Anything that names a person and their organisation (a `hazardflow.Actor`)."""

    @property
    def name(self) -> str: ...

    @property
    def organisation(self) -> str: ...


class Directory:
    """The 名录: ``Directory(organisations, people)``, ``Directory.load("名录.toml")``, or built with `add`."""

    def __init__(self, organisations: Iterable[Organisation] = (), people: Iterable[Person] = ()) -> None:
        self._organisations: dict[str, Organisation] = {}
        self._people: dict[tuple[str, str], Person] = {}
        self._congress: dict[str, Organisation] = {}
        self._answers: dict[tuple[str | None, tuple[str, ...]], list[Organisation]] = {}
        for organisation in organisations:
            self.add(organisation)
        for person in people:
            self.add(person)

    @classmethod
    def load(cls, path: str | Path) -> Directory:
        """Read a directory from a TOML file (docs/directory-format.md); errors name the file and the key."""
        return parse_directory(read_toml(path, DirectoryError), str(path))

    # editing ------------------------------------------------------------------------------------

    def add(self, item: Organisation | Person) -> None:
        """Register an organisation, or a person of a registered organisation; a duplicate is bad input."""
        if isinstance(item, Organisation):
            if item.name in self._organisations:
                raise InvalidInput("organisation", "a name not yet in the directory", item.name)
            if item.of is not None:
                owner = self._organisations.get(item.of)
                if owner is None or owner.kind is not OrgKind.ENTERPRISE:
                    raise InvalidInput("Organisation.of", "an enterprise already in the directory", item.of)
            self._organisations[item.name] = item
            if item.of is not None:
                self._congress.setdefault(item.of, item)
            self._answers.clear()
        elif isinstance(item, Person):
            if item.organisation not in self._organisations:
                raise InvalidInput("Person.organisation", "an organisation already in the directory",
                                   item.organisation)
            if (item.organisation, item.name) in self._people:
                raise InvalidInput("person", f"a name not yet registered at {item.organisation}", item.name)
            self._people[item.organisation, item.name] = item
        else:
            raise InvalidInput("item", "a hazardflow.Organisation or hazardflow.Person", item)

    # reading ------------------------------------------------------------------------------------

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """Every organisation, in registration order."""
        return tuple(self._organisations.values())

    @property
    def people(self) -> tuple[Person, ...]:
        """Every person, in registration order."""
        return tuple(self._people.values())

    def __len__(self) -> int:
        return len(self._organisations)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self.organisations)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Directory):
            return NotImplemented
        return self._organisations == other._organisations and self._people == other._people

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Directory({len(self._organisations)} organisations, {len(self._people)} people)"

    def organisation(self, name: str) -> Organisation | None:
        """The organisation called ``name``, or None if it is not registered."""
        return self._organisations.get(name)

    def person(self, name: str, organisation: str) -> Person | None:
        """The person ``name`` of ``organisation``, or None if not registered."""
        return self._people.get((organisation, name))

    def resolve(self, actor: Named) -> Person | None:
        """The registered person an actor is (same name, same organisation), or None."""
        return self._people.get((actor.organisation, actor.name))

    def members(self, organisation: str, *positions: Position) -> list[Person]:
        """The people of ``organisation`` (in any of ``positions``, or all)."""
        return [p for p in self._people.values()
                if p.organisation == organisation and (not positions or p.position in positions)]

    def competent(self, sector: str, jurisdiction: tuple[str, ...]) -> list[Organisation]:
        """The departments that supervise ``sector`` over ``jurisdiction``, nearest first."""
        answer = self._answers.get((sector, jurisdiction))
        if answer is None:
            found = [o for o in self._organisations.values() if o.supervises(sector, jurisdiction)]
            answer = self._answers[sector, jurisdiction] = sorted(found, key=lambda o: -len(o.jurisdiction))
        return list(answer)

    def governments(self, jurisdiction: tuple[str, ...]) -> list[Organisation]:
        """The governments (党委政府/安委办) and towns answering for ``jurisdiction``, nearest first."""
        answer = self._answers.get((None, jurisdiction))
        if answer is None:
            found = [o for o in self._organisations.values()
                     if o.kind in (OrgKind.GOVERNMENT, OrgKind.TOWN) and o.covers(jurisdiction)]
            answer = self._answers[None, jurisdiction] = sorted(found, key=lambda o: -len(o.jurisdiction))
        return list(answer)

    def congress(self, enterprise: str) -> Organisation | None:
        """The enterprise's 职工大会 / 职工代表大会, if registered."""
        return self._congress.get(enterprise)

    def in_use(self) -> AbstractContextManager[Directory | None]:
        """``with directory.in_use(): ...``: every authority rule asks this directory inside the block."""
        return using(self)

    # as data ------------------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The directory as the mapping its TOML file holds (docs/directory-format.md)."""
        return {"organisations": [organisation_data(o) for o in self.organisations],
                "people": [{"name": p.name, "organisation": p.organisation, "position": p.position.name.lower()}
                           for p in self.people]}


def organisation_data(o: Organisation) -> dict[str, Any]:
    """One organisation as a TOML table: only the keys it has."""
    data: dict[str, Any] = {"name": o.name, "kind": o.kind.name.lower(), "jurisdiction": o.place}
    if o.sectors:
        data["sectors"] = sorted(o.sectors)
    if o.staff is not None:
        data["staff"] = o.staff
    if o.of is not None:
        data["of"] = o.of
    return data


def parse_directory(data: Mapping[str, Any], path: str) -> Directory:
    """Build a `Directory` from a parsed TOML mapping; ``path`` names the file in errors."""
    d = Directory()
    for key, item in entries(data, path):
        try:
            d.add(item)
        except InvalidInput as err:
            field = {"Organisation.of": "of", "Person.organisation": "organisation"}.get(err.field, "name")
            raise DirectoryError(path, f"{key}.{field}", err.expected, err.got) from None
    return d


def _value(v: Any) -> str:
    import json  # dumps only, not on ``import hazardflow`` (issue 20)

    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return str(v) if isinstance(v, int) else json.dumps(v, ensure_ascii=False)


def dumps(d: Directory) -> str:
    """The directory as TOML text that `Directory.load` reads back unchanged: each organisation with its
    people by post (the compact form), in registration order."""
    lines: list[str] = []
    for o in d.organisations:
        lines += ["", "[[organisations]]", *(f"{k} = {_value(v)}" for k, v in organisation_data(o).items())]
        posts: dict[str, list[str]] = {}
        for p in d.members(o.name):
            posts.setdefault(p.position.name.lower(), []).append(p.name)
        if posts:
            lines.append("people = { " + ", ".join(f"{k} = {_value(v)}" for k, v in posts.items()) + " }")
    return "\n".join(lines[1:]) + "\n"


_CURRENT: ContextVar[Directory | None] = ContextVar("hazardflow_directory", default=None)


def current() -> Directory | None:
    """The directory in use here, or None: with none (a quick in-memory use) the guards keep their role checks."""
    return _CURRENT.get()


@contextmanager
def using(directory: Directory | None) -> Iterator[Directory | None]:
    """Put ``directory`` in use for the block (None: none in use), restoring the previous one after."""
    token = _CURRENT.set(directory)
    try:
        yield directory
    finally:
        _CURRENT.reset(token)
