"""How the register of offerings is stored: one row per Dienst carrying what public search needs
of its published version, every version's content, a searchable index of characteristics of the
published version, and the history of actions (what, when, by whom)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.associations.tables import JSONDocument

metadata = SQLModel.metadata


class DienstRow(SQLModel, table=True):
    """The identity of an offering. The search columns describe its published version and are
    empty while none is published, so public search never sees drafts or archived ones."""

    __tablename__ = "dienst"
    __table_args__ = (
        # Two imports of the same catalog item at once must not create two offerings.
        sa.UniqueConstraint("bron", "bron_id", name="uq_dienst_bron_bron_id"),
        sa.Index("ix_dienst_zoektitel_id", "zoektitel", "id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    bron: str | None = Field(default=None, max_length=120)
    bron_id: str | None = Field(default=None, max_length=250)
    # The newest version's administration: whose publishers see it among their offerings.
    bestuur_code: str = Field(max_length=40, index=True)
    laatste_versie: int
    gepubliceerde_versie: int | None = Field(default=None)
    zoektitel: str | None = Field(default=None, max_length=400)
    # Single-valued facets as columns: one grouped scan counts them and the total together.
    gepubliceerd_type: str | None = Field(default=None, max_length=40)
    gepubliceerd_bestuur: str | None = Field(default=None, max_length=40, index=True)
    zoektekst: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))
    open_van: date | None = Field(default=None)
    open_tot: date | None = Field(default=None)
    aangemaakt_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


class DienstVersieRow(SQLModel, table=True):
    """One version's content. Status `vervangen` marks a version a later one superseded; at most
    one draft and one published or archived version are current at a time."""

    __tablename__ = "dienst_versie"

    dienst_id: str = Field(
        sa_column=sa.Column(sa.String(40), sa.ForeignKey("dienst.id", ondelete="CASCADE"), primary_key=True)
    )
    versie: int = Field(primary_key=True)
    status: str = Field(max_length=16)
    document: dict[str, Any] = Field(sa_column=sa.Column(JSONDocument, nullable=False))
    gewijzigd_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    gepubliceerd_op: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


class DienstKenmerkRow(SQLModel, table=True):
    """One searchable characteristic of a published offering (soort: thema, thema_sleutel,
    gebied); rewritten whole whenever the published version changes."""

    __tablename__ = "dienst_kenmerk"
    # Covering: filters find offering ids, and facets count values, from the index alone.
    __table_args__ = (sa.Index("ix_dienst_kenmerk_soort_waarde", "soort", "waarde", "dienst_id"),)

    dienst_id: str = Field(
        sa_column=sa.Column(sa.String(40), sa.ForeignKey("dienst.id", ondelete="CASCADE"), primary_key=True)
    )
    soort: str = Field(primary_key=True, max_length=32)
    waarde: str = Field(primary_key=True, max_length=120)


class DienstGebeurtenisRow(SQLModel, table=True):
    __tablename__ = "dienst_gebeurtenis"
    __table_args__ = (sa.Index("ix_dienst_gebeurtenis_dienst_id_id", "dienst_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    dienst_id: str = Field(
        sa_column=sa.Column(sa.String(40), sa.ForeignKey("dienst.id", ondelete="CASCADE"), nullable=False)
    )
    versie: int
    gebeurtenis: str = Field(max_length=80)
    tijdstip: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    door: str = Field(max_length=255)


dienst_table = metadata.tables[DienstRow.__tablename__]
versie_table = metadata.tables[DienstVersieRow.__tablename__]
kenmerk_table = metadata.tables[DienstKenmerkRow.__tablename__]
gebeurtenis_table = metadata.tables[DienstGebeurtenisRow.__tablename__]
