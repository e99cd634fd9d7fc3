"""The hub behind an HTTP client, with the settings a test of its pages and headers chooses, on
a copy of the migrated SQLite register (what these tests pin does not depend on the store)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from hub.app import create_app
from hub.settings import Settings
from registry.db import Database
from tests.utils.services import TEST_SECRET

PRODUCTION_SECRET = "production-secret-of-at-least-32-characters"


def hub_settings(**values: Any) -> Settings:
    values.setdefault("environment", "test")
    values.setdefault(
        "secret_key", PRODUCTION_SECRET if values["environment"] == "production" else TEST_SECRET.decode()
    )
    return Settings(**values)


@asynccontextmanager
async def hub_client(settings: Settings, migrated: Path, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    path = tmp_path / f"register-{id(settings)}.sqlite3"
    shutil.copyfile(migrated, path)
    database = Database(f"sqlite+aiosqlite:///{path}")
    app = create_app(settings, database=database)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
        ):
            yield client
    finally:
        await database.dispose()
