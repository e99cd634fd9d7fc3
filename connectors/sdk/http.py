"""The one way to make an outbound HTTP client, for connectors and the hub alike: timeouts, a
User-Agent, the request's correlation id and a W3C `traceparent` on every request, no redirects
followed silently, and a transport tests can swap (`httpx.MockTransport`, `ASGITransport`).

Example::

    client = http_client(base_url=config.base_url, timeout=config.timeout_seconds)
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from typing import Any

import httpx

from connectors.sdk.transport import Http11Transport

USER_AGENT = "vloket-hub/0.1"

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
"""The id of the request being served; set by the hub for each incoming request."""

_TRACE_ID = re.compile(r"^[0-9a-f]{32}$")


def traceparent(current: str | None) -> str:
    """A W3C trace context header continuing the request's trace (its correlation id when that
    is a 32-hex id, as the hub's own are), with a new span for this call."""
    trace = current if current and _TRACE_ID.match(current) else secrets.token_hex(16)
    return f"00-{trace}-{secrets.token_hex(8)}-01"


_TRACED = "vloket.traced"
_EMPTY_LENGTH = frozenset({"POST", "PUT", "PATCH"})
"""Methods whose request says `Content-Length: 0` when it has no body, as httpx's do."""
_PLAIN = frozenset({"headers", "content", "timeout"})
"""A call with no other option than these set (the common one) gets its request built directly."""


def _trace_headers(given: dict[str, str]) -> dict[str, str]:
    """The correlation id and a `traceparent` for a call, unless `given` has its own."""
    names = {name.lower() for name in given}
    current = correlation_id.get()
    extra = {}
    if current and "x-correlation-id" not in names:
        extra["X-Correlation-Id"] = current
    if "traceparent" not in names:
        extra["traceparent"] = traceparent(current)
    return extra


async def _trace(request: httpx.Request) -> None:
    """For a request built elsewhere and sent through the client (`client.send`)."""
    if request.extensions.get(_TRACED):
        return
    for name, value in _trace_headers(dict(request.headers)).items():
        request.headers[name] = value


class _NoCookies(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep nothing a service sets."""


class _ServiceClient(httpx.AsyncClient):
    """An httpx client without a cookie jar. The hub calls each service for many people in
    turn: a cookie one answer sets must never ride along on a call for someone else. (Skipping
    the jar also spares the cost of parsing every answer for cookies.)

    It also remembers the full address of each path it was given (parsing an address costs
    more than the rest of building a request); addresses are immutable, so sharing is safe."""

    _KEEP_ADDRESSES = 512

    def __init__(self, **options: Any) -> None:
        self._no_cookies = _NoCookies()
        self._addresses: dict[str, tuple[httpx.URL, httpx.URL]] = {}
        super().__init__(**options)

    def _merge_url(self, url: httpx.URL | str) -> httpx.URL:
        if not isinstance(url, str):
            return super()._merge_url(url)
        base = self.base_url
        known = self._addresses.get(url)
        if known is not None and known[0] is base:  # a new base_url makes every entry old
            return known[1]
        merged = super()._merge_url(url)
        if len(self._addresses) >= self._KEEP_ADDRESSES:
            self._addresses.clear()
        self._addresses[url] = (base, merged)
        return merged

    def build_request(self, method: str, url: httpx.URL | str, **options: Any) -> httpx.Request:
        """With the trace headers among the call's own, so they are in place when the request is
        made rather than added to it afterwards (httpx's headers are slow to change)."""
        given = options.get("headers")
        if given is None or isinstance(given, dict):
            given = given or {}
            headers = {**_trace_headers(given), **given}
            content = options.get("content")
            plain = all(value is None for name, value in options.items() if name not in _PLAIN)
            if plain and (content is None or isinstance(content, bytes)) and not self.params:
                timeout = options.get("timeout", httpx.USE_CLIENT_DEFAULT)
                request = self._plain_request(method, url, headers, content, timeout)
            else:
                options["headers"] = headers
                request = super().build_request(method, url, **options)
            request.extensions[_TRACED] = True
            return request
        return super().build_request(method, url, **options)

    def _plain_request(
        self, method: str, url: httpx.URL | str, given: dict[str, str], content: bytes | None, timeout: Any
    ) -> httpx.Request:
        """The request httpx would build for a body in bytes (or none) and headers in a dict, with
        the same headers in the same order, made directly: httpx merges headers and prepares a
        request through layers that cost about as much as the rest of the call together."""
        target = self._merge_url(url)
        own = [(name.encode("ascii"), value.encode("ascii")) for name, value in given.items()]
        replaced = {name.lower() for name, _ in own}
        defaults = self.headers.raw
        headers = [(name, value) for name, value in defaults if name.lower() not in replaced] + own
        names = replaced | {name.lower() for name, _ in defaults}
        first = [] if b"host" in names else [(b"Host", target.netloc)]
        if content:
            if b"content-length" not in names:
                headers.append((b"Content-Length", str(len(content)).encode("ascii")))
        elif not names & {b"content-length", b"transfer-encoding"} and method.upper() in _EMPTY_LENGTH:
            first.append((b"Content-Length", b"0"))
        if timeout is httpx.USE_CLIENT_DEFAULT:
            limits = self.timeout
        else:
            limits = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        request = httpx.Request(
            method,
            target,
            headers=first + headers,
            stream=httpx.ByteStream(content or b""),
            extensions={"timeout": limits.as_dict()},
        )
        request.read()
        return request

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, _: object) -> None:
        """Cookies given to the client are not kept either."""


def http_client(
    *,
    base_url: str = "",
    timeout: float = 10.0,
    transport: httpx.AsyncBaseTransport | None = None,
    user_agent: str = USER_AGENT,
) -> httpx.AsyncClient:
    return _ServiceClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(3.0, timeout)),
        transport=transport if transport is not None else Http11Transport(),
        headers={"User-Agent": user_agent},
        event_hooks={"request": [_trace]},
        follow_redirects=False,
    )
