"""Dossier events pushed by connected services: deliveries, events, and each dossier's state.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

JSONDocument = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "ontvangst",
        sa.Column("bron", sa.String(63), primary_key=True),
        sa.Column("webhook_id", sa.String(255), primary_key=True),
        sa.Column("ontvangen_op", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("antwoord", JSONDocument, nullable=False),
    )
    op.create_table(
        "dossier_gebeurtenis",
        sa.Column("bron", sa.String(63), primary_key=True),
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("type", sa.String(120), nullable=False),
        sa.Column(
            "v_code",
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("dossier_id", sa.String(120), nullable=False),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ontvangen_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", JSONDocument, nullable=False),
    )
    op.create_index(
        "ix_dossier_gebeurtenis_dossier", "dossier_gebeurtenis", ["bron", "dossier_id", "tijdstip"]
    )
    op.create_table(
        "dossier",
        sa.Column("bron", sa.String(63), primary_key=True),
        sa.Column("dossier_id", sa.String(120), primary_key=True),
        sa.Column(
            "v_code",
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("titel", sa.String(500), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("actie_nodig", sa.String(500), nullable=True),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("verwachte_beslissing", sa.Date, nullable=True),
        sa.Column("link", sa.String(2000), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dossier")
    op.drop_index("ix_dossier_gebeurtenis_dossier", table_name="dossier_gebeurtenis")
    op.drop_table("dossier_gebeurtenis")
    op.drop_table("ontvangst")
