"""Per-hazard report facts (issue 20, `store.facts`): closed_at, reopened_at, listed_at, last_at on
hazards, filled from the events already stored; an index on last_at, and one covering what the
调度表's 总体情况 reads of a hazard (found_at, level, source, unit and the facts), so it is an index scan.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

_FILL = {
    "closed_at": "SELECT max(e.at) FROM events e WHERE e.hazard_id = hazards.id AND e.trigger = 'close'",
    "reopened_at": "SELECT max(e.at) FROM events e WHERE e.hazard_id = hazards.id AND e.trigger = 'reopen'",
    "listed_at": ("SELECT min(e.at) FROM events e WHERE e.hazard_id = hazards.id "
                  "AND e.trigger = 'list_for_supervision'"),
    "last_at": "SELECT max(e.at) FROM events e WHERE e.hazard_id = hazards.id",
}
"""Each fact as the aggregate of the stored events that `store.facts.then` computes on write."""


def upgrade() -> None:
    for name in _FILL:
        op.add_column("hazards", sa.Column(name, sa.String(64)))
    op.execute(f"UPDATE hazards SET {', '.join(f'{name} = ({query})' for name, query in _FILL.items())}")
    op.create_index("ix_hazards_last_at", "hazards", ["last_at"])
    op.create_index("ix_hazards_facts", "hazards",
                    ["found_at", "level", "source", "unit", "closed_at", "reopened_at", "listed_at"])


def downgrade() -> None:
    op.drop_index("ix_hazards_facts", "hazards")
    op.drop_index("ix_hazards_last_at", "hazards")
    for name in reversed(list(_FILL)):
        op.drop_column("hazards", name)  # SQLite 3.35+: ALTER TABLE DROP COLUMN
