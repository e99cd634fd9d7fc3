"""The outbox of register changes and their deliveries to subscribed services.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

JSONDocument = sa.JSON().with_variant(JSONB(), "postgresql")
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "uitgaand",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("v_code", sa.String(8), nullable=False, index=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("gebeurtenis", sa.String(80), nullable=False),
        sa.Column("onderdelen", JSONDocument, nullable=False),
        sa.Column("document", JSONDocument, nullable=False),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("verdeeld", sa.Boolean(), nullable=False),
    )
    op.create_index(
        "ix_uitgaand_te_verdelen",
        "uitgaand",
        ["id"],
        sqlite_where=sa.text("NOT verdeeld"),
        postgresql_where=sa.text("NOT verdeeld"),
    )
    op.create_table(
        "aflevering",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column(
            "uitgaand_id", Id, sa.ForeignKey("uitgaand.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("abonnee", sa.String(63), nullable=False),
        sa.Column("v_code", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("laatste_fout", sa.String(500), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("volgende_poging", sa.DateTime(timezone=True), nullable=True),
        sa.Column("afgeleverd_op", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_aflevering_paar", "aflevering", ["abonnee", "v_code", "status", "uitgaand_id"])
    op.create_index("ix_aflevering_status", "aflevering", ["status", "aangemaakt_op"])


def downgrade() -> None:
    op.drop_table("aflevering")
    op.drop_index("ix_uitgaand_te_verdelen", table_name="uitgaand")
    op.drop_table("uitgaand")
