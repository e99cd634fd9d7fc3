"""`Database.append`, the write of rows that only ever grow: all of a batch or none of it, on
SQLite and on PostgreSQL, values read back as they went in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy.exc
from sqlalchemy import func, select

from registry.db import Database
from registry.toegangslog.tables import toegang_table

MOMENT = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def row(v_code: str, **changes: object) -> dict[str, object]:
    return {
        "v_code": v_code,
        "tijdstip": MOMENT,
        "handeling": "gelezen",
        "onderdeel": "gekendeGegevens",
        "door": "71032512357",
        "door_naam": "An Janssens",
        "namens": v_code,
        "client_id": "portaal",
    } | changes


async def stored(db: Database) -> list[tuple[str, datetime]]:
    async with db.read() as session:
        query = select(toegang_table.c.v_code, toegang_table.c.tijdstip).order_by(toegang_table.c.id)
        return [(v_code, moment) for v_code, moment in await session.execute(query)]


async def test_appended_rows_are_stored_in_order_with_their_values(db: Database) -> None:
    await db.append(toegang_table, [row("V0001001"), row("V0001002")])
    await db.append(toegang_table, [])

    found = await stored(db)

    assert [v_code for v_code, _ in found] == ["V0001001", "V0001002"]
    assert all(moment.replace(tzinfo=moment.tzinfo or UTC) == MOMENT for _, moment in found)


async def test_a_batch_with_one_bad_row_stores_none_of_it_and_keeps_what_was_there(db: Database) -> None:
    await db.append(toegang_table, [row("V0001001")])

    with pytest.raises(sqlalchemy.exc.IntegrityError):
        await db.append(toegang_table, [row("V0001002"), row("V0001003", tijdstip=None)])

    async with db.read() as session:
        count = (await session.execute(select(func.count()).select_from(toegang_table))).scalar_one()
    assert count == 1
    assert [v_code for v_code, _ in await stored(db)] == ["V0001001"]
