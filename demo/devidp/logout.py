"""RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): end the SSO session, and send the
browser back only to a post-logout URI registered for the client that asked."""

from __future__ import annotations

from collections.abc import Mapping

from demo.devidp.config import DevClient, DevIdpConfig
from demo.devidp.keys import KeyRing
from demo.devidp.redirects import with_query
from demo.devidp.store import Store
from demo.devidp.tokens import ACCESS_TOKEN_TYP


def end_session(
    *, config: DevIdpConfig, keys: KeyRing, store: Store, params: Mapping[str, str], session_id: str | None
) -> str | None:
    """Ends the session (and its refresh tokens); returns where to send the browser, if anywhere."""
    if session_id is not None:
        store.end_session(session_id)
    uri = params.get("post_logout_redirect_uri")
    client = _requesting_client(config, keys, params)
    if uri is None or client is None or uri not in client.post_logout_redirect_uris:
        return None
    return with_query(uri, {"state": params.get("state")})


def _requesting_client(config: DevIdpConfig, keys: KeyRing, params: Mapping[str, str]) -> DevClient | None:
    hinted = _hinted_client_id(config, keys, params.get("id_token_hint"))
    named = params.get("client_id")
    if hinted is not None and named is not None and hinted != named:
        return None
    return config.client(hinted or named)


def _hinted_client_id(config: DevIdpConfig, keys: KeyRing, hint: str | None) -> str | None:
    """The client an ID token of ours was issued to. Its expiry is not checked: logging out
    usually happens long after the ID token expired."""
    if hint is None:
        return None
    verified = keys.verify(hint)
    if verified is None or verified.header.get("typ") == ACCESS_TOKEN_TYP:
        return None
    audience = verified.claims.get("aud")
    if verified.claims.get("iss") != config.issuer or not isinstance(audience, str):
        return None
    return audience
