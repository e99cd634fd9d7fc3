"""Client authentication at the token, introspection and revocation endpoints: client_secret_basic
or client_secret_post, never both, secrets compared in constant time."""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping
from urllib.parse import unquote_plus

from demo.devidp.config import DevClient, DevIdpConfig
from demo.devidp.errors import InvalidClient, InvalidRequest

AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

# Compared against when the client is unknown, so an unknown id costs as long as a wrong secret.
_UNKNOWN_CLIENT_SECRET = "unknown-client-" + "x" * 32


def authenticate_client(
    config: DevIdpConfig, *, authorization: str | None, form: Mapping[str, str]
) -> DevClient:
    if authorization is not None and "client_secret" in form:
        raise InvalidRequest("use one client authentication method, not two")
    if authorization is not None:
        client_id, secret = _basic_credentials(authorization)
        if form.get("client_id", client_id) != client_id:
            raise InvalidClient("client_id in the body differs from the authenticated client")
    elif "client_id" in form and "client_secret" in form:
        client_id, secret = form["client_id"], form["client_secret"]
    else:
        raise InvalidClient("client authentication is required")
    client = config.client(client_id)
    expected = client.client_secret if client is not None else _UNKNOWN_CLIENT_SECRET
    matches = hmac.compare_digest(secret.encode("utf-8"), expected.encode("utf-8"))
    if client is None or not matches:
        raise InvalidClient()
    return client


def _basic_credentials(authorization: str) -> tuple[str, str]:
    """RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined by a colon."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        raise InvalidClient("unsupported authentication scheme")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise InvalidClient("malformed basic credentials") from error
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise InvalidClient("malformed basic credentials")
    return unquote_plus(client_id), unquote_plus(secret)
