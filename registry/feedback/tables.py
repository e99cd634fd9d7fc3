"""Feedback as it is stored: one row per message, never linked to a person."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class FeedbackRow(SQLModel, table=True):
    __tablename__ = "feedback"
    __table_args__ = (sa.Index("ix_feedback_tijdstip", "tijdstip"),)  # (for the retention period)

    id: int | None = Field(default=None, primary_key=True)
    tijdstip: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))
    pagina: str = Field(max_length=200)
    dienst: str | None = Field(default=None, max_length=120)
    oordeel: str | None = Field(default=None, max_length=16)
    tekst: str = Field(max_length=2000)
    taal: str = Field(max_length=2)


feedback_table = SQLModel.metadata.tables[FeedbackRow.__tablename__]
