"""The third-party OpenID provider harness: a certified provider answers discovery, and a code
flow with PKCE S256 done by hand yields an RS256 ID token, ACM/IDM claims and refresh tokens."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.utils.oidc_provider import (
    ACR_EID,
    OidcClient,
    account_for,
    confidential_client,
    running_oidc_provider,
    sign_in_at_oidc_provider,
    sign_out_at_oidc_provider,
)
from tests.utils.principals import AN

REDIRECT_URI = "http://127.0.0.1:8000/auth/callback"
POST_LOGOUT_REDIRECT_URI = "http://127.0.0.1:8000/"
SCOPE = "openid profile rrn vo"
AN_ACCOUNT = "an.janssens"
AN_ROLLEN = ["Vertegenwoordiger:V0001001"]
HUB: OidcClient = confidential_client(
    client_id="vloket-hub",
    client_secret="hub-secret-for-tests",
    redirect_uri=REDIRECT_URI,
    post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI,
)
ACCOUNTS = {AN_ACCOUNT: account_for(AN, rollen=AN_ROLLEN)}


@dataclass(frozen=True)
class Authorization:
    """One authorize request as the hub would send it, with what it must remember."""

    url: str
    state: str
    nonce: str
    verifier: str


def authorization(metadata: dict[str, Any], *, scope: str = SCOPE) -> Authorization:
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    url = httpx.URL(
        metadata["authorization_endpoint"],
        params={
            "response_type": "code",
            "client_id": HUB["client_id"],
            "redirect_uri": REDIRECT_URI,
            "scope": scope,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    return Authorization(str(url), state, nonce, verifier)


def token_request(http: httpx.Client, metadata: dict[str, Any], form: dict[str, str]) -> httpx.Response:
    return http.post(
        metadata["token_endpoint"],
        data=form,
        auth=httpx.BasicAuth(HUB["client_id"], HUB["client_secret"]),  # client_secret_basic
    )


def exchange(http: httpx.Client, metadata: dict[str, Any], code: str, verifier: str) -> httpx.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    return token_request(http, metadata, {**form, "code_verifier": verifier})


def signed_in_tokens(http: httpx.Client, metadata: dict[str, Any]) -> tuple[Authorization, dict[str, Any]]:
    request = authorization(metadata)
    redirect = sign_in_at_oidc_provider(http, request.url, account_id=AN_ACCOUNT)
    response = exchange(http, metadata, redirect.params["code"], request.verifier)
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return request, tokens


def verified_id_token(id_token: str, metadata: dict[str, Any], *, nonce: str) -> dict[str, Any]:
    keys = KeySet.import_key_set(httpx.get(metadata["jwks_uri"]).json())
    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "value": HUB["client_id"]},
        nonce={"essential": True, "value": nonce},
        sub={"essential": True, "value": AN_ACCOUNT},
        exp={"essential": True},
    ).validate(token.claims)
    assert token.header["alg"] == "RS256"
    return token.claims


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_oidc_provider(clients=[HUB], accounts=ACCOUNTS) as url:
        yield url


@pytest.fixture(scope="module")
def metadata(issuer: str) -> dict[str, Any]:
    document: dict[str, Any] = httpx.get(f"{issuer}/.well-known/openid-configuration").json()
    return document


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """A browser and the hub's back channel in one: it keeps the provider's cookies."""
    with httpx.Client(timeout=30.0) as client:
        yield client


def test_discovery_announces_code_flow_with_pkce_rs256_and_logout(
    issuer: str, metadata: dict[str, Any]
) -> None:
    assert metadata["issuer"] == issuer
    for endpoint in ("authorization", "token", "userinfo", "end_session", "introspection", "revocation"):
        assert metadata[f"{endpoint}_endpoint"].startswith(f"{issuer}/")
    assert metadata["jwks_uri"].startswith(f"{issuer}/")
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {"openid", "profile", "rrn", "vo"} <= set(metadata["scopes_supported"])
    assert {"rrn", "vo_id", "vloket_rol_3d", "acr"} <= set(metadata["claims_supported"])
    assert "client_secret_basic" in metadata["token_endpoint_auth_methods_supported"]
    assert "refresh_token" in metadata["grant_types_supported"]


def test_code_flow_with_pkce_gives_a_verified_id_token_and_acm_idm_claims_from_userinfo(
    http: httpx.Client, metadata: dict[str, Any]
) -> None:
    request = authorization(metadata)

    redirect = sign_in_at_oidc_provider(http, request.url, account_id=AN_ACCOUNT)
    assert redirect.params["state"] == request.state
    assert redirect.params["iss"] == metadata["issuer"]
    response = exchange(http, metadata, redirect.params["code"], request.verifier)

    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["token_type"] == "Bearer"
    id_claims = verified_id_token(tokens["id_token"], metadata, nonce=request.nonce)
    assert id_claims["acr"] == ACR_EID
    # A conforming provider puts scope claims in userinfo only when an access token is issued.
    assert not {"rrn", "given_name", "family_name"} & set(id_claims)
    userinfo = http.get(
        metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert userinfo.status_code == 200, userinfo.text
    assert userinfo.json() == {
        "sub": AN_ACCOUNT,
        "given_name": "An",
        "family_name": "Janssens",
        "rrn": "71032512357",
        "vo_id": ACCOUNTS[AN_ACCOUNT]["vo_id"],
        "vloket_rol_3d": AN_ROLLEN,
    }


def test_scopes_decide_which_claims_userinfo_releases(http: httpx.Client, metadata: dict[str, Any]) -> None:
    request = authorization(metadata, scope="openid rrn")
    redirect = sign_in_at_oidc_provider(http, request.url, account_id=AN_ACCOUNT)
    tokens = exchange(http, metadata, redirect.params["code"], request.verifier).json()

    userinfo = http.get(
        metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )

    assert userinfo.json() == {"sub": AN_ACCOUNT, "rrn": "71032512357"}


def test_id_token_carries_scope_claims_when_the_provider_is_told_not_to_conform() -> None:
    with (
        running_oidc_provider(clients=[HUB], accounts=ACCOUNTS, conform_id_token_claims=False) as issuer,
        httpx.Client(timeout=30.0) as http,
    ):
        metadata = http.get(f"{issuer}/.well-known/openid-configuration").json()
        request, tokens = signed_in_tokens(http, metadata)

        id_claims = verified_id_token(tokens["id_token"], metadata, nonce=request.nonce)

    assert id_claims["rrn"] == "71032512357"
    assert (id_claims["given_name"], id_claims["family_name"]) == ("An", "Janssens")
    assert id_claims["vloket_rol_3d"] == AN_ROLLEN


def test_refresh_token_grant_rotates_and_a_replayed_refresh_token_revokes_the_grant(
    http: httpx.Client, metadata: dict[str, Any]
) -> None:
    request, tokens = signed_in_tokens(http, metadata)
    first = tokens["refresh_token"]

    refreshed = token_request(http, metadata, {"grant_type": "refresh_token", "refresh_token": first})

    assert refreshed.status_code == 200, refreshed.text
    renewed = refreshed.json()
    assert renewed["access_token"] != tokens["access_token"]
    assert renewed["refresh_token"] != first
    assert verified_id_token(renewed["id_token"], metadata, nonce=request.nonce)["acr"] == ACR_EID
    replayed = token_request(http, metadata, {"grant_type": "refresh_token", "refresh_token": first})
    assert replayed.status_code == 400
    assert replayed.json()["error"] == "invalid_grant"
    after_replay = token_request(
        http, metadata, {"grant_type": "refresh_token", "refresh_token": renewed["refresh_token"]}
    )
    assert after_replay.json()["error"] == "invalid_grant", "a replay revokes the whole grant"


def test_wrong_pkce_verifier_is_refused(http: httpx.Client, metadata: dict[str, Any]) -> None:
    request = authorization(metadata)
    redirect = sign_in_at_oidc_provider(http, request.url, account_id=AN_ACCOUNT)

    response = exchange(http, metadata, redirect.params["code"], secrets.token_urlsafe(32))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_authorize_without_pkce_is_refused(http: httpx.Client, metadata: dict[str, Any]) -> None:
    url = httpx.URL(authorization(metadata).url)
    without_pkce = url.copy_remove_param("code_challenge").copy_remove_param("code_challenge_method")

    redirect = sign_in_at_oidc_provider(http, str(without_pkce), account_id=AN_ACCOUNT)

    assert redirect.params["error"] == "invalid_request"
    assert "code" not in redirect.params


def test_second_sign_in_with_the_same_browser_is_single_sign_on(
    http: httpx.Client, metadata: dict[str, Any]
) -> None:
    signed_in_tokens(http, metadata)
    again = authorization(metadata)

    response = http.get(again.url)

    assert response.is_redirect
    redirect = response.url.join(response.headers["location"])
    assert str(redirect.copy_with(query=None)) == REDIRECT_URI
    assert redirect.params["state"] == again.state
    assert "code" in redirect.params


def test_logout_ends_the_provider_session_and_its_refresh_tokens(
    http: httpx.Client, metadata: dict[str, Any]
) -> None:
    _, tokens = signed_in_tokens(http, metadata)
    logout = httpx.URL(
        metadata["end_session_endpoint"],
        params={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": POST_LOGOUT_REDIRECT_URI,
            "state": "na-afmelden",
        },
    )

    after = sign_out_at_oidc_provider(http, str(logout))

    assert str(after.copy_with(query=None)) == POST_LOGOUT_REDIRECT_URI
    assert after.params["state"] == "na-afmelden"
    refreshed = token_request(
        http, metadata, {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.json()["error"] == "invalid_grant"
    login_again = http.get(authorization(metadata).url)
    assert "/interaction/" in login_again.headers["location"]


def test_a_login_name_that_is_no_account_is_refused(http: httpx.Client, metadata: dict[str, Any]) -> None:
    request = authorization(metadata)

    redirect = sign_in_at_oidc_provider(http, request.url, account_id="niemand")

    assert redirect.params["error"] == "access_denied"
    assert redirect.params["state"] == request.state
