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
from functools import partial

from connectors.sdk.context import CallContext, Person, TokenProvider
from hub.auth.oidc import TokenResponse
from hub.auth.principal import Principal
from hub.observability import correlation_id
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
        """A token for `audience` on behalf of `person`: a stable key for who asks and how (see
        `for_principal`), so two clients of one person never share a token."""
        key = (hashlib.sha256(person.encode("utf-8")).hexdigest(), audience)
        cached = self._cache.get(key)
        if cached is not None and cached.expires_at - EXPIRY_MARGIN > self._clock():
            return cached
        pending = self._pending.get(key)
        if pending is None:
            # Its own task: a caller that gives up (cancelled) does not cancel the others' wait.
            pending = asyncio.ensure_future(self._obtain(subject_token, audience))
            self._pending[key] = pending
            pending.add_done_callback(partial(self._settle, key))
        return await asyncio.shield(pending)

    def _settle(self, key: tuple[str, str], done: asyncio.Future[ExchangedToken]) -> None:
        del self._pending[key]
        if not done.cancelled() and done.exception() is None:
            self._remember(key, done.result())

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
            while len(self._cache) >= MAX_CACHED:  # still full: drop the oldest
                del self._cache[next(iter(self._cache))]
        self._cache[key] = token

    async def for_principal(self, principal: Principal, audience: str) -> str:
        """The token a connector for `audience` may use for this person's call."""
        subject = await principal.subject_token() if principal.subject_token else None
        if subject is None:
            raise Unauthenticated()
        token = await self.token_for(person=_who(principal), subject_token=subject, audience=audience)
        return token.access_token

    def forget(self, principal: Principal) -> None:
        """Drop the tokens obtained for this person through this client (at logout)."""
        digest = hashlib.sha256(_who(principal).encode("utf-8")).hexdigest()
        for key in [k for k in self._cache if k[0] == digest]:
            del self._cache[key]


def call_context(
    principal: Principal,
    *,
    timeout: float,
    token: TokenProvider | None = None,
    exchanger: TokenExchanger | None = None,
    audience: str | None = None,
    v_code: str | None = None,
) -> CallContext:
    """The context a connector gets: who, on whose behalf (`v_code`, else the person's choice),
    the correlation id, a deadline, and `token`, or else a token exchanged for `audience`
    (obtained when the connector asks for it)."""
    if token is None:
        if exchanger is None or audience is None:
            raise ValueError("give a token provider, or an exchanger and an audience")
        token = partial(exchanger.for_principal, principal, audience)
    person = Person(
        sub=principal.sub, insz=principal.insz, voornaam=principal.voornaam, achternaam=principal.achternaam
    )
    return CallContext(
        v_code=v_code or principal.namens,
        person=person,
        token=token,
        correlation_id=correlation_id.get(),
        deadline=time.monotonic() + timeout,
    )


def _who(principal: Principal) -> str:
    """Who asks, and how: the same person through another client or login level is another key."""
    return f"{principal.sub}|{principal.client_id or '-'}|{principal.acr or '-'}"
