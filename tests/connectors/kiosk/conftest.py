"""The dev IdP and the KIOSK sandbox on their own loopback ports, a person's browser, and the
hub's side: An logged in through the hub's client, her token exchanged for KIOSK's audience."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.kiosk.sandbox import SandboxConfig, create_sandbox
from hub.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
from tests.connectors.kiosk.calls import exchanged
from tests.devidp.login_flow import Login, log_in
from tests.utils.servers import free_port, serving

AN = DevPersona("71032512357", "An", "Janssens")
PIETER = DevPersona("85073003328", "Pieter", "Maes")

HUB = DevClient(
    client_id="vloket-hub",
    client_secret="hub-geheim",
    redirect_uris=("http://hub.test/auth/callback",),
    exchange_audiences=("kiosk", "gemeente"),
)
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
    idp_port, sandbox_port = free_port(), free_port()
    issuer, sandbox = f"http://127.0.0.1:{idp_port}", f"http://127.0.0.1:{sandbox_port}"
    sandbox_client = DevClient("kiosk-sandbox", SANDBOX_SECRET, (f"{sandbox}/callback",))
    idp = create_devidp(
        DevIdpConfig(issuer=issuer, personas=(AN, PIETER), clients=(HUB, ANDERE_TOEPASSING, sandbox_client))
    )
    kiosk = create_sandbox(SandboxConfig(issuer=issuer, public_url=sandbox, client_secret=SANDBOX_SECRET))
    with serving(idp, port=idp_port), serving(kiosk, port=sandbox_port):
        yield KioskWorld(issuer=issuer, sandbox=sandbox)


@pytest.fixture
async def browser() -> AsyncIterator[httpx.AsyncClient]:
    """An's browser: keeps cookies, shows redirects instead of following them."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as client:
        yield client


@pytest.fixture
async def other_browser() -> AsyncIterator[httpx.AsyncClient]:
    """Another browser, without An's cookies."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as client:
        yield client


@pytest.fixture
async def backend() -> AsyncIterator[httpx.AsyncClient]:
    """The hub's server talking to the IdP."""
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
async def an_login(world: KioskWorld, browser: httpx.AsyncClient, backend: httpx.AsyncClient) -> Login:
    """An logged in at the V-loket: her browser has a session at the IdP, the hub her tokens."""
    return await log_in(browser, backend, world.issuer, HUB, insz=AN.insz)


@pytest.fixture
async def kiosk_token(world: KioskWorld, backend: httpx.AsyncClient, an_login: Login) -> str:
    """An's token exchanged by the hub for KIOSK's audience."""
    return await exchanged(backend, world.issuer, HUB, an_login.access_token, "kiosk")


@pytest.fixture
async def kiosk(world: KioskWorld) -> AsyncIterator[Kiosk]:
    connector = Kiosk(KioskConfig(name="kiosk", base_url=world.sandbox))
    yield connector
    await connector.aclose()
