"""Logout ends the SSO session and its refresh tokens, and returns the browser only to a
post-logout URI registered for the client that asked."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import is_active
from tests.devidp.conftest import AN, HUB, SANDBOX, RunningIdp
from tests.devidp.login_flow import AuthRequest, authorize, callback_params, log_in


async def test_logout_ends_the_session(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await browser.get(f"{idp.issuer}/logout", params={"id_token_hint": login.id_token})

    assert response.status_code == 200
    assert "afgemeld" in response.text
    assert "devidp_sso" not in browser.cookies
    callback = callback_params(await authorize(browser, idp.issuer, AuthRequest(SANDBOX), prompt="none"))
    assert callback["error"] == "login_required"


async def test_logout_ends_the_session_even_if_the_browser_kept_the_cookie(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    kept = browser.cookies["devidp_sso"]

    await browser.get(f"{idp.issuer}/logout")
    browser.cookies.set("devidp_sso", kept)

    callback = callback_params(await authorize(browser, idp.issuer, AuthRequest(SANDBOX), prompt="none"))
    assert callback["error"] == "login_required"


async def test_logout_revokes_the_refresh_tokens_of_the_session(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    await browser.get(f"{idp.issuer}/logout")

    assert not await is_active(backend, idp.issuer, HUB, login.refresh_token)


async def test_logout_returns_to_a_registered_uri_with_the_state(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    params = {
        "id_token_hint": login.id_token,
        "post_logout_redirect_uri": "http://hub.test/afgemeld",
        "state": "tot-ziens",
    }

    response = await browser.get(f"{idp.issuer}/logout", params=params)

    assert response.status_code == 303
    assert response.headers["location"] == "http://hub.test/afgemeld?state=tot-ziens"


async def test_logout_returns_to_a_uri_registered_for_the_named_client(
    idp: RunningIdp, browser: httpx.AsyncClient
) -> None:
    params = {"client_id": SANDBOX.client_id, "post_logout_redirect_uri": "http://kiosk.test/afgemeld"}

    response = await browser.get(f"{idp.issuer}/logout", params=params)

    assert response.headers["location"] == "http://kiosk.test/afgemeld"


async def test_logout_does_not_redirect_to_an_unregistered_uri(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    params = {"id_token_hint": login.id_token, "post_logout_redirect_uri": "http://aanvaller.test/"}

    response = await browser.get(f"{idp.issuer}/logout", params=params)

    assert response.status_code == 200
    assert "location" not in response.headers


async def test_logout_does_not_redirect_to_another_clients_uri(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    params = {"id_token_hint": login.id_token, "post_logout_redirect_uri": "http://kiosk.test/afgemeld"}

    response = await browser.get(f"{idp.issuer}/logout", params=params)

    assert "location" not in response.headers
