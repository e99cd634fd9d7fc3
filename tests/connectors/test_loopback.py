"""The testkit's loopback helpers, which connector authors use to serve their sandbox."""

from __future__ import annotations

import socket

from connectors.sdk.testkit.loopback import free_ports


def test_free_ports_are_distinct_and_free() -> None:
    ports = free_ports(64)

    assert len(set(ports)) == 64
    for port in ports:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # raises when the port is taken
