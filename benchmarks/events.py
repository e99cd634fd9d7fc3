"""Events in and out on PostgreSQL: how many pushed events the hub takes per second (durably),
how long a register change takes to reach a subscriber, and a profile's dossiers read from the
pushed copy against asking the service.

    .venv/bin/python benchmarks/events.py [--quick] [--seconds 10] [--rate 100] [--concurrency 32]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

Each part runs on a database of its own, made on the server of `--postgres` and dropped after.

1. Inbound: `vloket serve --workers N` (N = 1, 2) takes `POST /events/kiosk` from
   `--concurrency` clients for `--seconds`, each request one `dossier.gewijzigd` event with its own
   `webhook-id`, signed per Standard Webhooks, and then batches of `--batch` events per request
   (`application/cloudevents-batch+json`, as a service with much to tell sends them); every 202
   means the whole delivery is committed. Prints events/s and p50/p95 per request, per N
   (target: at least 500/s).
2. Outbound: this process makes `--rate` register changes per second for `--seconds` (contact
   details of 50 associations, in turns), each handed to the job engine after its commit as the hub
   does, while `vloket worker` processes (1, 2) deliver them to a subscriber on loopback that
   notes when each arrives. Prints the latency from commit to arrival, p50/p95 per worker count
   (target: p95 under 1 s), and whether every change arrived in order.
3. Dossiers: a profile's dossiers of a service that pushes, read from the hub's copy
   (`Dossiers.van`, what `Vereniging.dossiers` does for it instead of a call), against the same
   answer from a service on loopback that takes 20 ms, asked over HTTP as a connector does.
   Prints p50/p95 of each (target: the copy under 3 ms).

The load average is printed before and after: everything shares this machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import psycopg
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.profile_fanout import stop, wait_ready  # noqa: E402
from benchmarks.register_api import free_port, percentile  # noqa: E402

SECRET = "whsec_" + "YmVuY2htYXJrLWV2ZW50cy13ZWJob29rLXNsZXV0ZWw="
ASSOCIATIONS = 50


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    name = f"vloket_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq(server), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq(server), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(url: str) -> list[str]:
    """Migrate, and register `ASSOCIATIONS` associations; their vCodes."""
    from hub.migrate import upgrade_store
    from registry.associations.commands import Actor, ContactgegevenInvoer, RegistratieInvoer
    from registry.associations.service import VerenigingenRegister
    from registry.db import Database

    upgrade_store(url)

    async def run() -> list[str]:
        db = Database(url)
        register = VerenigingenRegister(db=db, secret=b"benchmark")
        v_codes = []
        for n in range(ASSOCIATIONS):
            vereniging = await register.registreer_feitelijke_vereniging(
                invoer=RegistratieInvoer(
                    naam=f"Eventclub nummer {n}",
                    contactgegevens=[
                        ContactgegevenInvoer(contactgegeventype="E-mail", waarde=f"club{n}@x.be")
                    ],
                ),
                actor=Actor(door="benchmark"),
            )
            v_codes.append(vereniging.v_code)
        await db.dispose()
        return v_codes

    return asyncio.run(run())


def connectors_file(workdir: Path, webhook_url: str | None) -> Path:
    text = (
        '[[connector]]\nkind = "kiosk"\nname = "kiosk"\nbase_url = "http://127.0.0.1:9"\n'
        f'webhook_secret = "{SECRET}"\n'
    )
    if webhook_url:
        text += f'\n[connector.abonnement]\nwebhook_url = "{webhook_url}"\ndelen = ["contactgegevens"]\n'
    path = workdir / "connectors.toml"
    path.write_text(text, "utf-8")
    return path


def environment(url: str, connectors: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HUB_DATABASE_URL": url,
        # Throughput and behaviour are measured here, not the rate limits (tests/hub/test_rate_limits.py).
        **dict.fromkeys(("HUB_RATE_LIMIT_LOGIN", "HUB_RATE_LIMIT_EVENTS", "HUB_RATE_LIMIT_GRAPHQL"), ""),
        "HUB_SECRET_KEY": "benchmark-secret-key-of-at-least-32-characters",
        "HUB_LOG_LEVEL": "WARNING",
        "HUB_MIGRATE_ON_START": "false",
        "HUB_CONNECTORS_FILE": str(connectors),
    }


# --- 1. inbound -----------------------------------------------------------------------------


def pushed(n: int, v_codes: list[str], *, dossier: str | None = None) -> tuple[bytes, dict[str, str]]:
    """Event `n`, alone in a request: of association n mod len(v_codes), about `dossier` (else
    one of 500)."""
    return signed(json.dumps(event(n, v_codes, dossier=dossier)), f"msg-{n}", "application/cloudevents+json")


def pushed_batch(n: int, size: int, v_codes: list[str]) -> tuple[bytes, dict[str, str]]:
    """Events n*size to (n+1)*size-1 in one request (a batch)."""
    events = [event(n * size + k, v_codes) for k in range(size)]
    return signed(json.dumps(events), f"batch-{n}", "application/cloudevents-batch+json")


def event(n: int, v_codes: list[str], *, dossier: str | None = None) -> dict[str, object]:
    v_code = v_codes[n % len(v_codes)]
    dossier_id = dossier or f"K-{n % 500}"
    return {
        "specversion": "1.0",
        "id": f"evt-{n}-{dossier_id}",
        "source": "https://kiosk.example",
        "subject": dossier_id,
        "type": "be.vlaanderen.vloket.dossier.gewijzigd",
        "datacontenttype": "application/json",
        "data": {
            "vCode": v_code,
            "dossierId": dossier_id,
            "titel": "Subsidie jeugdwerking",
            "status": "in_behandeling",
            "actieNodig": None,
            "deadline": None,
            "verwachteBeslissing": None,
            "link": f"https://kiosk.example/dossiers/{dossier_id}",
            "bijgewerktOp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        },
    }


def signed(body: str, message: str, content_type: str) -> tuple[bytes, dict[str, str]]:
    from standardwebhooks import Webhook

    now = datetime.now(UTC)
    return body.encode(), {
        "content-type": content_type,
        "webhook-id": message,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(SECRET).sign(message, now, body),
    }


async def load(
    base: str, requests: list[tuple[bytes, dict[str, str]]], seconds: float, concurrency: int
) -> tuple[int, list[float], int]:
    """Post the signed deliveries until `seconds` pass; (events accepted, latencies, refused)."""
    latencies: list[float] = []
    accepted = refused = 0
    position = 0
    deadline = time.perf_counter() + seconds

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal accepted, refused, position
        while time.perf_counter() < deadline and position < len(requests):
            body, headers = requests[position]
            position += 1
            start = time.perf_counter()
            async with session.post(f"{base}/events/kiosk", data=body, headers=headers) as answer:
                answered = await answer.read()
                if answer.status == 202:
                    accepted += json.loads(answered)["aanvaard"]
                    latencies.append(time.perf_counter() - start)
                else:
                    refused += 1

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    return accepted, latencies, refused


def inbound(
    server: str, workdir: Path, processes: int, seconds: float, concurrency: int, batch: int = 1
) -> str:
    with scratch_database(server) as url:
        v_codes = prepare(url)
        port = free_port()
        vloket = str(Path(sys.executable).with_name("vloket"))
        env = environment(url, connectors_file(workdir, None))
        with (workdir / f"hub-{port}.log").open("ab") as log:
            hub = subprocess.Popen(  # noqa: S603
                [vloket, "serve", "--port", str(port), "--workers", str(processes)],
                env=env,
                cwd=workdir,
                stderr=log,
                start_new_session=True,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(f"{base}/readyz")
            count = int(seconds * 3000 / batch) + 200
            requests = [
                pushed(n, v_codes) if batch == 1 else pushed_batch(n, batch, v_codes) for n in range(count)
            ]
            asyncio.run(load(base, requests[:200], 2.0, concurrency))  # warm up
            began = time.perf_counter()
            accepted, latencies, refused = asyncio.run(load(base, requests[200:], seconds, concurrency))
            took = time.perf_counter() - began
        finally:
            stop(hub)
    each = "one event per request" if batch == 1 else f"batches of {batch}"
    return (
        f"| inbound, {processes} hub process{'es' if processes > 1 else ''}, {each} | "
        f"{accepted / took:,.0f} events/s | "
        f"p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms | "
        f"{refused} refused |"
    )


# --- 2. outbound ----------------------------------------------------------------------------


class Arrivals:
    """The subscriber: when each (vCode, versie) arrived, first time only, and how long after
    its change (the event's `time`, set inside the change's transaction just before its commit:
    a latency a little longer than from the commit itself)."""

    def __init__(self) -> None:
        self.at: dict[tuple[str, int], float] = {}
        self.latency: dict[tuple[str, int], float] = {}
        self.order: dict[str, list[int]] = {}
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.expected = 0

    async def hook(self, request: Request) -> Response:
        body = await request.body()
        arrived = time.time()
        event = json.loads(body)
        data = event["data"]
        key = (data["vCode"], data["versie"])
        changed = datetime.fromisoformat(event["time"]).timestamp()
        with self.lock:
            if key not in self.at:
                self.at[key] = arrived
                self.latency[key] = arrived - changed
                self.order.setdefault(data["vCode"], []).append(data["versie"])
                if len(self.at) >= self.expected > 0:
                    self.done.set()
        return Response(status_code=204)


def outbound(server: str, workdir: Path, workers: int, seconds: float, rate: int) -> str:
    from connectors.sdk.http import http_client
    from connectors.sdk.testkit.loopback import serving
    from hub.events.engine import Engine, engine_app
    from hub.events.outbound import Afleveraar
    from hub.events.retry import Backoff
    from registry.associations import onderdelen
    from registry.associations.commands import Actor, ContactgegevenWijziging
    from registry.associations.service import VerenigingenRegister
    from registry.db import Database
    from registry.uitgaand.service import Uitgaand

    arrivals = Arrivals()
    with (
        scratch_database(server) as url,
        serving(Starlette(routes=[Route("/hook", arrivals.hook, methods=["POST"])])) as base,
    ):
        v_codes = prepare(url)
        env = environment(url, connectors_file(workdir, f"{base}/hook"))
        vloket = str(Path(sys.executable).with_name("vloket"))
        running = []
        for n in range(workers):
            with (workdir / f"worker-{n}.log").open("ab") as log:
                running.append(
                    subprocess.Popen(  # noqa: S603
                        [vloket, "worker", "--concurrency", "20"],
                        env=env,
                        cwd=workdir,
                        stderr=log,
                        start_new_session=True,
                    )
                )
        committed: list[tuple[str, int]] = []
        # Ready once the registrations made before they started have reached the subscriber.
        arrivals.expected = ASSOCIATIONS
        if not arrivals.done.wait(timeout=120):
            raise RuntimeError(f"the workers delivered {len(arrivals.at)} of {ASSOCIATIONS} registrations")
        arrivals.done.clear()

        async def changes() -> int:
            db = Database(url)
            http = http_client()  # unused here: this process only hands changes over, as a hub does
            engine = Engine(
                engine_app(url, pool_size=4),
                Afleveraar(Uitgaand(db), {}, http, source="", max_pogingen=1, backoff=Backoff()),
            )
            register = VerenigingenRegister(db=db, secret=b"benchmark", gewijzigd=engine.meld)
            total = int(seconds * rate)
            arrivals.expected = total + ASSOCIATIONS  # the registrations are delivered too
            async with engine.app.open_async():
                start = time.perf_counter()
                tasks: list[asyncio.Task[None]] = []

                async def one(n: int) -> None:
                    v_code = v_codes[n % len(v_codes)]
                    vereniging = await register.get(v_code)
                    changed = await register.change(
                        v_code=v_code,
                        versie=vereniging.versie,
                        actor=Actor(door="benchmark"),
                        authorize=lambda _: None,
                        apply=lambda current, checks: onderdelen.wijzig_contactgegeven(
                            current, 1, ContactgegevenWijziging(waarde=f"nieuw{n}@x.be"), checks=checks
                        ),
                    )
                    committed.append((v_code, changed.versie))

                for n in range(total):
                    due = start + n / rate
                    delay = due - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    # One association's changes one after another (each needs the last versie).
                    if len(tasks) >= len(v_codes):
                        await tasks[-len(v_codes)]
                    tasks.append(asyncio.create_task(one(n)))
                await asyncio.gather(*tasks)
            await http.aclose()
            await db.dispose()
            return total

        try:
            began = time.perf_counter()
            asyncio.run(changes())
            made = len(committed) / (time.perf_counter() - began)
            arrivals.done.wait(timeout=120)
        finally:
            for process in running:
                stop(process)
    latencies = [arrivals.latency[key] * 1000 for key in committed if key in arrivals.latency]
    missing = len(committed) - len(latencies)
    in_order = all(order == sorted(order) for order in arrivals.order.values())
    return (
        f"| outbound, {workers} worker{'s' if workers > 1 else ''}, {made:.0f} changes/s | "
        f"p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {statistics.quantiles(latencies, n=20)[-1]:.0f} ms | "
        f"{len(latencies)} delivered, {missing} missing | {'in order' if in_order else 'OUT OF ORDER'} |"
    )


# --- 3. dossiers ----------------------------------------------------------------------------


def dossiers(server: str, reads: int) -> list[str]:
    """p50/p95 of one association's dossiers (5, each with 4 events of history) read from the
    hub's copy, against asking a service on loopback that answers the same after 20 ms."""
    from standardwebhooks import Webhook

    from connectors.sdk.http import http_client
    from connectors.sdk.testkit.loopback import serving
    from hub.events.cloudevents_push import read_cloudevents
    from registry.db import Database
    from registry.dossiers.service import Dossiers

    async def answer(request: Request) -> Response:
        await asyncio.sleep(0.020)
        return Response(json.dumps(document), media_type="application/json")

    document: list[dict[str, object]] = []
    rows: list[str] = []
    with scratch_database(server) as url, serving(Starlette(routes=[Route("/dossiers", answer)])) as base:
        v_codes = prepare(url)

        async def run() -> tuple[list[float], list[float]]:
            db = Database(url)
            copy = Dossiers(db)
            signer = Webhook(SECRET)
            for n in range(20):  # 5 dossiers of the first association, 4 events each
                body, headers = pushed(n * len(v_codes), v_codes, dossier=f"K-{n % 5}")
                events = read_cloudevents(signer, headers, "application/cloudevents+json", body, False)
                await copy.ontvang("kiosk", headers["webhook-id"], events)
            found = await copy.van(v_codes[0], bronnen=["kiosk"])
            document.extend({"dossierId": d.dossier_id, "status": d.stand.status} for d in found)
            local: list[float] = []
            remote: list[float] = []
            http = http_client(timeout=5)
            for _ in range(reads):
                start = time.perf_counter()
                await copy.van(v_codes[0], bronnen=["kiosk"])
                local.append((time.perf_counter() - start) * 1000)
            for _ in range(max(50, reads // 20)):
                start = time.perf_counter()
                (await http.get(f"{base}/dossiers")).json()
                remote.append((time.perf_counter() - start) * 1000)
            await http.aclose()
            await db.dispose()
            return local, remote

        local, remote = asyncio.run(run())
    for name, values in (("from the copy", local), ("asking the service (20 ms)", remote)):
        rows.append(
            f"| dossiers {name} | p50 {statistics.median(values):.2f} ms | "
            f"p95 {statistics.quantiles(values, n=20)[-1]:.2f} ms | {len(document)} dossiers |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 s per run")
    parser.add_argument("--only", choices=["inbound", "outbound", "dossiers"], help="one part only")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--batch", type=int, default=20, help="events per request in the batch rows")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    options = parser.parse_args()
    seconds = 3.0 if options.quick else options.seconds
    print(f"load average before: {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        if options.only in (None, "inbound"):
            for batch in (1, options.batch):
                for processes in (1, 2):
                    row = inbound(options.postgres, workdir, processes, seconds, options.concurrency, batch)
                    print(row, flush=True)
        if options.only in (None, "outbound"):
            for workers in (1, 2):
                print(outbound(options.postgres, workdir, workers, seconds, options.rate), flush=True)
        if options.only in (None, "dossiers"):
            for row in dossiers(options.postgres, 500 if options.quick else 2000):
                print(row, flush=True)
    print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
