"""SQLite under the async engine with one trip to the driver's thread per statement.

aiosqlite runs each sqlite3 call on a thread of its own, and SQLAlchemy's adapter makes a trip
there for every step of a statement: make a cursor, execute, fetch, close; then the transaction's
`BEGIN` and, twice, its rollback. A read by key took nine trips, and a trip (a hand-over between
threads) costs far more than SQLite's own work. Here a statement is executed, fetched and closed
in one trip, `BEGIN` travels with the transaction's first statement (SQLite takes no lock and no
snapshot before it anyway), and a commit or rollback with no transaction open stays home. A
write of one statement takes two trips: the statement, and its commit.

Reads need no thread at all (`connector(..., inline=True)`): in WAL mode a reader never waits for
a writer, and a read by key costs SQLite tens of microseconds, less than handing it to a thread
and back. Under load the hand-over costs more still: every trip makes the worker thread and the
event loop take turns at the GIL. Read connections therefore run each statement at once on the
event loop's thread. Writes keep their thread: a writer may wait up to the busy timeout for
another's lock, and the event loop must not wait with it.

The read by key, the most frequent of all, skips SQLAlchemy too (`KeyedReads`): one statement
in autocommit mode on a read-only sqlite3 connection of its own.

Rows are fetched whole when the statement runs: the hub reads in pages and never streams rows.

Example (as `registry.db.Database` does)::

    connect_args = lambda: engine.dialect.create_connect_args(engine.url)
    engine = create_async_engine(url, async_creator=connector(connect_args))
    reads = create_async_engine(url, async_creator=connector(connect_args, inline=True))
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self

import aiosqlite
from sqlalchemy import Column
from sqlalchemy.engine import Dialect

_BEGIN = frozenset({"BEGIN", "BEGIN DEFERRED", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"})


@dataclass(frozen=True, slots=True)
class _Outcome:
    description: Any
    rows: list[Any]
    rowcount: int
    lastrowid: int | None
    in_transaction: bool


def _run(
    connection: sqlite3.Connection, begin: str | None, sql: str, parameters: Any, many: bool
) -> _Outcome:
    """On the connection's thread (a read's: the caller's): the pending `BEGIN`, the statement,
    all its rows, the cursor closed."""
    if begin is not None:
        connection.execute(begin)
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        elif parameters is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, parameters)
        description = cursor.description
        return _Outcome(
            description=description,
            rows=cursor.fetchall() if description else [],
            rowcount=cursor.rowcount,
            lastrowid=cursor.lastrowid,
            in_transaction=connection.in_transaction,
        )
    finally:
        cursor.close()


class OneTripCursor:
    """The async cursor SQLAlchemy's aiosqlite adapter drives, holding one statement's results."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._rows = []

    async def execute(self, sql: str, parameters: Any = None) -> Self:
        return await self._go(sql, parameters, many=False)

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> Self:
        return await self._go(sql, parameters, many=True)

    async def _go(self, sql: str, parameters: Any, *, many: bool) -> Self:
        connection = self._connection
        if not many and parameters in (None, ()) and sql.strip().upper() in _BEGIN:
            if connection.in_transaction or connection.pending_begin is not None:
                raise sqlite3.OperationalError("cannot start a transaction within a transaction")
            connection.pending_begin = sql
            self.description, self.rowcount, self.lastrowid, self._rows = None, -1, None, []
            return self
        begin, connection.pending_begin = connection.pending_begin, None
        try:
            outcome = await connection.run(_run, begin, sql, parameters, many)
        except BaseException:
            # Failed (or given up on) halfway: a transaction may be open, so a rollback is sent.
            # Without a transaction it changes nothing.
            connection.in_transaction = connection.in_transaction or begin is not None
            raise
        connection.in_transaction = outcome.in_transaction
        self.description = outcome.description
        self.rowcount = outcome.rowcount
        self.lastrowid = outcome.lastrowid
        self._rows = outcome.rows
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = size or self.arraysize
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        self._rows = []


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors run each statement in one trip, and which knows
    whether a transaction is open (sqlite3 answers that only on its own thread)."""

    in_transaction = False
    pending_begin: str | None = None

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def run(self, function: Callable[..., _Outcome], *args: Any) -> _Outcome:
        execute: Callable[..., Awaitable[_Outcome]] = self._execute
        return await execute(function, self._conn, *args)

    async def commit(self) -> None:
        self.pending_begin = None
        if self.in_transaction:
            await super().commit()
            self.in_transaction = False

    async def rollback(self) -> None:
        self.pending_begin = None
        if self.in_transaction:
            await super().rollback()
            self.in_transaction = False


class _RunNow:
    """Stands in for the queue to aiosqlite's thread: runs each call at once, on the caller's
    thread, and settles its future before returning."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except Exception as error:
            if future is not None:
                future.set_exception(error)
        else:
            if future is not None:
                future.set_result(result)


class InlineConnection(OneTripConnection):
    """A connection without a thread: everything, from connecting to closing, runs on the
    event loop's thread as it is asked for. For reads only (see the module's docstring)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, Self]:
        yield from self._connect().__await__()  # with no thread to start first
        return self

    async def run(self, function: Callable[..., _Outcome], *args: Any) -> _Outcome:
        return function(self._conn, *args)


ConnectArgs = Callable[[], tuple[Sequence[Any], Mapping[str, Any]]]


def connector(connect_args: ConnectArgs, *, inline: bool = False) -> Callable[[], Awaitable[Any]]:
    """An `async_creator` for `create_async_engine`: `connect_args` gives sqlite3.connect's
    arguments (the dialect's own reading of the URL); `inline`: connections for reads, without
    a thread."""

    async def connect() -> OneTripConnection:
        args, kwargs = connect_args()

        def open_database() -> sqlite3.Connection:
            return sqlite3.connect(*args, **kwargs)

        if inline:
            return await InlineConnection(open_database)
        connection = OneTripConnection(open_database, iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy's adapter does: never hold up exit
        await connection
        return connection

    return connect


_Plan = tuple[str, list[Callable[[Any], Any] | None]]


class KeyedReads:
    """Reads by key (`SELECT columns FROM table WHERE key IN (...)`) straight through sqlite3 on
    the calling thread, from a read-only connection of its own per thread. Such a read costs
    SQLite about ten microseconds, and an ORM session around it twenty times that. One statement
    in autocommit mode reads one snapshot; values come back converted by the columns' types, as
    SQLAlchemy converts them."""

    def __init__(self, connect_args: ConnectArgs, dialect: Dialect) -> None:
        self._connect_args = connect_args
        self._dialect = dialect
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._plans: dict[tuple[object, ...], _Plan] = {}

    def rows(
        self, key: Column[Any], keys: Sequence[Any], columns: Sequence[Column[Any]]
    ) -> list[tuple[Any, ...]]:
        sql, processors = self._plan(key, columns, len(keys))
        found = self._connection().execute(sql, tuple(keys)).fetchall()
        return [_converted(row, processors) for row in found]

    def _plan(self, key: Column[Any], columns: Sequence[Column[Any]], count: int) -> _Plan:
        """The statement for `count` keys, and how to convert each column's values."""
        name = (_name(key), *(_name(column) for column in columns), count)
        plan = self._plans.get(name)
        if plan is None:
            quote = self._dialect.identifier_preparer
            selected = ", ".join(quote.format_column(column) for column in columns)
            table, where = quote.format_table(key.table), quote.format_column(key)
            sql = f"SELECT {selected} FROM {table} WHERE {where} IN ({', '.join('?' * count)})"  # noqa: S608
            processors: list[Callable[[Any], Any] | None] = []
            for column in columns:
                processors.append(
                    column.type.dialect_impl(self._dialect).result_processor(self._dialect, None)
                )
            plan = self._plans[name] = (sql, processors)
        return plan

    def close(self) -> None:
        for connection in self._opened:
            connection.close()
        self._opened.clear()
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            args, kwargs = self._connect_args()
            # Not checked for its thread only so that `close` may come from another.
            options = {**kwargs, "isolation_level": None, "check_same_thread": False}
            connection = sqlite3.connect(*args, **options)
            connection.execute("PRAGMA busy_timeout = 10000")
            connection.execute("PRAGMA journal_mode = WAL")  # a reader that never waits for a writer
            connection.execute("PRAGMA query_only = ON")
            self._local.connection = connection
            self._opened.append(connection)
        return connection


def _converted(row: tuple[Any, ...], processors: list[Callable[[Any], Any] | None]) -> tuple[Any, ...]:
    return tuple(
        value if convert is None else convert(value) for convert, value in zip(processors, row, strict=True)
    )


def _name(column: Column[Any]) -> tuple[str, str]:
    return (column.table.name, column.name)
