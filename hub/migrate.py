"""Bringing a store up to date: the register's migrations, and on PostgreSQL the job engine's
tables beside them."""

from __future__ import annotations

import asyncio

from hub.events.engine import apply_schema
from registry.db import Database


def upgrade_store(database_url: str) -> None:
    db = Database(database_url)
    db.migrate()
    if db.dialect == "postgresql":
        asyncio.run(apply_schema(database_url))
