"""The network under every `http_client`: httpx's client API over aiohttp's connections, through
`httpx-aiohttp` (its `AiohttpTransport`), chosen by `benchmarks/outbound_http.py`: per call it
costs about half the CPU of httpx's own transport and carries several times the calls at once.

What it adds to the library, through public names only:

- proxies as their users expect: `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` from the environment
  (read by `urllib.request`, as aiohttp's `trust_env` does, but once per host rather than on a
  thread for every call), since httpx reads them only for a client without a transport of its own;
- the system's trust store (`truststore`; `SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured);
- every failure one of httpx's errors (`httpx.TransportError`), also those the library passes on
  as aiohttp's own;
- connections belong to the event loop that opened them: a transport used again under another
  loop (a test's, a command's) starts afresh.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from functools import cached_property

import aiohttp
import httpx
import truststore
from httpx_aiohttp import AiohttpTransport

_KEEP_ROUTES = 512
KEEP_IDLE_SECONDS = 4.0
"""How long an idle connection is kept for the next call: below the 5 s many servers allow, so
that a server never closes one just as a request goes out on it."""


def system_trust() -> ssl.SSLContext:
    """Certificates checked against the system's trust store (or `SSL_CERT_FILE`/`SSL_CERT_DIR`)."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class NetworkTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over aiohttp, at most `max_connections` open at once; a call that finds them all
    busy waits for one within its `pool` timeout. Redirects are never followed here (the client
    decides) and bodies are passed through undecoded (httpx decodes them)."""

    def __init__(self, *, max_connections: int = 100, verify: ssl.SSLContext | None = None) -> None:
        self._max_connections = max_connections
        self._verify = verify
        self._routes: dict[tuple[str, str], str | None] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: aiohttp.ClientSession | None = None
        self._ways: dict[str | None, AiohttpTransport] = {}

    @cached_property
    def _proxies(self) -> dict[str, str]:
        """`HTTP_PROXY`, `HTTPS_PROXY` and their lowercase forms, read once, as httpx does for a
        client of its own; at the first call rather than when the transport is made, so that
        the hundreds a hub may configure cost nothing until asked."""
        return {scheme: address for scheme, address in urllib.request.getproxies().items() if scheme != "no"}

    @cached_property
    def _trust(self) -> ssl.SSLContext:
        """How certificates are checked: as given, or against the system's trust store."""
        return self._verify if self._verify is not None else system_trust()

    def _proxy_for(self, url: httpx.URL) -> str | None:
        """The proxy a call to `url` goes through, if any: none for a host `NO_PROXY` names."""
        key = (url.scheme, url.host)
        if key not in self._routes:
            proxy = self._proxies.get(url.scheme)
            if proxy is not None and urllib.request.proxy_bypass(url.host):
                proxy = None
            if len(self._routes) >= _KEEP_ROUTES:
                self._routes.clear()
            self._routes[key] = proxy
        return self._routes[key]

    def _way(self, proxy: str | None) -> AiohttpTransport:
        """The library's transport for calls through `proxy` (or none), all on one session per
        event loop: aiohttp's connections belong to the loop that opened them."""
        loop = asyncio.get_running_loop()
        if self._session is None or loop is not self._loop:
            self._loop, self._ways = loop, {}
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                keepalive_timeout=KEEP_IDLE_SECONDS,
                ssl=self._trust,
            )
            # No trust_env: the proxies are chosen above, and aiohttp would look for them (and
            # for a .netrc) on a thread for every call.
            self._session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        way = self._ways.get(proxy)
        if way is None:
            # The session's own certificate check, also for the library's transport: left to its
            # default, each would load a CA bundle of its own that it never uses (20 ms of CPU
            # on the event loop, for every service's first call).
            way = AiohttpTransport(
                client=self._session, verify=self._trust, proxy=httpx.Proxy(proxy) if proxy else None
            )
            self._ways[proxy] = way
        return way

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _refuse_split_headers(request)
        way = self._way(self._proxy_for(request.url))
        with _in_httpx_terms(request):
            response = await way.handle_async_request(request)
        response.stream = _Body(response.stream, request)
        return response

    async def aclose(self) -> None:
        session, self._session, self._ways = self._session, None, {}
        if session is not None and self._loop is asyncio.get_running_loop():
            await session.close()


class _Body(httpx.AsyncByteStream):
    """The answer's body as it arrives, with aiohttp's failures as httpx's."""

    def __init__(self, stream: httpx.AsyncByteStream | httpx.SyncByteStream, request: httpx.Request) -> None:
        assert isinstance(stream, httpx.AsyncByteStream)
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _in_httpx_terms(self._request):
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        with _in_httpx_terms(self._request):
            await self._stream.aclose()


_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_NOT_IN_VALUE = re.compile(rb"[\r\n\x00]")


def _refuse_split_headers(request: httpx.Request) -> None:
    """A header whose name is not a token or whose value holds CR, LF or NUL could make one request
    two: refused, by name, before anything is sent."""
    for name, value in request.headers.raw:
        if not _TOKEN.match(name) or _NOT_IN_VALUE.search(value):
            raise httpx.LocalProtocolError(f"not a valid header: {name!r}", request=request)


@contextmanager
def _in_httpx_terms(request: httpx.Request) -> Iterator[None]:
    """aiohttp's failures as the httpx errors that say what happened. `httpx-aiohttp` maps some
    itself, a few by a neighbouring name (a dropped connection as a connect timeout); those are
    named again from their aiohttp cause."""
    try:
        yield
    except httpx.TransportError as error:
        cause = error.__cause__
        if isinstance(cause, aiohttp.ClientError):
            raise _as_httpx(cause, request) from cause
        raise
    except aiohttp.ClientError as error:
        raise _as_httpx(error, request) from error


_Kind = type[BaseException] | tuple[type[BaseException], ...]
_KINDS: list[tuple[_Kind, type[httpx.TransportError], str]] = [
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout, "no connection in time"),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout, "no answer in time"),
    (
        (aiohttp.ClientProxyConnectionError, aiohttp.ClientHttpProxyError),
        httpx.ProxyError,
        "the proxy failed",
    ),
    (aiohttp.ClientConnectorError, httpx.ConnectError, "cannot connect"),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError, "the server closed the connection"),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError, "the answer was cut short"),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError, "the answer is not valid HTTP/1.1"),
    (
        (aiohttp.NonHttpUrlClientError, aiohttp.InvalidUrlClientError),
        httpx.UnsupportedProtocol,
        "not http(s)",
    ),
]
"""aiohttp's failures, most specific first, and the httpx error each is."""


def _as_httpx(error: aiohttp.ClientError, request: httpx.Request) -> httpx.TransportError:
    for aiohttp_kind, httpx_kind, meaning in _KINDS:
        if isinstance(error, aiohttp_kind):
            return httpx_kind(f"{meaning}: {error}", request=request)
    return httpx.NetworkError(f"{type(error).__name__}: {error}", request=request)
