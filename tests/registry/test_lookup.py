"""`Database.lookup`, the read by key: the same rows and values as a read session gives, on
SQLite and on PostgreSQL, always the committed state, and on SQLite without waiting for a writer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from registry.associations.commands import Actor, RegistratieInvoer
from registry.associations.service import VerenigingenRegister
from registry.associations.tables import vereniging_table
from registry.db import Database

COLUMNS = (vereniging_table.c.v_code, vereniging_table.c.document, vereniging_table.c.gewijzigd_op)
KEY = vereniging_table.c.v_code


async def test_a_lookup_gives_what_a_read_session_gives(db: Database, seeded: VerenigingenRegister) -> None:
    wanted = ["V0001002", "V0001001", "V9999999", "V0001001"]

    found = await db.lookup(KEY, wanted, *COLUMNS)
    async with db.read() as session:
        expected = (await session.execute(select(*COLUMNS).where(KEY.in_(wanted)))).all()

    assert sorted(found) == sorted(tuple(row) for row in expected)
    assert {row[0] for row in found} == {"V0001001", "V0001002"}
    assert all(isinstance(row[1], dict) and isinstance(row[2], datetime) for row in found)
    assert await db.lookup(KEY, [], *COLUMNS) == []


async def test_a_lookup_sees_what_was_committed_just_before(
    db: Database, register: VerenigingenRegister
) -> None:
    vereniging = await register.registreer_feitelijke_vereniging(
        invoer=RegistratieInvoer(naam="Pas geregistreerd"), actor=Actor(door="71032512357")
    )

    [(document,)] = await db.lookup(KEY, [vereniging.v_code], vereniging_table.c.document)

    assert document["naam"] == "Pas geregistreerd"
    assert (await register.get_many([vereniging.v_code]))[vereniging.v_code].naam == "Pas geregistreerd"
    changed = (await register.gewijzigd_op([vereniging.v_code]))[vereniging.v_code]
    assert changed.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - changed) < timedelta(minutes=1)


class Undone(Exception):
    """Rolls a write back, carrying what was read meanwhile."""


async def test_a_lookup_never_sees_an_uncommitted_write_nor_waits_for_it(
    db: Database, seeded: VerenigingenRegister
) -> None:
    naam = vereniging_table.c.naam
    before = await db.lookup(KEY, ["V0001001"], naam)

    async def write_and_undo() -> None:
        async with db.write() as session:
            await session.execute(vereniging_table.update().where(KEY == "V0001001").values(naam="Nooit"))
            # A lookup that waited for this write could never end, as the write waits for it
            # (on SQLite it would fail after the busy timeout): that it ends shows it did not
            # wait. The timeout is only a safety net against hanging the run.
            raise Undone(await asyncio.wait_for(db.lookup(KEY, ["V0001001"], naam), timeout=60))

    with pytest.raises(Undone) as undone:
        await write_and_undo()

    assert undone.value.args[0] == before != [("Nooit",)]
    assert await db.lookup(KEY, ["V0001001"], naam) == before
