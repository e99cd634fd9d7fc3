"""The hub under a mixed load for minutes, with faults in the middle: Redis restarted, the hub's
PostgreSQL connections terminated.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--clients 50] [--fault-rounds 1]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

Runs, on loopback: two `vloket serve` processes behind HAProxy (`apt-get install haproxy`), one
`vloket worker`, a Redis server of its own (`redis-server`, nothing kept on disk), a database of
its own on the PostgreSQL server of `--postgres` (dropped after), the dev IdP, and a subscriber
to the register's changes. The kiosk connector pushes what it knows and its dossiers, so no
request waits on a service. `--clients` clients at once, each in its turn:

- a representative's profile (`gekendeGegevens`, `dossiers`, private fields; bearer token);
- a search of the register with facets; a public read by vCode; the portal's home page;
- one client changes the association again and again (`wijzigBasisgegevens`), the way the
  portal does; two push signed dossier events to `/events/kiosk` (one unique event each).

At 40 % of the run Redis is stopped and started again (its sessions and caches are gone, as
after a real restart); at 60 % every connection of the hub and the worker to the database is
terminated (`pg_terminate_backend`). With `--fault-rounds N` the two happen N times each, in
turns, evenly between 20 % and 80 % of the run: whether each fault costs memory again, or only
the first of its kind. The hub is not restarted. Printed per minute: requests, errors, p50/p95;
the resident memory of each process; then every error, and whether it was in flight at a fault
(sent before it, answered after); the slope of each process's memory from the second minute on
(MB per minute), and with more than one round also from the first minute after the first round;
and what was lost: every event the hub accepted must be stored once, and every version of the
changed association must reach the subscriber, which applies each event id once, once and in
order. Delivery is at least once: the events that arrived again with an id already received
(delivered just before a terminated connection kept the worker from recording it) are counted.
Everything shares this machine's cores, the load generator (this process) included.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.auth_overhead import SECRET, access_token
from benchmarks.events import SECRET as WEBHOOK_SECRET
from benchmarks.events import environment, event, libpq, scratch_database, signed
from benchmarks.profile_fanout import stop, wait_ready
from benchmarks.register_api import free_port, percentile, populate
from connectors.sdk.testkit.loopback import serving
from demo.loadbalancer import haproxy_config

PIETER = "85073003328"
"""Represents V0001002 alone: no choice of association, which a Redis restart would forget."""
V_CODE = "V0001002"
PROFILE = (
    '{ vereniging(vCode: "V0001002") { naam versie vertegenwoordigers { insz } '
    "gekendeGegevens { feiten { naam waarde bron } } dossiers { totaal items { id status } } } }"
)
SEARCH = '{ verenigingen(zoekterm: "sint", first: 10) { totaal facetten { gemeenten { waarde aantal } } } }'
PUBLIC = '{ vereniging(vCode: "V0001001") { naam korteNaam locaties { adresvoorstelling } } }'
VERSIE = '{ vereniging(vCode: "V0001002") { versie } }'
WIJZIG = (
    'mutation($versie: Int!, $tekst: String!) { wijzigBasisgegevens(vCode: "V0001002", '
    "versie: $versie, input: {korteBeschrijving: $tekst}) { versie } }"
)


@dataclass
class Outcome:
    kind: str
    sent: float
    answered: float
    problem: str | None


@dataclass
class Run:
    started: float = field(default_factory=time.monotonic)
    outcomes: list[Outcome] = field(default_factory=list)
    accepted: set[str] = field(default_factory=set)
    faults: list[tuple[str, float, float]] = field(default_factory=list)
    """Each fault: what, when it began and when it was over (seconds into the run)."""
    rss: dict[str, list[float]] = field(default_factory=dict)

    def now(self) -> float:
        return time.monotonic() - self.started


class Subscriber:
    """Each event of the changed association as it arrives, repeats included: its id and version.
    Delivery is at least once (an event delivered just before the worker could record it, as when
    its database connection is terminated, goes out again with the same id), so a receiver applies
    each id once; what it applies must be every version once, in order."""

    def __init__(self) -> None:
        self.received: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        event = json.loads(await request.body())
        if event["data"]["vCode"] == V_CODE:
            with self.lock:
                self.received.append((event["id"], event["data"]["versie"]))
        return Response(status_code=204)

    def applied(self) -> tuple[list[int], int, int]:
        """The versions a receiver applies (each id once, as it first arrived), how many arrivals
        repeated an id already received, and how many ids came with more than one version."""
        with self.lock:
            received = list(self.received)
        first: dict[str, int] = {}
        versions: list[int] = []
        mismatched = 0
        for event_id, versie in received:
            if event_id in first:
                mismatched += first[event_id] != versie
                continue
            first[event_id] = versie
            versions.append(versie)
        return versions, len(received) - len(first), mismatched


async def asked(
    run: Run, session: aiohttp.ClientSession, kind: str, method: str, url: str, **options: Any
) -> Any:
    """One request; its outcome noted (a 2xx without GraphQL errors is a success)."""
    sent = run.now()
    problem: str | None = None
    body: Any = None
    try:
        async with session.request(method, url, **options) as answer:
            text = await answer.text()
            if answer.status >= 300:
                problem = f"{answer.status} {text[:120]}"
            elif answer.content_type.endswith("json"):
                body = json.loads(text)
                if isinstance(body, dict) and body.get("errors"):
                    problem = f"errors {json.dumps(body['errors'])[:160]}"
    except (aiohttp.ClientError, TimeoutError, json.JSONDecodeError) as error:
        problem = f"{type(error).__name__} {error}"[:160]
    run.outcomes.append(Outcome(kind, sent, run.now(), problem))
    return body if problem is None else None


class Bearer:
    """The representative's access token, renewed at four fifths of its lifetime as a client
    with a refresh token would (the dev IdP's tokens last minutes)."""

    def __init__(self, hub: str, issuer: str) -> None:
        self.hub, self.issuer = hub, issuer
        self.header = {"Authorization": ""}
        self.fresh_for = self.renew()

    def renew(self) -> float:
        """A new token; how many seconds until it should be renewed."""
        token = access_token(self.hub, self.issuer, PIETER)
        claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
        self.header["Authorization"] = f"Bearer {token}"
        return 0.8 * (float(claims["exp"]) - time.time())

    async def keep_fresh(self, run: Run, until: float) -> None:
        wait = self.fresh_for
        while run.now() + wait < until:
            await asyncio.sleep(wait)
            wait = await asyncio.to_thread(self.renew)


async def load(run: Run, base: str, bearer: Bearer, clients: int, until: float, v_codes: list[str]) -> None:
    auth = bearer.header

    async def reader(n: int, session: aiohttp.ClientSession) -> None:
        turns = [
            ("profile", "POST", f"{base}/graphql", {"json": {"query": PROFILE}, "headers": auth}),
            ("search", "POST", f"{base}/graphql", {"json": {"query": SEARCH}}),
            ("public", "POST", f"{base}/graphql", {"json": {"query": PUBLIC}}),
            ("portal", "GET", f"{base}/", {}),
        ]
        turn = n
        while run.now() < until:
            kind, method, url, options = turns[turn % len(turns)]
            turn += 1
            await asked(run, session, kind, method, url, **options)

    async def changer(session: aiohttp.ClientSession) -> None:
        number = 0
        while run.now() < until:
            number += 1
            read = await asked(
                run, session, "read", "POST", f"{base}/graphql", json={"query": VERSIE}, headers=auth
            )
            if read is None:
                continue
            variables = {"versie": read["data"]["vereniging"]["versie"], "tekst": f"Ronde {number}"}
            query = {"query": WIJZIG, "variables": variables}
            await asked(run, session, "change", "POST", f"{base}/graphql", json=query, headers=auth)

    async def pusher(n: int, session: aiohttp.ClientSession) -> None:
        number = 0
        while run.now() < until:
            number += 1
            # News of the register's associations, a few dossiers each; one in twenty is of the
            # association whose profile is read.
            v_code = V_CODE if number % 20 == 0 else random.choice(v_codes)
            payload = event(0, [v_code], dossier=f"SOAK-{v_code}-{number % 7}")
            payload["id"] = f"soak-{n}-{number}-{uuid.uuid4().hex[:8]}"
            body, headers = signed(
                json.dumps(payload), f"msg-{payload['id']}", "application/cloudevents+json"
            )
            if await asked(run, session, "event", "POST", f"{base}/events/kiosk", data=body, headers=headers):
                run.accepted.add(str(payload["id"]))

    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=clients, force_close=True)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        tasks = [reader(n, session) for n in range(clients - 3)]
        await asyncio.gather(
            *tasks, changer(session), pusher(1, session), pusher(2, session), bearer.keep_fresh(run, until)
        )


def rss_mib(pid: int) -> float:
    """Resident memory of `pid` and its children, from /proc."""
    total = 0.0
    for each in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except FileNotFoundError:
            pass
    return total


def children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(child) for child in found]


async def watch(run: Run, processes: dict[str, subprocess.Popen[bytes]], minutes: int) -> None:
    for minute in range(1, minutes + 1):
        await asyncio.sleep(max(0.0, minute * 60 - run.now()))
        for name, process in processes.items():
            run.rss.setdefault(name, []).append(rss_mib(process.pid))


def start_redis(port: int) -> subprocess.Popen[bytes]:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return process
        time.sleep(0.02)
    raise RuntimeError("redis-server did not start")


def fault_times(seconds: float, rounds: int) -> list[float]:
    """When each fault begins: `rounds` times Redis restarted and then the database's connections
    terminated, evenly between 20 % and 80 % of the run (one round: at 40 % and 60 %)."""
    count = 2 * rounds
    return [seconds * (0.2 + 0.6 * (n + 1) / (count + 1)) for n in range(count)]


async def faults(
    run: Run,
    redis: list[subprocess.Popen[bytes]],
    redis_port: int,
    database: str,
    seconds: float,
    rounds: int,
) -> None:
    name = database.rsplit("/", 1)[1]
    for n, at in enumerate(fault_times(seconds, rounds)):
        await asyncio.sleep(max(0.0, at - run.now()))
        began = run.now()
        if n % 2 == 0:
            await asyncio.to_thread(stop, redis[0])
            redis[0] = await asyncio.to_thread(start_redis, redis_port)
            run.faults.append(("Redis restarted", began, run.now()))
        else:
            with psycopg.connect(libpq(database), autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                )
            run.faults.append(("PostgreSQL connections terminated", began, run.now()))


def prepare(database: str) -> list[str]:
    """Migrate; the two fixture associations (Pieter represents one), and 2,000 more for the
    search to count; every vCode."""
    from demo.verenigingen import seed
    from hub.migrate import upgrade_store
    from registry.associations.service import VerenigingenRegister
    from registry.db import Database

    upgrade_store(database)

    async def seeding() -> None:
        db = Database(database)
        try:
            await seed(VerenigingenRegister(db=db, secret=b"soak"), varied_too=False)
        finally:
            await db.dispose()

    asyncio.run(seeding())
    asyncio.run(populate(database, 2000))
    with psycopg.connect(libpq(database)) as connection:
        return [v_code for (v_code,) in connection.execute("SELECT v_code FROM vereniging")]


def connectors_file(workdir: Path, subscriber: str) -> Path:
    path = workdir / "connectors.toml"
    path.write_text(
        '[[connector]]\nkind = "kiosk"\nname = "kiosk"\nbase_url = "http://127.0.0.1:9"\n'
        f'webhook_secret = "{WEBHOOK_SECRET}"\npushes_dossiers = true\npushes_facts = true\n'
        f'[connector.abonnement]\nwebhook_url = "{subscriber}/hook"\ndelen = ["basisgegevens"]\n',
        "utf-8",
    )
    return path


def report(run: Run, seconds: float, subscriber: Subscriber, database: str) -> None:
    minutes = max(1, round(seconds / 60))
    print(
        f"{'minute':>6} {'requests':>9} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7}  "
        + "  ".join(f"{name + ' MiB':>14}" for name in run.rss)
    )
    for minute in range(minutes):
        these = [o for o in run.outcomes if minute * 60 <= o.sent < (minute + 1) * 60]
        took = [o.answered - o.sent for o in these if o.problem is None]
        errors = sum(1 for o in these if o.problem)
        p50 = percentile(took, 50) if len(took) > 1 else float("nan")
        p95 = percentile(took, 95) if len(took) > 1 else float("nan")
        memory = "  ".join(
            f"{values[minute]:>14.1f}" if minute < len(values) else f"{'':>14}" for values in run.rss.values()
        )
        print(f"{minute + 1:>6} {len(these):>9} {errors:>7} {p50:>7.1f} {p95:>7.1f}  {memory}")
    first = [o for o in run.outcomes if o.sent < 60]
    last = [o for o in run.outcomes if o.sent >= (minutes - 1) * 60]
    for kind in sorted({o.kind for o in run.outcomes}):
        cells = []
        for label, outcomes in (("first minute", first), ("last minute", last)):
            took = [o.answered - o.sent for o in outcomes if o.kind == kind and o.problem is None]
            if len(took) > 1:
                cells.append(f"{label} {percentile(took, 50):.1f} / {percentile(took, 95):.1f} ms")
        print(f"  {kind:<8} p50 / p95: " + "; ".join(cells))
    for name, began, ended in run.faults:
        print(f"fault from {began:.2f} to {ended:.2f} s: {name}")
    in_flight = outside = 0
    kinds: dict[tuple[str, str, str], list[float]] = {}
    for o in (o for o in run.outcomes if o.problem):
        at_fault = any(o.sent <= ended and o.answered >= began for _, began, ended in run.faults)
        in_flight += at_fault
        outside += not at_fault
        where = "in flight during a fault" if at_fault else "OUTSIDE the faults"
        kinds.setdefault((o.kind, where, str(o.problem)[:100]), []).append(o.sent)
    for (kind, where, problem), sent in kinds.items():
        print(f"  {len(sent)} × {kind}, sent {min(sent):.2f}–{max(sent):.2f} s, {where}: {problem}")
    print(f"errors: {in_flight} in flight during a fault, {outside} outside")
    # The samples are taken at the end of each minute; the first taken after the first round.
    after_round = int(run.faults[1][2] // 60) + 1 if len(run.faults) >= 2 else minutes
    for name, values in run.rss.items():
        later, settled = values[1:], values[after_round:]
        if len(later) >= 2:
            slope = statistics.linear_regression(range(len(later)), later).slope
            line = (
                f"memory of {name}: {values[0]:.1f} MiB after the first minute, {values[-1]:.1f} at"
                f" the end; slope {slope:+.2f} MB per minute from the second minute"
            )
            if len(settled) >= 2 and len(run.faults) > 2:
                after = statistics.linear_regression(range(len(settled)), settled).slope
                line += f", {after:+.2f} from minute {after_round + 1} (after the first round of faults)"
            print(line)
    with psycopg.connect(libpq(database)) as connection:
        stored: dict[str, int] = dict(
            connection.execute(
                "SELECT id, count(*) FROM dossier_gebeurtenis WHERE id LIKE 'soak-%%' GROUP BY id"
            ).fetchall()
        )
        [(last,)] = connection.execute(
            "SELECT versie FROM vereniging WHERE v_code = %s", (V_CODE,)
        ).fetchall()
    lost = run.accepted - set(stored)
    twice = [key for key, count in stored.items() if count > 1]
    print(f"events: {len(run.accepted)} accepted, {len(lost)} of them not stored, {len(twice)} stored twice")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(subscriber.applied()[0]) < last:
        time.sleep(0.2)
    versions, repeats, mismatched = subscriber.applied()
    verdict = (
        "every version once, in order"
        if versions == list(range(1, last + 1)) and not mismatched
        else "NOT every version once in order"
    )
    print(
        f"changes: versions 1 to {last}; the subscriber received {len(versions) + repeats} events, "
        f"{repeats} of them an id it had already received (delivered again, at least once), "
        f"{mismatched} ids with two versions; applied by id: {verdict}"
    )


def started(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A child in its own session (stopped with what it starts), its errors in `log`."""
    with log.open("ab") as errors:
        return subprocess.Popen(  # noqa: S603 - our own commands
            command, env=env, cwd=log.parent, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--fault-rounds",
        type=int,
        default=1,
        help="how many times Redis is restarted and the database's connections terminated",
    )
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--idp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.fault_rounds <= 20:
        parser.error("--fault-rounds: from 1 to 20")
    if args.idp:
        from benchmarks.profile_fanout import serve_idp

        ports = [int(p) for p in args.idp.split(",")]
        serve_idp(ports[0], ports[1:])
        return
    haproxy = shutil.which("haproxy")
    if haproxy is None or shutil.which("redis-server") is None:
        raise SystemExit("needs haproxy and redis-server (apt-get install haproxy redis-server)")
    seconds = args.minutes * 60
    workdir = Path(tempfile.mkdtemp(prefix="vloket-soak-"))
    lb_port, idp_port, redis_port, hub_ports = (
        free_port(),
        free_port(),
        free_port(),
        [free_port(), free_port()],
    )
    lb = f"http://127.0.0.1:{lb_port}"
    subscriber = Subscriber()
    processes: dict[str, subprocess.Popen[bytes]] = {}
    redis = [start_redis(redis_port)]
    try:
        with scratch_database(args.postgres) as database, serving(subscriber.app) as hook:
            v_codes = prepare(database)
            idp = [sys.executable, __file__, "--idp", f"{idp_port},{lb_port}"]
            processes["idp"] = subprocess.Popen(idp, stderr=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
            wait_ready(f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration")
            env = {
                **environment(database, connectors_file(workdir, hook)),
                "HUB_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                "HUB_SECRET_KEY": SECRET,
                "HUB_OIDC_ISSUER": f"http://127.0.0.1:{idp_port}",
                "HUB_OIDC_CLIENT_SECRET": SECRET,
                "HUB_PUBLIC_URL": lb,
                "HUB_CATALOG_SYNC_SECONDS": "0",
            }
            vloket = str(Path(sys.executable).with_name("vloket"))
            for n, port in enumerate(hub_ports, 1):
                processes[f"hub {n}"] = started(
                    [vloket, "serve", "--port", str(port)], env, workdir / f"hub-{n}.log"
                )
                wait_ready(f"http://127.0.0.1:{port}/readyz")
            processes["worker"] = started([vloket, "worker"], env, workdir / "worker.log")
            config = workdir / "haproxy.cfg"
            config.write_text(haproxy_config(lb_port, hub_ports), "utf-8")
            processes["haproxy"] = started([haproxy, "-db", "-f", str(config)], env, workdir / "haproxy.log")
            wait_ready(f"{lb}/readyz")
            bearer = Bearer(lb, f"http://127.0.0.1:{idp_port}")
            watched = {name: p for name, p in processes.items() if name.startswith(("hub", "worker"))}
            print(
                f"soak: {args.minutes:g} min, {args.clients} clients, 2 hubs behind HAProxy, 1 worker;"
                f" logs in {workdir}"
            )
            run = Run()

            async def soak() -> None:
                await asyncio.gather(
                    load(run, lb, bearer, args.clients, seconds, v_codes),
                    faults(run, redis, redis_port, database, seconds, args.fault_rounds),
                    watch(run, watched, int(args.minutes)),
                )

            asyncio.run(soak())
            report(run, seconds, subscriber, database)
            for process in processes.values():
                stop(process)
    finally:
        for process in [*processes.values(), *redis]:
            if process.poll() is None:
                stop(process)


if __name__ == "__main__":
    main()
