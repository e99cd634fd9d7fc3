"""SQLite under SQLAlchemy's async engine on aiosqlite as released keeps SQLite's own transaction
behaviour: a read sees one snapshot and never waits for a writer, a write takes the write lock
before its first statement returns and rolls back whole, counts, ids and errors come back as the
driver gives them, and a write that waits for a lock waits off the event loop and, past the busy
timeout, is refused as retryable."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, event, text
from sqlalchemy.exc import IntegrityError

from registry.db import Database
from registry.errors import RegisterBusy
from tests.utils.sqlite_lock import held_write_lock


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'leden.sqlite3'}")
    async with database.write() as session:
        await session.execute(
            text("CREATE TABLE lid (id INTEGER PRIMARY KEY AUTOINCREMENT, naam TEXT NOT NULL UNIQUE)")
        )
    yield database
    await database.dispose()


async def add(database: Database, *namen: str) -> None:
    """Each name as a member, in one write transaction."""
    async with database.write() as session:
        for naam in namen:
            await session.execute(text("INSERT INTO lid (naam) VALUES (:naam)"), {"naam": naam})


async def names(database: Database) -> list[str]:
    async with database.read() as session:
        return list((await session.execute(text("SELECT naam FROM lid ORDER BY id"))).scalars())


class WriteBegins:
    """Counts the write transactions `database` starts (`BEGIN IMMEDIATE` sent to SQLite), and
    lets a test wait until the n-th has been sent."""

    def __init__(self, database: Database) -> None:
        self.count = 0
        self._changed = asyncio.Event()
        event.listen(database.engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement == "BEGIN IMMEDIATE":
            self.count += 1
            self._changed.set()

    async def reached(self, count: int) -> None:
        while self.count < count:
            self._changed.clear()
            await self._changed.wait()


async def test_a_read_sees_one_snapshot_from_its_first_statement(sqlite_db: Database) -> None:
    await add(sqlite_db, "An")

    async with sqlite_db.read() as reading:
        first = (await reading.execute(text("SELECT count(*) FROM lid"))).scalar_one()
        await add(sqlite_db, "Lotte")  # another connection commits meanwhile
        second = (await reading.execute(text("SELECT count(*) FROM lid"))).scalar_one()

    assert (first, second) == (1, 1)
    assert await names(sqlite_db) == ["An", "Lotte"]


async def test_a_failed_write_leaves_nothing_behind_and_says_why(sqlite_db: Database) -> None:
    await add(sqlite_db, "An")

    with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: lid\.naam"):
        await add(sqlite_db, "Pieter", "An")

    assert await names(sqlite_db) == ["An"]
    await add(sqlite_db, "Pieter")  # the connection is usable again
    assert await names(sqlite_db) == ["An", "Pieter"]


async def test_a_write_whose_first_statement_fails_keeps_no_lock(sqlite_db: Database) -> None:
    await add(sqlite_db, "An")

    for _ in range(3):  # more than one pooled connection gets its turn
        with pytest.raises(IntegrityError):
            await add(sqlite_db, "An")
    await add(sqlite_db, "Pieter")  # would wait for a lock never given back

    assert await names(sqlite_db) == ["An", "Pieter"]


async def test_a_second_writer_waits_for_the_first(sqlite_db: Database) -> None:
    order: list[str] = []
    begins = WriteBegins(sqlite_db)
    first_wrote = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with sqlite_db.write() as session:
            await session.execute(text("INSERT INTO lid (naam) VALUES ('eerste')"))
            first_wrote.set()
            await release.wait()
            order.append("eerste klaar")

    async def second() -> None:
        await first_wrote.wait()
        async with sqlite_db.write() as session:
            await session.execute(text("SELECT 1"))  # the write lock comes with the first statement
            order.append("tweede begonnen")
            await session.execute(text("INSERT INTO lid (naam) VALUES ('tweede')"))

    writers = asyncio.gather(first(), second())
    await begins.reached(2)  # the second asked for the lock the first holds
    assert order == []  # and is held there, not refused
    release.set()
    await writers

    assert order == ["eerste klaar", "tweede begonnen"]
    assert await names(sqlite_db) == ["eerste", "tweede"]


async def test_counts_and_ids_come_back(sqlite_db: Database) -> None:
    async with sqlite_db.write() as session:
        inserted: Any = await session.execute(text("INSERT INTO lid (naam) VALUES ('An')"))
        many: Any = await session.execute(
            text("INSERT INTO lid (naam) VALUES (:naam)"), [{"naam": "Lotte"}, {"naam": "Pieter"}]
        )
        updated: Any = await session.execute(text("UPDATE lid SET naam = naam || '!' WHERE id > 1"))
        nothing: Any = await session.execute(text("UPDATE lid SET naam = 'x' WHERE id > 99"))

    assert inserted.lastrowid == 1
    assert many.rowcount == 2
    assert (updated.rowcount, nothing.rowcount) == (2, 0)
    assert await names(sqlite_db) == ["An", "Lotte!", "Pieter!"]


async def test_a_read_does_not_wait_for_a_writer_holding_the_lock(sqlite_db: Database) -> None:
    await add(sqlite_db, "An")

    async with sqlite_db.write() as session:
        await session.execute(text("INSERT INTO lid (naam) VALUES ('Lotte')"))
        meanwhile = await names(sqlite_db)

    assert meanwhile == ["An"]  # the last committed state
    assert await names(sqlite_db) == ["An", "Lotte"]


async def test_a_waiting_write_leaves_the_event_loop_free_and_goes_on_once_the_lock_is_free(
    tmp_path: Path,
) -> None:
    path = tmp_path / "leden.sqlite3"
    database = Database(f"sqlite+aiosqlite:///{path}", busy_timeout=120)
    try:
        async with database.write() as session:
            await session.execute(text("CREATE TABLE lid (id INTEGER PRIMARY KEY, naam TEXT)"))
        await add(database, "An")
        begins = WriteBegins(database)
        async with held_write_lock(path) as lock:
            waiting = asyncio.create_task(add(database, "Lotte"))
            await begins.reached(1)

            meanwhile = await names(database)  # the event loop, and a read, go on meanwhile
            assert not waiting.done()
            await lock.release()
            await waiting
    finally:
        await database.dispose()

    assert meanwhile == ["An"]


async def test_reads_that_must_wait_leave_the_event_loop_free(tmp_path: Path) -> None:
    path = tmp_path / "leden.sqlite3"
    with closing(sqlite3.connect(path)) as setup:  # a file no connection of the hub's has opened
        setup.execute("CREATE TABLE lid (id INTEGER PRIMARY KEY, naam TEXT)")
        setup.execute("INSERT INTO lid (naam) VALUES ('An')")
        setup.commit()
    lid = Table("lid", MetaData(), Column("id", Integer, primary_key=True), Column("naam", String))
    database = Database(f"sqlite+aiosqlite:///{path}", busy_timeout=120)
    try:
        async with held_write_lock(path, exclusive=True) as lock:
            by_key = asyncio.create_task(database.lookup(lid.c.id, [1], lid.c.naam))
            in_session = asyncio.create_task(names(database))
            await asyncio.sleep(0)  # both start, and wait for the lock

            # Here only if the waiting reads left the event loop alone (else: after 120 s).
            assert not by_key.done()
            assert not in_session.done()
            await lock.release()
            found = (await by_key, await in_session)
    finally:
        await database.dispose()

    assert found == ([("An",)], ["An"])


async def test_a_write_refused_after_the_busy_timeout_is_retryable_and_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "leden.sqlite3"
    database = Database(f"sqlite+aiosqlite:///{path}", busy_timeout=0.05)
    try:
        async with database.write() as session:
            await session.execute(text("CREATE TABLE lid (id INTEGER PRIMARY KEY, naam TEXT)"))
        async with held_write_lock(path):
            with pytest.raises(RegisterBusy) as refused:
                await add(database, "Lotte")
            during = await names(database)
        await add(database, "Pieter")  # once the lock is free, the next write goes through
        after = await names(database)
    finally:
        await database.dispose()

    assert refused.value.retryable
    assert refused.value.extensions("en") == {"code": "REGISTER_BUSY", "retryable": True}
    assert "try again" in refused.value.message("en")
    assert (during, after) == ([], ["Pieter"])


async def test_a_database_in_memory_reads_what_it_wrote() -> None:
    database = Database("sqlite+aiosqlite:///:memory:")
    try:
        async with database.write() as session:
            await session.execute(text("CREATE TABLE lid (id INTEGER PRIMARY KEY, naam TEXT)"))
        await add(database, "An")

        assert await names(database) == ["An"]
    finally:
        await database.dispose()


async def test_the_first_connection_puts_the_database_in_wal_mode(tmp_path: Path) -> None:
    """Else a read could wait for a writer's lock."""
    path = tmp_path / "fresh.sqlite3"
    with closing(sqlite3.connect(path)) as fresh:
        fresh.execute("CREATE TABLE lid (id INTEGER PRIMARY KEY, naam TEXT)")
        fresh.execute("INSERT INTO lid (naam) VALUES ('An')")
        fresh.commit()
        assert fresh.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    database = Database(f"sqlite+aiosqlite:///{path}")
    lid = Table("lid", MetaData(), Column("id", Integer, primary_key=True), Column("naam", String))
    try:
        found = await database.lookup(lid.c.id, [1], lid.c.naam)
    finally:
        await database.dispose()

    assert found == [("An",)]
    with closing(sqlite3.connect(path)) as after:
        assert after.execute("PRAGMA journal_mode").fetchone() == ("wal",)
