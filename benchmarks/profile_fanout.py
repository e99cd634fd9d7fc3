"""What the hub adds to a profile query that fans out to three connected systems, each taking 20 ms.

    .venv/bin/python benchmarks/profile_fanout.py [--requests 2000] [--concurrency 50]

Runs, each in its own process on loopback: the dev IdP, three GraphQL subgraphs that answer
after 20 ms, and the hub (`vloket serve`, SQLite) with three `graphql_subgraph` connectors. Prints,
side by side: one subgraph asked directly (the floor: 20 ms plus the client), and the hub's
`gekendeGegevens` query asking all three in parallel with a token exchanged per audience, without
its answer cache and with it. Hub overhead = hub p50 minus the direct p50.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.auth_overhead import SECRET, access_token  # noqa: E402
from benchmarks.register_api import drive, free_port, percentile, populate  # noqa: E402

DELAY = 0.020
AUDIENCES = ("bench-1", "bench-2", "bench-3")
PROFILE = '{ vereniging(vCode: "V0001001") { gekendeGegevens { feiten { naam bron } } } }'
ENTITY = '{ _entities(representations: [{__typename: "Vereniging", vCode: "V0001001"}]) { __typename } }'


def slow_subgraph(name: str) -> Starlette:
    async def graphql(_: Request) -> JSONResponse:
        await asyncio.sleep(DELAY)
        return JSONResponse({"data": {"_entities": [{"sportfederatie": name, "aantalLeden": 42}]}})

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


def serve_subgraph(name: str, port: int) -> None:
    """A child process: one slow subgraph, alone, as an independent system would be."""
    from hub.serving import Site, serve_all

    serve_all([Site(slow_subgraph(name), "127.0.0.1", port)])


def serve_idp(idp_port: int, hub_port: int) -> None:
    """A child process: the dev IdP."""
    from hub.demo import DEMO_CLIENT_ID, PERSONAS
    from hub.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
    from hub.serving import Site, serve_all

    hub = DevClient(
        DEMO_CLIENT_ID, SECRET, (f"http://127.0.0.1:{hub_port}/auth/callback",), exchange_audiences=AUDIENCES
    )
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam, p.rollen) for p in PERSONAS)
    idp = create_devidp(
        DevIdpConfig(issuer=f"http://127.0.0.1:{idp_port}", personas=personas, clients=(hub,))
    )
    serve_all([Site(idp, "127.0.0.1", idp_port)])


def connectors_file(workdir: Path, remote_ports: list[int]) -> Path:
    entries = [
        f'[[connector]]\nkind = "graphql_subgraph"\nname = "bond-{n}"\nbase_url = "http://127.0.0.1:{port}"\n'
        f'audience = "{audience}"\nbron = "Bond {n}"\nvelden = ["sportfederatie", "aantalLeden"]\n'
        for n, (port, audience) in enumerate(zip(remote_ports, AUDIENCES, strict=True))
    ]
    path = workdir / "connectors.toml"
    path.write_text("\n".join(entries), "utf-8")
    return path


def wait_ready(url: str) -> None:
    for _ in range(200):
        try:
            if httpx.get(url).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not become ready")


def start_hub(
    workdir: Path, db_url: str, port: int, idp_port: int, remotes: list[int], cache: float
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HUB_DATABASE_URL": db_url,
        "HUB_SECRET_KEY": SECRET,
        "HUB_LOG_LEVEL": "WARNING",
        "HUB_MIGRATE_ON_START": "false",
        "HUB_OIDC_ISSUER": f"http://127.0.0.1:{idp_port}",
        "HUB_OIDC_CLIENT_SECRET": SECRET,
        "HUB_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "HUB_CONNECTORS_FILE": str(connectors_file(workdir, remotes)),
        "HUB_ROUTING_CACHE_SECONDS": str(cache),
    }
    command = [str(Path(sys.executable).with_name("vloket")), "serve", "--port", str(port)]
    hub = subprocess.Popen(command, env=env, cwd=workdir, stderr=subprocess.DEVNULL)  # noqa: S603
    wait_ready(f"http://127.0.0.1:{port}/readyz")
    return hub


@dataclass(frozen=True)
class Figures:
    alone_p50: float
    loaded_rps: float
    loaded_p50: float
    loaded_p95: float


async def measure(base: str, query: str, headers: dict[str, str], requests: int, concurrency: int) -> Figures:
    """One client at a time (latency: what one person waits), then `concurrency` at once."""
    await drive(base, query, lambda n: {}, 200, concurrency, headers)  # warm-up: exchanges, pools
    _, alone = await drive(base, query, lambda n: {}, max(200, requests // 4), 1, headers)
    elapsed, loaded = await drive(base, query, lambda n: {}, requests, concurrency, headers)
    return Figures(
        alone_p50=percentile(alone, 50),
        loaded_rps=requests / elapsed,
        loaded_p50=percentile(loaded, 50),
        loaded_p95=percentile(loaded, 95),
    )


def report(name: str, figures: Figures, floor: Figures | None) -> None:
    overhead = f"{figures.alone_p50 - floor.alone_p50:9.1f}" if floor else f"{'-':>9}"
    print(
        f"{name:38} {figures.alone_p50:9.1f} {overhead} {figures.loaded_rps:9.0f} "
        f"{figures.loaded_p50:9.1f} {figures.loaded_p95:9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--idp", help=argparse.SUPPRESS)
    parser.add_argument("--subgraph", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.idp:
        ports = [int(p) for p in args.idp.split(",")]
        serve_idp(ports[0], ports[1])
        return
    if args.subgraph:
        name, port = args.subgraph.split(",")
        serve_subgraph(name, int(port))
        return
    workdir = Path(tempfile.mkdtemp(prefix="vloket-fanout-"))
    db_url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
    asyncio.run(populate(db_url, 0))
    idp_port, hub_port, remotes = free_port(), free_port(), [free_port() for _ in AUDIENCES]
    children = [("--idp", f"{idp_port},{hub_port}")]
    children += [("--subgraph", f"bond-{n},{port}") for n, port in enumerate(remotes)]
    services = [
        subprocess.Popen([sys.executable, __file__, flag, value], stderr=subprocess.DEVNULL)  # noqa: S603
        for flag, value in children
    ]
    try:
        for port in remotes:
            wait_ready(f"http://127.0.0.1:{port}/graphql")
        wait_ready(f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration")
        delay = f"{DELAY * 1000:.0f} ms"
        print(f"each system answers after {delay}; {args.requests} requests, {args.concurrency} at once")
        print(f"{'':38} {'1 client':>19} {f'{args.concurrency} clients':>29}")
        print(f"{'scenario':38} {'p50 ms':>9} {'overhead':>9} {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9}")
        direct = f"http://127.0.0.1:{remotes[0]}"
        floor = asyncio.run(measure(direct, ENTITY, {}, args.requests, args.concurrency))
        report("one system asked directly (floor)", floor, None)
        for cache, label in (
            (0.0, "hub, 3 systems in parallel, no cache"),
            (60.0, "hub, 3 systems, answers cached 60 s"),
        ):
            hub = start_hub(workdir, db_url, hub_port, idp_port, remotes, cache)
            try:
                base = f"http://127.0.0.1:{hub_port}"
                token = access_token(base, f"http://127.0.0.1:{idp_port}", "71032512357")
                bearer = {"Authorization": f"Bearer {token}"}
                choose = 'mutation { kiesVereniging(vCode: "V0001001") { namens { vCode } } }'
                httpx.post(f"{base}/graphql", json={"query": choose}, headers=bearer)
                figures = asyncio.run(measure(base, PROFILE, bearer, args.requests, args.concurrency))
                report(label, figures, floor)
            finally:
                hub.terminate()
                hub.wait(timeout=20)
        print("overhead = the hub's p50 minus the floor's, one client at a time")
    finally:
        for service in services:
            service.terminate()
            service.wait(timeout=20)


if __name__ == "__main__":
    main()
