"""Tokens for the hub itself (client credentials), per audience, kept until shortly before they
expire; concurrent asks for one audience share one request to the provider."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from hub.auth.oidc import OidcClient, TokenResponse

EXPIRY_MARGIN = 30.0
DEFAULT_LIFETIME = 60.0
MAX_LIFETIME = 3600.0
"""Kept at most this long, whatever the provider says (a token revoked meanwhile is dropped)."""


class ClientTokens:
    def __init__(self, oidc: OidcClient, *, clock: Callable[[], float] = time.time) -> None:
        self._oidc = oidc
        self._clock = clock
        self._cache: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def __call__(self, audience: str) -> str:
        """A token for `audience`, valid for at least the next half minute."""
        lock = self._locks.setdefault(audience, asyncio.Lock())
        async with lock:
            cached = self._cache.get(audience)
            if cached is not None and cached[1] - EXPIRY_MARGIN > self._clock():
                return cached[0]
            answer: TokenResponse = await self._oidc.client_token(audience=audience)
            lifetime = min(float(answer.expires_in), MAX_LIFETIME) if answer.expires_in else DEFAULT_LIFETIME
            self._cache[audience] = (answer.access_token, self._clock() + lifetime)
            return answer.access_token
