"""The report facts that make a report one scan of hazards as of any day (issue 20, `store.facts`):
first_closed_at, first_reopened_at, assigned_at and extended_at on hazards, filled from the events
already stored; the covering index of the 调度表's 总体情况 takes the new facts, last_at and the id (which
the correlated read of a reopened hazard's events names) too, and the
indexes of a jurisdiction's hazards (and of a level's) their found_at, so that a jurisdiction's
campaign window (of major hazards) is one range of an index; an index of first_reopened_at finds the
few hazards whose facts leave their state at a cut-off open (`reports.dispatch.unsettled`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

_FILL = {
    "first_closed_at": "SELECT min(e.at) FROM events e WHERE e.hazard_id = hazards.id AND e.trigger = 'close'",
    "first_reopened_at": "SELECT min(e.at) FROM events e WHERE e.hazard_id = hazards.id AND e.trigger = 'reopen'",
    "assigned_at": "SELECT min(e.at) FROM events e WHERE e.hazard_id = hazards.id AND e.trigger = 'assign'",
    "extended_at": "SELECT min(e.at) FROM events e WHERE e.hazard_id = hazards.id AND e.trigger = 'extend'",
}
"""Each fact as the aggregate of the stored events that `store.facts.then` computes on write."""

_COVERED = ["found_at", "level", "source", "unit", "closed_at", "reopened_at", "listed_at"]
"""The covering index as migration 0009 made it."""

_NARROWED = {"unit": ["unit", "found_at"], "level": ["level", "unit", "found_at"]}
"""The single-column indexes that take more columns (``ix_hazards_unit`` → ``ix_hazards_unit_found_at``)."""


def _name(columns: list[str]) -> str:
    return "ix_hazards_" + "_".join(columns)


def upgrade() -> None:
    for name in _FILL:
        op.add_column("hazards", sa.Column(name, sa.String(64)))
    op.execute(f"UPDATE hazards SET {', '.join(f'{name} = ({query})' for name, query in _FILL.items())}")
    for old, columns in _NARROWED.items():
        op.drop_index(_name([old]), "hazards")
        op.create_index(_name(columns), "hazards", columns)
    op.create_index("ix_hazards_first_reopened_at", "hazards", ["first_reopened_at"])
    op.drop_index("ix_hazards_facts", "hazards")
    op.create_index("ix_hazards_facts", "hazards", ["found_at", "level", "source", "unit", "first_closed_at",
                                                    "first_reopened_at", "closed_at", "reopened_at", "last_at",
                                                    "listed_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_hazards_first_reopened_at", "hazards")
    op.drop_index("ix_hazards_facts", "hazards")
    op.create_index("ix_hazards_facts", "hazards", _COVERED)
    for old, columns in _NARROWED.items():
        op.drop_index(_name(columns), "hazards")
        op.create_index(_name([old]), "hazards", [old])
    for name in reversed(list(_FILL)):
        op.drop_column("hazards", name)
