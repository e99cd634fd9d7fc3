"""Reaching the external services the tests need: PostgreSQL and Redis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import redis
from psycopg import sql
from sqlalchemy.engine import make_url

from hub.settings import Settings
from registry.tables import metadata

TEST_SECRET = b"test-secret-key-of-sufficient-length-0123456789"


def services_required() -> bool:
    return os.environ.get("HUB_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def libpq_url(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def postgres_problem(settings: Settings) -> str | None:
    try:
        with psycopg.connect(libpq_url(settings.test_postgres_url), connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {settings.test_postgres_url} is unreachable: {error}"
    return None


def redis_problem(settings: Settings) -> str | None:
    try:
        client = redis.Redis.from_url(settings.test_redis_url, socket_connect_timeout=3)
        client.ping()
        client.close()
    except redis.RedisError as error:
        return f"Redis at {settings.test_redis_url} is unreachable: {error}"
    return None


def require_redis(settings: Settings, *, empty: bool) -> str:
    """The test Redis's URL, emptied first if `empty`; the test is skipped when it does not
    answer (failed when the services are required)."""
    problem = redis_problem(settings)
    if problem:
        if services_required():
            pytest.fail(problem)
        pytest.skip(problem)
    if empty:
        client = redis.Redis.from_url(settings.test_redis_url)
        client.flushdb()
        client.close()
    return settings.test_redis_url


@contextmanager
def scratch_postgres_database(settings: Settings) -> Iterator[str]:
    """A new, empty database on the test server for this run, dropped afterwards."""
    base = make_url(settings.test_postgres_url)
    name = f"vloket_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(settings.test_postgres_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq_url(settings.test_postgres_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


EMPTIED = [table.name for table in reversed(metadata.sorted_tables) if table.name != "vcode_teller"]
"""Every table the models declare but the counter row of SQLite's vCodes, children first."""

OWNED_SEQUENCES = """
SELECT sequence.relname FROM pg_class sequence
  JOIN pg_depend owner ON owner.objid = sequence.oid AND owner.deptype IN ('a', 'i')
  JOIN pg_class owning ON owning.oid = owner.refobjid
 WHERE sequence.relkind = 'S' AND owning.relname = ANY(%s)
"""


def empty_postgres_register(url: str) -> None:
    """Empty every table of a migrated PostgreSQL test database (the counter row of SQLite's
    vCodes aside, every table the models declare); their ids and the vCodes restart. By DELETE,
    children first, in one transaction: on the few rows a test leaves that is a sixth of what
    TRUNCATE costs, which makes new files for every table."""
    with psycopg.connect(libpq_url(url)) as connection:  # committed when the block ends
        sequences = [name for (name,) in connection.execute(OWNED_SEQUENCES, (EMPTIED,)).fetchall()]
        statements = [
            *(sql.SQL("DELETE FROM {}").format(sql.Identifier(name)) for name in EMPTIED),
            *(sql.SQL("ALTER SEQUENCE {} RESTART").format(sql.Identifier(name)) for name in sequences),
            sql.SQL("ALTER SEQUENCE vcode_volgnummer RESTART WITH 1001"),
        ]
        connection.execute(sql.SQL("; ").join(statements))
