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


def serve_services(idp_port: int, hub_port: int, remote_ports: list[int]) -> None:
    """The child process: the dev IdP and the three slow subgraphs."""
    from hub.demo import DEMO_CLIENT_ID, PERSONAS
    from hub.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
    from hub.serving import Site, serve_all

    hub = DevClient(
        DEMO_CLIENT_ID, SECRET, (f"http://127.0.0.1:{hub_port}/auth/callback",), exchange_audiences=AUDIENCES
    )
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam) for p in PERSONAS)
    idp = create_devidp(
        DevIdpConfig(issuer=f"http://127.0.0.1:{idp_port}", personas=personas, clients=(hub,))
    )
    sites = [Site(idp, "127.0.0.1", idp_port)]
    sites += [Site(slow_subgraph(f"bond-{n}"), "127.0.0.1", port) for n, port in enumerate(remote_ports)]
    serve_all(sites)


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


async def measure(
    name: str, base: str, query: str, headers: dict[str, str], requests: int, concurrency: int
) -> float:
    await drive(base, query, lambda n: {}, 200, concurrency, headers)  # warm-up: exchanges, pools
    elapsed, latencies = await drive(base, query, lambda n: {}, requests, concurrency, headers)
    p50 = percentile(latencies, 50)
    print(f"{name:44} {requests / elapsed:8.0f} {p50:8.1f} {percentile(latencies, 95):8.1f}")
    return p50


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--services", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.services:
        idp, hub, *remotes = (int(p) for p in args.services.split(","))
        serve_services(idp, hub, remotes)
        return
    workdir = Path(tempfile.mkdtemp(prefix="vloket-fanout-"))
    db_url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
    asyncio.run(populate(db_url, 0))
    idp_port, hub_port, remotes = free_port(), free_port(), [free_port() for _ in AUDIENCES]
    ports = ",".join(str(p) for p in (idp_port, hub_port, *remotes))
    services = subprocess.Popen([sys.executable, __file__, "--services", ports], stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_ready(f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration")
        delay = f"{DELAY * 1000:.0f} ms"
        print(f"requests={args.requests} concurrency={args.concurrency}; each system answers after {delay}")
        print(f"{'scenario':44} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
        direct = asyncio.run(
            measure(
                "one system asked directly (floor)",
                f"http://127.0.0.1:{remotes[0]}",
                ENTITY,
                {},
                args.requests,
                args.concurrency,
            )
        )
        for cache, label in (
            (0.0, "hub, 3 systems in parallel, no cache"),
            (60.0, "hub, 3 systems, answers cached 60 s"),
        ):
            hub = start_hub(workdir, db_url, hub_port, idp_port, remotes, cache)
            try:
                token = access_token(
                    f"http://127.0.0.1:{hub_port}", f"http://127.0.0.1:{idp_port}", "71032512357"
                )
                bearer = {"Authorization": f"Bearer {token}"}
                choose = 'mutation { kiesVereniging(vCode: "V0001001") { namens { vCode } } }'
                httpx.post(f"http://127.0.0.1:{hub_port}/graphql", json={"query": choose}, headers=bearer)
                p50 = asyncio.run(
                    measure(
                        label,
                        f"http://127.0.0.1:{hub_port}",
                        PROFILE,
                        bearer,
                        args.requests,
                        args.concurrency,
                    )
                )
                print(f"{'':44} hub overhead at p50: {p50 - direct:6.1f} ms")
            finally:
                hub.terminate()
                hub.wait(timeout=20)
    finally:
        services.terminate()
        services.wait(timeout=20)


if __name__ == "__main__":
    main()
