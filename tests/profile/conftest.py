"""Fixtures of the profile tests: the demo's systems running, and a hub connected to them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from demo.services import DemoPorts, demo_services
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.profile.stack import SECRET, World, hub_for
from tests.utils.servers import free_ports, serving_all


@pytest.fixture
def world() -> Iterator[World]:
    ports = DemoPorts(*free_ports(7))
    services = demo_services(host="127.0.0.1", ports=ports, secret=SECRET)
    with serving_all(services.apps):
        yield World(services, ports)


@pytest.fixture
async def hub(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> AsyncIterator[httpx.AsyncClient]:
    yield_client = await hub_for(world, settings, db, world.services.connectors)
    async with yield_client as client:
        yield client
