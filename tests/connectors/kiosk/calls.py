"""The hub's side of a call: a token exchanged at the IdP, and the context a connector gets."""

from __future__ import annotations

import time

import httpx

from connectors.sdk import CallContext
from hub.devidp import DevClient
from tests.devidp.client_calls import exchange


async def exchanged(
    backend: httpx.AsyncClient, issuer: str, client: DevClient, subject_token: str, audience: str
) -> str:
    response = await exchange(backend, issuer, client, subject_token, audience)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def context_for(token: str, *, v_code: str | None = "V0001001", seconds: float = 5.0) -> CallContext:
    """The context the hub gives a connector: `token` is what its token provider returns."""

    async def provide() -> str:
        return token

    return CallContext(
        v_code=v_code, person=None, token=provide, correlation_id=None, deadline=time.monotonic() + seconds
    )
