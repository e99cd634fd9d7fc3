"""Migrations build exactly the tables the code declares, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from demo.personas import LOTTE
from demo.verenigingen import seed
from registry.associations.service import VerenigingenRegister
from registry.db import Database, migrate, sync_url
from registry.tables import metadata
from tests.registry.test_concurrent_upgrade import registers_own
from tests.utils.services import TEST_SECRET


@contextmanager
def outbox_until_upgrade(url: str) -> Iterator[None]:
    """Today's register writes an outbox event with each change; an old schema has no table for
    it, so one stands in while the old register is filled, and goes before the upgrade (0009)
    makes the real one."""
    engine = create_engine(sync_url(url), poolclass=NullPool)
    outbox = metadata.tables["uitgaand"]
    try:
        outbox.create(engine)
        yield
    finally:
        outbox.drop(engine)
        engine.dispose()


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = create_engine(sync_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": registers_own}
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()

    assert differences == []


def test_migrating_twice_changes_nothing(database_url: str) -> None:
    migrate(database_url)
    engine = create_engine(sync_url(database_url), poolclass=NullPool)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

    assert {
        "vereniging",
        "vereniging_kenmerk",
        "historiek",
        "vcode_teller",
        "toegang",
        "alembic_version",
    } <= tables


async def test_upgrading_an_existing_register_indexes_its_vertegenwoordigers(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'oud.sqlite3'}"
    migrate(url, "0001")
    database = Database(url)
    register = VerenigingenRegister(db=database, secret=TEST_SECRET)
    with outbox_until_upgrade(url):
        await seed(register, varied_too=False)
    async with database.write() as session:  # as a register written before 0002 looks
        await session.execute(text("DELETE FROM vereniging_kenmerk WHERE soort = 'vertegenwoordiger'"))
    before = await register.vertegenwoordigd_door(LOTTE.insz)

    migrate(url)
    after = await register.vertegenwoordigd_door(LOTTE.insz)
    await database.dispose()

    assert before == []
    assert [v.v_code for v in after] == ["V0001001", "V0001002"]


async def test_widening_who_made_a_change_keeps_the_history(
    empty_database_url: str,
) -> None:
    """0007 rebuilds three tables on SQLite (a column's type changes no other way there)."""
    migrate(empty_database_url, "0006")
    database = Database(empty_database_url)
    register = VerenigingenRegister(db=database, secret=TEST_SECRET)
    with outbox_until_upgrade(empty_database_url):
        await seed(register, varied_too=False)
    before = await register.historiek("V0001001")

    migrate(empty_database_url)
    after = await register.historiek("V0001001")
    await database.dispose()

    assert after == before != []
