"""What the hub adds to a profile that fans out to three connected systems, each taking 20 ms, and
the same question through Hive Gateway, in the same run.

    .venv/bin/python benchmarks/profile_fanout.py [--quick] [--workers 1,2] [--gateway-fork 2]
        [--requests 2000] [--rounds 10] [--seconds 10] [--concurrency 50] [--logins 50]
        [--redis redis://127.0.0.1:6379/9 | --redis none]

Runs, each in its own process on loopback: the dev IdP; three systems, federation v2 subgraphs
(`benchmarks/slow_subgraph.py`) that extend `Vereniging` by `vCode`, each with fields of its own,
and resolve it after 20 ms; hubs (`vloket serve --workers N`, SQLite, no answer cache) with three
`graphql_subgraph` connectors asking those systems; and, when installed (`make hive-gateway-tools
federation-tools`), Hive Gateway serving the supergraph of the hub's own subgraph and the three,
once with its default (JavaScript) query planner and once with Hive Router's (Rust,
`--hive-router-runtime`), each with `--fork` worker processes (`--gateway-fork`, default 2).

Rows: one system asked directly; the three asked directly at once, each request as slow as the
slowest of its three answers (the floor: what a hub adding nothing would take); the hub per
`--workers` count; the two gateways. Columns: p50 with one client at a time, overhead = that p50
minus the floor's; then with `--concurrency` clients at once from wrk for `--seconds` (Debian:
`apt-get install wrk`; without it the Python client, which saturates its core at about 250
requests/s and so measures itself more than the server): requests/s, p50 and p95. One client at
a time, every row is asked in turns (`--rounds` rounds of `--requests`/4 split evenly), so that a
machine that is slower for a while weighs on all alike. Everything shares this machine's cores:
the load average is printed before and after.

Like with like: both sides answer the same person with the register's data and the three
systems' fields. Under load each request carries one of `--logins` bearer tokens from the dev IdP
in turn (default: one login per client), as many people at once would: Hive Gateway shares one
upstream request among identical requests in flight (on by default), and with a single token for
all clients that would let it ask each system once for many clients, which no real load allows.
- The hub (`gekendeGegevens`) checks the token and for whom the person acts (state in Redis, as
  several workers need: `--redis`, database 9, since the tests empty 15, 14, ..., one per
  pytest-xdist worker), reads the register, exchanges the person's token for one per system's
  audience (kept in the worker until it expires), asks the three in parallel under one deadline
  with retries and a circuit breaker per system, merges the register's facts with theirs
  (conflicts marked) and logs the private read in the access log.
- The hub rows marked "facts pushed" have the three systems push what they know instead
  (`pushes_facts`, one `gegevens.gewijzigd` each before the run): the hub reads their last
  reports beside the register and asks no system at query time.
- The gateway plans the query, asks the hub (`vereniging` with the same register fields, public;
  the hub checks the forwarded token), then the three systems (`_entities`) in parallel,
  forwarding the person's token as it is, and merges the answers. The hub it asks is the one
  with `--workers` = `--gateway-fork`: its CPU counts in the gateway's figures too.
The systems stand for systems on other machines, so they take as little of these cores as they
can: strawberry parses and validates each document once, uvicorn reads HTTP with httptools.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import httpx
from standardwebhooks import Webhook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.auth_overhead import SECRET, access_token  # noqa: E402
from benchmarks.fanout_load import loaded, one_at_a_time, redis_problem  # noqa: E402
from benchmarks.hive_gateway import compose_supergraph, gateway_missing, start_gateway  # noqa: E402
from benchmarks.register_api import free_port, percentile, populate  # noqa: E402
from benchmarks.slow_subgraph import DELAY, slow_subgraph, velden  # noqa: E402
from connectors.sdk.events import CLOUDEVENTS_JSON, GEGEVENS_GEWIJZIGD  # noqa: E402

SYSTEMS = (1, 2, 3)
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"benchmark-push-secret-32-bytes!!").decode()
AUDIENCES = tuple(f"bench-{n}" for n in SYSTEMS)
V_CODE = "V0001001"
PROFILE = f'{{ vereniging(vCode: "{V_CODE}") {{ gekendeGegevens {{ feiten {{ naam waarde bron }} }} }} }}'
REGISTER_FIELDS = (
    "vCode naam kboNummer startdatum contactgegevens { contactgegeventype waarde isPrimair } "
    "locaties { isPrimair adresvoorstelling }"
)
SYSTEM_FIELDS = " ".join(veld for n in SYSTEMS for veld in velden(n))
GATEWAY_PROFILE = f'{{ vereniging(vCode: "{V_CODE}") {{ {REGISTER_FIELDS} {SYSTEM_FIELDS} }} }}'
ENTITY = (
    f'{{ _entities(representations: [{{__typename: "Vereniging", vCode: "{V_CODE}"}}]) {{ __typename }} }}'
)
PUSHED = ", facts pushed"
"""The hub rows whose systems push what they know (`pushes_facts`): no system is asked."""
EXPECTED = tuple(f"Sportfederatie {n}" for n in SYSTEMS)
"""What an answer through the hub or a gateway holds: each system's own value."""


def serve_subgraph(n: int, port: int) -> None:
    """A child process: system `n`, alone, as an independent system would be."""
    from demo.serving import Site, serve_all

    serve_all([Site(slow_subgraph(n), "127.0.0.1", port)], http="httptools")


def serve_idp(idp_port: int, hub_ports: list[int]) -> None:
    """A child process: the dev IdP."""
    from demo.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
    from demo.personas import DEMO_CLIENT_ID, PERSONAS
    from demo.serving import Site, serve_all

    callbacks = tuple(f"http://127.0.0.1:{port}/auth/callback" for port in hub_ports)
    hub = DevClient(DEMO_CLIENT_ID, SECRET, callbacks, exchange_audiences=AUDIENCES)
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam, p.rollen) for p in PERSONAS)
    idp = create_devidp(
        DevIdpConfig(issuer=f"http://127.0.0.1:{idp_port}", personas=personas, clients=(hub,))
    )
    serve_all([Site(idp, "127.0.0.1", idp_port)])


def connectors_file(workdir: Path, system_ports: list[int], *, pushed: bool) -> Path:
    """The three systems as connectors; `pushed`: each pushes what it knows (`pushes_facts`)."""
    pushing = f'webhook_secret = "{WEBHOOK_SECRET}"\npushes_facts = true\n' if pushed else ""
    entries = [
        f'[[connector]]\nkind = "graphql_subgraph"\nname = "bond-{n}"\nbase_url = "http://127.0.0.1:{port}"\n'
        f'audience = "{audience}"\nbron = "Bond {n}"\nvelden = {json.dumps(list(velden(n)))}\n{pushing}'
        for n, port, audience in zip(SYSTEMS, system_ports, AUDIENCES, strict=True)
    ]
    path = workdir / f"connectors{'-pushed' if pushed else ''}.toml"
    path.write_text("\n".join(entries), "utf-8")
    return path


def push_reports(base: str) -> None:
    """Each system tells the hub at `base` what it knows of the association, as a system that
    pushes does whenever that changes: the same fields and values its subgraph answers."""
    for n in SYSTEMS:
        sportfederatie, aantal_leden = velden(n)
        body = json.dumps(
            {
                "specversion": "1.0",
                "id": f"bond-{n}-{V_CODE}",
                "source": f"https://bond-{n}.example/verenigingen",
                "type": GEGEVENS_GEWIJZIGD,
                "subject": V_CODE,
                "data": {
                    "vCode": V_CODE,
                    "bron": f"Bond {n}",
                    "feiten": [
                        {"naam": sportfederatie, "waarde": f"Sportfederatie {n}"},
                        {"naam": aantal_leden, "waarde": str(40 + n)},
                    ],
                    "bijgewerktOp": datetime.datetime.now(datetime.UTC).isoformat(),
                },
            }
        )
        now = datetime.datetime.now(datetime.UTC)
        headers = {
            "content-type": CLOUDEVENTS_JSON,
            "webhook-id": f"msg-{n}",
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": Webhook(WEBHOOK_SECRET).sign(f"msg-{n}", now, body),
        }
        httpx.post(f"{base}/events/bond-{n}", content=body, headers=headers).raise_for_status()


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to a child started in its own session and to what it started (workers), SIGKILL
    to all of them after 20 s, or to any left once it has ended."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_ready(url: str) -> None:
    for _ in range(400):
        try:
            if httpx.get(url).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not become ready")


def start_hub(
    workdir: Path,
    db_url: str,
    port: int,
    idp_port: int,
    systems: list[int],
    redis_url: str | None,
    workers: int,
    *,
    pushed: bool,
) -> subprocess.Popen[bytes]:
    env = {
        # No rate limits unless the caller sets them (HUB_RATE_LIMIT_GRAPHQL=10000000/minute counts
        # every request without ever refusing one: what counting costs).
        **dict.fromkeys(("HUB_RATE_LIMIT_LOGIN", "HUB_RATE_LIMIT_EVENTS", "HUB_RATE_LIMIT_GRAPHQL"), ""),
        **{name: value for name, value in os.environ.items() if name != "HUB_REDIS_URL"},
        **({"HUB_REDIS_URL": redis_url} if redis_url else {}),
        "HUB_DATABASE_URL": db_url,
        "HUB_SECRET_KEY": SECRET,
        "HUB_LOG_LEVEL": "WARNING",
        "HUB_MIGRATE_ON_START": "false",
        "HUB_OIDC_ISSUER": f"http://127.0.0.1:{idp_port}",
        "HUB_OIDC_CLIENT_SECRET": SECRET,
        "HUB_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "HUB_CONNECTORS_FILE": str(connectors_file(workdir, systems, pushed=pushed)),
        "HUB_ROUTING_CACHE_SECONDS": "0",
        "PYTHONFAULTHANDLER": "1",
    }
    vloket = str(Path(sys.executable).with_name("vloket"))
    command = [vloket, "serve", "--port", str(port), "--workers", str(workers)]
    with (workdir / f"hub-{port}.log").open("ab") as log:  # what went wrong, should anything
        hub = subprocess.Popen(command, env=env, cwd=workdir, stderr=log, start_new_session=True)  # noqa: S603
    wait_ready(f"http://127.0.0.1:{port}/readyz")
    return hub


@dataclass
class Scenario:
    name: str
    bases: list[str]
    """One address; or several, each request asked of all at once (its latency: the slowest's)."""
    query: str
    headers: dict[str, str]
    alone: list[float]
    asks_the_systems: bool = False
    """Through the hub or a gateway: its overhead above the floor is shown."""
    bearers: list[str] = field(default_factory=list)
    """Under load, the requests take these `Authorization` values in turn (one per login)."""

    @property
    def base(self) -> str:
        return self.bases[0]

    def check(self) -> None:
        """Ask once and insist the answer holds every system's value, without errors."""
        answer = httpx.post(f"{self.base}/graphql", json={"query": self.query}, headers=self.headers)
        missing = [value for value in EXPECTED if value not in answer.text]
        if answer.status_code != 200 or "errors" in answer.json() or missing:
            raise RuntimeError(f"{self.name}: {answer.status_code} {answer.text[:500]}")


def logins(base: str, idp_port: int, count: int) -> list[str]:
    """`count` logins of the demo's An at the dev IdP, each its own bearer token, as many people
    (or one person on many devices) would have: the `Authorization` value of each."""
    return [
        f"Bearer {access_token(base, f'http://127.0.0.1:{idp_port}', '71032512357')}" for _ in range(count)
    ]


def acting(base: str, bearers: list[str]) -> dict[str, str]:
    """An acts for V0001001 from now on at the hub at `base` (in each of its workers, and at
    every hub sharing its state, when that is in Redis); the headers of the first login."""
    bearer = {"Authorization": bearers[0]}
    choose = f'mutation {{ kiesVereniging(vCode: "{V_CODE}") {{ namens {{ vCode }} }} }}'
    httpx.post(f"{base}/graphql", json={"query": choose}, headers=bearer).raise_for_status()
    return bearer


async def in_turns(scenarios: list[Scenario], requests: int, rounds: int) -> None:
    """One client at a time (latency: what one person waits): `requests` per scenario, a share
    of them in each round, after a warm-up (token exchanges, connection pools, caches, JITs)."""
    share = max(20, requests // rounds)
    async with aiohttp.ClientSession() as session:
        for scenario in scenarios:
            await one_at_a_time(session, scenario.name, scenario.bases, scenario.query, scenario.headers, 100)
        for _ in range(rounds):
            for scenario in scenarios:
                scenario.alone += await one_at_a_time(
                    session, scenario.name, scenario.bases, scenario.query, scenario.headers, share
                )


async def run(scenarios: list[Scenario], args: argparse.Namespace) -> list[str]:
    """Print a row per scenario: one system, the three at once (the floor), then the hubs and the
    gateways. Returns what failed under load, a line per scenario with failures."""
    await in_turns(scenarios, max(200, args.requests // 4), args.rounds)
    floor = percentile(scenarios[1].alone, 50)
    failures = []
    for scenario in scenarios:
        alone = percentile(scenario.alone, 50)
        overhead = f"{alone - floor:9.1f}" if scenario.asks_the_systems else f"{'-':>9}"
        figures = f"{alone:9.1f} {overhead}"
        if len(scenario.bases) == 1:
            load = await loaded(
                scenario.base,
                scenario.query,
                scenario.headers,
                concurrency=args.concurrency,
                seconds=args.seconds,
                bearers=scenario.bearers,
            )
            figures += f" {load.answered:9.0f} {load.p50_ms:9.1f} {load.p95_ms:9.1f} {load.failed:7}"
            if load.failed:
                failures.append(f"{scenario.name}: {load.failed} failed, the first: {load.first_failure}")
        print(f"{scenario.name:46} {figures}", flush=True)
    return failures


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick", action="store_true", help="fewer requests: --requests 400 --rounds 4 --seconds 5"
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=10, help="how long wrk loads each row")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--logins",
        type=int,
        help="logins whose tokens the requests under load take in turn (default: one per client)",
    )
    parser.add_argument("--workers", default="1,2", help="a hub row per `vloket serve --workers` count")
    parser.add_argument(
        "--gateway-fork", type=int, default=2, help="Hive Gateway's --fork, and its hub's --workers"
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/9", help="the hubs' state; 'none': in process"
    )
    parser.add_argument("--idp", help=argparse.SUPPRESS)
    parser.add_argument("--subgraph", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.requests, args.rounds, args.seconds = 400, 4, 5
    args.workers = [int(n) for n in args.workers.split(",")]
    args.logins = args.concurrency if args.logins is None else args.logins
    if args.logins < 1:
        parser.error("--logins counts logins: 1 or more")
    if any(n < 1 for n in [*args.workers, args.gateway_fork]):
        parser.error("--workers and --gateway-fork count processes: 1 or more")
    return args


def gateway_scenarios(
    workdir: Path, args: argparse.Namespace, hub_url: str, system_urls: list[str], bearers: list[str]
) -> Iterator[tuple[Scenario, subprocess.Popen[bytes]]]:
    """Hive Gateway with each query planner, composing the hub at `hub_url` and the systems. Each
    is yielded as soon as it starts, so that the caller stops it whatever happens next, and is
    ready when the next is asked for."""
    subgraphs = {"hub": f"{hub_url}/graphql"}
    subgraphs |= {f"bron{n}": f"{url}/graphql" for n, url in zip(SYSTEMS, system_urls, strict=True)}
    supergraph = compose_supergraph(workdir, subgraphs)
    bearer = acting(hub_url, bearers)
    for label, router_runtime in (("default runtime", False), ("--hive-router-runtime", True)):
        port = free_port()
        gateway = start_gateway(
            workdir, supergraph, port, router_runtime=router_runtime, fork=args.gateway_fork
        )
        yield (
            Scenario(
                f"Hive Gateway --fork {args.gateway_fork}, {label}",
                [f"http://127.0.0.1:{port}"],
                GATEWAY_PROFILE,
                bearer,
                [],
                asks_the_systems=True,
                bearers=bearers,
            ),
            gateway,
        )
        wait_ready(f"http://127.0.0.1:{port}/readiness")


def measure(scenarios: list[Scenario], args: argparse.Namespace, notes: list[str], state: str) -> None:
    """Print the table: a heading with the machine and its load, a row per scenario, notes."""
    print(
        f"{datetime.date.today()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before; "
        f"each system answers after {DELAY * 1000:.0f} ms; hub state {state}; "
        f"{args.concurrency} clients for {args.seconds} s"
    )
    print(f"{'':46} {'1 client':>19} {f'{args.concurrency} clients':>37}")
    print(f"{'row':46} {'p50 ms':>9} {'overhead':>9} {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9} {'failed':>7}")
    notes = [*asyncio.run(run(scenarios, args)), *notes]
    print(
        f"load average {os.getloadavg()[0]:.2f} after.\n"
        "overhead: the p50 minus the floor's, the slowest of the three systems asked directly at once.\n"
        "1 client: every row asked in turns. req/s: good answers (200 without errors) a second;\n"
        "failed: the other answers, and requests not answered."
    )
    for note in notes:
        print(note)


def main() -> None:
    args = options()
    if args.idp:
        ports = [int(p) for p in args.idp.split(",")]
        serve_idp(ports[0], ports[1:])
        return
    if args.subgraph:
        n, port = (int(part) for part in args.subgraph.split(","))
        serve_subgraph(n, port)
        return
    workdir = Path(tempfile.mkdtemp(prefix="vloket-fanout-"))
    db_url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
    asyncio.run(populate(db_url, 0))
    notes = []
    without_redis = redis_problem(args.redis)
    redis_url = None if without_redis else args.redis
    if without_redis and any(n > 1 for n in args.workers):
        notes.append(f"hubs with more than one worker left out: their state needs Redis ({without_redis})")
        args.workers = [n for n in args.workers if n == 1]
    without_gateway = gateway_missing()
    if without_gateway:
        notes.append(f"Hive Gateway left out: {without_gateway}")
    hub_workers = sorted({*args.workers, *([] if without_gateway else [args.gateway_fork])})
    hubs = [(workers, False) for workers in hub_workers] + [(workers, True) for workers in args.workers]
    hub_ports = {hub: free_port() for hub in hubs}
    idp_port, systems = free_port(), [free_port() for _ in SYSTEMS]
    children = [("IdP", "--idp", ",".join(str(p) for p in (idp_port, *hub_ports.values())))]
    children += [
        (f"system {n}", "--subgraph", f"{n},{port}") for n, port in zip(SYSTEMS, systems, strict=True)
    ]
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, flag, value in children:
            command = [sys.executable, __file__, flag, value]
            processes[name] = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
        for port in systems:
            wait_ready(f"http://127.0.0.1:{port}/graphql")
        wait_ready(f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration")
        for (workers, pushed), port in hub_ports.items():
            processes[f"hub --workers {workers}{PUSHED if pushed else ''}"] = start_hub(
                workdir, db_url, port, idp_port, systems, redis_url, workers, pushed=pushed
            )
            if pushed:
                push_reports(f"http://127.0.0.1:{port}")
        system_urls = [f"http://127.0.0.1:{port}" for port in systems]
        scenarios = [
            Scenario("one system asked directly", system_urls[:1], ENTITY, {}, []),
            Scenario("the three at once: the slowest (floor)", system_urls, ENTITY, {}, []),
        ]
        bearers = logins(f"http://127.0.0.1:{next(iter(hub_ports.values()))}", idp_port, args.logins)
        for pushed in (False, True):
            for workers in args.workers:
                base = f"http://127.0.0.1:{hub_ports[workers, pushed]}"
                name = f"hub --workers {workers}{PUSHED if pushed else ''}"
                scenarios.append(Scenario(name, [base], PROFILE, acting(base, bearers), [], True, bearers))
        if not without_gateway:
            hub_url = f"http://127.0.0.1:{hub_ports[args.gateway_fork, False]}"
            for scenario, gateway in gateway_scenarios(workdir, args, hub_url, system_urls, bearers):
                processes[scenario.name] = gateway
                scenarios.append(scenario)
        for scenario in scenarios[2:]:
            scenario.check()
        try:
            measure(scenarios, args, notes, "in Redis" if redis_url else "in process")
        except (httpx.TransportError, aiohttp.ClientError):
            ended = [
                f"{name} ({process.poll()})"
                for name, process in processes.items()
                if process.poll() is not None
            ]
            print(f"a connection failed; ended: {ended or 'none'}; logs in {workdir}", file=sys.stderr)
            raise
    finally:
        for process in reversed(processes.values()):
            stop(process)


if __name__ == "__main__":
    main()
