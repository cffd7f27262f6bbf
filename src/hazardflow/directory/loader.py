"""Reading a directory's TOML (docs/directory-format.md) into its checked entries; errors name the file and the key.

    [[organisations]]
    name = "铁西区应急管理局"
    kind = "department"              # enterprise, department, government, town, workers_congress, expert_pool
    jurisdiction = "沈阳市/铁西区"
    sectors = ["金属冶炼", "危险化学品"]

    people = { inspector = ["钱七", "吴十"], leader = ["局长甲"] }   # its people by post, or:

    [[people]]
    name = "钱七"
    organisation = "铁西区应急管理局"
    position = "inspector"           # principal, safety_manager, staff, inspector, leader, expert
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

from hazardflow.checks import FileInputError, InvalidInput
from hazardflow.directory.records import Organisation, Person
from hazardflow.vocab import OrgKind, Position

E = TypeVar("E", bound=Enum)

_ORGANISATION_KEYS = ("name", "kind", "jurisdiction", "sectors", "staff", "of", "people")
_PERSON_KEYS = ("name", "organisation", "position")


class DirectoryError(FileInputError):
    """A malformed directory file: ``.path`` (the file), ``.key`` (e.g. ``people[12].position``), what was expected."""


def _member(enum: type[E], value: object) -> E | None:
    """The member named (in any case) or labelled ``value``, or None."""
    if isinstance(value, str):
        for m in enum:
            if value in (m.name.lower(), m.name, m.value):
                return m
    return None


def _table(path: str, key: str, value: object, keys: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise DirectoryError(path, key, "a table", value)
    for name in value:
        if name not in keys:
            raise DirectoryError(path, f"{key}.{name}", f"one of the keys {', '.join(keys)}", name)
    for name in keys[:3]:
        if name not in value:
            raise DirectoryError(path, f"{key}.{name}", "a value (the key is missing)", None)
    return value


def _organisation(path: str, key: str, t: Mapping[str, Any]) -> Organisation:
    kind = _member(OrgKind, t["kind"])
    if kind is None:
        raise DirectoryError(path, f"{key}.kind", f"one of {', '.join(k.name.lower() for k in OrgKind)}", t["kind"])
    try:
        return Organisation(t["name"], kind, t["jurisdiction"], t.get("sectors", ()), t.get("staff"), t.get("of"))
    except InvalidInput as err:
        field = err.field.removeprefix("Organisation.")
        raise DirectoryError(path, f"{key}.{field}", err.expected, err.got) from None


def _person(path: str, key: str, t: Mapping[str, Any]) -> Person:
    position = _member(Position, t["position"])
    if position is None:
        raise DirectoryError(path, f"{key}.position", f"one of {', '.join(p.name.lower() for p in Position)}",
                             t["position"])
    try:
        return Person(t["name"], t["organisation"], position)
    except InvalidInput as err:
        raise DirectoryError(path, f"{key}.{err.field.removeprefix('Person.')}", err.expected, err.got) from None


def _staff_of(path: str, key: str, t: Mapping[str, Any]) -> list[tuple[str, Organisation | Person]]:
    """An organisation's ``people = { principal = ["李四"], staff = ["张三", …] }``: its people by post."""
    posts = t["people"]
    if not isinstance(posts, dict):
        raise DirectoryError(path, f"{key}.people", 'a table of posts, e.g. { principal = ["李四"] }', posts)
    out: list[tuple[str, Organisation | Person]] = []
    for post, names in posts.items():
        field = f"{key}.people.{post}"
        position = _member(Position, post)
        if position is None:
            raise DirectoryError(path, field, f"a post: one of {', '.join(p.name.lower() for p in Position)}", post)
        if not isinstance(names, list):
            raise DirectoryError(path, field, "a list of names", names)
        for i, name in enumerate(names, 1):
            out.append((f"{field}[{i}]", _person(path, f"{field}[{i}]",
                                                 {"name": name, "organisation": t["name"], "position": post})))
    return out


def entries(data: Mapping[str, Any], path: str) -> list[tuple[str, Organisation | Person]]:
    """The checked organisations and people of a parsed TOML mapping, each with its key, in the order
    they are registered (an enterprise before its workers' congress, every organisation before its
    people); ``path`` names the file in errors."""
    for name in data:
        if name not in ("organisations", "people"):
            raise DirectoryError(path, name, "one of the keys organisations, people", name)
    entries: list[tuple[str, Organisation | Person]] = []
    for section, keys, build in (("organisations", _ORGANISATION_KEYS, _organisation),
                                 ("people", _PERSON_KEYS, _person)):
        items = data.get(section, [])
        if not isinstance(items, list):
            raise DirectoryError(path, section, f"an array of tables ([[{section}]])", items)
        for i, item in enumerate(items, 1):
            key = f"{section}[{i}]"
            table = _table(path, key, item, keys)
            entries.append((key, build(path, key, table)))
            if "people" in table:
                entries += _staff_of(path, key, table)
    # an enterprise before its workers' congress, every organisation before its people
    order = {OrgKind.WORKERS_CONGRESS: 1}
    entries.sort(key=lambda e: 2 if isinstance(e[1], Person) else order.get(e[1].kind, 0))
    return entries
