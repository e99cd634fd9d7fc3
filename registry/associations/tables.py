"""How the register is stored: one row per association holding the whole aggregate as a
document, a searchable index of its characteristics, and its history of changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

JSONDocument = sa.JSON().with_variant(JSONB(), "postgresql")
metadata = SQLModel.metadata


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
