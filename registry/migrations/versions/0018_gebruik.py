"""Usage figures: a counter per month of what no other table holds (logins).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gebruik",
        sa.Column("maand", sa.String(7), primary_key=True),
        sa.Column("soort", sa.String(40), primary_key=True),
        sa.Column("sleutel", sa.String(120), primary_key=True),
        sa.Column("aantal", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("gebruik")
