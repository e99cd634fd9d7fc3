"""The token endpoint's grants: authorization code (with PKCE and replay detection), rotating
refresh tokens (with reuse detection), and token exchange."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from typing import Any

from demo.devidp.claims import narrowed_scopes
from demo.devidp.config import DevClient, DevIdpConfig
from demo.devidp.errors import InvalidGrant, InvalidRequest, OAuthError
from demo.devidp.store import AuthorizationCode, Grant, Store, new_secret
from demo.devidp.token_exchange import TOKEN_EXCHANGE, exchange_token
from demo.devidp.tokens import TokenMinter

GRANT_TYPES = ["authorization_code", "refresh_token", TOKEN_EXCHANGE, "client_credentials"]
_CODE_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


class TokenGrants:
    def __init__(self, *, config: DevIdpConfig, store: Store, minter: TokenMinter) -> None:
        self._config = config
        self._store = store
        self._minter = minter

    def grant(self, client: DevClient, form: Mapping[str, str]) -> dict[str, Any]:
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._redeem_code(client, form)
        if grant_type == "refresh_token":
            return self._refresh(client, form)
        if grant_type == TOKEN_EXCHANGE:
            return exchange_token(config=self._config, minter=self._minter, client=client, form=form)
        if grant_type == "client_credentials":
            return self._client_credentials(client, form)
        raise OAuthError("unsupported_grant_type", "grant_type is missing or not supported")

    def _client_credentials(self, client: DevClient, form: Mapping[str, str]) -> dict[str, Any]:
        """A token for the client itself (no person), for an audience it may call: a service's
        own work, such as the hub reading which dossiers changed at KIOSK."""
        audience = form.get("audience")
        if not audience:
            raise InvalidRequest("audience is required")
        if audience not in client.client_audiences:
            raise OAuthError(
                "invalid_target", "this client may not obtain a token of its own for that audience"
            )
        issued = self._minter.client_token(client_id=client.client_id, audience=audience)
        return {
            "access_token": issued.token,
            "token_type": "Bearer",
            "expires_in": issued.expires_at - int(self._config.clock()),
            "scope": " ".join(issued.scopes),
        }

    def _redeem_code(self, client: DevClient, form: Mapping[str, str]) -> dict[str, Any]:
        code = self._store.codes.get(form.get("code", ""))
        if code is None:
            raise InvalidGrant("unknown authorization code")
        if code.presented:
            # RFC 6749 §4.1.2: a code used twice may have been stolen; what it bought is revoked.
            if code.grant_id is not None:
                self._store.revoke_grant(code.grant_id)
            raise InvalidGrant("authorization code already used; the tokens issued for it are revoked")
        code.presented = True
        self._check_code(code, client, form)
        authentication = code.authentication
        grant = Grant(
            id=new_secret(),
            client_id=client.client_id,
            authentication=authentication,
            scopes=code.request.scopes,
            nonce=code.request.nonce,
            refresh_expires_at=self._config.clock() + self._config.refresh_token_ttl.total_seconds(),
        )
        self._store.grants[grant.id] = grant
        code.grant_id = grant.id
        return self._token_response(grant, grant.scopes, nonce=grant.nonce)

    def _check_code(self, code: AuthorizationCode, client: DevClient, form: Mapping[str, str]) -> None:
        if self._config.clock() >= code.expires_at:
            raise InvalidGrant("authorization code expired")
        if code.request.client_id != client.client_id:
            raise InvalidGrant("authorization code was issued to another client")
        if form.get("redirect_uri") != code.request.redirect_uri:
            raise InvalidGrant("redirect_uri differs from the one in the authorization request")
        verify_pkce(challenge=code.request.code_challenge, verifier=form.get("code_verifier"))

    def _refresh(self, client: DevClient, form: Mapping[str, str]) -> dict[str, Any]:
        token = form.get("refresh_token", "")
        refresh = self._store.refresh_tokens.get(token)
        if refresh is None or refresh.client_id != client.client_id:
            raise InvalidGrant("unknown refresh token")
        if refresh.used:
            # A rotated-out token coming back means two parties hold the family: end it.
            self._store.revoke_grant(refresh.grant_id)
            raise InvalidGrant("refresh token already used; every token of this login is revoked")
        active = self._minter.active_refresh_token(token)
        if active is None:
            raise InvalidGrant("refresh token expired or revoked")
        _, grant = active
        scopes = narrowed_scopes(grant.scopes, form.get("scope"))
        refresh.used = True
        return self._token_response(grant, scopes, nonce=None)

    def _token_response(self, grant: Grant, scopes: tuple[str, ...], *, nonce: str | None) -> dict[str, Any]:
        access = self._minter.access_token(
            grant, client_id=grant.client_id, audience=grant.client_id, scopes=scopes
        )
        return {
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": access.expires_at - int(self._config.clock()),
            "scope": " ".join(scopes),
            "refresh_token": self._minter.refresh_token(grant),
            "id_token": self._minter.id_token(grant, access_token=access.token, nonce=nonce),
        }


def verify_pkce(*, challenge: str, verifier: str | None) -> None:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) must equal the challenge of the authorization request."""
    if verifier is None or not _CODE_VERIFIER.fullmatch(verifier):
        raise InvalidGrant("a code_verifier of 43 to 128 unreserved characters is required")
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    if not hmac.compare_digest(computed, challenge):
        raise InvalidGrant("code_verifier does not match the code_challenge")
