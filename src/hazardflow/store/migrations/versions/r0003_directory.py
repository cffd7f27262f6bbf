"""The directory (名录): organisations and people, for the authority rules (principle 8).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "directory_organisations",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("jurisdiction", sa.Text, nullable=False),
        sa.Column("sectors", sa.Text, nullable=False),
        sa.Column("staff", sa.Integer),
        sa.Column("enterprise", sa.String(200)),
    )
    op.create_index("ux_directory_organisations_name", "directory_organisations", ["name"], unique=True)
    op.create_table(
        "directory_people",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("position", sa.String(32), nullable=False),
    )
    op.create_index("ux_directory_people", "directory_people", ["organisation", "name"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_directory_people", "directory_people")
    op.drop_table("directory_people")
    op.drop_index("ux_directory_organisations_name", "directory_organisations")
    op.drop_table("directory_organisations")
