"""Running several ASGI apps (the hub, the dev IdP, sandboxes) in one process, each on its own
port, stopped together on Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Generator
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp


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
    servers = [
        _Companion(
            uvicorn.Config(site.app, host=site.host, port=site.port, log_config=None, proxy_headers=True)
        )
        for site in sites
    ]
    asyncio.run(_serve(servers))
