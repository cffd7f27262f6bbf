"""The initial register: hazards, plans, listings, reports and the hash-chained events.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "hazards",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("enterprise", sa.String(200), nullable=False),
        sa.Column("sector", sa.String(100), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("key", sa.Boolean, nullable=False),
        sa.Column("found_at", sa.String(64), nullable=False),
        sa.Column("found_by", sa.Text, nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("deadline", sa.String(10)),
        sa.Column("rectifier", sa.Text),
        sa.Column("evidence", sa.Text),
        sa.Column("acceptance", sa.Text),
        sa.Column("assessment", sa.Text),
        sa.Column("sham", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("head", sa.String(64), nullable=False),
    )
    for column in ("stage", "level", "source", "unit", "enterprise", "sector", "deadline"):
        op.create_index(f"ix_hazards_{column}", "hazards", [column])
    op.create_table(
        "plans",
        sa.Column("hazard_id", sa.String(64), sa.ForeignKey("hazards.id"), primary_key=True),
        sa.Column("responsible", sa.Text),
        sa.Column("measures", sa.Text),
        sa.Column("funds", sa.String(40)),
        sa.Column("deadline", sa.String(10)),
        sa.Column("contingency", sa.Text),
    )
    op.create_table(
        "listings",
        sa.Column("hazard_id", sa.String(64), sa.ForeignKey("hazards.id"), primary_key=True),
        sa.Column("authority", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("number", sa.String(200), nullable=False),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("delisted_at", sa.String(64)),
    )
    op.create_table(
        "reports",
        sa.Column("hazard_id", sa.String(64), sa.ForeignKey("hazards.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("at", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("hazard_id", "seq", name="pk_reports"),
    )
    op.create_table(
        "events",
        sa.Column("hazard_id", sa.String(64), sa.ForeignKey("hazards.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("trigger", sa.String(40), nullable=False),
        sa.Column("from_stage", sa.String(16)),
        sa.Column("to_stage", sa.String(16), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("hazard_id", "seq", name="pk_events"),
    )


def downgrade() -> None:
    for table in ("events", "reports", "listings", "plans"):
        op.drop_table(table)
    for column in ("stage", "level", "source", "unit", "enterprise", "sector", "deadline"):
        op.drop_index(f"ix_hazards_{column}", "hazards")
    op.drop_table("hazards")
