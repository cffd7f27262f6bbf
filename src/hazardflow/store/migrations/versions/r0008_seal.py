"""The seal (ARCHITECTURE.md principle 11): one global, gap-free sequence over every event (hazards,
the other records, activities), each MAC'd under a key held outside the database, and the state of
the sequence; the idempotency keys of the units of work applied; a register that already holds
events is marked to be re-sealed once (`store.seal`).

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "seals",
        sa.Column("gseq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("alg", sa.String(16), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )
    op.create_index("ux_seals_event", "seals", ["source", "subject", "seq"], unique=True)
    state = op.create_table(
        "seal_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("gseq", sa.BigInteger, nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
        sa.Column("pending", sa.Boolean, nullable=False),
        sa.Column("resealed", sa.BigInteger),
        sa.Column("resealed_at", sa.String(64)),
    )
    op.create_table(
        "unit_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("by", sa.Text, nullable=False),
    )
    held = op.get_bind().execute(sa.text(
        "SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM record_events) "
        "+ (SELECT COUNT(*) FROM activities)")).scalar()
    op.bulk_insert(state, [{"id": 1, "gseq": 0, "mac": "", "pending": bool(held)}])


def downgrade() -> None:
    op.drop_table("unit_keys")
    op.drop_table("seal_state")
    op.drop_index("ux_seals_event", "seals")
    op.drop_table("seals")
