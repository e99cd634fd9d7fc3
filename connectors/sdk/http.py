"""The one way to make an outbound HTTP client, for connectors and the hub alike: timeouts, a
User-Agent, the request's correlation id and a W3C `traceparent` on every request, no redirects
followed silently, no cookies kept, and a transport tests can swap (`httpx.MockTransport`,
`ASGITransport`).

Example::

    client = http_client(base_url=config.base_url, timeout=config.timeout_seconds)
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from connectors.sdk.network import NetworkTransport

USER_AGENT = "vloket-hub/0.1"

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
"""The id of the request being served; set by the hub for each incoming request."""

_TRACE_ID = re.compile(r"^[0-9a-f]{32}$")


def traceparent(current: str | None) -> str:
    """A W3C trace context header continuing the request's trace (its correlation id when that
    is a 32-hex id, as the hub's own are), with a new span for this call."""
    trace = current if current and _TRACE_ID.match(current) else secrets.token_hex(16)
    return f"00-{trace}-{secrets.token_hex(8)}-01"


def _trace_headers(given: httpx.Headers) -> dict[str, str]:
    """The correlation id and a `traceparent` for a call, unless it has its own."""
    current = correlation_id.get()
    extra = {}
    if current and "x-correlation-id" not in given:
        extra["X-Correlation-Id"] = current
    if "traceparent" not in given:
        extra["traceparent"] = traceparent(current)
    return extra


async def _trace(request: httpx.Request) -> None:
    """Every request, however it was made (`client.get`, `client.send`, a stream), carries them."""
    request.headers.update(_trace_headers(request.headers))


def _no_cookies() -> CookieJar:
    """A cookie jar whose policy keeps nothing (no domain is allowed). The hub calls each service
    for many people in turn: a cookie one answer sets must never ride along on a call for someone
    else."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def http_client(
    *,
    base_url: str = "",
    timeout: float = 10.0,
    transport: httpx.AsyncBaseTransport | None = None,
    user_agent: str = USER_AGENT,
) -> httpx.AsyncClient:
    """An `httpx.AsyncClient`: paths are joined to `base_url` by httpx, redirects are answers
    (never followed), no cookies are kept, and without a `transport` it goes over the network
    (`connectors.sdk.network`: proxies from the environment, the system's trust store)."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(3.0, timeout)),
        transport=transport if transport is not None else NetworkTransport(),
        headers={"User-Agent": user_agent},
        cookies=_no_cookies(),
        event_hooks={"request": [_trace]},
        follow_redirects=False,
    )
