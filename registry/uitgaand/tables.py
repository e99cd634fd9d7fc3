"""How outgoing events are stored: the outbox (one row per register change, written in the change's
transaction) and the deliveries (one row per event and subscriber, with its attempts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.associations.tables import JSONDocument

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite numbers only INTEGER keys


class UitgaandRow(SQLModel, table=True):
    """One change of the register as subscribers learn of it: the association's state after it,
    and which of its parts changed."""

    __tablename__ = "uitgaand"
    __table_args__ = (
        sa.Index(
            "ix_uitgaand_te_verdelen",
            "id",
            sqlite_where=sa.text("NOT verdeeld"),
            postgresql_where=sa.text("NOT verdeeld"),
        ),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(Id, primary_key=True, autoincrement=True))
    v_code: str = Field(max_length=8, index=True)
    versie: int
    gebeurtenis: str = Field(max_length=80)
    onderdelen: list[str] = Field(sa_column=sa.Column(JSONDocument, nullable=False))
    document: dict[str, Any] = Field(sa_column=sa.Column(JSONDocument, nullable=False))
    tijdstip: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False, index=True))
    verdeeld: bool = Field(default=False)
    voor: str | None = Field(default=None, max_length=63)
    """A sharing at `startAanvraag` (`GEDEELD`) goes to this subscriber only: the service it was
    shared with; a change goes to every subscriber that may see a part it changed."""
    traceparent: str | None = Field(default=None, max_length=55)
    """The trace of the request that made the change (W3C trace context), which its event names."""


class AfleveringRow(SQLModel, table=True):
    """One event on its way to one subscriber: waiting (`wachtend`), delivered (`afgeleverd`), or
    parked after its last attempt failed (`mislukt`)."""

    __tablename__ = "aflevering"
    __table_args__ = (
        sa.Index("ix_aflevering_paar", "abonnee", "v_code", "status", "uitgaand_id"),
        sa.Index("ix_aflevering_status", "status", "aangemaakt_op"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(Id, primary_key=True, autoincrement=True))
    uitgaand_id: int = Field(
        sa_column=sa.Column(Id, sa.ForeignKey("uitgaand.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    abonnee: str = Field(max_length=63)
    v_code: str = Field(max_length=8)
    status: str = Field(max_length=16)
    pogingen: int = Field(default=0)
    laatste_fout: str | None = Field(default=None, max_length=500)
    aangemaakt_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    volgende_poging: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    afgeleverd_op: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


uitgaand_table = SQLModel.metadata.tables[UitgaandRow.__tablename__]
aflevering_table = SQLModel.metadata.tables[AfleveringRow.__tablename__]
