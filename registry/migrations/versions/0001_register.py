"""The register of associations: associations, their searchable characteristics, history and
vCode allocation.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONDocument = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "vereniging",
        sa.Column("v_code", sa.String(8), primary_key=True),
        sa.Column("verenigingstype", sa.String(8), nullable=False),
        sa.Column("naam", sa.String(250), nullable=False),
        sa.Column("zoeknaam", sa.String(400), nullable=False),
        sa.Column("naam_genormaliseerd", sa.String(250), nullable=False),
        sa.Column("kbo_nummer", sa.String(10), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("document", JSONDocument, nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kbo_nummer"),
    )
    op.create_index("ix_vereniging_verenigingstype", "vereniging", ["verenigingstype"])
    op.create_index("ix_vereniging_naam_genormaliseerd", "vereniging", ["naam_genormaliseerd"])
    op.create_table(
        "vereniging_kenmerk",
        sa.Column(
            "v_code",
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("soort", sa.String(32), primary_key=True),
        sa.Column("waarde", sa.String(120), primary_key=True),
    )
    op.create_index("ix_vereniging_kenmerk_soort_waarde", "vereniging_kenmerk", ["soort", "waarde"])
    op.create_table(
        "historiek",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "v_code",
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("gebeurtenis", sa.String(80), nullable=False),
        sa.Column("data", JSONDocument, nullable=False),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(120), nullable=False),
        sa.Column("namens", sa.String(120), nullable=True),
        sa.UniqueConstraint("v_code", "versie", name="uq_historiek_v_code_versie"),
    )
    op.create_table(
        "vcode_teller",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("laatste", sa.Integer(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE vcode_volgnummer START WITH 1001")
    else:
        op.execute("INSERT INTO vcode_teller (id, laatste) VALUES (1, 1000)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE vcode_volgnummer")
    op.drop_table("vcode_teller")
    op.drop_table("historiek")
    op.drop_index("ix_vereniging_kenmerk_soort_waarde", table_name="vereniging_kenmerk")
    op.drop_table("vereniging_kenmerk")
    op.drop_index("ix_vereniging_naam_genormaliseerd", table_name="vereniging")
    op.drop_index("ix_vereniging_verenigingstype", table_name="vereniging")
    op.drop_table("vereniging")
