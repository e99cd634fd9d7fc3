"""Engine and sessions for the hub's store: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Column, Select, Table, bindparam, create_engine, insert, select, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from registry import sqlite
from registry.errors import RegisterBusy

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK_ID = 7_150_001
"""Arbitrary but fixed: the PostgreSQL advisory lock that serialises `migrate()` across replicas
and `vloket db upgrade` runs starting together."""
MIGRATION_LOCK_WAIT = 600.0
"""Seconds an upgrader on SQLite waits for another one's migrations to finish (PostgreSQL's
advisory lock waits as long as it takes)."""
_WRITE = "vloket_write"
POOL_SIZE = 20
"""On PostgreSQL: connections each process keeps open (as many again may open for a while)."""
BUSY_TIMEOUT = 10.0
"""Seconds a write on SQLite waits for another's write lock, unless told otherwise."""


_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg"}


def _with_driver(url: str | URL, drivers: dict[str, str]) -> URL:
    parsed = make_url(url)
    driver = drivers.get(parsed.get_backend_name())
    if driver is None:
        raise ValueError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    return parsed.set(drivername=driver)


def sync_url(url: str | URL) -> URL:
    """The same database addressed through a synchronous driver (for migrations)."""
    return _with_driver(url, _SYNC_DRIVERS)


def async_url(url: str | URL) -> URL:
    """The same database addressed through the asynchronous driver the hub runs on."""
    return _with_driver(url, _ASYNC_DRIVERS)


def _is_file(url: URL) -> bool:
    """A SQLite database in a file (one in memory exists once per connection)."""
    memory = not url.database or url.database == ":memory:" or "mode=memory" in url.database
    return url.get_backend_name() == "sqlite" and not memory


def _ensure_sqlite_directory(url: URL) -> None:
    if _is_file(url) and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


class Database:
    """The async engine, a session factory for reads and one for writes, reads by key, and
    migrations. Every statement runs in the driver's own threads or sockets, never on the event
    loop; on SQLite see `registry.sqlite`.

    `busy_timeout`: on SQLite, how many seconds a write waits for another connection's write
    lock before it is refused with `RegisterBusy` (retryable). `pool_size`: on PostgreSQL, the
    connections kept open.
    """

    def __init__(
        self, url: str, *, echo: bool = False, busy_timeout: float = BUSY_TIMEOUT, pool_size: int = POOL_SIZE
    ) -> None:
        self.url = async_url(url)
        _ensure_sqlite_directory(self.url)
        # JSON columns (the associations' documents) read with orjson: several times faster.
        options: dict[str, Any] = {"echo": echo, "json_deserializer": orjson.loads}
        if self.dialect == "postgresql":
            # Connections kept open for as many transactions as run at once: one opened beyond
            # them (overflow) is closed again after its transaction, and opening one costs more
            # than most transactions.
            options |= {"pool_pre_ping": True, "pool_size": pool_size, "max_overflow": pool_size}
        self.engine = create_async_engine(self.url, **options)
        if self.dialect == "sqlite":
            sqlite.configure(self.engine, busy_timeout=busy_timeout, write_option=_WRITE)
        self._reads = async_sessionmaker(self.engine, expire_on_commit=False)
        self._keyed: sqlite.KeyedReads | None = None
        if _is_file(self.url):  # (a second engine on a database in memory would see another)
            self._keyed = sqlite.KeyedReads(
                sync_url(self.url), busy_timeout=busy_timeout, echo=echo, json_deserializer=orjson.loads
            )
        self._by_key: dict[tuple[object, ...], Select[Any]] = {}
        self._write_engine = self.engine.execution_options(**{_WRITE: True})
        self._writes = async_sessionmaker(self._write_engine, expire_on_commit=False)

    @property
    def engines(self) -> list[Engine]:
        """Every engine statements go through (for those that watch them, such as tests)."""
        engines = [self.engine.sync_engine]
        if self._keyed is not None:
            engines.append(self._keyed.engine)
        return engines

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading; its transaction is rolled back at the end."""
        with _busy_refused():
            async with self._reads() as session:
                yield session

    async def lookup(
        self, key: Column[Any], keys: Sequence[Any], *columns: Column[Any]
    ) -> list[tuple[Any, ...]]:
        """`columns` of the rows whose `key` is among `keys`, in one statement: the read by key,
        the most frequent of all; a key given twice is asked once. On a SQLite file it takes one
        hand-over to a reader thread (`sqlite.KeyedReads`); elsewhere a connection of the engine."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        names = tuple((column.table.name, column.name) for column in (key, *columns))
        statement = self._by_key.get(names)
        if statement is None:
            statement = select(*columns).where(key.in_(bindparam("keys", expanding=True)))
            self._by_key[names] = statement
        with _busy_refused():
            if self._keyed is not None:
                return await self._keyed.rows(statement, {"keys": keys})
            async with self.engine.connect() as connection:
                return [tuple(row) for row in await connection.execute(statement, {"keys": keys})]

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A transaction that commits when the block ends and rolls back on any error."""
        with _busy_refused():
            async with self._writes() as session, session.begin():
                yield session

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reading with Core statements, without a session: the cheaper read
        where a hot path runs the same statements over and over (delivering events)."""
        with _busy_refused():
            async with self.engine.connect() as connection:
                yield connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction on a connection, without a session: commits when the block ends,
        rolls back on any error (as `write`, for Core statements on a hot path)."""
        with _busy_refused():
            async with self._write_engine.begin() as connection:
                yield connection

    async def append(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Add `rows` to `table` in one statement and a transaction of their own: the cheapest
        write (no session), for what only ever grows, such as a log."""
        if not rows:
            return
        with _busy_refused():
            async with self._write_engine.begin() as connection:
                await connection.execute(insert(table), list(rows))

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        if self._keyed is not None:
            await self._keyed.close()
        await self.engine.dispose()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (synchronous; run before serving)."""
        migrate(self.url)


@contextmanager
def _busy_refused() -> Iterator[None]:
    """SQLite's "database is locked" after the busy timeout, as the register's retryable
    refusal rather than an unexpected error."""
    try:
        yield
    except DBAPIError as error:
        if sqlite.is_busy(error):
            raise RegisterBusy from error
        raise


def migrate(url: str | URL, revision: str = "head") -> None:
    """Apply the Alembic migrations to `url`; safe to run from several processes at once.

    Every pending migration runs in one transaction that first takes a lock: an advisory lock
    on PostgreSQL, the write lock (`BEGIN IMMEDIATE`) on SQLite. A second upgrader waits for
    the first to commit, then finds the schema at its newest and does nothing."""
    target = sync_url(url)
    _ensure_sqlite_directory(target)
    engine = create_engine(target, poolclass=NullPool)
    if target.get_backend_name() == "sqlite":
        sqlite.configure_for_migrations(engine, lock_wait=MIGRATION_LOCK_WAIT)
    try:
        with engine.begin() as connection:
            if target.get_backend_name() == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            from alembic import command  # imported when migrating, not by every process

            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
