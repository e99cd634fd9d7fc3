"""A token per hop: for a connector's audience the hub obtains, by RFC 8693 token exchange with the
person's token as subject, a token made for that audience alone. Connectors get that token,
never the person's own.

Tokens are kept per person and audience until shortly before they expire. Concurrent requests
for the same person and audience share one exchange.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from hub.auth.oidc import TokenResponse
from hub.auth.principal import Principal
from registry.errors import Unauthenticated

# A token is handed out only when it stays valid at least this long: a call that starts with
# it must not see it expire halfway.
EXPIRY_MARGIN = 30.0
DEFAULT_LIFETIME = 60.0
MAX_CACHED = 10_000

Exchange = Callable[[str, str], Awaitable[TokenResponse]]
"""(subject token, audience) -> the provider's answer."""


@dataclass(frozen=True)
class ExchangedToken:
    access_token: str
    audience: str
    expires_at: float


class TokenExchanger:
    def __init__(self, exchange: Exchange, *, clock: Callable[[], float] = time.time) -> None:
        self._exchange = exchange
        self._clock = clock
        self._cache: dict[tuple[str, str], ExchangedToken] = {}
        self._pending: dict[tuple[str, str], asyncio.Future[ExchangedToken]] = {}
        self.exchanges = 0

    async def token_for(self, *, person: str, subject_token: str, audience: str) -> ExchangedToken:
        """A token for `audience` on behalf of `person` (a stable id: their `sub`)."""
        key = (hashlib.sha256(person.encode("utf-8")).hexdigest(), audience)
        cached = self._cache.get(key)
        if cached is not None and cached.expires_at - EXPIRY_MARGIN > self._clock():
            return cached
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[ExchangedToken] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            token = await self._obtain(subject_token, audience)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved here, so an unshared failure is not reported twice
            raise
        else:
            self._remember(key, token)
            future.set_result(token)
            return token
        finally:
            del self._pending[key]

    async def _obtain(self, subject_token: str, audience: str) -> ExchangedToken:
        self.exchanges += 1
        answer = await self._exchange(subject_token, audience)
        lifetime = float(answer.expires_in) if answer.expires_in else DEFAULT_LIFETIME
        return ExchangedToken(
            access_token=answer.access_token, audience=audience, expires_at=self._clock() + lifetime
        )

    def _remember(self, key: tuple[str, str], token: ExchangedToken) -> None:
        if len(self._cache) >= MAX_CACHED:
            now = self._clock()
            for stale in [k for k, t in self._cache.items() if t.expires_at <= now]:
                del self._cache[stale]
        self._cache[key] = token

    async def for_principal(self, principal: Principal, audience: str) -> str:
        """The token a connector for `audience` may use for this person's call."""
        subject = await principal.subject_token() if principal.subject_token else None
        if subject is None:
            raise Unauthenticated()
        token = await self.token_for(person=principal.sub, subject_token=subject, audience=audience)
        return token.access_token

    def forget(self, person: str) -> None:
        """Drop a person's tokens (at logout)."""
        digest = hashlib.sha256(person.encode("utf-8")).hexdigest()
        for key in [k for k in self._cache if k[0] == digest]:
            del self._cache[key]
