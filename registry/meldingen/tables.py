"""Which notices an association has had: one row per notice, from the first time it was shown,
and when it was put away (then it is not shown again)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class MeldingRow(SQLModel, table=True):
    __tablename__ = "melding"

    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), primary_key=True
        )
    )
    sleutel: str = Field(primary_key=True, max_length=120)
    getoond_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    verborgen_op: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


melding_table = SQLModel.metadata.tables[MeldingRow.__tablename__]


class MeldingsvoorkeurRow(SQLModel, table=True):
    """How one representative wants to hear of one association's notices by e-mail."""

    __tablename__ = "meldingsvoorkeur"
    __table_args__ = (sa.UniqueConstraint("persoon", "v_code", name="uq_meldingsvoorkeur_persoon"),)

    id: str = Field(primary_key=True, max_length=32)
    """Random and public: the links in the mails name it (with a signature)."""
    persoon: str = Field(max_length=255, index=True)
    """The representative's INSZ (or, without one, the login's subject)."""
    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    via_register: bool
    """The register named the person as vertegenwoordiger when they chose: mail stops once it no
    longer does."""
    frequentie: str = Field(max_length=16)
    email: str | None = Field(default=None, max_length=254)
    taal: str = Field(max_length=2)
    aangevraagd_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    """When the address was given: its confirmation link is made from it and expires after a while."""
    bevestigd_op: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    bevestiging_nodig: bool
    """A confirmation mail is still to be sent for the address."""
    bevestiging_verstuurd_op: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    bevestigingen: int = 0
    """Confirmation mails sent since `bevestigingen_sinds` (bounded per day)."""
    bevestigingen_sinds: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True, index=True)
    )
    gecontroleerd_op: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    """The last time its notices were looked at for mail."""
    digest_op: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    """The last daily digest's moment."""


class MeldingVerzondenRow(SQLModel, table=True):
    """A notice a representative has had by mail (or that was already there when they confirmed
    their address): it is not mailed again."""

    __tablename__ = "melding_verzonden"

    voorkeur_id: str = Field(
        sa_column=sa.Column(
            sa.String(32), sa.ForeignKey("meldingsvoorkeur.id", ondelete="CASCADE"), primary_key=True
        )
    )
    sleutel: str = Field(primary_key=True, max_length=120)
    verzonden_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


voorkeur_table = SQLModel.metadata.tables[MeldingsvoorkeurRow.__tablename__]
verzonden_table = SQLModel.metadata.tables[MeldingVerzondenRow.__tablename__]
