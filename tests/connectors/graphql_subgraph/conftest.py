"""The dev IdP and the sport federation's sandbox subgraph on their own loopback ports, and the
hub's side: An logged in through the hub's client, her token exchanged for the sandbox's audience."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from demo.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
from demo.sandboxes.subgraph import SandboxConfig, create_sandbox
from tests.connectors.hub_side import exchanged, hub_client
from tests.devidp.login_flow import Login
from tests.utils.servers import free_ports, serving

AN = DevPersona("71032512357", "An", "Janssens", rollen=("Vertegenwoordiger:V0001001",))

HUB = hub_client("sportfederatie", "kiosk")


@dataclass(frozen=True)
class World:
    issuer: str
    sandbox: str


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """Shared by a module's tests: nothing in them changes either server's state."""
    idp_port, sandbox_port = free_ports(2)
    issuer = f"http://127.0.0.1:{idp_port}"
    idp = create_devidp(DevIdpConfig(issuer=issuer, personas=(AN,), clients=(HUB,)))
    sandbox = create_sandbox(SandboxConfig(issuer=issuer))
    with serving(idp, port=idp_port), serving(sandbox, port=sandbox_port) as sandbox_url:
        yield World(issuer=issuer, sandbox=sandbox_url)


@pytest.fixture
def hub() -> DevClient:
    return HUB


@pytest.fixture
async def sport_token(world: World, backend: httpx.AsyncClient, an_login: Login) -> str:
    """An's token exchanged for the sandbox's audience: what the hub hands the connector."""
    return await exchanged(backend, world.issuer, HUB, an_login.access_token, "sportfederatie")
