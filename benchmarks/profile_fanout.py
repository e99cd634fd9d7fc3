"""What the hub adds to a profile query that fans out to three connected systems, each taking 20 ms.

    .venv/bin/python benchmarks/profile_fanout.py [--requests 2000] [--concurrency 50] [--rounds 10]
        [--redis redis://127.0.0.1:6379/14 | --redis none]

Runs, each in its own process on loopback: the dev IdP, three GraphQL subgraphs that answer
after 20 ms, and hubs (`vloket serve`, SQLite) with three `graphql_subgraph` connectors, one
without its answer cache and one with it; each pair twice, with its state (the person's choice,
the answers) in this process and in Redis (`--redis`, as in production; left out when `none` or
unreachable). Prints, side by side: one subgraph asked directly; the three asked directly at
once, each request as slow as the slowest of its three answers (what a hub adding nothing would
take); and the hub's `gekendeGegevens` query asking all three in parallel with a token exchanged
per audience. Hub overhead = hub p50 minus the p50 of the slowest of three, the connectors' own
latency; beside it the stricter figure against one system asked alone, which also charges the
hub for three systems answering at once on this machine.

One client at a time (aiohttp), the four are asked in turns (`--rounds` rounds of `--requests`/4 split
evenly), so that a machine that is slower for a while weighs on all four alike; then each gets
`--concurrency` clients at once on its own: for 10 s from wrk when it is installed (Debian:
`apt-get install wrk`), else `--requests` from the Python client. That client saturates its core
at about 250 requests/s, below what even the floor serves, so without wrk the loaded figures
measure the client more than the hub.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx
import redis
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
    from demo.serving import Site, serve_all

    serve_all([Site(slow_subgraph(name), "127.0.0.1", port)])


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
    workdir: Path,
    db_url: str,
    port: int,
    idp_port: int,
    remotes: list[int],
    cache: float,
    redis_url: str | None,
) -> subprocess.Popen[bytes]:
    env = {
        **{name: value for name, value in os.environ.items() if name != "HUB_REDIS_URL"},
        **({"HUB_REDIS_URL": redis_url} if redis_url else {}),
        "HUB_DATABASE_URL": db_url,
        "HUB_SECRET_KEY": SECRET,
        "HUB_LOG_LEVEL": "WARNING",
        "HUB_MIGRATE_ON_START": "false",
        "HUB_OIDC_ISSUER": f"http://127.0.0.1:{idp_port}",
        "HUB_OIDC_CLIENT_SECRET": SECRET,
        "HUB_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "HUB_CONNECTORS_FILE": str(connectors_file(workdir, remotes)),
        "HUB_ROUTING_CACHE_SECONDS": str(cache),
        "PYTHONFAULTHANDLER": "1",
    }
    command = [str(Path(sys.executable).with_name("vloket")), "serve", "--port", str(port)]
    with (workdir / f"hub-{port}.log").open("ab") as log:  # what went wrong, should anything
        hub = subprocess.Popen(command, env=env, cwd=workdir, stderr=log)  # noqa: S603
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
    """A hub that asks the three systems on each request: its overhead is shown."""

    @property
    def base(self) -> str:
        return self.bases[0]


async def ask(scenario: Scenario, requests: int, concurrency: int) -> tuple[float, list[float]]:
    """`drive`, with the scenario named on any failure."""
    try:
        return await drive(
            scenario.base, scenario.query, lambda n: {}, requests, concurrency, scenario.headers
        )
    except Exception as error:
        error.add_note(f"while asking: {scenario.name}, {concurrency} at once")
        raise


async def one_at_a_time(session: aiohttp.ClientSession, scenario: Scenario, requests: int) -> list[float]:
    """The latency of each of `requests` requests, in seconds, asked one after the other."""
    body = {"query": scenario.query}

    async def call(base: str) -> float:
        started = time.perf_counter()
        async with session.post(f"{base}/graphql", json=body, headers=scenario.headers) as response:
            answer = await response.json()
        if response.status != 200 or "errors" in answer:
            raise RuntimeError(f"{scenario.name}: {response.status} {str(answer)[:300]}")
        return time.perf_counter() - started

    latencies = []
    for _ in range(requests):
        if len(scenario.bases) == 1:
            latencies.append(await call(scenario.base))
        else:
            latencies.append(max(await asyncio.gather(*(call(base) for base in scenario.bases))))
    return latencies


async def in_turns(scenarios: list[Scenario], requests: int, rounds: int) -> None:
    """One client at a time (latency: what one person waits): `requests` per scenario, a share
    of them in each round, after a warm-up (token exchanges, connection pools, caches)."""
    share = max(20, requests // rounds)
    async with aiohttp.ClientSession() as session:
        for scenario in scenarios:
            await one_at_a_time(session, scenario, 100)
        for _ in range(rounds):
            for scenario in scenarios:
                scenario.alone += await one_at_a_time(session, scenario, share)


WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
%(headers)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0 end
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then failed = failed + 1 end
end
function done(summary, latency, requests)
  local failures = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  for _, thread in ipairs(threads) do failures = failures + thread:get("failed") end
  io.write(string.format("%%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), failures))
end
"""


async def loaded(scenario: Scenario, requests: int, concurrency: int) -> tuple[float, float, float]:
    """Requests per second, p50 and p95 with `concurrency` clients at once: from wrk when it is
    installed (a client that is not itself the bottleneck), else from the Python client."""
    if shutil.which("wrk") is None:
        elapsed, latencies = await ask(scenario, requests, concurrency)
        return requests / elapsed, percentile(latencies, 50), percentile(latencies, 95)
    return await asyncio.to_thread(wrk, scenario, concurrency)


def wrk(scenario: Scenario, concurrency: int, seconds: int = 10) -> tuple[float, float, float]:
    headers = "\n".join(f'wrk.headers["{name}"] = "{value}"' for name, value in scenario.headers.items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"body": json.dumps({"query": scenario.query}), "headers": headers})
    command = [
        "wrk",
        "-t1",
        f"-c{concurrency}",
        f"-d{seconds}s",
        "-s",
        script.name,
        f"{scenario.base}/graphql",
    ]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        os.unlink(script.name)
    done, elapsed_us, p50_us, p95_us, failed = (int(n) for n in output.strip().splitlines()[-1].split())
    if failed:
        raise RuntimeError(f"{scenario.name}: {failed} of {done} requests failed under wrk")
    return done / (elapsed_us / 1e6), p50_us / 1000, p95_us / 1000


def hub_scenario(name: str, port: int, idp_port: int, *, cache: float) -> Scenario:
    base = f"http://127.0.0.1:{port}"
    token = access_token(base, f"http://127.0.0.1:{idp_port}", "71032512357")
    bearer = {"Authorization": f"Bearer {token}"}
    choose = 'mutation { kiesVereniging(vCode: "V0001001") { namens { vCode } } }'
    httpx.post(f"{base}/graphql", json={"query": choose}, headers=bearer)
    return Scenario(name, [base], PROFILE, bearer, [], asks_the_systems=cache == 0)


def redis_problem(url: str) -> str | None:
    """Why the Redis rows are left out, or None when Redis answers at `url`."""
    if url == "none":
        return "--redis none"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"no Redis at {url} ({error})"
    finally:
        client.close()
    return None


async def run(scenarios: list[Scenario], requests: int, concurrency: int, rounds: int) -> None:
    """`scenarios`: one system, the three at once, then the hubs."""
    await in_turns(scenarios, max(200, requests // 4), rounds)
    one, slowest = (percentile(s.alone, 50) for s in scenarios[:2])
    for scenario in scenarios:
        alone = percentile(scenario.alone, 50)
        figures = f"{alone:9.1f}"
        if scenario.asks_the_systems:  # a cached hub does not wait for the systems at all
            figures += f" {alone - slowest:9.1f} {alone - one:9.1f}"
        else:
            figures += f" {'-':>9} {'-':>9}"
        if len(scenario.bases) == 1:
            rps, p50, p95 = await loaded(scenario, requests, concurrency)
            figures += f" {rps:9.0f} {p50:9.1f} {p95:9.1f}"
        print(f"{scenario.name:44} {figures}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14", help="'none': no Redis rows")
    parser.add_argument("--idp", help=argparse.SUPPRESS)
    parser.add_argument("--subgraph", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.idp:
        ports = [int(p) for p in args.idp.split(",")]
        serve_idp(ports[0], ports[1:])
        return
    if args.subgraph:
        name, port = args.subgraph.split(",")
        serve_subgraph(name, int(port))
        return
    workdir = Path(tempfile.mkdtemp(prefix="vloket-fanout-"))
    db_url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
    asyncio.run(populate(db_url, 0))
    without_redis = redis_problem(args.redis)
    stores = [("", None), *([] if without_redis else [(", Redis", args.redis)])]
    hubs = [  # (row name, answers cached for, Redis URL or None for this process), a port each
        (f"{name}{where}", cache, url)
        for where, url in stores
        for name, cache in (
            ("hub, 3 systems in parallel, no cache", 0.0),
            ("hub, 3 systems, answers cached 60 s", 60.0),
        )
    ]
    idp_port, remotes = free_port(), [free_port() for _ in AUDIENCES]
    hub_ports = [free_port() for _ in hubs]
    children = [("--idp", ",".join(str(p) for p in (idp_port, *hub_ports)))]
    children += [("--subgraph", f"bond-{n},{port}") for n, port in enumerate(remotes)]
    processes = [
        subprocess.Popen([sys.executable, __file__, flag, value], stderr=subprocess.DEVNULL)  # noqa: S603
        for flag, value in children
    ]
    try:
        for port in remotes:
            wait_ready(f"http://127.0.0.1:{port}/graphql")
        wait_ready(f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration")
        processes += [
            start_hub(workdir, db_url, port, idp_port, remotes, cache, url)
            for (_, cache, url), port in zip(hubs, hub_ports, strict=True)
        ]
        systems = [f"http://127.0.0.1:{port}" for port in remotes]
        scenarios = [
            Scenario("one system asked directly", systems[:1], ENTITY, {}, []),
            Scenario("the three at once: the slowest", systems, ENTITY, {}, []),
            *(
                hub_scenario(name, port, idp_port, cache=cache)
                for (name, cache, _), port in zip(hubs, hub_ports, strict=True)
            ),
        ]
        delay = f"{DELAY * 1000:.0f} ms"
        print(f"each system answers after {delay}; {args.requests} requests, {args.concurrency} at once")
        print(f"{'':44} {'1 client':>29} {f'{args.concurrency} clients':>29}")
        print(
            f"{'scenario':44} {'p50 ms':>9} {'overhead':>9} {'vs one':>9}"
            f" {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9}"
        )
        try:
            asyncio.run(run(scenarios, args.requests, args.concurrency, args.rounds))
        except (httpx.TransportError, aiohttp.ClientError):
            states = [
                f"{name}: {'running' if p.poll() is None else f'ended ({p.poll()})'}"
                for name, p in zip(
                    ["floor", *(name for name, _, _ in hubs)],
                    processes[1:2] + processes[-len(hubs) :],
                    strict=True,
                )
            ]
            print(f"a connection failed; {'; '.join(states)}; hub logs in {workdir}", file=sys.stderr)
            raise
        print(
            "overhead = the hub's p50 minus the p50 of the slowest of the three systems asked directly\n"
            "at once; vs one = minus one system asked alone, which also charges the hub for three\n"
            "systems competing for this machine's cores. One client at a time, asked in turns."
        )
        if without_redis:
            print(f"hubs with Redis left out: {without_redis}")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
