"""Two hub processes behind HAProxy on one PostgreSQL and one Redis, as `compose.yaml` runs them:
a person who logs in through the load balancer is known at either replica; under a minute of
load one replica is killed (SIGKILL) and started again, and no request fails but those that
were in flight on it; every pushed event is taken exactly once.

The figures (requests, failures, how long the replica was away) are printed for the README."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import httpx
import psycopg
import pytest

from connectors.sdk.testkit import serving
from demo.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
from demo.personas import AN, DEMO_CLIENT_ID, PERSONAS
from hub.migrate import upgrade_store
from hub.settings import Settings
from tests.auth.conftest import real_redis_url
from tests.conftest import require_postgres
from tests.devidp.login_flow import log_in_at_hub
from tests.events.test_inbound import SECRET, gewijzigd, signed
from tests.utils.servers import free_port
from tests.utils.services import (
    TEST_SECRET,
    libpq_url,
    scratch_postgres_database,
    services_required,
)

__all__ = ["real_redis_url"]

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
        vloket = Path(sys.executable).with_name("vloket")
        with (self.workdir / f"hub-{self.port}.log").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own console script
                [str(vloket), "serve", "--port", str(self.port)],
                cwd=self.workdir,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        wait_ready(f"{self.url}/readyz", self.process)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


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


HAPROXY_CONFIG = """
global
    maxconn 1000
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
    default-server inter 500ms fall 1 rise 2
    server one 127.0.0.1:{one} check
    server other 127.0.0.1:{other} check
"""


@dataclass
class Stack:
    load_balancer: str
    hubs: list[Hub]
    idp: str
    database_url: str


@pytest.fixture
def stack(settings: Settings, tmp_path: Path, real_redis_url: str) -> Iterator[Stack]:
    haproxy = haproxy_or_skip()
    require_postgres(settings)
    lb_port, idp_port = free_port(), free_port()
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
        f'webhook_secret = "{SECRET}"\npushes_dossiers = true\n',
        "utf-8",
    )
    with scratch_postgres_database(settings) as database_url, serving(idp, port=idp_port):
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
        config.write_text(HAPROXY_CONFIG.format(port=lb_port, one=hubs[0].port, other=hubs[1].port), "utf-8")
        balancer = None
        try:
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
            yield Stack(lb, hubs, idp_url, database_url)
        finally:
            if balancer is not None:
                balancer.terminate()
                balancer.wait(timeout=20)
            for hub in hubs:
                hub.stop()


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


async def load(stack: Stack, tally: Tally, started: float, until: float) -> None:
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

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(reader(session) for _ in range(CLIENTS)), pusher(session))


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


async def test_a_replica_killed_under_load_costs_only_its_requests_in_flight(stack: Stack) -> None:
    tally = Tally()
    started = time.monotonic()
    loading = asyncio.ensure_future(load(stack, tally, started, started + LOAD_SECONDS))
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
        f"{sum(1 for t in tally.taken.values() if t > 1)} sent again"
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
