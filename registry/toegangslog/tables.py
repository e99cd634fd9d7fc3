"""How the access log is stored: one row per access, newest found by (v_code, id)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class ToegangRow(SQLModel, table=True):
    __tablename__ = "toegang"
    __table_args__ = (
        sa.Index("ix_toegang_v_code_id", "v_code", "id"),
        # What is older than the retention period, found without reading the whole log.
        sa.Index("ix_toegang_tijdstip", "tijdstip"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # No foreign key: the log outlives what it is about and is never rewritten with it.
    v_code: str = Field(max_length=8)
    tijdstip: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    handeling: str = Field(max_length=16)
    onderdeel: str = Field(max_length=240)
    door: str = Field(max_length=255)
    door_naam: str | None = Field(default=None, max_length=250)
    namens: str | None = Field(default=None, max_length=120)
    client_id: str | None = Field(default=None, max_length=255)


toegang_table = SQLModel.metadata.tables[ToegangRow.__tablename__]
