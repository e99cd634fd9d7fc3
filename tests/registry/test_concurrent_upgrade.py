"""`vloket db upgrade` from two processes at once, as replicas starting together do: both succeed,
the second after waiting for the first, and the schema is built once and whole, on SQLite and on
PostgreSQL.

To make the two really overlap, the test holds the lock the upgraders take (SQLite's write lock,
PostgreSQL's advisory lock) until both processes are at it, and only then lets them go."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from registry.db import MIGRATION_LOCK_ID, alembic_config, sync_url
from registry.tables import declared_for, metadata
from tests.utils.services import libpq_url

WAIT_SECONDS = 60.0
"""How long the upgraders may take to start and reach the lock (importing the hub takes a while
on a busy machine); past it the test fails saying so."""


def start_upgrade(url: str, workdir: Path) -> subprocess.Popen[bytes]:
    vloket = Path(sys.executable).with_name("vloket")
    return subprocess.Popen(  # noqa: S603 - our own console script
        [str(vloket), "db", "upgrade"],
        cwd=workdir,
        env={**os.environ, "HUB_DATABASE_URL": url, "HUB_LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_until(ready: Callable[[], bool], upgraders: list[subprocess.Popen[bytes]], what: str) -> None:
    """Poll `ready` until it holds; fail at once when an upgrader ended before, and after
    `WAIT_SECONDS` if it never holds."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not ready():
        for process in upgraders:
            if process.poll() is not None:
                _, stderr = process.communicate()
                raise AssertionError(f"an upgrader ended before {what}: {stderr.decode()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"the upgraders did not get to {what} within {WAIT_SECONDS} s")
        time.sleep(0.05)


def has_open(pid: int, path: Path) -> bool:
    """Whether process `pid` has the file `path` open (Linux: its descriptors under /proc)."""
    descriptors = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(descriptors / fd) == str(path) for fd in os.listdir(descriptors))
    except OSError:  # the process is starting or a descriptor closed meanwhile: look again
        return False


@contextmanager
def sqlite_write_lock_held(url: str) -> Iterator[Callable[[list[subprocess.Popen[bytes]]], None]]:
    """Hold the database's write lock; the callable waits until every upgrader has the file
    open, so that each is at its first write (which waits for the lock) or about to be."""
    path = Path(str(make_url(url).database)).resolve()
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("BEGIN IMMEDIATE")

        def until_waiting(upgraders: list[subprocess.Popen[bytes]]) -> None:
            wait_until(lambda: all(has_open(p.pid, path) for p in upgraders), upgraders, "the database file")

        yield until_waiting
        connection.execute("ROLLBACK")


@contextmanager
def advisory_lock_held(url: str) -> Iterator[Callable[[list[subprocess.Popen[bytes]]], None]]:
    """Hold the migration lock; the callable waits until every upgrader waits for it too."""
    waiting = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND objid = :id AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_ID,))
        observer = create_engine(sync_url(url), poolclass=NullPool)

        def count() -> int:
            with observer.connect() as watching:
                return int(watching.execute(waiting, {"id": MIGRATION_LOCK_ID}).scalar_one())

        def until_waiting(upgraders: list[subprocess.Popen[bytes]]) -> None:
            wait_until(lambda: count() == len(upgraders), upgraders, "the migration lock")

        try:
            yield until_waiting
        finally:
            observer.dispose()
            connection.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_ID,))


def test_two_upgrades_at_once_both_succeed_and_build_the_schema_once(
    empty_database_url: str, tmp_path: Path
) -> None:
    url = empty_database_url
    held = sqlite_write_lock_held if make_url(url).get_backend_name() == "sqlite" else advisory_lock_held
    with held(url) as until_waiting:
        upgraders = [start_upgrade(url, tmp_path) for _ in range(2)]
        try:
            until_waiting(upgraders)
        except BaseException:
            for process in upgraders:
                process.kill()
                process.communicate()
            raise
    outcomes = [process.communicate(timeout=WAIT_SECONDS) for process in upgraders]

    said = [stderr.decode() for _, stderr in outcomes]
    assert [process.returncode for process in upgraders] == [0, 0], said
    assert [text.strip() for text in said] == ["Database is up to date."] * 2
    engine = create_engine(sync_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            differences = compare_metadata(
                MigrationContext.configure(
                    connection,
                    opts={
                        "compare_type": True,
                        "include_name": registers_own,
                        "include_object": declared_for(connection.dialect.name),
                    },
                ),
                metadata,
            )
            engine_tables = set(inspect(connection).get_table_names()) - set(metadata.tables)
    finally:
        engine.dispose()
    assert versions == [ScriptDirectory.from_config(alembic_config()).get_current_head()]
    assert differences == []
    if make_url(url).get_backend_name() == "postgresql":  # and the job engine's, built once
        assert {
            "procrastinate_jobs",
            "procrastinate_periodic_defers",
            "procrastinate_workers",
        } <= engine_tables
    else:
        assert engine_tables == {"alembic_version"}


def registers_own(name: str | None, type_: str, parent_names: object) -> bool:
    """The register's tables; on PostgreSQL the job engine keeps its own beside them."""
    return type_ != "table" or name in metadata.tables
