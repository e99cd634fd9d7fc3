"""The hub syncs every configured subsidy catalog when it starts and then on a schedule; a catalog
that cannot be reached is logged and left for the next run, the hub keeps serving."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from connectors.sdk.testkit import free_port, serving
from connectors.subsidy_catalog import SubsidieCatalogus, SubsidieCatalogusConfig
from connectors.subsidy_catalog.sandbox import create_sandbox
from hub.app import create_app
from hub.settings import Settings
from registry.db import Database
from registry.offerings.service import DienstenRegister
from registry.offerings.sync_state import laatste_sync

BESTUREN = ("OVO000001", "BE23", "44021", "23044")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[str]:
    with serving(create_sandbox()) as base_url:
        yield base_url


def catalogus(base_url: str) -> SubsidieCatalogus:
    name = f"subsidies-{uuid.uuid4().hex[:8]}"  # a bron of its own: the PostgreSQL store is shared
    return SubsidieCatalogus(SubsidieCatalogusConfig(name=name, base_url=base_url, besturen=BESTUREN))


async def van_bron(diensten: DienstenRegister, bron: str) -> int:
    return sum(1 for dienst in await diensten.gepubliceerd() if dienst.bron == bron)


async def wait_for(diensten: DienstenRegister, bron: str) -> int:
    for _ in range(100):
        found = await van_bron(diensten, bron)
        if found:
            return found
        await asyncio.sleep(0.05)
    return 0


async def test_the_hub_syncs_its_catalogs_when_it_starts(
    settings: Settings, db: Database, sandbox: str
) -> None:
    subsidies = catalogus(sandbox)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 3600}), database=db, connectors=[subsidies]
    )

    async with app.router.lifespan_context(app):
        found = await wait_for(DienstenRegister(db=db), subsidies.config.bron)

    assert found > 0


async def test_an_unreachable_catalog_is_left_for_the_next_run(
    settings: Settings, db: Database, sandbox: str
) -> None:
    down = catalogus(f"http://127.0.0.1:{free_port()}")
    up = catalogus(sandbox)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 3600}), database=db, connectors=[down, up]
    )

    async with app.router.lifespan_context(app):
        found = await wait_for(DienstenRegister(db=db), up.config.bron)
        uitkomsten = await app.state.catalog_sync.run_once()

    assert found > 0
    assert [u.bron for u in uitkomsten] == [up.config.bron]


async def test_no_schedule_no_sync(settings: Settings, db: Database, sandbox: str) -> None:
    subsidies = catalogus(sandbox)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 0}), database=db, connectors=[subsidies]
    )

    async with app.router.lifespan_context(app):
        await asyncio.sleep(0.5)
        found = await van_bron(DienstenRegister(db=db), subsidies.config.bron)

    assert found == 0


async def test_shutting_down_lets_a_running_sync_finish(
    settings: Settings, db: Database, sandbox: str
) -> None:
    subsidies = catalogus(sandbox)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 3600}), database=db, connectors=[subsidies]
    )

    async with app.router.lifespan_context(app):
        await asyncio.sleep(0.02)  # the first run is under way, not done (it takes about 0.5 s)

    assert await laatste_sync(db, subsidies.config.bron) is not None
    assert await van_bron(DienstenRegister(db=db), subsidies.config.bron) > 0
