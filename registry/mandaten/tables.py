"""How mandates are stored: one row per mandate, never removed (a withdrawn or ended mandate is
the association's history of who could act for it)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class MandaatRow(SQLModel, table=True):
    __tablename__ = "mandaat"
    __table_args__ = (
        # A login finds the mandates of its INSZ that still hold in one index read.
        sa.Index("ix_mandaat_insz_einddatum", "insz", "einddatum"),
        sa.Index("ix_mandaat_v_code_id", "v_code", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    v_code: str = Field(
        sa_column=sa.Column(
            sa.String(8), sa.ForeignKey("vereniging.v_code", ondelete="CASCADE"), nullable=False
        )
    )
    insz: str = Field(max_length=11)
    naam: str | None = Field(default=None, max_length=120)
    """How the association calls the person (optional): what the list shows beside the INSZ."""
    reikwijdte: str = Field(max_length=16)
    einddatum: date = Field(sa_column=sa.Column(sa.Date(), nullable=False))
    """The last day the mandate holds (Belgian calendar)."""
    verleend_op: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    verleend_door: str = Field(max_length=255)
    verleend_door_naam: str | None = Field(default=None, max_length=250)
    ingetrokken_op: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True)))
    ingetrokken_door: str | None = Field(default=None, max_length=255)
    ingetrokken_door_naam: str | None = Field(default=None, max_length=250)


mandaat_table = SQLModel.metadata.tables[MandaatRow.__tablename__]
