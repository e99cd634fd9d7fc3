"""The dev IdP and the KIOSK sandbox on their own loopback ports, a person's browser, and the
hub's side: An logged in through the hub's client, her token exchanged for KIOSK's audience."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from connectors.kiosk.connector import Kiosk, KioskConfig
from demo.devidp import DevClient, DevIdpConfig, create_devidp
from demo.sandboxes.kiosk import SandboxConfig, create_sandbox
from tests.connectors.hub_side import AN, PIETER, exchanged, hub_client
from tests.devidp.login_flow import Login
from tests.utils.servers import free_ports, serving

__all__ = ["AN", "ANDERE_TOEPASSING", "HUB", "PIETER", "KioskWorld"]

HUB = hub_client("kiosk", "gemeente")
ANDERE_TOEPASSING = DevClient(
    client_id="andere-toepassing",
    client_secret="ander-geheim",
    redirect_uris=("http://ander.test/callback",),
    exchange_audiences=("kiosk",),
)
SANDBOX_SECRET = "kiosk-sandbox-geheim"


@dataclass(frozen=True)
class KioskWorld:
    issuer: str
    sandbox: str


@pytest.fixture
def world() -> Iterator[KioskWorld]:
    idp_port, sandbox_port = free_ports(2)
    issuer, sandbox = f"http://127.0.0.1:{idp_port}", f"http://127.0.0.1:{sandbox_port}"
    sandbox_client = DevClient("kiosk-sandbox", SANDBOX_SECRET, (f"{sandbox}/callback",))
    idp = create_devidp(
        DevIdpConfig(issuer=issuer, personas=(AN, PIETER), clients=(HUB, ANDERE_TOEPASSING, sandbox_client))
    )
    kiosk = create_sandbox(SandboxConfig(issuer=issuer, public_url=sandbox, client_secret=SANDBOX_SECRET))
    with serving(idp, port=idp_port), serving(kiosk, port=sandbox_port):
        yield KioskWorld(issuer=issuer, sandbox=sandbox)


@pytest.fixture
def hub() -> DevClient:
    return HUB


@pytest.fixture
async def kiosk_token(world: KioskWorld, backend: httpx.AsyncClient, an_login: Login) -> str:
    """An's token exchanged by the hub for KIOSK's audience."""
    return await exchanged(backend, world.issuer, HUB, an_login.access_token, "kiosk")


@pytest.fixture
async def kiosk(world: KioskWorld) -> AsyncIterator[Kiosk]:
    connector = Kiosk(KioskConfig(name="kiosk", base_url=world.sandbox))
    yield connector
    await connector.aclose()
