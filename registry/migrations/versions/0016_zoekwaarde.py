"""Search reads numbers, not texts: each value search filters or counts on (`soort:waarde`) is
held once in `zoekwaarde`, under a number, and an association's search row holds the numbers of
its values (`kenmerken`, indexed on PostgreSQL) instead of two lists of texts. What a name
fragment finds in a register of Flanders' size is then read and grouped as a few bytes per
association. The search rows are rebuilt from the register.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects import sqlite

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

FACETTEN = ("type", "hoofdactiviteit", "werkingsgebied", "gemeente", "status")
ZOEKKENMERKEN = (*FACETTEN, "postcode")
BATCH = 2000
"""Associations rebuilt per round: memory stays bounded however large the register."""


def _sleutel(waarde: str) -> str:
    """As the register matches a filter (stored values are NFC and trimmed already)."""
    return unicodedata.normalize("NFC", waarde).strip().casefold()


def _postgresql() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def _search_table(*columns: sa.Column[object]) -> sa.Table:
    return op.create_table(
        "vereniging_zoek",
        sa.Column(
            "v_code", sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("zoeknaam", sa.String(400), nullable=False),
        *columns,
    )


def _name_indexes() -> None:
    op.create_index("ix_vereniging_zoek_zoeknaam", "vereniging_zoek", ["zoeknaam", "v_code"])
    if _postgresql():
        op.create_index(
            "ix_vereniging_zoek_trigram",
            "vereniging_zoek",
            ["zoeknaam"],
            postgresql_using="gin",
            postgresql_ops={"zoeknaam": "gin_trgm_ops"},
        )


def _associations() -> Iterator[list[tuple[str, str, list[str]]]]:
    """The register, `BATCH` associations at a time: each one's vCode, folded name and search
    values (`soort:waarde`)."""
    bind = op.get_bind()
    last = ""
    while True:
        names = bind.execute(
            sa.text("SELECT v_code, zoeknaam FROM vereniging WHERE v_code > :last ORDER BY v_code LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not names:
            return
        values: dict[str, list[str]] = {v_code: [] for v_code, _ in names}
        for v_code, soort, waarde in bind.execute(
            sa.text(
                "SELECT v_code, soort, waarde FROM vereniging_kenmerk "
                "WHERE v_code >= :first AND v_code <= :last"
            ),
            {"first": names[0][0], "last": names[-1][0]},
        ):
            if v_code in values and soort in ZOEKKENMERKEN:
                values[v_code].append(f"{soort}:{waarde}")
        yield [(v_code, zoeknaam, values[v_code]) for v_code, zoeknaam in names]
        last = names[-1][0]


def _fill(table: sa.Table, row: Callable[[list[str]], dict[str, object]]) -> None:
    for batch in _associations():
        op.get_bind().execute(
            table.insert(),
            [{"v_code": v_code, "zoeknaam": naam, **row(found)} for v_code, naam, found in batch],
        )


def upgrade() -> None:
    postgresql = _postgresql()
    op.drop_table("vereniging_zoek")
    zoekwaarde = op.create_table(
        "zoekwaarde",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("waarde", sa.String(200), nullable=False, unique=True),
        sa.Column("sleutel", sa.String(400), nullable=False),  # (folding can triple a character)
    )
    op.create_index("ix_zoekwaarde_sleutel", "zoekwaarde", ["sleutel"])
    codes = sa.ARRAY(sa.Integer()) if postgresql else sa.JSON()
    zoek = _search_table(sa.Column("kenmerken", codes, nullable=False))
    numbers: dict[str, int] = {}
    new = (pg.insert if postgresql else sqlite.insert)(zoekwaarde).on_conflict_do_nothing(
        index_elements=["waarde"]
    )
    bind = op.get_bind()
    for batch in _associations():
        unseen = sorted({value for _, _, found in batch for value in found} - numbers.keys())
        if unseen:
            bind.execute(new, [{"waarde": value, "sleutel": _sleutel(value)} for value in unseen])
            numbers.update(
                dict(
                    bind.execute(
                        sa.select(zoekwaarde.c.waarde, zoekwaarde.c.id).where(zoekwaarde.c.waarde.in_(unseen))
                    ).all()
                )
            )
        bind.execute(
            zoek.insert(),
            [
                {
                    "v_code": v_code,
                    "zoeknaam": naam,
                    "kenmerken": sorted(numbers[value] for value in set(found)),
                }
                for v_code, naam, found in batch
            ],
        )
    _name_indexes()
    if postgresql:
        op.create_index(
            "ix_vereniging_zoek_kenmerken", "vereniging_zoek", ["kenmerken"], postgresql_using="gin"
        )


def downgrade() -> None:
    """Back to 0015's two lists of texts, rebuilt from the register."""
    op.drop_table("vereniging_zoek")
    op.drop_table("zoekwaarde")
    texts = sa.ARRAY(sa.Text()) if _postgresql() else sa.JSON()
    zoek = _search_table(
        sa.Column("facetten", texts, nullable=False), sa.Column("sleutels", texts, nullable=False)
    )
    _fill(
        zoek,
        lambda found: {
            "facetten": sorted(value for value in found if value.partition(":")[0] in FACETTEN),
            "sleutels": sorted({_sleutel(value) for value in found}),
        },
    )
    _name_indexes()
