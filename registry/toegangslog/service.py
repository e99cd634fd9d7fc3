"""Writing and reading the access log."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import insert, select

from registry.db import Database
from registry.errors import FieldError, ValidationFailed
from registry.toegangslog.tables import toegang_table


class Handeling(StrEnum):
    GELEZEN = "gelezen"
    GEWIJZIGD = "gewijzigd"
    GEDEELD = "gedeeld"
    """Once-only data sent to another service when the person started a request there."""


@dataclass(frozen=True)
class Toegang:
    v_code: str
    handeling: Handeling
    onderdeel: str
    door: str
    door_naam: str | None
    namens: str | None
    client_id: str | None
    tijdstip: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class ToegangPagina:
    items: list[Toegang]
    volgende: str | None


def _cursor(entry_id: int) -> str:
    return base64.urlsafe_b64encode(f"t:{entry_id}".encode()).decode()


def _after(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "t" and value.isdigit():
            return int(value)
    except (ValueError, UnicodeError):
        pass
    raise ValidationFailed(
        [FieldError("after", "ongeldig_formaat", {"verwacht": "een cursor uit een vorige pagina"})]
    )


@dataclass
class Toegangslog:
    db: Database

    async def schrijf(self, entries: Sequence[Toegang], *, tijdstip: datetime | None = None) -> None:
        if not entries:
            return
        moment = tijdstip or datetime.now(UTC)
        rows = [
            {
                "v_code": e.v_code,
                "tijdstip": moment,
                "handeling": e.handeling.value,
                "onderdeel": e.onderdeel[:240],
                "door": e.door[:120],
                "door_naam": e.door_naam[:250] if e.door_naam else None,
                "namens": e.namens,
                "client_id": e.client_id[:120] if e.client_id else None,
            }
            for e in entries
        ]
        async with self.db.write() as session:
            await session.execute(insert(toegang_table), rows)

    async def lees(self, v_code: str, *, first: int, after: str | None = None) -> ToegangPagina:
        """Newest first, `first` at a time."""
        query = select(toegang_table).where(toegang_table.c.v_code == v_code)
        start = _after(after)
        if start is not None:
            query = query.where(toegang_table.c.id < start)
        query = query.order_by(toegang_table.c.id.desc()).limit(first + 1)
        async with self.db.read() as session:
            rows = (await session.execute(query)).mappings().all()
        items = [
            Toegang(
                id=row["id"],
                v_code=row["v_code"],
                tijdstip=row["tijdstip"] if row["tijdstip"].tzinfo else row["tijdstip"].replace(tzinfo=UTC),
                handeling=Handeling(row["handeling"]),
                onderdeel=row["onderdeel"],
                door=row["door"],
                door_naam=row["door_naam"],
                namens=row["namens"],
                client_id=row["client_id"],
            )
            for row in rows[:first]
        ]
        volgende = _cursor(items[-1].id) if len(rows) > first and items[-1].id is not None else None
        return ToegangPagina(items=items, volgende=volgende)
