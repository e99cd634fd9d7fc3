"""What the tests of the built-in connectors share: a person's browsers and the hub's server
talking to the IdP, and An logged in at the V-loket through the hub's client. A folder using
`an_login` provides `world` (with the IdP's `issuer`) and `hub` (the hub's `DevClient`)."""

from __future__ import annotations

from typing import Protocol

import httpx
import pytest

from demo.devidp import DevClient
from tests.connectors.hub_side import AN
from tests.devidp.login_flow import Login, log_in


class WithIssuer(Protocol):
    @property
    def issuer(self) -> str: ...


@pytest.fixture
async def an_login(
    world: WithIssuer, hub: DevClient, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> Login:
    """An logged in at the V-loket: her browser has a session at the IdP, the hub her tokens."""
    return await log_in(browser, backend, world.issuer, hub, insz=AN.insz)
