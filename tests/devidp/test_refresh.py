"""Refresh tokens rotate: each is used once; a used one coming back ends the whole login."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import is_active, refresh
from tests.devidp.conftest import AN, HUB, SANDBOX, RunningIdp
from tests.devidp.login_flow import log_in


async def test_refreshing_returns_new_tokens_and_retires_the_old_refresh_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await refresh(backend, idp.issuer, HUB, login.refresh_token)

    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["refresh_token"] != login.refresh_token
    assert tokens["access_token"] != login.access_token
    assert tokens["id_token"]
    assert await is_active(backend, idp.issuer, HUB, tokens["refresh_token"])
    assert not await is_active(backend, idp.issuer, HUB, login.refresh_token)


async def test_reusing_a_refresh_token_revokes_the_whole_family(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    newest = (await refresh(backend, idp.issuer, HUB, login.refresh_token)).json()

    reuse = await refresh(backend, idp.issuer, HUB, login.refresh_token)

    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_grant"
    for token in (newest["refresh_token"], newest["access_token"], login.access_token):
        assert not await is_active(backend, idp.issuer, HUB, token)
    assert (await refresh(backend, idp.issuer, HUB, newest["refresh_token"])).json()[
        "error"
    ] == "invalid_grant"


async def test_a_refresh_token_works_only_for_its_own_client(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await refresh(backend, idp.issuer, SANDBOX, login.refresh_token)

    assert response.json()["error"] == "invalid_grant"
    assert await is_active(backend, idp.issuer, HUB, login.refresh_token)


async def test_a_refresh_cannot_widen_the_granted_scope(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz, scope="openid profile")
    form = {"grant_type": "refresh_token", "refresh_token": login.refresh_token, "scope": "openid rrn"}

    response = await backend.post(f"{idp.issuer}/token", data=form, auth=(HUB.client_id, HUB.client_secret))

    assert response.json()["error"] == "invalid_scope"


async def test_refresh_tokens_expire_with_their_login(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    idp.clock.advance(8 * 3600)

    response = await refresh(backend, idp.issuer, HUB, login.refresh_token)

    assert response.json()["error"] == "invalid_grant"
