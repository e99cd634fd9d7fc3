"""Who made a change or read private data (`door`: an INSZ, or the login's `sub`) is kept whole:
OpenID Connect allows a `sub` of 255 characters, the columns held 120.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("historiek", "toegang", "dienst_gebeurtenis")


def upgrade() -> None:
    for table in TABLES:
        # On SQLite a column's type changes by rebuilding the table (batch mode); on PostgreSQL
        # it is one ALTER, and widening a varchar rewrites nothing.
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "door", type_=sa.String(255), existing_type=sa.String(120), existing_nullable=False
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "door", type_=sa.String(120), existing_type=sa.String(255), existing_nullable=False
            )
