"""The default network transport under every `http_client`: httpx's interface over HTTP/1.1
connections of its own, each answer read by httptools (llhttp, the C parser Node.js and uvicorn
use).

A profile query fans out to every connected system, so each outbound call's own cost is paid
several times per request: on loopback this transport spends about a third less CPU per call
than httpx over aiohttp did, close to aiohttp used directly, and a quarter to a third of httpx's
default transport (`benchmarks/outbound_http.py`). It writes a request in one piece as soon as
it is asked, keeps connections open between calls (a few seconds, less than servers keep them),
and hands an answer of at most 64 kB back whole. Everything above the transport (the `httpx.AsyncClient`
API, event hooks, timeouts, `MockTransport` in tests) stays as it is; every failure is one of
httpx's errors, so callers handle one family.

What it does not do, because no service the hub calls needs it: HTTP/2, proxies, sending a body
in chunks (a streamed body is read first and sent with its length), `Expect: 100-continue`.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from collections.abc import AsyncIterator

import httpx

from connectors.sdk.connection import Connection

_WHOLE = 64 * 1024
"""An answer that says it is at most this long is read at once: the common case (a JSON answer of
a few kB) then skips the chunk-by-chunk machinery. Longer or unsized answers stream."""
_KEEP_IDLE = 4.0
"""Seconds an idle connection is kept for the next call: below the 5 s many servers allow, so
that a server never closes one just as a request goes out on it."""
_PORTS = {b"http": 80, b"https": 443}
_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_FORBIDDEN_IN_VALUE = re.compile(rb"[\r\n\x00]")

_Origin = tuple[bytes, str, int]


def _timeout(request: httpx.Request, phase: str) -> float | None:
    value = request.extensions.get("timeout", {}).get(phase)
    return float(value) if value is not None else None


def _request_bytes(request: httpx.Request, body: bytes) -> bytes:
    method = request.method.encode("ascii")
    if not _TOKEN.match(method):
        raise httpx.LocalProtocolError(f"not a valid HTTP method: {request.method!r}", request=request)
    target = request.url.raw_path
    if b" " in target or _FORBIDDEN_IN_VALUE.search(target):
        raise httpx.LocalProtocolError(f"not a valid request target: {target!r}", request=request)
    headers = [
        (name, value)
        for name, value in request.headers.raw
        if name.lower() not in (b"transfer-encoding", b"content-length")  # the body goes whole
    ]
    # All names and all values checked at once: a name joined to others is a token only if it
    # is one itself, and a value with CR, LF or NUL leaves them in any joining.
    names = [name for name, _ in headers]
    if (
        not all(names)
        or (names and not _TOKEN.match(b"".join(names)))
        or _FORBIDDEN_IN_VALUE.search(b"".join(value for _, value in headers))
    ):
        bad = next(n for n, v in headers if not _TOKEN.match(n) or _FORBIDDEN_IN_VALUE.search(v))
        raise httpx.LocalProtocolError(f"not a valid header: {bad!r}", request=request)
    parts = [method, b" ", target, b" HTTP/1.1\r\n"]
    for name, value in headers:
        parts += (name, b": ", value, b"\r\n")
    if body or request.method not in ("GET", "HEAD", "DELETE", "OPTIONS"):
        parts += (b"Content-Length: ", str(len(body)).encode("ascii"), b"\r\n")
    parts += (b"\r\n", body)
    return b"".join(parts)


class _Answer(httpx.AsyncByteStream):
    """A body read as it arrives; closing it before the end closes its connection too."""

    def __init__(
        self,
        transport: Http11Transport,
        origin: _Origin,
        connection: Connection,
        request: httpx.Request,
    ) -> None:
        self._transport = transport
        self._origin = origin
        self._connection = connection
        self._request = request
        self._read = _timeout(request, "read")
        self._released = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            try:
                async with asyncio.timeout(self._read):
                    chunk = await self._connection.chunk()
            except TimeoutError as error:
                raise httpx.ReadTimeout(
                    f"no more of the answer within {self._read} s", request=self._request
                ) from error
            except httpx.TransportError as error:
                error.request = self._request
                raise
            if chunk is None:
                return
            yield chunk

    async def aclose(self) -> None:
        if not self._released:
            self._released = True
            self._transport._release(self._origin, self._connection)


class Http11Transport(httpx.AsyncBaseTransport):
    """Connections kept per origin (scheme, host, port), at most `max_connections` in use at once;
    a request that finds all of them busy waits for one within its `pool` timeout. Redirects are
    never followed here (the client decides), bodies are passed through undecoded (httpx
    decodes them), and the request's httpx timeouts apply per phase."""

    def __init__(self, *, max_connections: int = 100, verify: ssl.SSLContext | bool = True) -> None:
        self._max_connections = max_connections
        self._verify = verify
        self._ssl: ssl.SSLContext | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(max_connections)
        self._idle: dict[_Origin, list[Connection]] = {}

    def _for_this_loop(self) -> None:
        """Connections belong to the event loop that opened them: a client used again under
        another loop (a test's, a CLI command's) starts afresh."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._slots = asyncio.Semaphore(self._max_connections)
            self._close_idle()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.raw_scheme not in _PORTS:
            raise httpx.UnsupportedProtocol(f"only http and https, not {url.scheme!r}", request=request)
        origin: _Origin = (url.raw_scheme, url.host, url.port or _PORTS[url.raw_scheme])
        data = _request_bytes(request, await request.aread())
        self._for_this_loop()
        if self._slots.locked():  # every connection in use: wait for one, within the pool timeout
            try:
                async with asyncio.timeout(_timeout(request, "pool")):
                    await self._slots.acquire()
            except TimeoutError as error:
                raise httpx.PoolTimeout("every connection stayed busy", request=request) from error
        else:
            await self._slots.acquire()  # at once
        connection: Connection | None = None
        try:
            connection = await self._connection(origin, request)
            head_only = request.method == "HEAD"
            connection.start(data, head_only=head_only)
            read = _timeout(request, "read")
            try:
                async with asyncio.timeout(read):
                    await connection.head()
                    length = _length(connection.headers)
                    if head_only or connection.complete or (length is not None and length <= _WHOLE):
                        while not connection.complete:
                            await connection.wait()
            except TimeoutError as error:
                raise httpx.ReadTimeout(f"no answer within {read} s", request=request) from error
            except httpx.TransportError as error:
                error.request = request
                raise
            extensions = {"http_version": b"HTTP/1.1", "reason_phrase": connection.reason}
            if connection.complete:
                # As a stream of one piece, read at once: the headers stay as the service sent
                # them (`content=` would add a length), and it costs a third less.
                response = httpx.Response(
                    connection.status,
                    headers=connection.headers,
                    stream=httpx.ByteStream(connection.body()),
                    extensions=extensions,
                )
                response.read()
                self._release(origin, connection)  # last: the slot is given back exactly once
                return response
            stream = _Answer(self, origin, connection, request)
            return httpx.Response(
                connection.status, headers=connection.headers, stream=stream, extensions=extensions
            )
        except BaseException:
            if connection is not None:
                connection.close()
                connection.done()
            self._slots.release()
            raise

    async def _connection(self, origin: _Origin, request: httpx.Request) -> Connection:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if not connection.closed and now - connection.idle_since < _KEEP_IDLE:
                return connection
            connection.close()
        scheme, host, port = origin
        context = self._context() if scheme == b"https" else None
        seconds = _timeout(request, "connect")
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(seconds):
                _, connection = await loop.create_connection(
                    Connection, host, port, ssl=context, server_hostname=host if context else None
                )
        except TimeoutError as error:
            raise httpx.ConnectTimeout(
                f"no connection to {host}:{port} within {seconds} s", request=request
            ) from error
        except OSError as error:
            raise httpx.ConnectError(f"cannot connect to {host}:{port}: {error}", request=request) from error
        return connection

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            if isinstance(self._verify, ssl.SSLContext):
                self._ssl = self._verify
            elif self._verify:
                self._ssl = ssl.create_default_context()
            else:
                self._ssl = ssl.create_default_context()
                self._ssl.check_hostname = False
                self._ssl.verify_mode = ssl.CERT_NONE
        return self._ssl

    def _release(self, origin: _Origin, connection: Connection) -> None:
        connection.done()
        if connection.reusable():
            self._idle.setdefault(origin, []).append(connection)
        else:
            connection.close()
        self._slots.release()

    async def aclose(self) -> None:
        self._close_idle()

    def _close_idle(self) -> None:
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()


def _length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
