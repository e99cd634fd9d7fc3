"""SQLite under SQLAlchemy's async engine, on aiosqlite as released.

Every statement runs on its connection's own aiosqlite thread, so nothing that waits on the
database holds the event loop: a writer waiting for another's lock (up to the busy timeout)
waits on that thread while the process goes on answering.

Each new connection is set up through SQLAlchemy's public `connect` event: foreign keys on, WAL
(a reader never waits for a writer, and a writer never for the readers), and the busy timeout.
The driver's own transaction handling is switched off so that SQLAlchemy's `begin` event starts
each transaction itself, as SQLAlchemy's documentation for the sqlite dialects shows: a write
transaction with `BEGIN IMMEDIATE`, which takes the write lock at once. (SQLite otherwise takes
it lazily, and a transaction that reads and then writes could fail at once with "database is
locked" instead of waiting its turn.)

The read by key, the most frequent read, takes one hand-over to a reader thread instead of the
async engine's several (`KeyedReads`).

Example (as `registry.db.Database` does)::

    engine = create_async_engine("sqlite+aiosqlite:///register.sqlite3")
    configure(engine, busy_timeout=10.0, write_option="vloket_write")
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Executable, create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

# What SQLite answers when a lock it waited for did not come within the busy timeout.
_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_LOCKED"})


def configure(engine: AsyncEngine, *, busy_timeout: float, write_option: str) -> None:
    """Set up `engine`'s connections (see the module's docstring). `busy_timeout`: seconds a
    statement waits for another connection's lock; `write_option`: the execution option that
    marks a write transaction."""
    _set_up_connections(engine.sync_engine, busy_timeout=busy_timeout)

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(write_option, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def configure_for_migrations(engine: Engine, *, lock_wait: float) -> None:
    """Set up a synchronous `engine` for migrating: each transaction begins with `BEGIN
    IMMEDIATE`, so that every migration runs inside it under the write lock. A second upgrader
    (another replica starting, another `vloket db upgrade`) waits up to `lock_wait` seconds at
    its `BEGIN`, and then finds nothing left to do.

    The driver's own transaction handling is off, as in `configure`: left on, sqlite3 would
    begin a transaction only before a row is written, and run each `CREATE TABLE` on its own,
    so two upgraders would both create the same tables. Foreign keys stay off, as SQLite has
    them by default: a migration that rebuilds a table drops the old one, which with foreign
    keys on would delete the rows that refer to it."""
    milliseconds = max(0, round(lock_wait * 1000))

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds:d}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _set_up_connections(engine: Engine, *, busy_timeout: float, read_only: bool = False) -> None:
    milliseconds = max(0, round(busy_timeout * 1000))

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds:d}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            if read_only:
                cursor.execute("PRAGMA query_only = ON")
        finally:
            cursor.close()


class KeyedReads:
    """Reads of one statement (the read by key) on a SQLite file, each in a single hand-over to
    a small pool of reader threads, through SQLAlchemy's synchronous engine on sqlite3.

    Through the async engine a read of one statement takes about nine hand-overs between the
    event loop and the connection's thread (`BEGIN`, then cursor, execute, fetch and close for
    each statement, then the rollback), and a hand-over costs far more than SQLite's own work
    for a read by key. Here the whole read runs on one reader thread: one statement in
    autocommit mode, which reads one snapshot, on a read-only connection that, in WAL mode,
    never waits for a writer.

    Example::

        reads = KeyedReads(make_url("sqlite:///register.sqlite3"), busy_timeout=10.0)
        rows = await reads.rows(select(lid.c.naam).where(lid.c.id.in_(...)), {})
        await reads.close()
    """

    def __init__(self, url: URL, *, busy_timeout: float, threads: int = 4, **options: Any) -> None:
        self.engine = create_engine(url, pool_size=threads, max_overflow=0, **options)
        _set_up_connections(self.engine, busy_timeout=busy_timeout, read_only=True)
        self._threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sqlite-reads")

    async def rows(self, statement: Executable, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self._read, statement, parameters)

    def _read(self, statement: Executable, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(statement, parameters)]

    async def close(self) -> None:
        """Let reads under way finish (on another thread: they may wait), then close."""
        await asyncio.to_thread(self._threads.shutdown)
        self.engine.dispose()


def is_busy(error: BaseException) -> bool:
    """Whether `error` is SQLite giving up on a lock another connection held past the busy
    timeout: nothing was done, and the same request may well succeed a moment later."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    return isinstance(original, sqlite3.OperationalError) and original.sqlite_errorname in _BUSY
