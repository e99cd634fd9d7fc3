"""Mandates an association grants in the hub: one row per mandate, kept when withdrawn or ended.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mandaat",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "v_code", sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("insz", sa.String(11), nullable=False),
        sa.Column("naam", sa.String(120), nullable=True),
        sa.Column("reikwijdte", sa.String(16), nullable=False),
        sa.Column("einddatum", sa.Date(), nullable=False),
        sa.Column("verleend_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verleend_door", sa.String(255), nullable=False),
        sa.Column("verleend_door_naam", sa.String(250), nullable=True),
        sa.Column("ingetrokken_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ingetrokken_door", sa.String(255), nullable=True),
        sa.Column("ingetrokken_door_naam", sa.String(250), nullable=True),
    )
    op.create_index("ix_mandaat_insz_einddatum", "mandaat", ["insz", "einddatum"])
    op.create_index("ix_mandaat_v_code_id", "mandaat", ["v_code", "id"])


def downgrade() -> None:
    op.drop_table("mandaat")
