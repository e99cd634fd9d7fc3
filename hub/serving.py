"""Serving over HTTP: `vloket serve` runs the hub alone; `serve_all` runs several ASGI apps (the
hub, the dev IdP, sandboxes) in one process, each on its own port, stopped together on Ctrl-C or
SIGTERM. Both on uvloop's event loop, with uvicorn's own HTTP/1.1 protocol (httptools)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from collections.abc import Generator
from dataclasses import dataclass

import uvicorn
import uvloop
from starlette.types import ASGIApp


def settle_memory() -> None:
    """Once the app is built and before serving: collect, then exempt everything that exists now
    (modules, schema, templates, metadata: some 200,000 objects) from the cyclic collector. A full
    collection otherwise walks all of them, a pause of about 150 ms every few hundred requests;
    afterwards it walks only what requests left behind."""
    gc.collect()
    gc.freeze()


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


def serve_all(sites: list[Site], *, http: str = "h11", max_header_bytes: int = 16_384) -> None:
    """`http`, `max_header_bytes`: the HTTP/1.1 parser and the largest request head it reads
    (h11 only: httptools bounds the URL alone)."""
    settle_memory()
    servers = [
        _Companion(
            uvicorn.Config(
                site.app,
                host=site.host,
                port=site.port,
                log_config=None,
                proxy_headers=True,
                http=http,
                h11_max_incomplete_event_size=max_header_bytes,
            )
        )
        for site in sites
    ]
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(_serve(servers))
