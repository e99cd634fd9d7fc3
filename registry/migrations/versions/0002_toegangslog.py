"""The access log, and the vertegenwoordigers' INSZ among the searchable characteristics so a
login finds the associations a person represents in one query.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "toegang",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("v_code", sa.String(8), nullable=False),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handeling", sa.String(16), nullable=False),
        sa.Column("onderdeel", sa.String(240), nullable=False),
        sa.Column("door", sa.String(120), nullable=False),
        sa.Column("door_naam", sa.String(250), nullable=True),
        sa.Column("namens", sa.String(120), nullable=True),
        sa.Column("client_id", sa.String(120), nullable=True),
    )
    op.create_index("ix_toegang_v_code_id", "toegang", ["v_code", "id"])
    _index_vertegenwoordigers()


def _index_vertegenwoordigers() -> None:
    bind = op.get_bind()
    kenmerk = sa.table("vereniging_kenmerk", sa.column("v_code"), sa.column("soort"), sa.column("waarde"))
    rows = bind.execute(sa.text("SELECT v_code, document FROM vereniging")).all()
    values = []
    for v_code, document in rows:
        parsed = json.loads(document) if isinstance(document, str) else document
        inszs = {v["insz"] for v in parsed.get("vertegenwoordigers", []) if v.get("insz")}
        values += [{"v_code": v_code, "soort": "vertegenwoordiger", "waarde": insz} for insz in inszs]
    if values:
        op.bulk_insert(kenmerk, values)


def downgrade() -> None:
    op.execute("DELETE FROM vereniging_kenmerk WHERE soort = 'vertegenwoordiger'")
    op.drop_index("ix_toegang_v_code_id", table_name="toegang")
    op.drop_table("toegang")
