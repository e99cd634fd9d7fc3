"""SQLite with one trip per statement, and reads with no trip at all, keeps SQLite's own
transaction behaviour: a read sees one snapshot and never waits for a writer, a write takes the
write lock before its first statement returns and rolls back whole, and counts, ids and errors
come back as the driver gives them."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, text
from sqlalchemy.exc import IntegrityError

from registry import sqlite
from registry.db import Database
from registry.sqlite import InlineConnection, OneTripConnection


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'trips.sqlite3'}")
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

    for _ in range(3):  # every pooled connection gets its turn
        with pytest.raises(IntegrityError):
            await add(sqlite_db, "An")
    await add(sqlite_db, "Pieter")  # would wait for a lock never given back

    assert await names(sqlite_db) == ["An", "Pieter"]


async def test_a_second_writer_waits_for_the_first(sqlite_db: Database) -> None:
    order: list[str] = []
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
    await first_wrote.wait()
    await asyncio.sleep(0.3)
    assert order == []  # the second is held at its first statement, not refused
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


async def test_a_read_runs_on_the_event_loops_thread_and_a_write_on_its_connections(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add(sqlite_db, "An")
    await names(sqlite_db)  # the pooled connections exist and are set up
    statements = record_statements(monkeypatch)
    trips = count_trips(monkeypatch)

    async with sqlite_db.read() as session:
        found = (await session.execute(text("SELECT naam FROM lid WHERE id = 1"))).scalar_one()
    await add(sqlite_db, "Lotte")

    loop_thread = threading.get_ident()
    assert found == "An"
    assert [(thread == loop_thread, begin) for thread, begin in statements] == [
        (True, "BEGIN"),  # the read: BEGIN travels with its statement, on this thread
        (False, "BEGIN IMMEDIATE"),  # the write, on its connection's thread
    ]
    assert trips == ["_run", "commit"]  # only the write's statement and commit went to a thread


async def test_a_read_does_not_wait_for_a_writer_holding_the_lock(sqlite_db: Database) -> None:
    await add(sqlite_db, "An")

    async with sqlite_db.write() as session:
        await session.execute(text("INSERT INTO lid (naam) VALUES ('Lotte')"))
        meanwhile = await asyncio.wait_for(names(sqlite_db), timeout=2)

    assert meanwhile == ["An"]  # the last committed state, at once
    assert await names(sqlite_db) == ["An", "Lotte"]


async def test_a_database_in_memory_reads_what_it_wrote() -> None:
    database = Database("sqlite+aiosqlite:///:memory:")
    try:
        async with database.write() as session:
            await session.execute(text("CREATE TABLE lid (id INTEGER PRIMARY KEY, naam TEXT)"))
        await add(database, "An")

        assert await names(database) == ["An"]
        assert database.read_engine is database.engine  # a second engine would see another database
    finally:
        await database.dispose()


async def test_a_transaction_without_statements_costs_no_trip(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await names(sqlite_db)
    trips = count_trips(monkeypatch)

    async with sqlite_db.write() as session:
        await session.connection()  # BEGIN IMMEDIATE, held until a statement would need it

    assert trips == []


def count_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions connections send to their thread from now on."""
    trips: list[str] = []
    original: Any = OneTripConnection._execute

    async def counted(self: OneTripConnection, function: Any, *args: Any) -> Any:
        if not isinstance(self, InlineConnection):  # which has no thread
            trips.append(getattr(function, "__name__", repr(function)))
        return await original(self, function, *args)

    monkeypatch.setattr(OneTripConnection, "_execute", counted)
    return trips


def record_statements(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str | None]]:
    """From now on, for each statement: the thread it runs on and the BEGIN that goes with it."""
    statements: list[tuple[int, str | None]] = []
    original = sqlite._run

    @functools.wraps(original)
    def recorded(connection: Any, begin: str | None, *args: Any) -> Any:
        statements.append((threading.get_ident(), begin))
        return original(connection, begin, *args)

    monkeypatch.setattr(sqlite, "_run", recorded)
    return statements


async def test_a_lookup_first_puts_the_database_in_wal_mode(tmp_path: Path) -> None:
    """Else a read by key could wait for a writer's lock, and the event loop with it."""
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
