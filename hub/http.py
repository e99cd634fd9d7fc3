"""The one way the hub makes outbound HTTP clients: timeouts, a User-Agent, the request's
correlation id passed on, and a transport tests can swap."""

from __future__ import annotations

import httpx

from hub.observability import correlation_id

USER_AGENT = "vloket-hub/0.1"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


async def _pass_correlation_id(request: httpx.Request) -> None:
    current = correlation_id.get()
    if current and "x-correlation-id" not in request.headers:
        request.headers["X-Correlation-Id"] = current


def http_client(
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    base_url: str = "",
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        base_url=base_url,
        headers={"User-Agent": USER_AGENT},
        event_hooks={"request": [_pass_correlation_id]},
        follow_redirects=False,
    )
