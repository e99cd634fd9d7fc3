"""An ACM/IDM-compatible OpenID provider for demos and tests only: authorization code with PKCE,
rotating refresh tokens, token exchange, introspection, revocation, logout; all state in memory."""

from demo.devidp.app import create_devidp
from demo.devidp.config import DevClient, DevIdpConfig, DevPersona
from demo.devidp.provider import DevIdp

__all__ = ["DevClient", "DevIdp", "DevIdpConfig", "DevPersona", "create_devidp"]
