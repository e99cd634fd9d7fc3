"""Authorization requests the IdP refuses, and how: a page when the client cannot be trusted with
a redirect, otherwise an error sent back to the client's redirect_uri."""

from __future__ import annotations

import re

import httpx

from tests.devidp.conftest import AN, HUB, LOTTE, RunningIdp
from tests.devidp.login_flow import AuthRequest, authorize, callback_params, read_login_form


async def test_unknown_client_gets_an_error_page_not_a_redirect(
    idp: RunningIdp, browser: httpx.AsyncClient
) -> None:
    response = await authorize(browser, idp.issuer, AuthRequest(HUB), client_id="onbekende-toepassing")

    assert response.status_code == 400
    assert "location" not in response.headers
    assert "niet gekend" in response.text


async def test_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(
    idp: RunningIdp, browser: httpx.AsyncClient
) -> None:
    response = await authorize(
        browser, idp.issuer, AuthRequest(HUB), redirect_uri="http://hub.test/auth/callback/../../aanvaller"
    )

    assert response.status_code == 400
    assert "location" not in response.headers
    assert "terugkeeradres" in response.text


async def test_missing_code_challenge_is_sent_back_as_invalid_request(
    idp: RunningIdp, browser: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)

    response = await authorize(browser, idp.issuer, request, code_challenge=None, code_challenge_method=None)

    callback = callback_params(response)
    assert response.headers["location"].startswith(HUB.redirect_uris[0])
    assert callback["error"] == "invalid_request"
    assert callback["state"] == request.state
    assert "code" not in callback


async def test_plain_code_challenge_method_is_refused(idp: RunningIdp, browser: httpx.AsyncClient) -> None:
    request = AuthRequest(HUB)

    response = await authorize(
        browser, idp.issuer, request, code_challenge=request.pkce.verifier, code_challenge_method="plain"
    )

    assert callback_params(response)["error"] == "invalid_request"


async def test_scope_without_openid_is_refused(idp: RunningIdp, browser: httpx.AsyncClient) -> None:
    response = await authorize(browser, idp.issuer, AuthRequest(HUB, scope="profile rrn"))

    assert callback_params(response)["error"] == "invalid_scope"


async def test_only_the_code_response_type_is_served(idp: RunningIdp, browser: httpx.AsyncClient) -> None:
    response = await authorize(browser, idp.issuer, AuthRequest(HUB), response_type="token")

    assert callback_params(response)["error"] == "unsupported_response_type"


async def test_login_page_is_plain_accessible_dutch_html(idp: RunningIdp, browser: httpx.AsyncClient) -> None:
    page = await authorize(browser, idp.issuer, AuthRequest(HUB))

    assert '<html lang="nl">' in page.text
    assert "<script" not in page.text
    assert f"{AN.voornaam} {AN.achternaam} (INSZ {AN.insz})" in page.text
    assert "eID" in page.text
    assert "itsme" in page.text
    input_ids = set(re.findall(r'<input type="radio"[^>]* id="([^"]+)"', page.text))
    labelled = set(re.findall(r'<label for="([^"]+)"', page.text))
    assert input_ids
    assert input_ids <= labelled
    assert LOTTE.insz in read_login_form(page).personas
    assert page.headers["x-frame-options"] == "DENY"
