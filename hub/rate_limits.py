"""Rate limits, counted in Redis when the hub has one (every replica counts together), else in
this process: per client IP on logging in (`/auth/login`, `/auth/callback`) and on pushed events
(`/events/`), and per person (their login's `sub` and client) on GraphQL, per IP for anonymous
GraphQL. Each is a `limits` rate string (`20/minute`, several joined by `;`); empty: no limit.

Past a limit the answer is 429 with `Retry-After` (whole seconds until the window lets the next
request through) and, in the API's error shape, the limit that was reached. The count uses the
`limits` library's sliding window counter. When Redis does not answer, the request goes through
and a warning is logged: losing the store must not shut every door.

Example::

    limits = RateLimits.of(login="60/minute", events="", graphql="1200/minute", redis_url=None)
    await limits.check("graphql", limits.graphql, "sub-123|portal")  # raises RateLimited past it
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import structlog
from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from redis.asyncio import ConnectionPool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from registry.i18n import Language, negotiate
from registry.message_keys import MessageKey
from registry.messages import translate

log = structlog.get_logger("hub.rate_limits")

CODE: Final[MessageKey] = "RATE_LIMITED"
LOGIN_PATHS: Final = ("/auth/login", "/auth/callback")
EVENTS_PATH: Final = "/events/"


def parse_limits(value: str) -> list[RateLimitItem]:
    """The limits in a rate string (`20/minute;200/hour`); none for an empty one. `ValueError`
    names what is not a limit."""
    if not value.strip():
        return []
    return list(parse_many(value))


class RateLimited(Exception):
    """A limit was reached: wait `retry_after` seconds."""

    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__(f"{limit}, retry after {retry_after} s")
        self.limit = limit
        self.retry_after = retry_after

    def response(self, language: Language) -> JSONResponse:
        message = translate(CODE, language, limiet=self.limit, seconden=self.retry_after)
        body = {
            "errors": [
                {
                    "message": message,
                    "extensions": {"code": CODE, "limiet": self.limit, "retryAfter": self.retry_after},
                }
            ]
        }
        return JSONResponse(body, status_code=429, headers={"Retry-After": str(self.retry_after)})


@dataclass
class RateLimits:
    login: Sequence[RateLimitItem]
    events: Sequence[RateLimitItem]
    graphql: Sequence[RateLimitItem]
    storage: Storage
    pool: ConnectionPool | None = None
    """The Redis connections the storage counts on, closed with `aclose`."""
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self.limiter = SlidingWindowCounterRateLimiter(self.storage)

    @classmethod
    def of(
        cls,
        *,
        login: str,
        events: str,
        graphql: str,
        redis_url: str | None,
        key_prefix: str = "vloket-limits",
    ) -> RateLimits:
        storage: Storage
        pool = None
        if redis_url:
            # A check waits at most half a second for Redis: a store that hangs must not hold requests.
            pool = ConnectionPool.from_url(redis_url, socket_connect_timeout=0.5, socket_timeout=0.5)
            # `connection_pool` is a documented option of the storage (typed there as its scalars).
            options: dict[str, Any] = {"connection_pool": pool}
            storage = RedisStorage(
                f"async+{redis_url}",
                implementation="redispy",
                key_prefix=key_prefix,
                wrap_exceptions=True,
                **options,
            )
        else:
            storage = MemoryStorage()
        return cls(parse_limits(login), parse_limits(events), parse_limits(graphql), storage, pool)

    async def aclose(self) -> None:
        if self.pool is not None:
            await self.pool.aclose()

    async def check(self, scope: str, items: Sequence[RateLimitItem], who: str) -> None:
        """Count one request of `who` against each of `items`; `RateLimited` past any of them."""
        for item in items:
            try:
                if await self.limiter.hit(item, scope, who):
                    continue
                stats = await self.limiter.get_window_stats(item, scope, who)
            except Exception as error:  # the store's own errors (wrapped), and a dropped connection
                log.warning("rate limit not counted: the store did not answer", scope=scope, error=str(error))
                return
            retry_after = max(1, math.ceil(stats.reset_time - self.clock()))
            raise RateLimited(str(item), min(retry_after, item.get_expiry()))


class RateLimitMiddleware:
    """Counts each request to the login routes and to `/events/` per client IP, before anything
    else reads it; answers 429 past the limit."""

    def __init__(self, app: ASGIApp, *, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            found = (
                ("login", self.limits.login)
                if path in LOGIN_PATHS
                else ("events", self.limits.events)
                if path.startswith(EVENTS_PATH)
                else None
            )
            if found is not None and found[1]:
                client = scope.get("client")
                try:
                    await self.limits.check(found[0], found[1], client[0] if client else "-")
                except RateLimited as limited:
                    language = negotiate(Headers(scope=scope).get("accept-language"))
                    await limited.response(language)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
