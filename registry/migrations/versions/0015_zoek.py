"""Register search at scale: what search reads of each association in a narrow table of its own
(`vereniging_zoek`: the folded name, the facet values it counts and, in lower case, the values it
filters on, `soort:waarde`), filled from the register, with the name in search order and, on
PostgreSQL, its trigrams (the `pg_trgm` extension, trusted since PostgreSQL 13: the database's
owner may create it).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

FACETTEN = ("type", "hoofdactiviteit", "werkingsgebied", "gemeente", "status")
ZOEKKENMERKEN = (*FACETTEN, "postcode")


BATCH = 2000
"""Associations filled per round: memory stays bounded however large the register."""


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    value_list = sa.ARRAY(sa.Text()) if postgresql else sa.JSON()
    zoek = op.create_table(
        "vereniging_zoek",
        sa.Column(
            "v_code", sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("zoeknaam", sa.String(400), nullable=False),
        sa.Column("facetten", value_list, nullable=False),
        sa.Column("sleutels", value_list, nullable=False),
    )
    _fill(zoek)
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


def _sleutel(soort: str, waarde: str) -> str:
    """As the register matches a filter today (stored values are NFC and trimmed already)."""
    return f"{soort}:{unicodedata.normalize('NFC', waarde).strip()}".casefold()


def _fill(zoek: sa.Table) -> None:
    """A search row per association, from its characteristics, `BATCH` at a time. In Python, as
    the register writes them: case folding is Python's on both stores (SQLite's `lower` knows
    only ASCII, PostgreSQL's its database's locale)."""
    bind = op.get_bind()
    last = ""
    while True:
        names = bind.execute(
            sa.text("SELECT v_code, zoeknaam FROM vereniging WHERE v_code > :last ORDER BY v_code LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not names:
            return
        values: dict[str, list[tuple[str, str]]] = {v_code: [] for v_code, _ in names}
        for v_code, soort, waarde in bind.execute(
            sa.text(
                "SELECT v_code, soort, waarde FROM vereniging_kenmerk "
                "WHERE v_code >= :first AND v_code <= :last"
            ),
            {"first": names[0][0], "last": names[-1][0]},
        ):
            if v_code in values:
                values[v_code].append((soort, waarde))
        bind.execute(
            zoek.insert(),
            [
                {
                    "v_code": v_code,
                    "zoeknaam": zoeknaam,
                    "facetten": sorted(f"{s}:{w}" for s, w in values[v_code] if s in FACETTEN),
                    "sleutels": sorted({_sleutel(s, w) for s, w in values[v_code] if s in ZOEKKENMERKEN}),
                }
                for v_code, zoeknaam in names
            ],
        )
        last = names[-1][0]


def downgrade() -> None:
    op.drop_table("vereniging_zoek")
