"""Feedback that visitors leave on a page or a service of the portal.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pagina", sa.String(200), nullable=False),
        sa.Column("dienst", sa.String(120), nullable=True),
        sa.Column("oordeel", sa.String(16), nullable=True),
        sa.Column("tekst", sa.String(2000), nullable=False),
        sa.Column("taal", sa.String(2), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feedback")
