"""Trading a code for tokens: PKCE, one use only, bound to its client, short-lived; clients must
authenticate."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import is_active, token_request
from tests.devidp.conftest import AN, HUB, SANDBOX, RunningIdp
from tests.devidp.login_flow import AuthRequest, authorize, callback_params, redeem_code, submit_login


async def code_for(browser: httpx.AsyncClient, idp: RunningIdp, request: AuthRequest) -> str:
    page = await authorize(browser, idp.issuer, request)
    return callback_params(await submit_login(browser, page, insz=AN.insz))["code"]


async def test_wrong_code_verifier_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    code = await code_for(browser, idp, request)

    response = await redeem_code(backend, idp.issuer, request, code, verifier="x" * 43)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert "access_token" not in response.json()


async def test_missing_code_verifier_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    code = await code_for(browser, idp, request)

    response = await token_request(
        backend,
        idp.issuer,
        HUB,
        {"grant_type": "authorization_code", "code": code, "redirect_uri": request.redirect_uri},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_replayed_code_is_refused_and_revokes_the_tokens_of_its_first_use(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    code = await code_for(browser, idp, request)
    first = (await redeem_code(backend, idp.issuer, request, code)).json()
    assert await is_active(backend, idp.issuer, HUB, first["access_token"])

    replay = await redeem_code(backend, idp.issuer, request, code)

    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert not await is_active(backend, idp.issuer, HUB, first["access_token"])
    assert not await is_active(backend, idp.issuer, HUB, first["refresh_token"])


async def test_code_is_bound_to_the_client_it_was_issued_to(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    code = await code_for(browser, idp, request)

    response = await token_request(
        backend,
        idp.issuer,
        SANDBOX,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": request.redirect_uri,
            "code_verifier": request.pkce.verifier,
        },
    )

    assert response.json()["error"] == "invalid_grant"


async def test_code_is_bound_to_the_redirect_uri_of_the_request(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    code = await code_for(browser, idp, request)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "http://hub.test/elders",
        "code_verifier": request.pkce.verifier,
    }

    response = await token_request(backend, idp.issuer, HUB, form)

    assert response.json()["error"] == "invalid_grant"


async def test_expired_code_is_refused(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    code = await code_for(browser, idp, request)
    idp.clock.advance(61)

    response = await redeem_code(backend, idp.issuer, request, code)

    assert response.json()["error"] == "invalid_grant"


async def test_wrong_client_secret_is_invalid_client(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    code = await code_for(browser, idp, request)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": request.redirect_uri,
        "code_verifier": request.pkce.verifier,
    }

    response = await backend.post(f"{idp.issuer}/token", data=form, auth=(HUB.client_id, "geraden"))

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic")
    assert response.headers["cache-control"] == "no-store"


async def test_token_request_without_client_authentication_is_invalid_client(
    idp: RunningIdp, backend: httpx.AsyncClient
) -> None:
    response = await backend.post(
        f"{idp.issuer}/token", data={"grant_type": "authorization_code", "client_id": HUB.client_id}
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
