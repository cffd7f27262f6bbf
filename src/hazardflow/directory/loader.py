"""Reading and writing a directory as TOML (docs/directory-format.md); errors name the file and the key.

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

import json
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from hazardflow.checks import InvalidInput, read_toml
from hazardflow.directory.directory import Directory, organisation_data
from hazardflow.directory.records import Organisation, Person
from hazardflow.vocab import OrgKind, Position

E = TypeVar("E", bound=Enum)

_ORGANISATION_KEYS = ("name", "kind", "jurisdiction", "sectors", "staff", "of", "people")
_PERSON_KEYS = ("name", "organisation", "position")


class DirectoryError(InvalidInput):
    """A malformed directory file: ``.path`` (the file), ``.key`` (e.g. ``people[12].position``), what was expected."""

    def __init__(self, path: str, key: str, expected: str, got: object) -> None:
        self.path = path
        self.key = key
        self.field = f"{path}: {key}"
        self.expected = expected
        self.got = got
        ValueError.__init__(self, f"{path}: {key}: expected {expected}, got {got!r}")


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


def parse_directory(data: Mapping[str, Any], path: str) -> Directory:
    """Build a `Directory` from a parsed TOML mapping; ``path`` names the file in errors."""
    for name in data:
        if name not in ("organisations", "people"):
            raise DirectoryError(path, name, "one of the keys organisations, people", name)
    d = Directory()
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
    for key, item in entries:
        try:
            d.add(item)
        except InvalidInput as err:
            field = {"Organisation.of": "of", "Person.organisation": "organisation"}.get(err.field, "name")
            raise DirectoryError(path, f"{key}.{field}", err.expected, err.got) from None
    return d


def read_directory(path: Path) -> Directory:
    """Read and check the TOML directory at ``path``."""
    return parse_directory(read_toml(path, DirectoryError), str(path))


def _value(v: Any) -> str:
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
