"""KIOSK takes only a token made for its audience and obtained by the hub on the person's behalf;
the connector sends exactly the token its context gives it. A refused token is a setup fault."""

from __future__ import annotations

import httpx
import pytest

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk import ConnectorConfigError
from tests.connectors.hub_side import call_context, exchanged
from tests.connectors.kiosk.conftest import AN, ANDERE_TOEPASSING, HUB, KioskWorld
from tests.devidp.login_flow import Login, log_in


async def test_a_token_exchanged_for_another_audience_is_refused(
    world: KioskWorld, kiosk: Kiosk, backend: httpx.AsyncClient, an_login: Login
) -> None:
    gemeente_token = await exchanged(backend, world.issuer, HUB, an_login.access_token, "gemeente")

    with pytest.raises(ConnectorConfigError, match="HTTP 401"):
        await kiosk.dossiers(call_context(gemeente_token))


async def test_the_persons_own_token_is_refused(kiosk: Kiosk, an_login: Login) -> None:
    with pytest.raises(ConnectorConfigError, match="HTTP 401"):
        await kiosk.dossiers(call_context(an_login.access_token))


async def test_a_kiosk_token_obtained_by_another_client_than_the_hub_is_refused(
    world: KioskWorld, kiosk: Kiosk, other_browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(other_browser, backend, world.issuer, ANDERE_TOEPASSING, insz=AN.insz)
    token = await exchanged(backend, world.issuer, ANDERE_TOEPASSING, login.access_token, "kiosk")

    with pytest.raises(ConnectorConfigError, match="HTTP 403"):
        await kiosk.dossiers(call_context(token))


async def test_the_api_answers_a_call_without_token_with_a_json_refusal(world: KioskWorld) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{world.sandbox}/api/verenigingen/V0001001/dossiers")

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["code"] == "geen_token"


async def test_every_call_carries_the_contexts_token_and_its_remaining_time() -> None:
    seen: list[httpx.Request] = []

    def remote(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    kiosk = Kiosk(
        KioskConfig(name="kiosk", base_url="http://kiosk.test"), transport=httpx.MockTransport(remote)
    )
    async with kiosk.http:
        await kiosk.dossiers(call_context("uitgewisseld-token", seconds=2.0))

    assert seen[0].headers["authorization"] == "Bearer uitgewisseld-token"
    assert 1.5 < seen[0].extensions["timeout"]["read"] <= 2.0
