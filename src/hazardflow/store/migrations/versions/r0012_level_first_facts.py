"""The covering index of the report facts led by the level (issue 20): every hazard figure of the
调度表 and the 区县汇总 counts hazards of a level (重大事故隐患), so a window of one level is one range of
the index, a fifth of the rows of the register measured (bench/reports.py: 总体情况 over 1,000,000
hazards 1.0–1.4 s → 0.43 s on SQLite); the columns are those of migration 0011.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None

_FACTS = ["source", "unit", "first_closed_at", "first_reopened_at", "closed_at", "reopened_at", "last_at",
          "listed_at", "id"]
"""The columns after the leading two, as migration 0011 ordered them."""


def upgrade() -> None:
    op.drop_index("ix_hazards_facts", "hazards")
    op.create_index("ix_hazards_facts", "hazards", ["level", "found_at", *_FACTS])


def downgrade() -> None:
    op.drop_index("ix_hazards_facts", "hazards")
    op.create_index("ix_hazards_facts", "hazards", ["found_at", "level", *_FACTS])
