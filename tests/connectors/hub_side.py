"""The hub's side of a call to a connector, for the tests of every built-in connector: the hub as
a client of the dev IdP, the token it obtains by exchange for a connector's audience, and the
context it gives the connector."""

from __future__ import annotations

import time

import httpx

from connectors.sdk import CallContext
from demo.devidp import DevClient, DevPersona
from tests.devidp.client_calls import exchange

AN = DevPersona("71032512357", "An", "Janssens")
PIETER = DevPersona("85073003328", "Pieter", "Maes")


def hub_client(*audiences: str) -> DevClient:
    """The hub as the dev IdP knows it, allowed to exchange tokens for `audiences`."""
    return DevClient(
        client_id="vloket-hub",
        client_secret="hub-geheim",
        redirect_uris=("http://hub.test/auth/callback",),
        exchange_audiences=audiences,
    )


async def exchanged(
    backend: httpx.AsyncClient, issuer: str, client: DevClient, subject_token: str, audience: str
) -> str:
    response = await exchange(backend, issuer, client, subject_token, audience)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def call_context(token: str, *, v_code: str | None = "V0001001", seconds: float = 5.0) -> CallContext:
    """What the routing layer passes: the token provider hands out `token` and nothing else."""

    async def token_for_audience() -> str:
        return token

    return CallContext(
        v_code=v_code,
        person=None,
        token=token_for_audience,
        correlation_id=None,
        deadline=time.monotonic() + seconds,
    )
