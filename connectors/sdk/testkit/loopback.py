"""Real HTTP on loopback for a connector's own tests: serve its sandbox (any ASGI app) with
uvicorn in a background thread while a block runs.

Example::

    with serving(create_sandbox()) as base_url:
        connector = MijnDienst(MijnDienstConfig(name="mijn-dienst", base_url=base_url, audience="x"))
"""

from __future__ import annotations

import atexit
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

STARTUP_SECONDS = 15.0


# Ports handed out stay bound (not listening, SO_REUSEADDR) until their server has started or many
# later ports were handed out: while bound, neither another bind to port 0 nor an outgoing
# connection's source port can take them, and a server that binds with SO_REUSEADDR (uvicorn,
# Node.js, HAProxy) still can. A port merely probed and closed could be taken in between.
HELD_PORTS = 64
_held: OrderedDict[int, socket.socket] = OrderedDict()
_holding = threading.Lock()


def _hold() -> int:
    probe = socket.socket()
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    with _holding:
        _held[port] = probe
        while len(_held) > HELD_PORTS:
            _held.popitem(last=False)[1].close()
    return port


@atexit.register
def _release_all() -> None:
    with _holding:
        while _held:
            _held.popitem()[1].close()


def release_port(port: int) -> None:
    """Let go of a port `free_port` holds (done by `serving` once its server listens)."""
    with _holding:
        probe = _held.pop(port, None)
    if probe is not None:
        probe.close()


def free_port() -> int:
    """A free port on 127.0.0.1, held for the server that is to bind it."""
    return _hold()


def free_ports(count: int) -> list[int]:
    """`count` different free ports, each held as `free_port` holds one."""
    return [_hold() for _ in range(count)]


@contextmanager
def serving(app: ASGIApp, *, port: int | None = None) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 until the block ends; yields its base URL (no trailing slash)."""
    port = port or free_port()
    with serving_all({port: app}) as urls:
        yield urls[port]


@contextmanager
def serving_all(apps: Mapping[int, ASGIApp]) -> Iterator[dict[int, str]]:
    """Serve each app on 127.0.0.1 at its port until the block ends; yields each port's base URL.
    The servers start side by side and stop side by side, so several cost the time of one."""
    servers = {
        port: uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        )
        for port, app in apps.items()
    }
    threads = {
        port: threading.Thread(target=server.run, name=f"sandbox:{port}", daemon=True)
        for port, server in servers.items()
    }
    try:
        for thread in threads.values():
            thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        for port, server in servers.items():
            while not server.started:
                if not threads[port].is_alive() or time.monotonic() > deadline:
                    raise RuntimeError(f"the sandbox on port {port} did not start")
                time.sleep(0.02)
            release_port(port)
        yield {port: f"http://127.0.0.1:{port}" for port in servers}
    finally:
        for server in servers.values():
            server.should_exit = True
        for thread in threads.values():
            if thread.ident is not None:
                thread.join(timeout=STARTUP_SECONDS)
