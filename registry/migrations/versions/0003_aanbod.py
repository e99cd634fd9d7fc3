"""The central register of offerings: each Dienst, its versions, the searchable characteristics
of its published version, and the history of actions on it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSONDocument = sa.JSON().with_variant(JSONB(), "postgresql")


def _dienst_id(*, primary_key: bool) -> sa.Column[str]:
    return sa.Column(
        "dienst_id",
        sa.String(40),
        sa.ForeignKey("dienst.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "dienst",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("bron", sa.String(120), nullable=True),
        sa.Column("bron_id", sa.String(250), nullable=True),
        sa.Column("bestuur_code", sa.String(40), nullable=False),
        sa.Column("laatste_versie", sa.Integer(), nullable=False),
        sa.Column("gepubliceerde_versie", sa.Integer(), nullable=True),
        sa.Column("zoektitel", sa.String(400), nullable=True),
        sa.Column("gepubliceerd_type", sa.String(40), nullable=True),
        sa.Column("gepubliceerd_bestuur", sa.String(40), nullable=True),
        sa.Column("zoektekst", sa.Text(), nullable=True),
        sa.Column("open_van", sa.Date(), nullable=True),
        sa.Column("open_tot", sa.Date(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("bron", "bron_id", name="uq_dienst_bron_bron_id"),
    )
    op.create_index("ix_dienst_bestuur_code", "dienst", ["bestuur_code"])
    op.create_index("ix_dienst_zoektitel_id", "dienst", ["zoektitel", "id"])
    op.create_index("ix_dienst_gepubliceerd_bestuur", "dienst", ["gepubliceerd_bestuur"])
    op.create_table(
        "dienst_versie",
        _dienst_id(primary_key=True),
        sa.Column("versie", sa.Integer(), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("document", JSONDocument, nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gepubliceerd_op", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "dienst_kenmerk",
        _dienst_id(primary_key=True),
        sa.Column("soort", sa.String(32), primary_key=True),
        sa.Column("waarde", sa.String(120), primary_key=True),
    )
    op.create_index("ix_dienst_kenmerk_soort_waarde", "dienst_kenmerk", ["soort", "waarde", "dienst_id"])
    op.create_table(
        "dienst_gebeurtenis",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _dienst_id(primary_key=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("gebeurtenis", sa.String(80), nullable=False),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(120), nullable=False),
    )
    op.create_index("ix_dienst_gebeurtenis_dienst_id_id", "dienst_gebeurtenis", ["dienst_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_dienst_gebeurtenis_dienst_id_id", table_name="dienst_gebeurtenis")
    op.drop_table("dienst_gebeurtenis")
    op.drop_index("ix_dienst_kenmerk_soort_waarde", table_name="dienst_kenmerk")
    op.drop_table("dienst_kenmerk")
    op.drop_table("dienst_versie")
    op.drop_index("ix_dienst_gepubliceerd_bestuur", table_name="dienst")
    op.drop_index("ix_dienst_zoektitel_id", table_name="dienst")
    op.drop_index("ix_dienst_bestuur_code", table_name="dienst")
    op.drop_table("dienst")
