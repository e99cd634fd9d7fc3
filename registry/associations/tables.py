"""How the register is stored: one row per association holding the whole aggregate as a
document, a searchable index of its characteristics, and its history of changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

JSONDocument = sa.JSON().with_variant(JSONB(), "postgresql")
metadata = SQLModel.metadata


ONLY_ON: Final = "only_on"
"""Key in an index's `info`: the one store it is made on (`registry.tables.declared_for`)."""


class VerenigingRow(SQLModel, table=True):
    __tablename__ = "vereniging"

    v_code: str = Field(primary_key=True, max_length=8)
    verenigingstype: str = Field(max_length=8, index=True)
    naam: str = Field(max_length=250)
    # The name folded (case, accents) for fragment search, and reduced for duplicate checks.
    zoeknaam: str = Field(max_length=400)
    naam_genormaliseerd: str = Field(max_length=250, index=True)
    kbo_nummer: str | None = Field(default=None, max_length=10, unique=True)
    status: str = Field(max_length=16)
    versie: int
    document: dict[str, Any] = Field(sa_column=sa.Column(JSONDocument, nullable=False))
    aangemaakt_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    gewijzigd_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


class KenmerkRow(SQLModel, table=True):
    """One searchable characteristic of an association (soort: type, hoofdactiviteit,
    werkingsgebied, gemeente, postcode); rewritten whole on every change."""

    __tablename__ = "vereniging_kenmerk"
    __table_args__ = (sa.Index("ix_vereniging_kenmerk_soort_waarde", "soort", "waarde"),)

    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), primary_key=True
        )
    )
    soort: str = Field(primary_key=True, max_length=32)
    waarde: str = Field(primary_key=True, max_length=120)


CodeList = sa.ARRAY(sa.Integer()).with_variant(sa.JSON(), "sqlite")
"""An integer array on PostgreSQL (unnested where facets are counted, overlapped where filters
match), a JSON list on SQLite."""


class ZoekwaardeRow(SQLModel, table=True):
    """One value search filters or counts on (`soort:waarde`, as the register holds it), under a
    small number: the search rows hold numbers, so that what a fragment finds is read and
    grouped as a few bytes per association, not as its texts. Values are added as the register
    first holds them and never removed (there are as many as there are municipalities, postcodes,
    activities, types and statuses)."""

    __tablename__ = "zoekwaarde"

    id: int | None = Field(default=None, primary_key=True)
    waarde: str = Field(max_length=200, unique=True)
    """`soort:waarde`, the value as the register holds it: what a facet shows."""
    sleutel: str = Field(max_length=400, index=True)
    """The same case-folded (`registry.associations.search_rows.sleutel`): what a filter matches.
    Longer than the value may be: folding can triple a character (`ΐ`), and turns `ß` into `ss`."""


class ZoekRow(SQLModel, table=True):
    """What search reads of an association, and nothing more: its name folded for fragment
    search and the numbers of the values it filters and counts on (`zoekwaarde`), written with
    it in the same transaction. A fragment, the filters and the facets of all it finds are read
    from these narrow rows alone, never from the associations' documents (a page of results
    fetches its 20 documents by key)."""

    __tablename__ = "vereniging_zoek"
    __table_args__ = (
        # Results come ordered by name: a page is read in index order.
        sa.Index("ix_vereniging_zoek_zoeknaam", "zoeknaam", "v_code"),
        # A name fragment (`%gent%`) found through trigrams on PostgreSQL (pg_trgm), not by
        # reading every name; SQLite reads them all (the embedded demo's register is small).
        sa.Index(
            "ix_vereniging_zoek_trigram",
            "zoeknaam",
            postgresql_using="gin",
            postgresql_ops={"zoeknaam": "gin_trgm_ops"},
            info={ONLY_ON: "postgresql"},
        ).ddl_if(dialect="postgresql"),
        # The associations holding a value (a filter without a fragment) found by their numbers.
        sa.Index(
            "ix_vereniging_zoek_kenmerken",
            "kenmerken",
            postgresql_using="gin",
            info={ONLY_ON: "postgresql"},
        ).ddl_if(dialect="postgresql"),
    )

    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), primary_key=True
        )
    )
    zoeknaam: str = Field(max_length=400)
    kenmerken: list[int] = Field(sa_column=sa.Column(CodeList, nullable=False))
    """The numbers (`zoekwaarde.id`) of every value it is filtered and counted on, ascending."""


class GebeurtenisRow(SQLModel, table=True):
    __tablename__ = "historiek"
    __table_args__ = (sa.UniqueConstraint("v_code", "versie", name="uq_historiek_v_code_versie"),)

    id: int | None = Field(default=None, primary_key=True)
    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), nullable=False
        )
    )
    versie: int
    gebeurtenis: str = Field(max_length=80)
    data: dict[str, Any] = Field(sa_column=sa.Column(JSONDocument, nullable=False))
    tijdstip: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    door: str = Field(max_length=255)
    namens: str | None = Field(default=None, max_length=120)


class VCodeTellerRow(SQLModel, table=True):
    """SQLite only: the last vCode number handed out (PostgreSQL uses a sequence)."""

    __tablename__ = "vcode_teller"

    id: int = Field(primary_key=True)
    laatste: int


# The same tables as SQLAlchemy Core objects, for the queries (typed columns via `.c`).
vereniging_table = metadata.tables[VerenigingRow.__tablename__]
kenmerk_table = metadata.tables[KenmerkRow.__tablename__]
historiek_table = metadata.tables[GebeurtenisRow.__tablename__]
zoek_table = metadata.tables[ZoekRow.__tablename__]
zoekwaarde_table = metadata.tables[ZoekwaardeRow.__tablename__]
