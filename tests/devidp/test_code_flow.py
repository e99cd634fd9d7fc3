"""The authorization code flow end to end, and the tokens it yields."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import expected_at_hash, verified
from tests.devidp.conftest import AN, HUB, LOTTE, MOHAMED, PIETER, RunningIdp
from tests.devidp.login_flow import AuthRequest, authorize, callback_params, log_in, submit_login

EID = "urn:be:vlaanderen:authmech:eid"
ITSME = "urn:be:vlaanderen:authmech:itsme"


async def test_id_token_is_signed_by_a_published_key_and_names_the_person(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    token = await verified(backend, idp.issuer, login.id_token, now=idp.clock.now, audience=HUB.client_id)

    assert token.header["alg"] == "RS256"
    assert token.header["kid"]
    claims = token.claims
    assert claims["nonce"] == login.request.nonce
    assert claims["at_hash"] == expected_at_hash(login.access_token)
    assert claims["azp"] == HUB.client_id
    assert claims["acr"] == EID
    assert claims["rrn"] == AN.insz
    assert (claims["given_name"], claims["family_name"]) == ("An", "Janssens")
    assert claims["vloket_rol_3d"] == ["Vertegenwoordiger:V0001001"]
    assert claims["auth_time"] <= claims["iat"]


async def test_logging_in_with_itsme_sets_the_itsme_acr(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=PIETER.insz, sleutel="itsme")

    token = await verified(backend, idp.issuer, login.id_token, now=idp.clock.now, audience=HUB.client_id)

    assert token.claims["acr"] == ITSME
    assert token.claims["rrn"] == PIETER.insz


async def test_access_token_is_a_jwt_for_the_client_that_asked(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=LOTTE.insz)

    token = await verified(backend, idp.issuer, login.access_token, now=idp.clock.now, audience=HUB.client_id)

    assert token.header["typ"] == "at+jwt"
    claims = token.claims
    assert claims["client_id"] == HUB.client_id
    assert claims["scope"] == "openid profile rrn vo"
    assert claims["jti"]
    assert claims["nbf"] <= claims["iat"] < claims["exp"]
    assert claims["rrn"] == LOTTE.insz
    assert claims["vloket_rol_3d"] == ["Vertegenwoordiger:V0001001", "Vertegenwoordiger:V0001002"]
    assert login.tokens["token_type"] == "Bearer"
    assert login.tokens["expires_in"] == 300


async def test_claims_follow_the_granted_scopes(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz, scope="openid")

    token = await verified(backend, idp.issuer, login.id_token, now=idp.clock.now, audience=HUB.client_id)

    assert login.tokens["scope"] == "openid"
    assert not {"rrn", "given_name", "family_name", "vo_id", "vloket_rol_3d"} & token.claims.keys()


async def test_a_persona_without_roles_gets_no_role_claim(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=MOHAMED.insz)

    token = await verified(backend, idp.issuer, login.id_token, now=idp.clock.now, audience=HUB.client_id)

    assert "vo_id" in token.claims
    assert "vloket_rol_3d" not in token.claims


async def test_state_comes_back_with_the_code(idp: RunningIdp, browser: httpx.AsyncClient) -> None:
    request = AuthRequest(HUB, state="terug-naar-dossier-42")
    page = await authorize(browser, idp.issuer, request)

    callback = callback_params(await submit_login(browser, page, insz=AN.insz))

    assert callback["state"] == "terug-naar-dossier-42"
    assert callback["code"]
    assert callback["iss"] == idp.issuer


async def test_token_responses_are_not_cached(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    request = AuthRequest(HUB)
    page = await authorize(browser, idp.issuer, request)
    code = callback_params(await submit_login(browser, page, insz=AN.insz))["code"]

    response = await backend.post(
        f"{idp.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": request.redirect_uri,
            "code_verifier": request.pkce.verifier,
            "client_id": HUB.client_id,
            "client_secret": HUB.client_secret,
        },
    )

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
