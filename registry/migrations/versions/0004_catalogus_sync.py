"""How far each external catalog of offerings has been synced: one watermark per bron.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogus_sync",
        sa.Column("bron", sa.String(120), primary_key=True),
        sa.Column("laatste_sync", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("catalogus_sync")
