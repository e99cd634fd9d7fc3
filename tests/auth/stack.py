"""The hub and the dev IdP, each on its own loopback port, and a browser that logs in across both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from demo.devidp import DevClient, DevIdp, DevIdpConfig, DevPersona, create_devidp
from demo.personas import DEMO_CLIENT_ID, PERSONAS
from hub.app import create_app
from hub.settings import Settings
from tests.devidp.login_flow import log_in_at_hub
from tests.utils.servers import free_ports, serving

HUB_SECRET = "hub-client-secret-for-tests"


@dataclass(frozen=True)
class Stack:
    hub: str
    issuer: str
    devidp: DevIdp
    settings: Settings

    async def log_in(self, browser: httpx.AsyncClient, insz: str, *, next: str = "/") -> httpx.Response:
        """Log in from the hub's login link to the hub's redirect after the callback."""
        return await log_in_at_hub(browser, self.hub, insz, next=next)

    async def graphql(self, browser: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
        response = await browser.post(
            f"{self.hub}/graphql", json={"query": query, "variables": variables}, headers={"Origin": self.hub}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def idp_config(*, issuer: str, hub: str, **options: Any) -> DevIdpConfig:
    """The demo's IdP, with the hub allowed to exchange tokens for the KIOSK sandbox's audience."""
    hub_client = DevClient(
        client_id=DEMO_CLIENT_ID,
        client_secret=HUB_SECRET,
        redirect_uris=(f"{hub}/auth/callback",),
        post_logout_redirect_uris=(f"{hub}/",),
        exchange_audiences=("kiosk-sandbox",),
    )
    sandbox = DevClient("kiosk-sandbox", "sandbox-secret", ("http://127.0.0.1:1/callback",))
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam, p.rollen) for p in PERSONAS)
    return DevIdpConfig(issuer=issuer, personas=personas, clients=(hub_client, sandbox), **options)


def hub_settings(settings: Settings, *, issuer: str, hub: str, **overrides: Any) -> Settings:
    return settings.model_copy(
        update={
            "oidc_issuer": issuer,
            "oidc_client_id": DEMO_CLIENT_ID,
            "oidc_client_secret": SecretStr(HUB_SECRET),
            "public_url": hub,
            **overrides,
        }
    )


@contextmanager
def running_stack(
    settings: Settings, database_url: str, *, configure: dict[str, Any] | None = None, **idp_options: Any
) -> Iterator[Stack]:
    hub_port, idp_port = free_ports(2)
    hub, issuer = f"http://127.0.0.1:{hub_port}", f"http://127.0.0.1:{idp_port}"
    idp_app = create_devidp(idp_config(issuer=issuer, hub=hub, **idp_options))
    configured = hub_settings(
        settings, issuer=issuer, hub=hub, database_url=database_url, **(configure or {})
    )
    with serving(idp_app, port=idp_port), serving(create_app(configured), port=hub_port):
        yield Stack(hub=hub, issuer=issuer, devidp=idp_app.state.devidp, settings=configured)
