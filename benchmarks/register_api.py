"""Read throughput and latency of the register's GraphQL API over real HTTP on loopback.

    .venv/bin/python benchmarks/register_api.py [--store sqlite|postgresql] [--requests 2000]

Starts the hub (uvicorn, one process) on a free port against a fresh store seeded with the demo
data plus N generated associations, then drives three scenarios with a fixed number of
concurrent clients and prints requests per second and p50/p95/p99 latency for each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.verenigingen import seed  # noqa: E402
from registry.associations.codes import HOOFDACTIVITEITEN, Verenigingstype  # noqa: E402
from registry.associations.model import (  # noqa: E402
    Adres,
    Gebeurtenis,
    Locatie,
    Locatietype,
    Status,
    Vereniging,
)
from registry.associations.repository import add_many  # noqa: E402
from registry.associations.service import VerenigingenRegister  # noqa: E402
from registry.associations.vcodes import allocate_vcodes  # noqa: E402
from registry.db import Database  # noqa: E402

KINDS = [
    "Chiro",
    "KSA",
    "Scouts en Gidsen",
    "KLJ",
    "Voetbalclub",
    "Volleybalclub",
    "Tennisclub",
    "Wielerclub",
    "Harmonie",
    "Koninklijke Fanfare",
    "Toneelkring",
    "Zangkoor",
    "Jeugdhuis",
    "Buurtcomité",
    "Oudercomité",
    "Vriendenkring",
    "Petanqueclub",
    "Schaakclub",
    "Fotoclub",
    "Turnkring",
    "Zwemclub",
    "Atletiekclub",
    "Basketbalclub",
    "Dansgroep",
    "Heemkundige Kring",
    "Gezinsbond afdeling",
    "Femma",
    "KWB",
    "OKRA",
    "Landelijke Gilde",
    "Davidsfonds",
    "Feestcomité",
    "Carnavalsgroep",
    "Kermiscomité",
    "Wandelclub",
    "Motorclub",
    "Biljartclub",
    "Kaartersclub",
    "Imkersbond",
    "Duivenbond",
]
QUALIFIERS = [
    "De Vrolijke Vrienden",
    "Sint-Jan",
    "Sint-Martinus",
    "Onze-Lieve-Vrouw",
    "Eendracht",
    "Vooruit",
    "Hoop in de Toekomst",
    "De Zonnebloem",
    "Crème de la Crème",
    "Café De Zwaan",
    "Ons Huis",
    "De Eik",
    "Sparta",
    "Olympia",
    "Excelsior",
    "De Vriendschap",
    "Kunst en Vermaak",
    "Sint-Éloi",
    "Noël",
    "Élan",
    "De Linde",
    "Het Klaverblad",
    "Moed en Volharding",
    "De Sterre",
    "Zonder Naam",
    "Groen en Blauw",
    "De Molen",
    "Den Hoek",
    "'t Pleintje",
]
STREETS = ["Dorpsstraat", "Kerkstraat", "Stationsstraat", "Molenstraat", "Schoolstraat", "Nieuwstraat"]
SEARCHES = [  # name fragments as people type them, accents left out
    "chiro",
    "vrolijke",
    "harmonie",
    "sint",
    "voetbal",
    "cafe",
    "jeugd",
    "toneel",
    "zwem",
    "kring",
    "eloi",
    "creme",
    "moed volharding",
    "gent",
    "klaverblad",
]


SCENARIOS = {
    "vereniging by vCode": (
        "query($v: ID!) { vereniging(vCode: $v) { vCode naam verenigingstype { code } "
        "contactgegevens { waarde } locaties { adresvoorstelling } } }",
        lambda n: {"v": f"V{1001 + n % 500:07d}"},
    ),
    "search: name fragment + facets": (
        "query($q: String) { verenigingen(zoekterm: $q, first: 20) { totaal edges { node { vCode naam } } "
        "facetten { hoofdactiviteiten { waarde aantal } gemeenten { waarde aantal } } } }",
        lambda n: {"q": SEARCHES[n % len(SEARCHES)]},
    ),
    "search: fragment in a gemeente + facets": (
        "query($q: String, $g: [String!]) { verenigingen(zoekterm: $q, gemeenten: $g, first: 20) { "
        "totaal edges { node { vCode naam } } "
        "facetten { hoofdactiviteiten { waarde aantal } gemeenten { waarde aantal } } } }",
        lambda n: {"q": SEARCHES[n % len(SEARCHES)], "g": [["Gent"], ["Antwerpen"], ["Leuven"]][n % 3]},
    ),
    "browse: one gemeente + facets": (
        "query($g: [String!]) { verenigingen(gemeenten: $g, first: 20) { totaal "
        "edges { node { vCode naam } } "
        "facetten { hoofdactiviteiten { waarde aantal } statussen { waarde aantal } } } }",
        lambda n: {"g": [["Gent"], ["Brugge"], ["Hasselt"]][n % 3]},
    ),
    "_entities x50 (one batch)": (
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Vereniging { vCode naam } } }",
        lambda n: {
            "r": [{"__typename": "Vereniging", "vCode": f"V{1001 + (n + i) % 500:07d}"} for i in range(50)]
        },
    ),
}


def generated(v_codes: list[str], offset: int, now: datetime) -> list[tuple[Vereniging, Gebeurtenis]]:
    """A realistic register's associations: names as Flemish associations are named (accents
    included), one place of activity in one of the municipalities the register knows, one or two
    main activities, a few of them stopped. Deterministic for its numbers."""
    gemeenten = [(code, naam, nis) for code, naam, nis in municipalities()]
    activiteiten = sorted(HOOFDACTIVITEITEN)
    entries = []
    for index, v_code in enumerate(v_codes):
        n = offset + index
        code, gemeente, nis = gemeenten[(n * 7919) % len(gemeenten)]
        naam = f"{KINDS[n % len(KINDS)]} {QUALIFIERS[(n // len(KINDS)) % len(QUALIFIERS)]} {gemeente}"
        vereniging = Vereniging(
            v_code=v_code,
            verenigingstype=Verenigingstype.FV if n % 7 else Verenigingstype.VZER,
            naam=naam if n % 13 else f"{naam} {n}",
            status=Status.GESTOPT if n % 23 == 0 else Status.ACTIEF,
            hoofdactiviteiten=tuple(
                sorted({activiteiten[n % len(activiteiten)], activiteiten[(n // 5) % len(activiteiten)]})
            ),
            werkingsgebieden=(code,),
            locaties=(
                Locatie(
                    locatie_id=1,
                    locatietype=Locatietype.ACTIVITEITEN,
                    is_primair=True,
                    adres=Adres(
                        straatnaam=STREETS[n % len(STREETS)],
                        huisnummer=str(1 + n % 180),
                        postcode=f"{1000 + int(nis) % 9000:04d}",
                        gemeente=gemeente,
                    ),
                ),
            ),
            laatste_ids={"locaties": 1},
            versie=1,
        )
        event = Gebeurtenis(
            v_code=v_code,
            versie=1,
            gebeurtenis="FeitelijkeVerenigingWerdGeregistreerd",
            data={"naam": vereniging.naam},
            tijdstip=now,
            door="benchmark",
        )
        entries.append((vereniging, event))
    return entries


def municipalities() -> list[tuple[str, str, str]]:
    data = json.loads((ROOT / "registry/associations/werkingsgebieden.json").read_text("utf-8"))
    return [(entry["code"], entry["naam"], entry["nis"]) for entry in data["gemeenten"]]


async def populate(url: str, extra: int, *, batch: int = 2000) -> None:
    """The demo's associations, then `extra` generated ones, `batch` to a transaction."""
    db = Database(url)
    db.migrate()
    register = VerenigingenRegister(db=db, secret=b"benchmark")
    await seed(register)
    now = datetime.now(UTC)
    started = time.perf_counter()
    for offset in range(0, extra, batch):
        async with db.write() as session:
            v_codes = await allocate_vcodes(session, min(batch, extra - offset))
            await add_many(session, generated(v_codes, offset, now))
    if extra:
        print(f"generated {extra} associations in {time.perf_counter() - started:.0f} s")
    await db.dispose()
    if db.dialect == "postgresql":
        # As autovacuum leaves a register after a load: the planner's statistics, and the
        # visibility map that lets an index be read without its table.
        import psycopg

        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")


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
    env = {
        **os.environ,
        "HUB_DATABASE_URL": url,
        "HUB_LOG_LEVEL": "WARNING",
        "HUB_MIGRATE_ON_START": "false",
        "HUB_RATE_LIMIT_GRAPHQL": "",  # one client asking thousands of times: measured, not limited
    }
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
    """Each scenario by one client (what one person waits) and by `concurrency` at once."""
    print(f"{'scenario':42} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, (query, variables) in SCENARIOS.items():
        await drive(base, query, variables, 100, concurrency)  # warm-up
        for clients, count in ((1, max(100, requests // 4)), (concurrency, requests)):
            elapsed, latencies = await drive(base, query, variables, count, clients)
            print(
                f"{name:42} {clients:7} {count / elapsed:8.0f} {percentile(latencies, 50):8.1f} "
                f"{percentile(latencies, 95):8.1f} {percentile(latencies, 99):8.1f}"
            )


def postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type,unused-ignore]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="`vloket serve --workers`")
    parser.add_argument(
        "--associations",
        type=int,
        default=478,
        help="generated on top of the 22 demo ones (200000: Flanders)",
    )
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
