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

Example (as `registry.db.Database` does)::

    engine = create_async_engine("sqlite+aiosqlite:///register.sqlite3")
    configure(engine, busy_timeout=10.0, write_option="vloket_write")
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

# What SQLite answers when a lock it waited for did not come within the busy timeout.
_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_LOCKED"})


def configure(engine: AsyncEngine, *, busy_timeout: float, write_option: str) -> None:
    """Set up `engine`'s connections (see the module's docstring). `busy_timeout`: seconds a
    statement waits for another connection's lock; `write_option`: the execution option that
    marks a write transaction."""
    milliseconds = max(0, round(busy_timeout * 1000))

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds:d}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(write_option, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_busy(error: BaseException) -> bool:
    """Whether `error` is SQLite giving up on a lock another connection held past the busy
    timeout: nothing was done, and the same request may well succeed a moment later."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    return isinstance(original, sqlite3.OperationalError) and original.sqlite_errorname in _BUSY
