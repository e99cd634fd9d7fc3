"""The testkit's loopback helpers, which connector authors use to serve their sandbox."""

from __future__ import annotations

import errno
import socket

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from connectors.sdk.testkit.loopback import free_port, free_ports, release_port, serving


def _bind(port: int, *, reuse: bool) -> socket.socket:
    sock = socket.socket()
    if reuse:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    return sock


def test_free_ports_are_distinct_and_held_for_their_server() -> None:
    ports = free_ports(16)

    assert len(set(ports)) == 16
    for port in ports:
        # Another program's plain bind finds the port taken: nothing can slip in before the server.
        with pytest.raises(OSError, match="in use") as taken:
            _bind(port, reuse=False)
        assert taken.value.errno == errno.EADDRINUSE
        # A server binds as servers do (SO_REUSEADDR) and listens.
        with _bind(port, reuse=True) as server:
            server.listen()
        release_port(port)


def test_a_released_port_is_free_to_all() -> None:
    port = free_port()
    release_port(port)

    with _bind(port, reuse=False):
        pass


def test_serving_takes_its_held_port_and_lets_it_go() -> None:
    port = free_port()
    app = Starlette(routes=[Route("/", lambda request: PlainTextResponse("hier"))])

    with serving(app, port=port) as base_url:
        assert base_url == f"http://127.0.0.1:{port}"
    # Neither the server nor the hold keeps the port (no connection was made, so none lingers).
    with _bind(port, reuse=False):
        pass
