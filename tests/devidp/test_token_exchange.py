"""RFC 8693 token exchange: the hub trades its access token for one meant for a service it may
call; the new token names the same person and records who acts."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import ACCESS_TOKEN_TYPE, exchange, revoke, verified
from tests.devidp.conftest import AN, HUB, SANDBOX, RunningIdp
from tests.devidp.login_flow import log_in


async def test_exchanged_token_is_for_the_audience_and_names_the_acting_client(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await exchange(backend, idp.issuer, HUB, login.access_token, "kiosk-sandbox")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["issued_token_type"] == ACCESS_TOKEN_TYPE
    assert body["token_type"] == "Bearer"
    exchanged = await verified(
        backend, idp.issuer, body["access_token"], now=idp.clock.now, audience="kiosk-sandbox"
    )
    subject = await verified(
        backend, idp.issuer, login.access_token, now=idp.clock.now, audience=HUB.client_id
    )
    assert exchanged.claims["sub"] == subject.claims["sub"]
    assert exchanged.claims["rrn"] == AN.insz
    assert exchanged.claims["act"] == {"sub": HUB.client_id}
    assert exchanged.claims["client_id"] == HUB.client_id
    assert exchanged.claims["exp"] <= subject.claims["exp"]


async def test_exchanged_token_never_outlives_the_subject_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    subject = await verified(
        backend, idp.issuer, login.access_token, now=idp.clock.now, audience=HUB.client_id
    )
    idp.clock.advance(200)

    body = (await exchange(backend, idp.issuer, HUB, login.access_token, "kiosk-sandbox")).json()

    exchanged = await verified(
        backend, idp.issuer, body["access_token"], now=idp.clock.now, audience="kiosk-sandbox"
    )
    assert exchanged.claims["exp"] == subject.claims["exp"]
    assert body["expires_in"] == 100  # what was left of the person's token


async def test_exchanging_again_nests_the_previous_actor(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    for_sandbox = (await exchange(backend, idp.issuer, HUB, login.access_token, "kiosk-sandbox")).json()

    response = await exchange(backend, idp.issuer, SANDBOX, for_sandbox["access_token"], "kiosk-dossiers")

    token = await verified(
        backend, idp.issuer, response.json()["access_token"], now=idp.clock.now, audience="kiosk-dossiers"
    )
    assert token.claims["act"] == {"sub": SANDBOX.client_id, "act": {"sub": HUB.client_id}}


async def test_an_audience_the_client_may_not_call_is_invalid_target(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await exchange(backend, idp.issuer, HUB, login.access_token, "kiosk-dossiers")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_target"


async def test_a_subject_token_issued_to_another_client_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    hub_login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await exchange(backend, idp.issuer, SANDBOX, hub_login.access_token, "kiosk-dossiers")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_a_revoked_subject_token_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    await revoke(backend, idp.issuer, HUB, login.access_token)

    response = await exchange(backend, idp.issuer, HUB, login.access_token, "kiosk-sandbox")

    assert response.json()["error"] == "invalid_grant"


async def test_an_expired_subject_token_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    idp.clock.advance(300)

    response = await exchange(backend, idp.issuer, HUB, login.access_token, "kiosk-sandbox")

    assert response.json()["error"] == "invalid_grant"


async def test_a_refresh_token_is_no_subject_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await exchange(backend, idp.issuer, HUB, login.refresh_token, "kiosk-sandbox")

    assert response.json()["error"] == "invalid_grant"
