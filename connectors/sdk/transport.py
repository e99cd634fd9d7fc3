"""The default network transport under every `http_client`: httpx's interface on aiohttp's
connection pool and C-accelerated HTTP parser.

A profile query fans out to every connected system, so each outbound call's own cost is paid
several times per request: on loopback aiohttp spends about a third of the CPU time httpx's
default transport does per call (`benchmarks/outbound_http.py`). Everything above the transport
(the `httpx.AsyncClient` API, event hooks, timeouts, `MockTransport` in tests) stays as it is.
aiohttp's failures are raised as httpx's, so callers handle one family of errors.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import aiohttp
import httpx

_CHUNK = 64 * 1024
_WHOLE = 64 * 1024
"""An answer that says it is at most this long is read at once: the common case (a JSON answer of
a few kB) then skips the chunk-by-chunk machinery. Longer or unsized answers stream."""

# Most specific first: aiohttp's timeout errors are also connection errors and `TimeoutError`s.
_ERRORS: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (TimeoutError, httpx.TimeoutException),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ClientOSError, httpx.NetworkError),
    (aiohttp.ClientError, httpx.TransportError),
)


@contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    try:
        yield
    except httpx.TransportError:
        raise
    except (aiohttp.ClientError, TimeoutError) as error:
        kind = next(target for source, target in _ERRORS if isinstance(error, source))
        raise kind(f"{type(error).__name__}: {error}", request=request) from error


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors(self._request):
            async for chunk in self._response.content.iter_chunked(_CHUNK):
                yield chunk

    async def aclose(self) -> None:
        self._response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One aiohttp session, opened on first use in the running event loop and closed with the
    client. Redirects are never followed here (the client decides), bodies are passed through
    undecoded (httpx decodes them), and the request's httpx timeouts apply per phase."""

    def __init__(self, *, max_connections: int = 100, verify: ssl.SSLContext | bool = True) -> None:
        self._max_connections = max_connections
        self._ssl = verify
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._max_connections, ssl=self._ssl)
            self._session = aiohttp.ClientSession(
                connector=connector, auto_decompress=False, skip_auto_headers=("User-Agent",)
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {})
        body = await request.aread()
        with _as_httpx_errors(request):
            response = await self._open().request(
                request.method,
                str(request.url),
                # The body is sent whole, with its length: never as chunks.
                headers=[(k, v) for k, v in request.headers.multi_items() if k != "transfer-encoding"],
                data=body or None,
                allow_redirects=False,
                compress=None,
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=timeout.get("pool"),
                    sock_connect=timeout.get("connect"),
                    sock_read=timeout.get("read"),
                ),
            )
        extensions = {"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode()}
        length = response.content_length
        if length is not None and length <= _WHOLE and request.method != "HEAD":
            with _as_httpx_errors(request):
                try:
                    body = await response.read()
                finally:
                    response.release()
            return httpx.Response(
                status_code=response.status, headers=response.raw_headers, content=body, extensions=extensions
            )
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_Body(response, request),
            extensions=extensions,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
