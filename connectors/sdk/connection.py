"""One HTTP/1.1 connection of the SDK's transport (`connectors.sdk.transport`), one exchange at a
time: an asyncio protocol whose httptools (llhttp) callbacks fill in the answer being read, which
the transport awaits piece by piece. A streamed answer is read with back-pressure: past
`HIGH_WATER` unread bytes the socket is not read until some are taken."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from contextlib import suppress
from typing import cast

import httptools
import httpx

HIGH_WATER = 256 * 1024
"""Unread bytes of a streamed answer beyond which the socket is not read until some are taken."""


class Connection(asyncio.Protocol):
    """One connection to one origin, one exchange at a time: the parser's callbacks fill in the
    answer being read, which the transport awaits piece by piece."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.idle_since = 0.0
        self._parser = httptools.HttpResponseParser(self)
        self._busy = False
        self._begin(head_only=False)

    def _begin(self, *, head_only: bool) -> None:
        self.status = 0
        self.reason = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_done = False
        self.complete = False
        self.keep_alive = False
        self._head_only = head_only
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._error: httpx.TransportError | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._paused = False

    def start(self, request: bytes, *, head_only: bool) -> None:
        self._begin(head_only=head_only)
        self._busy = True
        assert self.transport is not None
        self.transport.write(request)

    # What the transport awaits.

    async def head(self) -> None:
        while not self.head_done:
            await self.wait()

    async def chunk(self) -> bytes | None:
        """The next piece of the body, or None once it is complete."""
        while not self._chunks:
            if self.complete:
                return None
            await self.wait()
        chunk = self._chunks.popleft()
        self._buffered -= len(chunk)
        if self._paused and self._buffered < HIGH_WATER // 2 and self.transport is not None:
            self._paused = False
            self.transport.resume_reading()
        return chunk

    def body(self) -> bytes:
        """All of the body read so far (the whole of it once `complete`)."""
        whole = b"".join(self._chunks)
        self._chunks.clear()
        self._buffered = 0
        return whole

    async def wait(self) -> None:
        if self._error is not None:
            raise self._error
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None
        if self._error is not None:
            raise self._error

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _fail(self, error: httpx.TransportError) -> None:
        if self._error is None:
            self._error = error
        self._wake()

    def done(self) -> None:
        """The exchange is over: the connection may serve the next one, if it is fit to."""
        self._busy = False
        self.idle_since = time.monotonic()

    def reusable(self) -> bool:
        return self.complete and self.keep_alive and not self.closed and not self._chunks

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            with suppress(RuntimeError):  # its event loop has ended: the socket is closed with it
                self.transport.close()

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's are not subclasses

    def data_received(self, data: bytes) -> None:
        if not self._busy:  # bytes nobody asked for: this connection cannot be trusted again
            self.close()
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(httpx.RemoteProtocolError("the server switched protocols, which is not supported"))
            self.close()
        except httptools.HttpParserError as error:
            self._fail(httpx.RemoteProtocolError(f"the answer is not valid HTTP/1.1: {error}"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self._busy or self.complete:
            return
        if self.head_done and self._until_close():
            self.complete = True  # a body without a length ends where the connection does
            self._wake()
        elif exc is not None:
            self._fail(httpx.ReadError(f"the connection broke while reading the answer: {exc}"))
        else:
            self._fail(httpx.RemoteProtocolError("the server closed the connection mid-answer"))

    # httptools callbacks

    def on_status(self, status: bytes) -> None:
        self.reason += status

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        status = self._parser.get_status_code()
        if 100 <= status < 200:  # informational: the answer itself follows
            return
        self.status = status
        self.head_done = True
        if self._head_only:  # no body follows, whatever its length says; not reusable
            self.complete = True
        self._wake()

    def on_body(self, body: bytes) -> None:
        if self._head_only:
            return
        self._chunks.append(body)
        self._buffered += len(body)
        if not self._paused and self._buffered > HIGH_WATER and self.transport is not None:
            self._paused = True
            self.transport.pause_reading()
        self._wake()

    def on_message_complete(self) -> None:
        if not self.head_done:  # the end of an informational answer
            self.reason, self.headers = b"", []
            return
        self.keep_alive = self._parser.should_keep_alive() and not self._head_only
        self.complete = True
        self._wake()

    def _until_close(self) -> bool:
        names = {name.lower() for name, _ in self.headers}
        return b"content-length" not in names and b"transfer-encoding" not in names
