"""What a relying party reads before it talks to the IdP: the metadata and the keys."""

from __future__ import annotations

import httpx

from tests.devidp.conftest import RunningIdp


async def test_discovery_document_describes_the_provider(idp: RunningIdp, backend: httpx.AsyncClient) -> None:
    response = await backend.get(f"{idp.issuer}/.well-known/openid-configuration")

    assert response.status_code == 200
    metadata = response.json()
    assert metadata["issuer"] == idp.issuer
    endpoints = {
        "authorization_endpoint": "/authorize",
        "token_endpoint": "/token",
        "userinfo_endpoint": "/userinfo",
        "jwks_uri": "/jwks",
        "introspection_endpoint": "/introspect",
        "revocation_endpoint": "/revoke",
        "end_session_endpoint": "/logout",
    }
    for name, path in endpoints.items():
        assert metadata[name] == idp.issuer + path
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert metadata["subject_types_supported"] == ["public"]
    assert set(metadata["grant_types_supported"]) == {
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:token-exchange",
        "client_credentials",
    }
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
    }
    assert set(metadata["scopes_supported"]) == {"openid", "profile", "rrn", "vo", "offline_access"}
    assert {"rrn", "vo_id", "acr", "vloket_rol_3d"} <= set(metadata["claims_supported"])
    assert set(metadata["acr_values_supported"]) == {
        "urn:be:vlaanderen:authmech:eid",
        "urn:be:vlaanderen:authmech:itsme",
    }


async def test_jwks_publishes_public_rs256_signing_keys_only(
    idp: RunningIdp, backend: httpx.AsyncClient
) -> None:
    keys = (await backend.get(f"{idp.issuer}/jwks")).json()["keys"]

    assert len(keys) == 1
    (key,) = keys
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert key["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & key.keys()
