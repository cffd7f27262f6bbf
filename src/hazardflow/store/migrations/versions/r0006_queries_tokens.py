"""Indexes for the hazard queries (discovery order, listings) and the HTTP API's tokens, hashed at rest.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_hazards_found_at_id", "hazards", ["found_at", "id"])
    op.create_index("ix_listings_delisted_at", "listings", ["delisted_at"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("jurisdiction", sa.String(200)),
        sa.Column("created_at", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.String(64)),
    )
    op.create_index("ix_api_tokens_digest", "api_tokens", ["digest"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_api_tokens_digest", "api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_listings_delisted_at", "listings")
    op.drop_index("ix_hazards_found_at_id", "hazards")
