"""Engine and sessions for the hub's store: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Column, Select, Table, bindparam, create_engine, event, insert, select, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from registry import sqlite

MIGRATIONS = Path(__file__).parent / "migrations"
# Arbitrary but fixed: serialises `migrate()` across replicas starting together on PostgreSQL.
_MIGRATION_LOCK_ID = 7_150_001
_WRITE = "vloket_write"


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


def _configure_sqlite(engine_sync: Any) -> None:
    """Foreign keys on, WAL, a busy timeout, and `BEGIN IMMEDIATE` for write transactions.

    SQLite takes its write lock lazily; a transaction that reads and then writes can then fail at
    once with "database is locked". Write transactions therefore take the lock when they begin.
    """

    @event.listens_for(engine_sync, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine_sync, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """The async engine, a session factory for reads and one for writes, reads by key, and
    migrations."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = async_url(url)
        _ensure_sqlite_directory(self.url)
        # JSON columns (the associations' documents) read with orjson: several times faster.
        options: dict[str, Any] = {"echo": echo, "json_deserializer": orjson.loads}
        if self.dialect == "postgresql":
            options |= {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
        if self.dialect == "sqlite":
            options["async_creator"] = sqlite.connector(self._sqlite_connect_args)
        self.engine = create_async_engine(self.url, **options)
        self.read_engine = self.engine
        """Where reads go: on a SQLite file, connections that read on the event loop's thread."""
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine.sync_engine)
            if _is_file(self.url):
                inline = sqlite.connector(self._sqlite_connect_args, inline=True)
                self.read_engine = create_async_engine(self.url, **{**options, "async_creator": inline})
                _configure_sqlite(self.read_engine.sync_engine)
        self._reads = async_sessionmaker(self.read_engine, expire_on_commit=False)
        self._keyed: sqlite.KeyedReads | None = None
        if self.read_engine is not self.engine:
            self._keyed = sqlite.KeyedReads(self._sqlite_connect_args, self.read_engine.dialect)
        self._by_key: dict[tuple[object, ...], Select[Any]] = {}
        self._write_engine = self.engine.execution_options(**{_WRITE: True})
        self._writes = async_sessionmaker(self._write_engine, expire_on_commit=False)

    def _sqlite_connect_args(self) -> tuple[Sequence[Any], Mapping[str, Any]]:
        return self.engine.dialect.create_connect_args(self.url)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading; its transaction is rolled back at the end."""
        async with self._reads() as session:
            yield session

    async def lookup(
        self, key: Column[Any], keys: Sequence[Any], *columns: Column[Any]
    ) -> list[tuple[Any, ...]]:
        """`columns` of the rows whose `key` is among `keys`, in one statement: the read by key,
        the most frequent of all; a key given twice is asked once. On a SQLite file it goes
        straight to SQLite on this thread (`sqlite.KeyedReads`); elsewhere through a read session."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        if self._keyed is not None:
            return self._keyed.rows(key, keys, columns)
        names = tuple((column.table.name, column.name) for column in (key, *columns))
        statement = self._by_key.get(names)
        if statement is None:
            statement = select(*columns).where(key.in_(bindparam("keys", expanding=True)))
            self._by_key[names] = statement
        async with self.read() as session:
            return [tuple(row) for row in await session.execute(statement, {"keys": keys})]

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A transaction that commits when the block ends and rolls back on any error."""
        async with self._writes() as session, session.begin():
            yield session

    async def append(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Add `rows` to `table` in one statement and a transaction of their own: the cheapest
        write (no session), for what only ever grows, such as a log."""
        if not rows:
            return
        async with self._write_engine.begin() as connection:
            await connection.execute(insert(table), list(rows))

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        if self._keyed is not None:
            self._keyed.close()
        await self.engine.dispose()
        await self.read_engine.dispose()

    def migrate(self) -> None:
        """Bring the schema to the newest migration (synchronous; run before serving)."""
        migrate(self.url)


def migrate(url: str | URL, revision: str = "head") -> None:
    """Apply the Alembic migrations to `url`; safe to run from several processes at once."""
    target = sync_url(url)
    _ensure_sqlite_directory(target)
    engine = create_engine(target, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            if target.get_backend_name() == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
