"""What a client's server asks the IdP directly: tokens, introspection, revocation, and the
verification of a JWT against the published keys."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry, Token

from demo.devidp import DevClient

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"


async def token_request(
    backend: httpx.AsyncClient, issuer: str, client: DevClient, form: dict[str, str]
) -> httpx.Response:
    return await backend.post(f"{issuer}/token", data=form, auth=(client.client_id, client.client_secret))


async def refresh(
    backend: httpx.AsyncClient, issuer: str, client: DevClient, refresh_token: str
) -> httpx.Response:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return await token_request(backend, issuer, client, form)


async def exchange(
    backend: httpx.AsyncClient, issuer: str, client: DevClient, subject_token: str, audience: str
) -> httpx.Response:
    form = {
        "grant_type": TOKEN_EXCHANGE,
        "subject_token": subject_token,
        "subject_token_type": ACCESS_TOKEN_TYPE,
        "audience": audience,
    }
    return await token_request(backend, issuer, client, form)


async def introspect(
    backend: httpx.AsyncClient, issuer: str, client: DevClient, token: str
) -> dict[str, Any]:
    response = await backend.post(
        f"{issuer}/introspect", data={"token": token}, auth=(client.client_id, client.client_secret)
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def is_active(backend: httpx.AsyncClient, issuer: str, client: DevClient, token: str) -> bool:
    return bool((await introspect(backend, issuer, client, token))["active"])


async def revoke(backend: httpx.AsyncClient, issuer: str, client: DevClient, token: str) -> httpx.Response:
    return await backend.post(
        f"{issuer}/revoke", data={"token": token}, auth=(client.client_id, client.client_secret)
    )


async def published_kids(backend: httpx.AsyncClient, issuer: str) -> set[str]:
    keys = (await backend.get(f"{issuer}/jwks")).json()["keys"]
    return {str(key["kid"]) for key in keys}


async def verified(
    backend: httpx.AsyncClient, issuer: str, token: str, *, now: float, audience: str
) -> Token:
    """`token` checked as a relying party would: signature by a key in /jwks, then iss, aud and times."""
    key_set = KeySet.import_key_set((await backend.get(f"{issuer}/jwks")).json())
    decoded = jwt.decode(token, key_set, algorithms=["RS256"])
    registry = JWTClaimsRegistry(
        now=int(now),
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": audience},
        exp={"essential": True},
        iat={"essential": True},
    )
    registry.validate(decoded.claims)
    return decoded


def expected_at_hash(access_token: str) -> str:
    """OIDC Core §3.1.3.6 for RS256: the left half of the SHA-256 digest, base64url unpadded."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
