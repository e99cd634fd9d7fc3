"""Migrations build exactly the tables the code declares, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from registry.db import migrate, sync_url
from registry.tables import metadata


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = create_engine(sync_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
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

    assert {"vereniging", "vereniging_kenmerk", "historiek", "vcode_teller", "alembic_version"} <= tables
