"""Register search at scale: what search reads of each association in a narrow table of its own
(`vereniging_zoek`: the folded name, the facet values it counts and, in lower case, the values it
filters on, `soort:waarde`), filled from the
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

FACETTEN = ("type", "hoofdactiviteit", "werkingsgebied", "gemeente", "status")
ZOEKKENMERKEN = (*FACETTEN, "postcode")


def _values(postgresql: bool, soorten: tuple[str, ...], *, lower: bool) -> str:
    """SQL for one association's values of `soorten` (`soort:waarde`), sorted, without repeats."""
    listed = ", ".join(f"'{soort}'" for soort in soorten)
    value = "lower(k.soort || ':' || k.waarde)" if lower else "k.soort || ':' || k.waarde"
    if postgresql:
        return (
            f"coalesce((SELECT array_agg(DISTINCT {value} ORDER BY {value}) FROM vereniging_kenmerk k "  # noqa: S608
            f"WHERE k.v_code = v.v_code AND k.soort IN ({listed})), '{{}}')"
        )
    return (
        f"(SELECT json_group_array(value) FROM (SELECT DISTINCT {value} AS value FROM vereniging_kenmerk k "  # noqa: S608
        f"WHERE k.v_code = v.v_code AND k.soort IN ({listed}) ORDER BY 1))"
    )


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    value_list = sa.ARRAY(sa.String(160)) if postgresql else sa.JSON()
    op.create_table(
        "vereniging_zoek",
        sa.Column(
            "v_code", sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("zoeknaam", sa.String(400), nullable=False),
        sa.Column("facetten", value_list, nullable=False),
        sa.Column("sleutels", value_list, nullable=False),
    )
    facetten = _values(postgresql, FACETTEN, lower=False)
    sleutels = _values(postgresql, ZOEKKENMERKEN, lower=True)
    op.execute(
        "INSERT INTO vereniging_zoek (v_code, zoeknaam, facetten, sleutels) "  # noqa: S608 - constants only
        f"SELECT v.v_code, v.zoeknaam, {facetten}, {sleutels} FROM vereniging v"
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
