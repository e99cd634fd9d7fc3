"""Fixtures: the store on SQLite and PostgreSQL, the register, and the app behind an HTTP client.

Tests taking `db` (or anything built on it) run once per store. PostgreSQL tests skip when the
server is unreachable, unless HUB_REQUIRE_SERVICES=1 (CI), where the run stops at once instead.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from demo.verenigingen import seed
from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database, migrate
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import PrincipalSwitch
from tests.utils.services import (
    TEST_SECRET,
    empty_postgres_register,
    postgres_problem,
    redis_problem,
    scratch_postgres_database,
    services_required,
)


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker takes a Redis database of its own (the configured one
    and those below it), since the Redis tests empty theirs; PostgreSQL databases are per
    session already."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw"):
        url = redis_url_for_worker(Settings().test_redis_url, int(worker.removeprefix("gw")))
        os.environ["HUB_TEST_REDIS_URL"] = url


def redis_url_for_worker(url: str, offset: int) -> str:
    base, _, number = url.rpartition("/")
    database = int(number) if number.isdigit() else 0
    return f"{base}/{(database - offset) % 16}"


def pytest_sessionstart(session: pytest.Session) -> None:
    if not services_required():
        return
    settings = Settings()
    problems = [p for p in (postgres_problem(settings), redis_problem(settings)) if p]
    if problems:
        pytest.exit("HUB_REQUIRE_SERVICES=1 but: " + "; ".join(problems), returncode=3)


@pytest.fixture(scope="session")
def settings() -> Settings:
    # No rate limits unless a test sets them (`tests/hub/test_rate_limits.py`): the suite logs in
    # and asks far more often a minute, from one address, than any person does.
    return Settings(
        environment="test",
        secret_key=TEST_SECRET.decode(),
        log_json=True,
        rate_limit_login="",
        rate_limit_events="",
        rate_limit_graphql="",
    )


def require_postgres(settings: Settings) -> None:
    """Skip the test when the PostgreSQL server is unreachable (fail it in CI)."""
    problem = postgres_problem(settings)
    if problem:
        if services_required():
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture(scope="session")
def postgres_url(settings: Settings) -> Iterator[str]:
    require_postgres(settings)
    with scratch_postgres_database(settings) as url:
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own with nothing in it, not even migrated: a file not yet made
    on SQLite, a new database on PostgreSQL (dropped after the test)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'leeg.sqlite3'}"
        return
    require_postgres(settings)
    with scratch_postgres_database(settings) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty register on SQLite with every migration applied, made once: each test gets its
    own copy of the file (copying it is much faster than migrating again)."""
    path = tmp_path_factory.mktemp("migrated") / "register.sqlite3"
    migrate(f"sqlite+aiosqlite:///{path}")
    with closing(sqlite3.connect(path)) as connection:  # everything in the file itself, no WAL
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "register.sqlite3"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        return f"sqlite+aiosqlite:///{path}"
    url = str(request.getfixturevalue("postgres_url"))
    empty_postgres_register(url)
    return url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
def register(db: Database) -> VerenigingenRegister:
    return VerenigingenRegister(db=db, secret=TEST_SECRET)


@pytest.fixture
def principal() -> PrincipalSwitch:
    return PrincipalSwitch()


@pytest.fixture
async def http(
    settings: Settings, db: Database, principal: PrincipalSwitch
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database=db, principal_resolver=principal)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
    ):
        yield client


@pytest.fixture
def graphql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture
async def seeded(register: VerenigingenRegister) -> VerenigingenRegister:
    await seed(register, varied_too=False)  # V0001001 (An, Lotte) and V0001002 (Pieter, Lotte)
    return register


@pytest.fixture
async def browser() -> AsyncIterator[httpx.AsyncClient]:
    """A person's browser: keeps cookies, and shows redirects instead of following them."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as client:
        yield client


@pytest.fixture
async def other_browser() -> AsyncIterator[httpx.AsyncClient]:
    """Somebody else's browser, without the first one's cookies."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as client:
        yield client


@pytest.fixture
async def backend() -> AsyncIterator[httpx.AsyncClient]:
    """A server calling the IdP directly (no browser cookies)."""
    async with httpx.AsyncClient(timeout=10) as client:
        yield client
