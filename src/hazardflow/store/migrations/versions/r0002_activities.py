"""Recorded activities and spot-check findings, for the 调度表's non-hazard rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("enterprise", sa.String(200)),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("amount_fen", sa.BigInteger),
        sa.Column("flag", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_activities_kind_at", "activities", ["kind", "at"])
    op.create_index("ix_activities_unit", "activities", ["unit"])
    op.create_table(
        "activity_findings",
        sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id"), nullable=False),
        sa.Column("finding", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", "finding", name="pk_activity_findings"),
    )


def downgrade() -> None:
    op.drop_table("activity_findings")
    op.drop_index("ix_activities_unit", "activities")
    op.drop_index("ix_activities_kind_at", "activities")
    op.drop_table("activities")
