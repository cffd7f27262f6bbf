"""The register of record: every other aggregate (cases, suspensions, participations, noted values)
with its hash-chained events, beside the hazards (which keep their tables and rows untouched).

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("head", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("kind", "id", name="pk_records"),
    )
    op.create_table(
        "record_events",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(200), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("trigger", sa.String(40), nullable=False),
        sa.Column("from_stage", sa.String(40)),
        sa.Column("to_stage", sa.String(40)),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", "seq", name="pk_record_events"),
        sa.ForeignKeyConstraint(["kind", "record_id"], ["records.kind", "records.id"],
                                name="fk_record_events_records"),
    )
    op.create_index("ix_record_events_kind_trigger_at", "record_events", ["kind", "trigger", "at"])


def downgrade() -> None:
    op.drop_index("ix_record_events_kind_trigger_at", "record_events")
    op.drop_table("record_events")
    op.drop_table("records")
