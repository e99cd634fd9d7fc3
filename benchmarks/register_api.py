"""Read throughput and latency of the register's GraphQL API over real HTTP on loopback.

    .venv/bin/python benchmarks/register_api.py [--store sqlite|postgresql] [--requests 2000]

Starts the hub (uvicorn, one process) on a free port against a fresh store seeded with the demo
data plus N generated associations, then drives three scenarios with a fixed number of
concurrent clients and prints requests per second and p50/p95/p99 latency for each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.verenigingen import seed  # noqa: E402
from registry.associations.commands import (  # noqa: E402
    Actor,
    AdresInvoer,
    LocatieInvoer,
    RegistratieInvoer,
)
from registry.associations.service import VerenigingenRegister  # noqa: E402
from registry.db import Database  # noqa: E402

GEMEENTEN = [
    ("Gent", "9000"),
    ("Antwerpen", "2000"),
    ("Leuven", "3000"),
    ("Brugge", "8000"),
    ("Hasselt", "3500"),
]
ACTIVITEITEN = ["SPRT", "KECU", "JGDW", "HOSP", "NMDW", "SOVO"]

SCENARIOS = {
    "vereniging by vCode": (
        "query($v: ID!) { vereniging(vCode: $v) { vCode naam verenigingstype { code } "
        "contactgegevens { waarde } locaties { adresvoorstelling } } }",
        lambda n: {"v": f"V{1001 + n % 500:07d}"},
    ),
    "search + facets (first 20)": (
        "query($q: String) { verenigingen(zoekterm: $q, first: 20) { totaal edges { node { vCode naam } } "
        "facetten { hoofdactiviteiten { waarde aantal } gemeenten { waarde aantal } } } }",
        lambda n: {"q": ["club", "vereniging", "gent", "sport"][n % 4]},
    ),
    "_entities x50 (one batch)": (
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Vereniging { vCode naam } } }",
        lambda n: {
            "r": [{"__typename": "Vereniging", "vCode": f"V{1001 + (n + i) % 500:07d}"} for i in range(50)]
        },
    ),
}


async def populate(url: str, extra: int) -> None:
    db = Database(url)
    db.migrate()
    register = VerenigingenRegister(db=db, secret=b"benchmark")
    await seed(register)
    for n in range(extra):
        gemeente, postcode = GEMEENTEN[n % len(GEMEENTEN)]
        await register.registreer_feitelijke_vereniging(
            invoer=RegistratieInvoer(
                naam=f"{['Sportclub', 'Vereniging', 'Jeugdclub', 'Kring'][n % 4]} nummer {n}",
                hoofdactiviteiten=[ACTIVITEITEN[n % len(ACTIVITEITEN)]],
                locaties=[
                    LocatieInvoer(
                        locatietype="Activiteiten",
                        adres=AdresInvoer(
                            straatnaam="Dorpsstraat", huisnummer=str(n), postcode=postcode, gemeente=gemeente
                        ),
                    )
                ],
            ),
            actor=Actor(door="benchmark"),
        )
    await db.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def drive(
    base: str,
    query: str,
    variables: object,
    requests: int,
    concurrency: int,
    headers: dict[str, str] | None = None,
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            for n in counter:
                started = time.perf_counter()
                response = await client.post(
                    "/graphql",
                    json={"query": query, "variables": variables(n)},  # type: ignore[operator]
                    headers=headers,
                )
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200 or "errors" in response.json():
                    raise RuntimeError(response.text[:300])

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


def start_server(url: str, workdir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "HUB_DATABASE_URL": url, "HUB_LOG_LEVEL": "WARNING", "HUB_MIGRATE_ON_START": "false"}
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [
            str(Path(sys.executable).with_name("vloket")),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=workdir,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{base}/readyz").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the hub did not become ready")


async def run_scenarios(base: str, requests: int, concurrency: int) -> None:
    print(f"{'scenario':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, (query, variables) in SCENARIOS.items():
        await drive(base, query, variables, 100, concurrency)  # warm-up
        elapsed, latencies = await drive(base, query, variables, requests, concurrency)
        print(
            f"{name:32} {requests / elapsed:8.0f} {percentile(latencies, 50):8.1f} "
            f"{percentile(latencies, 95):8.1f} {percentile(latencies, 99):8.1f}"
        )


def postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="`vloket serve --workers`")
    parser.add_argument("--associations", type=int, default=478, help="generated on top of the 22 demo ones")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="vloket-bench-"))
    name = f"vloket_bench_{uuid.uuid4().hex[:8]}"
    if args.store == "sqlite":
        url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
    else:
        postgres_admin(f'CREATE DATABASE "{name}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        asyncio.run(populate(url, args.associations))
        server, base = start_server(url, workdir, args.workers)
        try:
            print(
                f"store={args.store} associations={22 + args.associations} requests={args.requests} "
                f"concurrency={args.concurrency} workers={args.workers}\n"
                "(uvicorn over loopback HTTP; the client shares the cores)"
            )
            asyncio.run(run_scenarios(base, args.requests, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        if args.store == "postgresql":
            postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
