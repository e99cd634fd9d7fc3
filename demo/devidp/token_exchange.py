"""RFC 8693 token exchange: a client trades an access token issued to it for one meant for another
audience it is allowed to call, acting on behalf of the same person."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from demo.devidp.claims import narrowed_scopes
from demo.devidp.config import DevClient, DevIdpConfig
from demo.devidp.errors import InvalidGrant, InvalidRequest, OAuthError
from demo.devidp.tokens import TokenMinter

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"  # noqa: S105 (a URN, no secret)
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"  # noqa: S105 (a URN, no secret)


def exchange_token(
    *, config: DevIdpConfig, minter: TokenMinter, client: DevClient, form: Mapping[str, str]
) -> dict[str, Any]:
    audience = _checked_exchange(client, form)
    subject = minter.active_access_token(form.get("subject_token", ""))
    if subject is None:
        raise InvalidGrant("subject_token is not an active access token of this provider")
    if subject.claims.get("aud") != client.client_id:
        raise InvalidGrant("subject_token was not issued to the requesting client")
    scopes = narrowed_scopes(tuple(str(subject.claims.get("scope", "")).split()), form.get("scope"))
    act: dict[str, Any] = {"sub": client.client_id}
    if "act" in subject.claims:
        act["act"] = subject.claims["act"]
    issued = minter.access_token(
        subject.grant,
        client_id=client.client_id,
        audience=audience,
        scopes=scopes,
        not_after=int(subject.claims["exp"]),
        act=act,
    )
    return {
        "access_token": issued.token,
        "issued_token_type": ACCESS_TOKEN_TYPE,
        "token_type": "Bearer",
        "expires_in": issued.expires_at - int(config.clock()),
        "scope": " ".join(scopes),
    }


def _checked_exchange(client: DevClient, form: Mapping[str, str]) -> str:
    if form.get("subject_token_type") != ACCESS_TOKEN_TYPE:
        raise InvalidRequest("subject_token_type must be an access token")
    if form.get("requested_token_type", ACCESS_TOKEN_TYPE) != ACCESS_TOKEN_TYPE:
        raise InvalidRequest("only access tokens can be requested")
    if "actor_token" in form:
        raise InvalidRequest("actor_token is not supported; the requesting client is the actor")
    return checked_audience(client, form)


def checked_audience(client: DevClient, form: Mapping[str, str]) -> str:
    """The `audience` asked for, if the client may obtain tokens for it."""
    audience = form.get("audience")
    if not audience:
        raise InvalidRequest("audience is required")
    if audience not in client.exchange_audiences:
        raise OAuthError("invalid_target", "this client may not obtain tokens for that audience")
    return audience
