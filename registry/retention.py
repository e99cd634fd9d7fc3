"""Removing what is kept for a period only (the access log, feedback) once it is older."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, cast

from sqlalchemy import CursorResult, Table, delete, select

from registry.db import Database

BATCH: Final = 5000
"""Rows removed per transaction: a log of millions is cleared without one long lock."""


async def remove_older(db: Database, table: Table, ouder_dan: datetime) -> int:
    """Every row of `table` (an `id` and a `tijdstip`) from before `ouder_dan`, `BATCH` rows per
    transaction; how many were removed."""
    async with db.read() as session:  # (a read: no write lock taken when nothing is due, as mostly)
        due = await session.execute(select(table.c.id).where(table.c.tijdstip < ouder_dan).limit(1))
        if due.first() is None:
            return 0
    removed = 0
    while True:
        oldest = select(table.c.id).where(table.c.tijdstip < ouder_dan).order_by(table.c.id).limit(BATCH)
        async with db.write() as session:
            result = await session.execute(delete(table).where(table.c.id.in_(oldest.scalar_subquery())))
        count = cast(CursorResult[Any], result).rowcount
        removed += count
        if count < BATCH:
            return removed
