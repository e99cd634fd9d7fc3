"""Serving over HTTP: `vloket serve` runs the hub alone; `serve_all` runs several ASGI apps (the
hub, the dev IdP, sandboxes) in one process, each on its own port, stopped together on Ctrl-C or
SIGTERM. Both on uvloop's event loop, and both with `OneWriteHttp`: each response's head goes
out in the same write as its body."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import uvicorn
import uvloop
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_CONTINUE = b"HTTP/1.1 100 "


def settle_memory() -> None:
    """Once the app is built and before serving: collect, then exempt everything that exists now
    (modules, schema, templates, metadata: some 200,000 objects) from the cyclic collector. A full
    collection otherwise walks all of them, a pause of about 150 ms every few hundred requests;
    afterwards it walks only what requests left behind."""
    gc.collect()
    gc.freeze()


class _HeadWithBody(asyncio.Transport):
    """One response's view of its connection: the head (status line and headers) is held back
    and written together with the body's first part when the app sends it right away, as apps
    answering at once do (in the same step of their task). Otherwise, a body-less answer to
    HEAD included, it goes out alone at the event loop's next turn. An interim `100 Continue`
    goes out at once: the client waits for it before it sends its body."""

    def __init__(self, connection: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._connection = connection
        self._loop = loop
        self._head: bytes | None = None
        self._head_seen = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._connection.write(b"".join((head, data)))
        elif self._head_seen or bytes(data[: len(_CONTINUE)]) == _CONTINUE:
            self._connection.write(data)
        else:
            self._head_seen = True
            self._head = bytes(data)
            self._loop.call_soon(self._flush)

    def _flush(self) -> None:
        if self._head is not None and not self._connection.is_closing():
            head, self._head = self._head, None
            self._connection.write(head)

    def close(self) -> None:
        self._flush()  # a response given up after its head: the head, then the end
        self._connection.close()

    def is_closing(self) -> bool:
        return self._connection.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._connection.get_extra_info(name, default)


class OneWriteHttp(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol (httptools), writing each response's head and body in one
    write. uvicorn writes the head when the app starts its response and the body when it sends
    it: two writes, so two packets, two system calls, and a client that wakes up twice for one
    answer. Measured on loopback, a write costs 0.2-0.3 ms."""

    def on_headers_complete(self) -> None:
        before = self.cycle
        super().on_headers_complete()
        if self.cycle is not None and self.cycle is not before:
            self.cycle.transport = _HeadWithBody(self.cycle.transport, self.loop)


@dataclass(frozen=True)
class Site:
    app: ASGIApp
    host: str
    port: int


class _Companion(uvicorn.Server):
    """A server that leaves signal handling to `serve_all`, which stops every server at once."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def _serve(servers: list[_Companion]) -> None:
    loop = asyncio.get_running_loop()

    def stop() -> None:
        for server in servers:
            server.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop)
    await asyncio.gather(*(server.serve() for server in servers))


def serve_all(sites: list[Site]) -> None:
    settle_memory()
    servers = [
        _Companion(
            uvicorn.Config(
                site.app,
                host=site.host,
                port=site.port,
                log_config=None,
                proxy_headers=True,
                http=OneWriteHttp,
            )
        )
        for site in sites
    ]
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(_serve(servers))
