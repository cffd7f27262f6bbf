"""The directory (名录) in the register's database: saved whole in one transaction, read back unchanged.

Rows keep the registration order (``seq``), so a directory read back equals the one saved; kinds and
positions are stored as member names, sectors as a sorted JSON list.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, delete, insert, select

from hazardflow.checks import InvalidInput
from hazardflow.directory import Directory, Organisation, Person
from hazardflow.store.tables import directory_organisations, directory_people
from hazardflow.vocab import OrgKind, Position


def save(engine: Engine, directory: Directory) -> None:
    """Replace the stored directory with ``directory`` (all or nothing)."""
    if not isinstance(directory, Directory):
        raise InvalidInput("directory", "a hazardflow.Directory", directory)
    organisations = [
        {"seq": seq, "name": o.name, "kind": o.kind.name, "jurisdiction": o.place,
         "sectors": json.dumps(sorted(o.sectors), ensure_ascii=False), "staff": o.staff, "enterprise": o.of}
        for seq, o in enumerate(directory.organisations, 1)
    ]
    people = [{"seq": seq, "organisation": p.organisation, "name": p.name, "position": p.position.name}
              for seq, p in enumerate(directory.people, 1)]
    with engine.begin() as connection:
        connection.execute(delete(directory_people))
        connection.execute(delete(directory_organisations))
        if organisations:
            connection.execute(insert(directory_organisations), organisations)
        if people:
            connection.execute(insert(directory_people), people)


def load(engine: Engine) -> Directory | None:
    """The stored directory, or None if none was saved."""
    o, p = directory_organisations.c, directory_people.c
    with engine.connect() as connection:
        organisations = connection.execute(
            select(o.name, o.kind, o.jurisdiction, o.sectors, o.staff, o.enterprise).order_by(o.seq)).all()
        people = connection.execute(select(p.name, p.organisation, p.position).order_by(p.seq)).all()
    if not organisations:
        return None
    return Directory(
        [Organisation(name, OrgKind[kind], place, json.loads(sectors), staff, of)
         for name, kind, place, sectors, staff, of in organisations],
        [Person(name, organisation, Position[position]) for name, organisation, position in people],
    )
