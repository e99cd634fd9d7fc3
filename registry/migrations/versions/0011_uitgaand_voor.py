"""Sharings in the outbox: the one subscriber a sharing at `startAanvraag` goes to (`uitgaand.voor`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("uitgaand", sa.Column("voor", sa.String(63), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("uitgaand") as batch:
        batch.drop_column("voor")
