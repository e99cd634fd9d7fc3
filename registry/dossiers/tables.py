"""How pushed dossier events are stored: each delivery by its `webhook-id` with the answer it got
(so a repeated delivery gets the same answer and has no second effect), each event by its id,
and each dossier's latest state (the projection the profile reads instead of asking the service)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.associations.tables import JSONDocument


class OntvangstRow(SQLModel, table=True):
    """One delivery (a single event or a batch), by the sender's `webhook-id`."""

    __tablename__ = "ontvangst"

    bron: str = Field(primary_key=True, max_length=63)
    webhook_id: str = Field(primary_key=True, max_length=255)
    ontvangen_op: datetime = Field(
        sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False, index=True)
    )
    antwoord: dict[str, Any] = Field(sa_column=sa.Column(JSONDocument, nullable=False))


class DossierGebeurtenisRow(SQLModel, table=True):
    """One event a service pushed about a dossier, as it came (the dossier's history)."""

    __tablename__ = "dossier_gebeurtenis"
    __table_args__ = (sa.Index("ix_dossier_gebeurtenis_dossier", "bron", "dossier_id", "tijdstip"),)

    bron: str = Field(primary_key=True, max_length=63)
    id: str = Field(primary_key=True, max_length=255)
    """The CloudEvent's `id`: the same event in another delivery is taken once."""
    type: str = Field(max_length=120)
    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    dossier_id: str | None = Field(default=None, max_length=120)
    """None for news about the association itself (`gegevens.gewijzigd`)."""
    tijdstip: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    ontvangen_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    data: dict[str, Any] = Field(sa_column=sa.Column(JSONDocument, nullable=False))


class DossierRow(SQLModel, table=True):
    """A dossier's latest state, as its service last told it."""

    __tablename__ = "dossier"

    bron: str = Field(primary_key=True, max_length=63)
    dossier_id: str = Field(primary_key=True, max_length=120)
    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    titel: str = Field(max_length=500)
    status: str = Field(max_length=32)
    actie_nodig: str | None = Field(default=None, max_length=500)
    deadline: date | None = None
    verwachte_beslissing: date | None = None
    link: str = Field(max_length=2000)
    bijgewerkt_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


class GemeldeGegevensRow(SQLModel, table=True):
    """What a service last reported knowing about an association (`gegevens.gewijzigd`)."""

    __tablename__ = "gemelde_gegevens"

    bron: str = Field(primary_key=True, max_length=63)
    """The connector that pushed them."""
    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8),
            sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    naam: str = Field(max_length=80)
    """How the profile names the service as the facts' source."""
    feiten: list[dict[str, Any]] = Field(sa_column=sa.Column(JSONDocument, nullable=False))
    bijgewerkt_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


ontvangst_table = SQLModel.metadata.tables[OntvangstRow.__tablename__]
gebeurtenis_table = SQLModel.metadata.tables[DossierGebeurtenisRow.__tablename__]
dossier_table = SQLModel.metadata.tables[DossierRow.__tablename__]
gegevens_table = SQLModel.metadata.tables[GemeldeGegevensRow.__tablename__]
