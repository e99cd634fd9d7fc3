"""The one way to make an outbound HTTP client, for connectors and the hub alike: timeouts, a
User-Agent, the request's correlation id and the W3C `traceparent` of the current trace on every
request (each call a span of that trace when it is recorded), no redirects followed silently, no
cookies kept, and a transport tests can swap (`httpx.MockTransport`, `ASGITransport`).

Example::

    client = http_client(base_url=config.base_url, timeout=config.timeout_seconds)
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cached_property
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx
from opentelemetry import propagate, trace
from opentelemetry.instrumentation.httpx import AsyncOpenTelemetryTransport

from connectors.sdk.network import NetworkTransport

USER_AGENT = "vloket-hub/0.1"

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
"""The id of the request being served; set by the hub for each incoming request."""


async def _correlate(request: httpx.Request) -> None:
    """Every request, however it was made (`client.get`, `client.send`, a stream), carries the
    correlation id of the request being served, unless it has its own."""
    current = correlation_id.get()
    if current and "x-correlation-id" not in request.headers:
        request.headers["X-Correlation-Id"] = current


class Traced(httpx.AsyncBaseTransport):
    """Calls through `inner`, each a client span of the current trace (OpenTelemetry's httpx
    instrumentation) when that trace is recorded; otherwise only the trace's `traceparent` goes
    along: the instrumentation costs about 0.13 ms of CPU a call even for a span nobody records
    (`benchmarks/tracing_cost.py`), where passing the trace on costs next to nothing."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    @cached_property
    def instrumented(self) -> AsyncOpenTelemetryTransport:
        """Made at the first recorded call: a hub with hundreds of services pays for none it
        never traces."""
        return AsyncOpenTelemetryTransport(self.inner)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if trace.get_current_span().is_recording():
            return await self.instrumented.handle_async_request(request)
        propagate.inject(request.headers)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


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
    (`connectors.sdk.network`: proxies from the environment, the system's trust store). Each
    call carries the `traceparent` of the current trace (one the call sets itself gives way to
    it), and is a span of it when the trace is recorded (`Traced`)."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(3.0, timeout)),
        transport=Traced(transport if transport is not None else NetworkTransport()),
        headers={"User-Agent": user_agent},
        cookies=_no_cookies(),
        event_hooks={"request": [_correlate]},
        follow_redirects=False,
    )
