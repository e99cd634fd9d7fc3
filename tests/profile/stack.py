"""The demo's connected systems on loopback and an in-process hub asking them, for the profile
tests: a person's token from the dev IdP's code flow, and GraphQL calls with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import SecretStr

from connectors.sdk import Connector
from demo.personas import DEMO_CLIENT_ID
from demo.services import DemoPorts, DemoServices
from hub.app import create_app
from hub.settings import Settings
from registry.db import Database
from tests.devidp.login_flow import log_in

SECRET = "hub-secret-for-the-profile-tests"


@dataclass(frozen=True)
class World:
    services: DemoServices
    ports: DemoPorts

    @property
    def idp_app(self) -> FastAPI:
        return self.services.apps[self.ports.idp]


async def token_for(world: World, insz: str) -> str:
    """A person's access token for the hub, from the dev IdP's code flow."""
    hub_client = world.idp_app.state.devidp.config.client(DEMO_CLIENT_ID)
    async with httpx.AsyncClient(follow_redirects=False) as browser, httpx.AsyncClient() as backend:
        login = await log_in(browser, backend, world.services.issuer, hub_client, insz=insz)
    return login.access_token


async def hub_for(
    world: World, settings: Settings, db: Database, connectors: list[Connector[Any]], **options: Any
) -> LifespanClient:
    """An in-process hub asking `connectors`; `options` go to `create_app` (a `routing_clock`).
    It does not sync the subsidy catalog, which no test of this stack reads."""
    configured = settings.model_copy(
        update={
            "catalog_sync_seconds": 0,
            "oidc_issuer": world.services.issuer,
            "oidc_client_id": DEMO_CLIENT_ID,
            "oidc_client_secret": SecretStr(SECRET),
            "public_url": world.services.hub_url,
        }
    )
    app = create_app(configured, database=db, connectors=connectors, **options)
    return LifespanClient(app)


class LifespanClient(httpx.AsyncClient):
    """An API client for an in-process hub that runs the hub's startup and shutdown."""

    def __init__(self, app: FastAPI) -> None:
        super().__init__(transport=httpx.ASGITransport(app=app), base_url="http://hub.test", timeout=30)
        self.app = app
        self._lifespan = app.router.lifespan_context(app)

    async def __aenter__(self) -> LifespanClient:
        await self._lifespan.__aenter__()
        await super().__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await super().__aexit__(*exc)
        await self._lifespan.__aexit__(*exc)


async def ask(hub: httpx.AsyncClient, token: str, query: str, **variables: Any) -> dict[str, Any]:
    response = await hub.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
