"""The hub's own outbound clients (the OpenID provider) come from the SDK's one factory."""

from __future__ import annotations

from connectors.sdk.http import http_client

__all__ = ["http_client"]
