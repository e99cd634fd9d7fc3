"""HAProxy in front of hub processes on loopback, as the replica test and the soak benchmark run
it (`deploy/haproxy/haproxy.cfg` is the same for containers): requests go to the hubs whose
`/readyz` answers 200, each on a connection of its own, and a request that could not connect to
one hub is tried once at another."""

from __future__ import annotations

from collections.abc import Sequence

TEMPLATE = """
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 1
    option redispatch
    option forwardfor
    http-reuse never
frontend loket
    bind 127.0.0.1:{port}
    default_backend hubs
backend hubs
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 1 rise 2
{servers}
"""


def haproxy_config(port: int, hubs: Sequence[int]) -> str:
    """The configuration of a load balancer on 127.0.0.1:`port` for hubs on those ports."""
    servers = "\n".join(f"    server hub-{n} 127.0.0.1:{hub} check" for n, hub in enumerate(hubs, 1))
    return TEMPLATE.format(port=port, servers=servers)
