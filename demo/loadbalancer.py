"""HAProxy in front of hub processes on loopback, as the replica test and the soak benchmark run
it (`deploy/haproxy/haproxy.cfg` is the same for containers): requests go to the hubs whose
`/readyz` answers 200, each on a connection of its own, and a request that could not connect to
one hub is tried once at another.

A hub under a burst answers its check late, since the check waits its turn behind the requests:
a check may take 3 s, and only three failed in a row take a hub out. With one late check
enough (the soak ran so at first), both hubs went out together at the start of a burst and
every request was refused for a second. A hub that dies is still avoided at once: a refused
connection is tried at the other hub."""

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
    timeout check 3s
    default-server inter 1s fall 3 rise 2
{servers}
"""


def haproxy_config(port: int, hubs: Sequence[int]) -> str:
    """The configuration of a load balancer on 127.0.0.1:`port` for hubs on those ports."""
    servers = "\n".join(f"    server hub-{n} 127.0.0.1:{hub} check" for n, hub in enumerate(hubs, 1))
    return TEMPLATE.format(port=port, servers=servers)
