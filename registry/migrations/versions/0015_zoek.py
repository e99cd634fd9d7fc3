"""Register search at scale: what search reads of each association in a narrow table of its own
(`vereniging_zoek`: the folded name and the values search filters and counts, `soort:waarde`),
filled from the
register, with the name in search order and, on PostgreSQL, its trigrams (the `pg_trgm`
extension, trusted since PostgreSQL 13: the database's owner may create it).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ZOEKKENMERKEN = ("type", "hoofdactiviteit", "werkingsgebied", "gemeente", "status", "postcode")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    facet_list = sa.ARRAY(sa.String(160)) if postgresql else sa.JSON()
    op.create_table(
        "vereniging_zoek",
        sa.Column(
            "v_code", sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("zoeknaam", sa.String(400), nullable=False),
        sa.Column("facetten", facet_list, nullable=False),
    )
    soorten = ", ".join(f"'{soort}'" for soort in ZOEKKENMERKEN)
    values = (
        f"coalesce(array_agg(k.soort || ':' || k.waarde ORDER BY k.soort, k.waarde) "
        f"FILTER (WHERE k.soort IN ({soorten})), '{{}}')"
        if postgresql
        else f"(SELECT json_group_array(soort || ':' || waarde) FROM (SELECT soort, waarde "  # noqa: S608
        f"FROM vereniging_kenmerk WHERE v_code = v.v_code AND soort IN ({soorten}) ORDER BY soort, waarde))"
    )
    grouping = (
        "LEFT JOIN vereniging_kenmerk k ON k.v_code = v.v_code GROUP BY v.v_code, v.zoeknaam"
        if postgresql
        else ""
    )
    op.execute(
        f"INSERT INTO vereniging_zoek (v_code, zoeknaam, facetten) "  # noqa: S608 - constants only
        f"SELECT v.v_code, v.zoeknaam, {values} FROM vereniging v {grouping}"
    )
    op.create_index("ix_vereniging_zoek_zoeknaam", "vereniging_zoek", ["zoeknaam", "v_code"])
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            "ix_vereniging_zoek_trigram",
            "vereniging_zoek",
            ["zoeknaam"],
            postgresql_using="gin",
            postgresql_ops={"zoeknaam": "gin_trgm_ops"},
        )


def downgrade() -> None:
    op.drop_table("vereniging_zoek")
