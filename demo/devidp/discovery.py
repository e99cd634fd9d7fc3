"""The OpenID Provider metadata (OpenID Connect Discovery 1.0, RFC 8414)."""

from __future__ import annotations

from typing import Any

from demo.devidp.claims import SUPPORTED_SCOPES, Sleutel, supported_claims
from demo.devidp.client_auth import AUTH_METHODS
from demo.devidp.config import DevIdpConfig
from demo.devidp.keys import ALGORITHM
from demo.devidp.token_grants import GRANT_TYPES


def provider_metadata(config: DevIdpConfig) -> dict[str, Any]:
    return {
        "issuer": config.issuer,
        "authorization_endpoint": config.url("/authorize"),
        "token_endpoint": config.url("/token"),
        "userinfo_endpoint": config.url("/userinfo"),
        "jwks_uri": config.url("/jwks"),
        "introspection_endpoint": config.url("/introspect"),
        "revocation_endpoint": config.url("/revoke"),
        "end_session_endpoint": config.url("/logout"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": GRANT_TYPES,
        "code_challenge_methods_supported": ["S256"],
        "id_token_signing_alg_values_supported": [ALGORITHM],
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "introspection_endpoint_auth_methods_supported": AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": AUTH_METHODS,
        "scopes_supported": list(SUPPORTED_SCOPES),
        "claims_supported": supported_claims(config.role_claim),
        "subject_types_supported": ["public"],
        "acr_values_supported": [sleutel.value for sleutel in Sleutel],
        "prompt_values_supported": ["none", "login"],
        "authorization_response_iss_parameter_supported": True,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "claims_parameter_supported": False,
    }
