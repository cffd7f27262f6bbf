"""The event tables in hash partitions of the record id, on PostgreSQL, when asked for (issue 20,
`store.partitions`: ``HAZARDFLOW_PG_PARTITIONS=N`` or `partitions.upgrade`); otherwise nothing changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

from hazardflow.store import partitions

revision = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    config = op.get_context().config
    n = partitions.asked(config.attributes if config is not None else {})
    if n and op.get_bind().dialect.name == "postgresql":
        partitions.create(op.get_bind(), n)


def downgrade() -> None:
    """The partitioned tables stay: they hold the same rows under the same keys as one table would."""
