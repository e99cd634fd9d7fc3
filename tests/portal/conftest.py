"""The portal over real HTTP: the demo's services on loopback (dev IdP, KIOSK, sport federation,
Gent, Liedekerke, subsidy catalog), the hub on its own port, the demo associations and offerings,
and a browser (httpx, cookies kept) that logs in at the IdP the way a person does."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from demo.aanbod.publiceren import seed_aanbod
from demo.mailsink import MailSink
from demo.personas import DEMO_CLIENT_ID
from demo.services import DemoPorts, DemoServices, demo_services
from demo.verenigingen import seed
from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database, migrate
from registry.kalender import vandaag
from registry.offerings.service import DienstenRegister
from tests.devidp.login_flow import log_in_at_hub
from tests.utils.servers import free_ports, serving_all
from tests.utils.services import TEST_SECRET

SECRET = "hub-secret-for-the-portal-tests"


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


@dataclass(frozen=True)
class Portaal:
    hub: str
    services: DemoServices
    settings: Settings
    sink: MailSink | None = None
    """The SMTP server the hub's mail goes to."""

    async def log_in(self, browser: httpx.AsyncClient, insz: str, *, next: str = "/") -> httpx.Response:
        """From the portal's login link, through the IdP's page, back to the page `next`."""
        return await log_in_at_hub(browser, self.hub, insz, next=next)

    async def namens(self, browser: httpx.AsyncClient, insz: str, v_code: str) -> httpx.Response:
        """Log in and act for `v_code`; returns its overview."""
        kies = await self.log_in(browser, insz)
        chosen = await self.post(browser, "/kies", {"vCode": v_code}, van=kies)
        assert chosen.status_code == 303, chosen.text
        overzicht = await self.get(browser, "/")
        assert overzicht.status_code == 200, overzicht.text
        return overzicht

    async def get(self, browser: httpx.AsyncClient, path: str, **params: Any) -> httpx.Response:
        return await browser.get(f"{self.hub}{path}", params=params or None)

    async def post(
        self, browser: httpx.AsyncClient, path: str, data: dict[str, Any], *, van: httpx.Response
    ) -> httpx.Response:
        """Post a form the way the page `van` would: with its CSRF token, from our own origin."""
        return await browser.post(
            f"{self.hub}{path}", data={"csrf": csrf_of(van), **data}, headers={"Origin": self.hub}
        )


async def _seed(database_url: str) -> None:
    db = Database(database_url)
    try:
        await seed(VerenigingenRegister(db=db, secret=TEST_SECRET), varied_too=True)
        await seed_aanbod(DienstenRegister(db=db), vandaag=vandaag())
    finally:
        await db.dispose()


@pytest.fixture(scope="session")
def portaal(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portaal]:
    """One demo stack for all portal tests (starting it takes seconds): each test acts for its
    own association or person where it changes something, so the tests stay independent."""
    database_url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('portaal') / 'hub.sqlite3'}"
    migrate(database_url)
    asyncio.run(_seed(database_url))
    *demo_ports, smtp = free_ports(8)
    ports = DemoPorts(*demo_ports)
    services = demo_services(host="127.0.0.1", ports=ports, secret=SECRET)
    sink = MailSink()
    configured = settings.model_copy(
        update={
            "oidc_issuer": services.issuer,
            "oidc_client_id": DEMO_CLIENT_ID,
            "oidc_client_secret": SecretStr(SECRET),
            "public_url": services.hub_url,
            "database_url": database_url,
            "catalog_sync_seconds": 0,
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp,
            "smtp_security": "none",
        }
    )
    with ExitStack() as running:
        running.enter_context(sink.serving("127.0.0.1", smtp))
        hub = create_app(configured, connectors=services.connectors)
        running.enter_context(serving_all({**services.apps, ports.hub: hub}))
        yield Portaal(hub=services.hub_url, services=services, settings=configured, sink=sink)


@pytest.fixture
async def browser() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(follow_redirects=False, timeout=30) as client:
        yield client
