"""Reaching the external services the tests need: PostgreSQL and Redis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from hub.settings import Settings
from registry.db import sync_url
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


def empty_postgres_register(url: str) -> None:
    """Empty every table of a migrated PostgreSQL test database (the counter row of SQLite's
    vCodes aside, every table the models declare); vCodes restart."""
    tables = ", ".join(table.name for table in metadata.sorted_tables if table.name != "vcode_teller")
    engine = create_engine(sync_url(url), poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(text("ALTER SEQUENCE vcode_volgnummer RESTART WITH 1001"))
    engine.dispose()
