"""RFC 7662 introspection and RFC 7009 revocation, for access and refresh tokens.

A client learns about a token only when it was issued to it or is meant for it (its `aud`);
for any other token the answer is the same as for an unknown one.
"""

from __future__ import annotations

from typing import Any

from demo.devidp.config import DevClient, DevIdpConfig
from demo.devidp.store import Store
from demo.devidp.tokens import TokenMinter

INACTIVE: dict[str, Any] = {"active": False}


def introspect(*, config: DevIdpConfig, minter: TokenMinter, client: DevClient, token: str) -> dict[str, Any]:
    access = minter.active_access_token(token)
    if access is not None:
        if client.client_id not in (access.claims.get("aud"), access.claims.get("client_id")):
            return INACTIVE
        return {"active": True, **access.claims, "token_type": "Bearer"}
    refresh = minter.active_refresh_token(token)
    if refresh is None or refresh[0].client_id != client.client_id:
        return INACTIVE
    record, grant = refresh
    return {
        "active": True,
        **minter.person_claims(grant, grant.scopes),
        "iss": config.issuer,
        "aud": grant.client_id,
        "client_id": grant.client_id,
        "scope": " ".join(grant.scopes),
        "exp": int(grant.refresh_expires_at),
        "iat": record.issued_at,
        "token_type": "refresh_token",
    }


def revoke(*, store: Store, minter: TokenMinter, client: DevClient, token: str) -> None:
    """A refresh token takes its whole family along; another client's token is left alone.
    Unknown tokens are not an error (RFC 7009 §2.2)."""
    refresh = store.refresh_tokens.get(token)
    if refresh is not None:
        if refresh.client_id == client.client_id:
            store.revoke_grant(refresh.grant_id)
        return
    access = minter.active_access_token(token)
    if access is not None and access.record.client_id == client.client_id:
        access.record.revoked = True
