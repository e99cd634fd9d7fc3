"""The dev IdP and two gemeente sandboxes, Gent and Liedekerke, each on its own loopback port with
its own audience and page client; a person's browser; and the hub's side: An logged in through
the hub's client, her token exchanged for each gemeente's audience."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import httpx
import pytest

from connectors.municipality.connector import Gemeente, GemeenteConfig
from demo.devidp import DevClient, DevIdpConfig, create_devidp
from demo.sandboxes.municipality import GemeenteSandboxConfig, create_sandbox
from tests.connectors.hub_side import AN, PIETER, exchanged, hub_client
from tests.devidp.login_flow import Login
from tests.utils.servers import free_ports, serving

__all__ = ["HUB", "PIETER", "GemeentenWorld"]

HUB = hub_client("gemeente-44021", "gemeente-23044")


@dataclass(frozen=True)
class Municipality:
    gemeente: str
    nis_code: str
    url: str

    @property
    def audience(self) -> str:
        return f"gemeente-{self.nis_code}"

    @property
    def sandbox_client(self) -> DevClient:
        return DevClient(
            f"gemeente-{self.nis_code}-sandbox", f"{self.gemeente}-geheim", (f"{self.url}/callback",)
        )

    def sandbox_config(self, issuer: str) -> GemeenteSandboxConfig:
        return GemeenteSandboxConfig(
            gemeente=self.gemeente,
            nis_code=self.nis_code,
            issuer=issuer,
            public_url=self.url,
            client_secret=self.sandbox_client.client_secret,
        )

    def connector(self) -> Gemeente:
        config = GemeenteConfig(
            name=f"gemeente-{self.gemeente.lower()}",
            gemeente=self.gemeente,
            nis_code=self.nis_code,
            base_url=self.url,
        )
        return Gemeente(config)


@dataclass(frozen=True)
class GemeentenWorld:
    issuer: str
    gent: Municipality
    liedekerke: Municipality


@pytest.fixture
def world() -> Iterator[GemeentenWorld]:
    idp_port, gent_port, liedekerke_port = free_ports(3)
    issuer = f"http://127.0.0.1:{idp_port}"
    gent = Municipality("Gent", "44021", f"http://127.0.0.1:{gent_port}")
    liedekerke = Municipality("Liedekerke", "23044", f"http://127.0.0.1:{liedekerke_port}")
    idp = create_devidp(
        DevIdpConfig(
            issuer=issuer,
            personas=(AN, PIETER),
            clients=(HUB, gent.sandbox_client, liedekerke.sandbox_client),
        )
    )
    with ExitStack() as servers:
        servers.enter_context(serving(idp, port=idp_port))
        servers.enter_context(serving(create_sandbox(gent.sandbox_config(issuer)), port=gent_port))
        servers.enter_context(
            serving(create_sandbox(liedekerke.sandbox_config(issuer)), port=liedekerke_port)
        )
        yield GemeentenWorld(issuer=issuer, gent=gent, liedekerke=liedekerke)


@pytest.fixture
def hub() -> DevClient:
    return HUB


@pytest.fixture
async def gent_token(world: GemeentenWorld, backend: httpx.AsyncClient, an_login: Login) -> str:
    return await exchanged(backend, world.issuer, HUB, an_login.access_token, world.gent.audience)


@pytest.fixture
async def liedekerke_token(world: GemeentenWorld, backend: httpx.AsyncClient, an_login: Login) -> str:
    return await exchanged(backend, world.issuer, HUB, an_login.access_token, world.liedekerke.audience)


@pytest.fixture
async def gent(world: GemeentenWorld) -> AsyncIterator[Gemeente]:
    connector = world.gent.connector()
    yield connector
    await connector.aclose()


@pytest.fixture
async def liedekerke(world: GemeentenWorld) -> AsyncIterator[Gemeente]:
    connector = world.liedekerke.connector()
    yield connector
    await connector.aclose()
