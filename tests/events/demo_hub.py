"""A hub as the demo runs it, for the tests that need one on a port of its own: on a copy of the
migrated SQLite store, seeded, logging in at the demo's IdP."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from demo.personas import DEMO_CLIENT_ID
from demo.verenigingen import seed
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.profile.stack import SECRET, World
from tests.utils.services import TEST_SECRET


async def demo_hub_settings(
    world: World, settings: Settings, tmp_path: Path, migrated_sqlite: Path, **extra: Any
) -> Settings:
    """`settings` for a hub on a seeded copy of `migrated_sqlite`, with `extra` on top."""
    path = tmp_path / "hub.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    url = f"sqlite+aiosqlite:///{path}"
    db = Database(url)
    await seed(VerenigingenRegister(db=db, secret=TEST_SECRET), varied_too=False)
    await db.dispose()
    return settings.model_copy(
        update={
            "database_url": url,
            "oidc_issuer": world.services.issuer,
            "oidc_client_id": DEMO_CLIENT_ID,
            "oidc_client_secret": SecretStr(SECRET),
            "public_url": world.services.hub_url,
            "catalog_sync_seconds": 0,
            **extra,
        }
    )
