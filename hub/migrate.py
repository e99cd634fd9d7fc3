"""Bringing a store up to date: the register's migrations, and on PostgreSQL the job engine's
tables beside them."""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from registry.db import Database


class UpgradeFailed(Exception):
    """The store could not be brought up to date: what, where (the URL without its password)."""


def upgrade_store(database_url: str) -> None:
    """Apply every pending migration; `UpgradeFailed` says why not, in a line or two."""
    try:
        url = make_url(database_url)
        # A password in the query string (`?password=`, `?sslpassword=`) is hidden as well.
        hidden = {key: "***" if "pass" in key.lower() else value for key, value in url.query.items()}
        where = url.set(query=hidden).render_as_string(hide_password=True)
    except (ArgumentError, ValueError) as error:
        raise UpgradeFailed(f"HUB_DATABASE_URL is not a database URL: {error}") from None
    from alembic.util import CommandError

    try:
        db = Database(database_url)
        db.migrate()
        if db.dialect == "postgresql":
            from hub.events.engine import apply_schema  # the job engine's library: PostgreSQL only

            asyncio.run(apply_schema(database_url))
    except _failures(CommandError) as error:
        cause = getattr(error, "orig", None) or error
        first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        raise UpgradeFailed(f"could not upgrade {where}: {first}") from error


def _failures(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """What an upgrade fails with: the database's errors, and psycopg's when a PostgreSQL store
    loaded it (a hub on SQLite never imports it)."""
    psycopg = sys.modules.get("psycopg")
    driver: tuple[type[Exception], ...] = (psycopg.Error,) if psycopg is not None else ()
    return (SQLAlchemyError, OSError, ValueError, *more, *driver)
