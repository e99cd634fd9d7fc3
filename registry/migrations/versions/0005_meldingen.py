"""The notices an association has been shown, and which it put away.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "melding",
        sa.Column(
            "v_code",
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sleutel", sa.String(120), primary_key=True),
        sa.Column("getoond_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verborgen_op", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("melding")
