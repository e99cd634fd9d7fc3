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
from registry.associations.search import Zoekopdracht, Zoekresultaat, zoek
from registry.associations.service import VerenigingenRegister
from registry.db import Database, migrate, sync_url
from registry.tables import declared_for, metadata
from tests.registry.test_concurrent_upgrade import registers_own
from tests.utils.services import TEST_SECRET


@contextmanager
def outbox_until_upgrade(url: str) -> Iterator[None]:
    """Today's register writes an outbox event and a row for search with each change; an old
    schema lacks their tables, so those it lacks stand in while the old register is filled, and
    go (with what was written in them) before the upgrade makes the real ones (0009; 0015 and
    0016: the search rows filled from the register)."""
    engine = create_engine(sync_url(url), poolclass=NullPool)
    present = set(inspect(engine).get_table_names())
    later = ("uitgaand", "vereniging_zoek", "zoekwaarde")
    standing_in = [metadata.tables[name] for name in later if name not in present]
    try:
        if engine.dialect.name == "postgresql":  # (for the trigram index, which 0015 creates)
            with engine.begin() as connection:
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        metadata.create_all(engine, tables=standing_in)
        yield
    finally:
        metadata.drop_all(engine, tables=standing_in)
        engine.dispose()


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = create_engine(sync_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_name": registers_own,
                    "include_object": declared_for(connection.dialect.name),
                },
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


async def searched(database: Database, opdracht: Zoekopdracht) -> Zoekresultaat:
    async with database.read() as session:
        return await zoek(session, opdracht, max_page_size=100)


async def test_upgrading_an_existing_register_makes_it_searchable_with_its_facets(
    empty_database_url: str,
) -> None:
    migrate(empty_database_url, "0014")
    database = Database(empty_database_url)
    register = VerenigingenRegister(db=database, secret=TEST_SECRET)
    with outbox_until_upgrade(empty_database_url):
        await seed(register)
        database_rows = await searched(database, Zoekopdracht(first=100))  # (the stand-in's rows)

    migrate(empty_database_url)  # 0015 fills the search rows from the register alone
    everything = await searched(database, Zoekopdracht(first=100))
    in_liedekerke = await searched(database, Zoekopdracht(tekst="VROLIJKE", gemeenten=["liedekerke"]))
    await database.dispose()

    assert everything.totaal == database_rows.totaal > 20
    assert [v.v_code for _, v in everything.verenigingen] == [v.v_code for _, v in database_rows.verenigingen]
    assert everything.facetten == database_rows.facetten
    assert [v.naam for _, v in in_liedekerke.verenigingen] == ["FWA De vrolijke BA's"]
    assert {f.waarde for f in in_liedekerke.facetten["hoofdactiviteit"]} == {"HOSP", "KECU"}


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
