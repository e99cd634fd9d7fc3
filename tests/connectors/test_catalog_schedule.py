"""The hub syncs every configured subsidy catalog when it starts and then on a schedule; a catalog
that cannot be reached is logged and left for the next run, the hub keeps serving."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import httpx
import pytest
import structlog

from connectors.sdk.testkit import free_port, serving
from connectors.subsidy_catalog import SubsidieCatalogus, SubsidieCatalogusConfig
from demo.sandboxes.catalog import create_sandbox
from hub.app import create_app
from hub.catalog.schedule import CatalogusSync
from hub.settings import Settings
from registry.db import Database
from registry.offerings.service import DienstenRegister
from registry.offerings.sync_state import laatste_sync

BESTUREN = ("OVO000001", "BE23", "44021", "23044")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[str]:
    with serving(create_sandbox()) as base_url:
        yield base_url


class Watched(httpx.AsyncBaseTransport):
    """Real HTTP, which sets `asked` at the first request: the sync is under way."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.asked = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.asked.set()
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def catalogus(
    base_url: str, *, name: str | None = None, transport: Watched | None = None
) -> SubsidieCatalogus:
    name = name or f"subsidies-{uuid.uuid4().hex[:8]}"  # a bron of its own: the PostgreSQL store is shared
    return SubsidieCatalogus(
        SubsidieCatalogusConfig(name=name, base_url=base_url, besturen=BESTUREN), transport=transport
    )


async def van_bron(diensten: DienstenRegister, bron: str) -> int:
    return sum(1 for dienst in await diensten.gepubliceerd() if dienst.bron == bron)


async def test_the_hub_syncs_its_catalogs_when_it_starts(
    settings: Settings, db: Database, sandbox: str
) -> None:
    watched = Watched()
    subsidies = catalogus(sandbox, transport=watched)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 3600}), database=db, connectors=[subsidies]
    )

    async with app.router.lifespan_context(app):
        await watched.asked.wait()  # nobody asked it to: the hub started the sync
    # Shutting down let the run finish.

    assert await van_bron(DienstenRegister(db=db), subsidies.config.bron) > 0


async def test_an_unreachable_catalog_is_left_for_the_next_run(
    settings: Settings, db: Database, sandbox: str
) -> None:
    unreachable = f"http://127.0.0.1:{free_port()}"
    watched = Watched()
    down, up = catalogus(unreachable), catalogus(sandbox, transport=watched)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 3600}), database=db, connectors=[down, up]
    )
    async with app.router.lifespan_context(app):
        await watched.asked.wait()  # the run went on to the next catalog
    synced = await van_bron(DienstenRegister(db=db), up.config.bron)
    again_down, again_up = catalogus(unreachable, name=down.name), catalogus(sandbox, name=up.name)
    with structlog.testing.capture_logs() as logs:
        uitkomsten = await CatalogusSync([again_down, again_up], DienstenRegister(db=db), every=0).run_once()
    await again_down.aclose()
    await again_up.aclose()

    assert synced > 0
    assert [u.bron for u in uitkomsten] == [up.config.bron]
    assert [(e["event"], e["catalog"]) for e in logs if e["event"].startswith("catalog_sync")] == [
        ("catalog_sync_failed", down.name),
        ("catalog_synced", up.name),
    ]


async def test_no_schedule_no_sync(settings: Settings, db: Database, sandbox: str) -> None:
    watched = Watched()
    subsidies = catalogus(sandbox, transport=watched)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 0}), database=db, connectors=[subsidies]
    )

    async with app.router.lifespan_context(app):
        scheduled = [task for task in asyncio.all_tasks() if task.get_name() == "catalog-sync"]

    assert scheduled == []
    assert not watched.asked.is_set()
    assert await van_bron(DienstenRegister(db=db), subsidies.config.bron) == 0


async def test_shutting_down_lets_a_running_sync_finish(
    settings: Settings, db: Database, sandbox: str
) -> None:
    watched = Watched()
    subsidies = catalogus(sandbox, transport=watched)
    app = create_app(
        settings.model_copy(update={"catalog_sync_seconds": 3600}), database=db, connectors=[subsidies]
    )

    async with app.router.lifespan_context(app):
        await watched.asked.wait()  # the first run is under way, not done

    assert await laatste_sync(db, subsidies.config.bron) is not None
    assert await van_bron(DienstenRegister(db=db), subsidies.config.bron) > 0
