"""The SSO session: a second client logs the same person in without a page; prompt=none and
prompt=login; the login form only counts from the browser that was shown it."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import verified
from tests.devidp.conftest import AN, HUB, SANDBOX, RunningIdp
from tests.devidp.login_flow import (
    AuthRequest,
    authorize,
    callback_params,
    log_in,
    read_login_form,
    redeem_code,
    submit_login,
)


async def test_second_client_gets_a_code_without_a_login_page(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    hub_login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz, sleutel="itsme")
    request = AuthRequest(SANDBOX)

    response = await authorize(browser, idp.issuer, request)

    callback = callback_params(response)
    assert response.headers["location"].startswith(SANDBOX.redirect_uris[0])
    assert callback["state"] == request.state
    tokens = (await redeem_code(backend, idp.issuer, request, callback["code"])).json()
    sandbox_id = await verified(
        backend, idp.issuer, tokens["id_token"], now=idp.clock.now, audience=SANDBOX.client_id
    )
    hub_id = await verified(
        backend, idp.issuer, hub_login.id_token, now=idp.clock.now, audience=HUB.client_id
    )
    assert sandbox_id.claims["sub"] == hub_id.claims["sub"]
    assert sandbox_id.claims["acr"] == "urn:be:vlaanderen:authmech:itsme"
    assert sandbox_id.claims["auth_time"] == hub_id.claims["auth_time"]


async def test_prompt_none_without_a_session_is_login_required(
    idp: RunningIdp, browser: httpx.AsyncClient
) -> None:
    request = AuthRequest(SANDBOX)

    callback = callback_params(await authorize(browser, idp.issuer, request, prompt="none"))

    assert callback["error"] == "login_required"
    assert callback["state"] == request.state
    assert "code" not in callback


async def test_prompt_login_shows_the_page_despite_the_session(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    page = await authorize(browser, idp.issuer, AuthRequest(SANDBOX), prompt="login")

    assert page.status_code == 200
    assert read_login_form(page).fields["request_id"]


async def test_session_expires_after_its_lifetime(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    idp.clock.advance(8 * 3600 + 1)

    callback = callback_params(await authorize(browser, idp.issuer, AuthRequest(SANDBOX), prompt="none"))

    assert callback["error"] == "login_required"


async def test_session_cookie_is_httponly_and_lax(idp: RunningIdp, browser: httpx.AsyncClient) -> None:
    page = await authorize(browser, idp.issuer, AuthRequest(HUB))

    response = await submit_login(browser, page, insz=AN.insz)

    (sso_cookie,) = [c for c in response.headers.get_list("set-cookie") if c.startswith("devidp_sso=")]
    attributes = {part.strip().lower() for part in sso_cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/"} <= attributes
    assert "secure" not in attributes


async def test_login_form_posted_without_the_browser_cookie_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient, other_browser: httpx.AsyncClient
) -> None:
    form = read_login_form(await authorize(browser, idp.issuer, AuthRequest(HUB)))

    forged = await other_browser.post(form.action, data={**form.fields, "persona": AN.insz, "sleutel": "eid"})

    assert forged.status_code == 400
    assert "location" not in forged.headers
    assert "devidp_sso" not in other_browser.cookies


async def test_login_form_with_a_wrong_csrf_token_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient
) -> None:
    form = read_login_form(await authorize(browser, idp.issuer, AuthRequest(HUB)))
    fields = {**form.fields, "csrf_token": "vervalst", "persona": AN.insz, "sleutel": "eid"}

    forged = await browser.post(form.action, data=fields)

    assert forged.status_code == 400
    assert "location" not in forged.headers


async def test_a_login_form_can_be_posted_once(idp: RunningIdp, browser: httpx.AsyncClient) -> None:
    page = await authorize(browser, idp.issuer, AuthRequest(HUB))
    assert (await submit_login(browser, page, insz=AN.insz)).status_code == 303

    again = await submit_login(browser, page, insz=AN.insz)

    assert again.status_code == 400
