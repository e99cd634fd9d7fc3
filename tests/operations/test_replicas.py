"""Two hub processes and two workers behind HAProxy on one PostgreSQL and one Redis, as
`compose.yaml` runs them: a person who logs in through the load balancer is known at either
replica; under a minute of load one replica is killed (SIGKILL) and started again, and no request
fails but those that were in flight on it; every pushed event is taken exactly once, and every
change made meanwhile reaches the subscriber once, in order.

The figures (requests, failures, how long the replica was away) are printed for the README."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import psycopg
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from connectors.sdk.events import VerenigingGewijzigd
from connectors.sdk.subscription import Ontvangen, read_vereniging_gewijzigd
from demo.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
from demo.loadbalancer import haproxy_config
from demo.personas import AN, DEMO_CLIENT_ID, PERSONAS
from hub.migrate import upgrade_store
from hub.settings import Settings
from tests.conftest import require_postgres
from tests.devidp.login_flow import log_in, log_in_at_hub
from tests.events.test_inbound import SECRET, gewijzigd, signed
from tests.utils.servers import free_port, serving_all
from tests.utils.services import (
    TEST_SECRET,
    libpq_url,
    require_redis,
    scratch_postgres_database,
    services_required,
)

LOAD_SECONDS = 60.0
KILL_AFTER = 20.0
CLIENTS = 8
CLIENT_SECRET = "replica-test-client-secret-of-32-chars"
PUBLIC = '{ vereniging(vCode: "V0001001") { naam } }'


def haproxy_or_skip() -> str:
    found = shutil.which("haproxy")
    if found is None:
        problem = "HAProxy is not installed (apt-get install haproxy)"
        if services_required():
            pytest.fail(problem)
        pytest.skip(problem)
    return found


@dataclass
class Hub:
    port: int
    env: dict[str, str]
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = vloket(self.env, self.workdir, f"hub-{self.port}", "serve", "--port", str(self.port))
        wait_ready(f"{self.url}/readyz", self.process)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def vloket(env: dict[str, str], workdir: Path, name: str, *arguments: str) -> subprocess.Popen[bytes]:
    """Our console script in its own process group, its log in `workdir/<name>.log`."""
    command = Path(sys.executable).with_name("vloket")
    with (workdir / f"{name}.log").open("ab") as log:
        return subprocess.Popen(  # noqa: S603 - our own console script
            [str(command), *arguments],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Subscriber:
    """The receiving end of the kiosk's subscription: every event delivered, as it arrived."""

    def __init__(self) -> None:
        self.received: list[Ontvangen[VerenigingGewijzigd]] = []
        self.app = Starlette(routes=[Route("/events", self.receive, methods=["POST"])])
        self._arrived = threading.Condition()

    async def receive(self, request: Request) -> Response:
        event = read_vereniging_gewijzigd(SECRET, request.headers, await request.body())
        with self._arrived:
            self.received.append(event)
            self._arrived.notify_all()
        return Response(status_code=204)

    def wait_for(self, v_code: str, count: int, seconds: float = 60) -> None:
        """Until `count` events of `v_code` arrived (or `seconds` passed)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.versions(v_code)) >= count, seconds)

    def versions(self, v_code: str) -> list[int]:
        return [event.data.versie for event in self.received if event.data.v_code == v_code]


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{url} did not become ready")
        time.sleep(0.05)


@dataclass
class Stack:
    load_balancer: str
    hubs: list[Hub]
    idp: str
    client: DevClient
    database_url: str
    subscriber: Subscriber


@pytest.fixture(scope="module")
def stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One stack for this module's tests: its start-up is the dearest part of each, and the test
    that kills a replica starts it again."""
    haproxy = haproxy_or_skip()
    require_postgres(settings)
    real_redis_url = require_redis(settings, empty=True)
    tmp_path = tmp_path_factory.mktemp("replicas")
    lb_port, idp_port, subscriber_port = free_port(), free_port(), free_port()
    lb = f"http://127.0.0.1:{lb_port}"
    idp_url = f"http://127.0.0.1:{idp_port}"
    hub_client = DevClient(
        DEMO_CLIENT_ID, CLIENT_SECRET, (f"{lb}/auth/callback",), post_logout_redirect_uris=(f"{lb}/",)
    )
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam, p.rollen) for p in PERSONAS)
    idp = create_devidp(DevIdpConfig(issuer=idp_url, personas=personas, clients=(hub_client,)))
    connectors = tmp_path / "connectors.toml"
    connectors.write_text(
        f'[[connector]]\nkind = "kiosk"\nname = "kiosk"\nbase_url = "http://127.0.0.1:{free_port()}"\n'
        f'webhook_secret = "{SECRET}"\npushes_dossiers = true\n'
        "[connector.abonnement]\n"
        f'webhook_url = "http://127.0.0.1:{subscriber_port}/events"\ndelen = ["basisgegevens"]\n',
        "utf-8",
    )
    subscriber = Subscriber()
    with (
        scratch_postgres_database(settings) as database_url,
        serving_all({idp_port: idp, subscriber_port: subscriber.app}),
    ):
        upgrade_store(database_url)
        _seed(database_url)
        env = {
            **os.environ,
            "HUB_DATABASE_URL": database_url,
            "HUB_REDIS_URL": real_redis_url,
            "HUB_SECRET_KEY": TEST_SECRET.decode(),
            "HUB_OIDC_ISSUER": idp_url,
            "HUB_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "HUB_PUBLIC_URL": lb,
            "HUB_MIGRATE_ON_START": "false",
            "HUB_CONNECTORS_FILE": str(connectors),
            "HUB_LOG_LEVEL": "WARNING",
            **dict.fromkeys(("HUB_RATE_LIMIT_LOGIN", "HUB_RATE_LIMIT_EVENTS", "HUB_RATE_LIMIT_GRAPHQL"), ""),
        }
        hubs = [Hub(free_port(), env, tmp_path), Hub(free_port(), env, tmp_path)]
        config = tmp_path / "haproxy.cfg"
        config.write_text(haproxy_config(lb_port, [hub.port for hub in hubs]), "utf-8")
        balancer = None
        workers: list[subprocess.Popen[bytes]] = []
        try:
            workers = [vloket(env, tmp_path, f"worker-{n}", "worker") for n in (1, 2)]
            for hub in hubs:
                hub.start()
            balancer = subprocess.Popen(  # noqa: S603 - a fixed command
                [haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{lb}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "HAProxy did not answer"
                time.sleep(0.05)
            yield Stack(lb, hubs, idp_url, hub_client, database_url, subscriber)
        finally:
            if balancer is not None:
                balancer.terminate()
                balancer.wait(timeout=20)
            for hub in hubs:
                hub.stop()
            for worker in workers:
                stop(worker)


def _seed(database_url: str) -> None:
    """The demo associations, as `vloket demo` seeds them."""
    from demo.verenigingen import seed
    from registry.associations.service import VerenigingenRegister
    from registry.db import Database

    async def seeding() -> None:
        db = Database(database_url)
        try:
            await seed(VerenigingenRegister(db=db, secret=TEST_SECRET))
        finally:
            await db.dispose()

    asyncio.run(seeding())


async def test_a_person_logged_in_through_the_load_balancer_is_known_at_either_replica(stack: Stack) -> None:
    async with httpx.AsyncClient(follow_redirects=False, timeout=30) as browser:
        welcome = await log_in_at_hub(browser, stack.load_balancer, AN.insz)
        assert welcome.status_code == 200
        pages = [await browser.get(f"{hub.url}/") for hub in stack.hubs]

    for page in pages:
        assert page.status_code == 200
        assert 'action="/auth/logout"' in page.text  # logged in, at this replica too
        assert AN.voornaam in page.text


@dataclass
class Tally:
    answered: int = 0
    failed: list[float] = field(default_factory=list)
    """When each failed request was sent (seconds since the load began)."""
    taken: dict[str, int] = field(default_factory=dict)
    """Each pushed event's id, and how many tries its delivery took."""
    changes: int = 0
    """Changes of the register the hub answered as made."""


async def load(stack: Stack, tally: Tally, started: float, until: float, token: str) -> None:
    async def reader(session: aiohttp.ClientSession) -> None:
        while time.monotonic() < until:
            sent = time.monotonic() - started
            try:
                async with session.post(f"{stack.load_balancer}/graphql", json={"query": PUBLIC}) as answer:
                    body = await answer.json(content_type=None)
                    ok = answer.status == 200 and "errors" not in body
            except (aiohttp.ClientError, json.JSONDecodeError, TimeoutError):
                ok = False
            if ok:
                tally.answered += 1
            else:
                tally.failed.append(sent)

    async def pusher(session: aiohttp.ClientSession) -> None:
        number = 0
        while time.monotonic() < until:
            number += 1
            event_id = f"evt-{number}-{uuid.uuid4().hex[:8]}"
            body = json.dumps(gewijzigd(event_id, dossier_id=f"KIOSK-{number:05d}", bijgewerkt_op=_now()))
            headers = signed(body, webhook_id=f"msg-{event_id}")
            tries = 0
            while True:  # a delivery that got no 202 is sent again, the same, as a service does
                tries += 1
                try:
                    async with session.post(
                        f"{stack.load_balancer}/events/kiosk", data=body, headers=headers
                    ) as a:
                        if a.status == 202:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            tally.taken[event_id] = tries

    async def changer(session: aiohttp.ClientSession) -> None:
        """A representative correcting the short description again and again; after a failure
        (the replica killed under the change) it reads the version anew, as the portal does."""
        chosen = await graphql(
            session, stack, token, 'mutation { kiesVereniging(vCode: "V0001001") { __typename } }'
        )
        assert "errors" not in chosen, chosen
        number = 0
        while time.monotonic() < until:
            number += 1
            sent = time.monotonic() - started
            try:
                read = await graphql(session, stack, token, VERSIE)
                versie = read["data"]["vereniging"]["versie"]
                sent = time.monotonic() - started
                changed = await graphql(session, stack, token, WIJZIG, versie=versie, tekst=f"Ronde {number}")
                ok = "errors" not in changed
            except (aiohttp.ClientError, json.JSONDecodeError, TimeoutError, KeyError, TypeError):
                ok = False
            if ok:
                tally.changes += 1
            else:
                tally.failed.append(sent)

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(reader(session) for _ in range(CLIENTS)), pusher(session), changer(session))


VERSIE = '{ vereniging(vCode: "V0001001") { versie } }'
WIJZIG = """
mutation($versie: Int!, $tekst: String!) {
  wijzigBasisgegevens(vCode: "V0001001", versie: $versie, input: {korteBeschrijving: $tekst}) { versie }
}
"""


async def graphql(
    session: aiohttp.ClientSession, stack: Stack, token: str, query: str, **variables: object
) -> dict[str, Any]:
    async with session.post(
        f"{stack.load_balancer}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    ) as answer:
        body: dict[str, Any] = await answer.json(content_type=None)
        return body


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


async def test_a_replica_killed_under_load_costs_only_its_requests_in_flight(stack: Stack) -> None:
    async with httpx.AsyncClient(follow_redirects=False) as browser, httpx.AsyncClient() as backend:
        token = (await log_in(browser, backend, stack.idp, stack.client, insz=AN.insz)).access_token
    with psycopg.connect(libpq_url(stack.database_url)) as connection:
        [(first_version,)] = connection.execute("SELECT versie FROM vereniging WHERE v_code = 'V0001001'")
    tally = Tally()
    started = time.monotonic()
    loading = asyncio.ensure_future(load(stack, tally, started, started + LOAD_SECONDS, token))
    await asyncio.sleep(KILL_AFTER)
    victim = stack.hubs[0]
    await asyncio.to_thread(victim.kill)
    killed_at = time.monotonic() - started
    await asyncio.to_thread(victim.start)
    back_at = time.monotonic() - started
    await loading

    print(
        f"\nreplicas: {tally.answered + len(tally.failed)} requests in {LOAD_SECONDS:.0f} s, "
        f"{len(tally.failed)} failed (at {[round(t, 2) for t in tally.failed]} s); replica killed at "
        f"{killed_at:.2f} s and ready again at {back_at:.2f} s; {len(tally.taken)} events pushed, "
        f"{sum(1 for t in tally.taken.values() if t > 1)} sent again; {tally.changes} changes"
    )
    # Only requests in flight on the killed replica fail: each was sent before the replica was
    # gone (every request after it goes to the other), none long before.
    assert all(killed_at - 10 <= sent <= killed_at for sent in tally.failed)
    assert tally.answered > 100
    # Every pushed event is in the store exactly once.
    with psycopg.connect(libpq_url(stack.database_url)) as connection:
        rows = connection.execute("SELECT id, count(*) FROM dossier_gebeurtenis GROUP BY id").fetchall()
    stored: dict[str, int] = dict(rows)
    assert set(stored) == set(tally.taken)
    assert set(stored.values()) == {1}
    # Every change committed (the registration by the seed, those answered, and any the killed
    # replica made but could not answer) reaches the subscriber through the workers once, in the
    # order of the versions.
    with psycopg.connect(libpq_url(stack.database_url)) as connection:
        [(last_version,)] = connection.execute("SELECT versie FROM vereniging WHERE v_code = 'V0001001'")
    assert last_version - first_version >= tally.changes > 10
    expected = list(range(1, last_version + 1))
    await asyncio.to_thread(stack.subscriber.wait_for, "V0001001", len(expected))
    assert stack.subscriber.versions("V0001001") == expected
    assert len({event.id for event in stack.subscriber.received}) == len(stack.subscriber.received)
