"""Facts services push about an association (`gegevens.gewijzigd`): their latest report per
service, and their events in the history beside the dossiers' (without a dossier).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

JSONDocument = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "gemelde_gegevens",
        sa.Column("bron", sa.String(63), primary_key=True),
        sa.Column(
            "v_code",
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("naam", sa.String(80), nullable=False),
        sa.Column("feiten", JSONDocument, nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("dossier_gebeurtenis") as batch:
        batch.alter_column("dossier_id", existing_type=sa.String(120), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM dossier_gebeurtenis WHERE dossier_id IS NULL")
    with op.batch_alter_table("dossier_gebeurtenis") as batch:
        batch.alter_column("dossier_id", existing_type=sa.String(120), nullable=False)
    op.drop_table("gemelde_gegevens")
