"""The report facts' indexes shaped by what the reports read (issue 20), measured on bench/reports.py's
1,000,000-hazard SQLite register:

- the covering index of the facts led by the level: every hazard figure of the 调度表 and the 区县汇总
  counts hazards of a level (重大事故隐患), so a window of one level is one range of the index, a fifth
  of the register there (总体情况 1.0–1.4 s → 0.43 s); the columns are those of migration 0011;
- the index of first_reopened_at takes last_at and the id, so that the hazards `unsettled` at a
  cut-off (`reports.dispatch.unsettled`) are found in the index alone, not by reading the row of
  every hazard ever reopened (34,000 there: 0.24–0.6 s → 0.02 s).

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


_UNSETTLED = ["first_reopened_at", "last_at", "id"]


def upgrade() -> None:
    op.drop_index("ix_hazards_facts", "hazards")
    op.create_index("ix_hazards_facts", "hazards", ["level", "found_at", *_FACTS])
    op.drop_index("ix_hazards_first_reopened_at", "hazards")
    op.create_index("ix_hazards_first_reopened_at_last_at", "hazards", _UNSETTLED)


def downgrade() -> None:
    op.drop_index("ix_hazards_first_reopened_at_last_at", "hazards")
    op.create_index("ix_hazards_first_reopened_at", "hazards", _UNSETTLED[:1])
    op.drop_index("ix_hazards_facts", "hazards")
    op.create_index("ix_hazards_facts", "hazards", ["found_at", "level", *_FACTS])
