"""The client a person read through (`toegang.client_id`) is kept whole: the hub takes a token's
`client_id` of up to 255 characters, the column held 120.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("toegang") as batch:
        batch.alter_column(
            "client_id", type_=sa.String(255), existing_type=sa.String(120), existing_nullable=True
        )


def downgrade() -> None:
    op.execute("UPDATE toegang SET client_id = substr(client_id, 1, 120) WHERE length(client_id) > 120")
    with op.batch_alter_table("toegang") as batch:
        batch.alter_column(
            "client_id", type_=sa.String(120), existing_type=sa.String(255), existing_nullable=True
        )
