"""Notices by e-mail: each representative's choice per association, and what they have had.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "meldingsvoorkeur",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("persoon", sa.String(255), nullable=False, index=True),
        sa.Column(
            "v_code",
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("via_register", sa.Boolean(), nullable=False),
        sa.Column("frequentie", sa.String(16), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("taal", sa.String(2), nullable=False),
        sa.Column("aangevraagd_op", Moment, nullable=False),
        sa.Column("bevestigd_op", Moment, nullable=True),
        sa.Column("bevestiging_nodig", sa.Boolean(), nullable=False),
        sa.Column("bevestiging_verstuurd_op", Moment, nullable=True),
        sa.Column("bevestigingen", sa.Integer(), nullable=False),
        sa.Column("bevestigingen_sinds", Moment, nullable=True, index=True),
        sa.Column("gecontroleerd_op", Moment, nullable=True),
        sa.Column("digest_op", Moment, nullable=True),
        sa.UniqueConstraint("persoon", "v_code", name="uq_meldingsvoorkeur_persoon"),
    )
    op.create_table(
        "melding_verzonden",
        sa.Column(
            "voorkeur_id",
            sa.String(32),
            sa.ForeignKey("meldingsvoorkeur.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("sleutel", sa.String(120), primary_key=True),
        sa.Column("verzonden_op", Moment, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("melding_verzonden")
    op.drop_table("meldingsvoorkeur")
