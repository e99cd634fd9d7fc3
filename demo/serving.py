"""Several ASGI apps (the hub, the dev IdP, the sandboxes) in one process, each on its own port,
on uvloop with uvicorn's own HTTP/1.1 protocol, stopped together on Ctrl-C or SIGTERM: how
`vloket demo` and the benchmarks run the demo's systems. The hub alone runs as `vloket serve`."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Generator
from dataclasses import dataclass

import uvicorn
import uvloop
from starlette.types import ASGIApp

from hub.serving import settle_memory


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
