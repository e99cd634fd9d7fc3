"""Minting and checking tokens: RFC 9068 JWT access tokens, ID tokens, opaque refresh tokens."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from demo.devidp.claims import person_claims
from demo.devidp.config import DevIdpConfig
from demo.devidp.keys import KeyRing
from demo.devidp.store import AccessTokenRecord, Grant, RefreshToken, Store, new_secret

ACCESS_TOKEN_TYP = "at+jwt"  # noqa: S105 (a media type, no secret)


CLIENT_SCOPE = "dienst"
"""The scope of a client's own token (client credentials): no person's data goes with it."""


@dataclass(frozen=True)
class IssuedAccessToken:
    token: str
    expires_at: int
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class ActiveAccessToken:
    claims: dict[str, Any]
    grant: Grant
    record: AccessTokenRecord


def at_hash(access_token: str) -> str:
    """OIDC Core §3.1.3.6: the left half of the SHA-256 digest, base64url without padding."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode("ascii")


class TokenMinter:
    def __init__(self, *, config: DevIdpConfig, store: Store, keys: KeyRing) -> None:
        self._config = config
        self._store = store
        self._keys = keys

    def person_claims(self, grant: Grant, scopes: tuple[str, ...]) -> dict[str, Any]:
        authentication = grant.authentication
        return person_claims(
            authentication.persona,
            scopes=scopes,
            acr=authentication.sleutel.value,
            role_claim=self._config.role_claim,
        )

    def access_token(
        self,
        grant: Grant,
        *,
        client_id: str,
        audience: str,
        scopes: tuple[str, ...],
        not_after: int | None = None,
        act: dict[str, Any] | None = None,
    ) -> IssuedAccessToken:
        """A token for `audience`; `not_after` caps its expiry (an exchanged token never outlives
        the token it was exchanged for)."""
        now = int(self._config.clock())
        expires_at = now + int(self._config.access_token_ttl.total_seconds())
        if not_after is not None:
            expires_at = min(expires_at, not_after)
        jti = new_secret()
        claims = self.person_claims(grant, scopes) | {
            "iss": self._config.issuer,
            "aud": audience,
            "exp": expires_at,
            "iat": now,
            "nbf": now,
            "jti": jti,
            "client_id": client_id,
            "scope": " ".join(scopes),
            "auth_time": grant.authentication.auth_time,
        }
        if act is not None:
            claims["act"] = act
        self._store.access_tokens[jti] = AccessTokenRecord(grant_id=grant.id, client_id=client_id)
        return IssuedAccessToken(self._keys.sign(claims, typ=ACCESS_TOKEN_TYP), expires_at, scopes)

    def client_token(self, *, client_id: str, audience: str) -> IssuedAccessToken:
        """A token for the client itself: its `sub` is the client, and no person is in it."""
        now = int(self._config.clock())
        expires_at = now + int(self._config.access_token_ttl.total_seconds())
        scopes = (CLIENT_SCOPE,)
        claims = {
            "iss": self._config.issuer,
            "sub": client_id,
            "aud": audience,
            "exp": expires_at,
            "iat": now,
            "nbf": now,
            "jti": new_secret(),
            "client_id": client_id,
            "scope": " ".join(scopes),
        }
        return IssuedAccessToken(self._keys.sign(claims, typ=ACCESS_TOKEN_TYP), expires_at, scopes)

    def id_token(self, grant: Grant, *, access_token: str, nonce: str | None) -> str:
        now = int(self._config.clock())
        claims = self.person_claims(grant, grant.scopes) | {
            "iss": self._config.issuer,
            "aud": grant.client_id,
            "azp": grant.client_id,
            "exp": now + int(self._config.id_token_ttl.total_seconds()),
            "iat": now,
            "auth_time": grant.authentication.auth_time,
            "at_hash": at_hash(access_token),
        }
        if nonce is not None:
            claims["nonce"] = nonce
        return self._keys.sign(claims, typ="JWT")

    def refresh_token(self, grant: Grant) -> str:
        token = new_secret()
        self._store.refresh_tokens[token] = RefreshToken(
            grant_id=grant.id, client_id=grant.client_id, issued_at=int(self._config.clock())
        )
        return token

    def active_access_token(self, token: str) -> ActiveAccessToken | None:
        """The token's claims when this provider issued it and it is unexpired and unrevoked."""
        verified = self._keys.verify(token)
        if verified is None or verified.header.get("typ") != ACCESS_TOKEN_TYP:
            return None
        claims, now = verified.claims, self._config.clock()
        if claims.get("iss") != self._config.issuer or not claims.get("nbf", 0) <= now < claims.get("exp", 0):
            return None
        record = self._store.access_tokens.get(str(claims.get("jti")))
        if record is None or record.revoked:
            return None
        grant = self._store.grants[record.grant_id]
        return None if grant.revoked else ActiveAccessToken(claims, grant, record)

    def active_refresh_token(self, token: str) -> tuple[RefreshToken, Grant] | None:
        """The refresh token and its grant when it can still be used."""
        refresh = self._store.refresh_tokens.get(token)
        if refresh is None or refresh.used or refresh.revoked:
            return None
        grant = self._store.grants[refresh.grant_id]
        if grant.revoked or self._config.clock() >= grant.refresh_expires_at:
            return None
        return refresh, grant
