"""What the usage figures count that no other table holds: how many logins, per month."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class GebruikRow(SQLModel, table=True):
    """A counter: how often something happened (`soort`, per `sleutel`) in a month (`YYYY-MM`,
    UTC). Never a person: a login is counted, not who logged in."""

    __tablename__ = "gebruik"

    maand: str = Field(primary_key=True, max_length=7)
    soort: str = Field(primary_key=True, max_length=40)
    sleutel: str = Field(primary_key=True, max_length=120)
    aantal: int = Field(default=0)


gebruik_table = GebruikRow.metadata.tables[GebruikRow.__tablename__]
