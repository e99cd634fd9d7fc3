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
