"""The job engine on PostgreSQL (procrastinate): workers deliver every change in order per
association, wait out a subscriber that is down, and lose nothing when one is killed mid-delivery."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
from standardwebhooks import Webhook

from connectors.sdk.http import http_client
from hub.events.abonnees import Abonnee
from hub.events.engine import Engine, engine_app
from hub.events.outbound import Afleveraar
from hub.events.retry import Backoff
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.uitgaand.model import Abonnement
from registry.uitgaand.service import Uitgaand
from tests.events.subscriber import SECRET, Subscriber, connectors_file, subscriber_on_loopback
from tests.events.test_outbound import add_email, new_association
from tests.utils.services import TEST_SECRET, libpq_url

pytestmark = pytest.mark.postgres


@pytest.fixture
async def db(engine_database: str) -> AsyncIterator[Database]:
    database = Database(engine_database)
    yield database
    await database.dispose()


@pytest.fixture
def subscriber() -> Iterator[tuple[Subscriber, str]]:
    found = Subscriber()
    with subscriber_on_loopback(found) as url:
        yield found, url


@pytest.fixture
async def engine(
    engine_database: str, db: Database, subscriber: tuple[Subscriber, str]
) -> AsyncIterator[Engine]:
    _, url = subscriber
    http = http_client()
    afleveraar = Afleveraar(
        Uitgaand(db),
        {"kiosk": Abonnee(Abonnement("kiosk", frozenset({"contactgegevens"})), url, Webhook(SECRET))},
        http,
        source="https://hub.example",
        max_pogingen=10,
        backoff=Backoff(first=0.5, cap=1.0),
    )
    jobs = Engine(engine_app(engine_database), afleveraar, repair_seconds=60)
    async with jobs.app.open_async():
        yield jobs
    await http.aclose()


async def run_changes(
    register: VerenigingenRegister, associations: int, changes: int, *, soort: str = "Motor"
) -> list[str]:
    async def one(number: int) -> str:
        vereniging = await new_association(register, f"{soort} Vereniging {number}")
        for change in range(changes):
            vereniging = await add_email(register, vereniging, f"adres{change}@motor{number}.be")
        return vereniging.v_code

    return list(await asyncio.gather(*(one(number) for number in range(associations))))


async def worker(jobs: Engine) -> asyncio.Task[None]:
    return asyncio.create_task(
        jobs.app.run_worker_async(
            concurrency=4,
            install_signal_handlers=False,
            delete_jobs="successful",
            fetch_job_polling_interval=0.2,
        )
    )


async def stop(task: asyncio.Task[None]) -> None:
    """Cancelling the worker stops it gracefully: the jobs under way finish first."""
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_workers_deliver_every_change_in_order_per_association(
    db: Database, engine: Engine, subscriber: tuple[Subscriber, str]
) -> None:
    receiver, _ = subscriber
    register = VerenigingenRegister(db=db, secret=TEST_SECRET, gewijzigd=engine.meld)
    running = await worker(engine)
    try:
        v_codes = await run_changes(register, associations=3, changes=4)
        await asyncio.to_thread(receiver.wait_for, 15)
    finally:
        await stop(running)  # once the jobs under way are done
    stand = await engine.afleveraar.uitgaand.stand()

    assert receiver.versions() == {v_code: [1, 2, 3, 4, 5] for v_code in v_codes}
    assert stand.per_status == {"wachtend": 0, "afgeleverd": 15, "mislukt": 0}
    assert stand.te_verdelen == 0


async def test_a_subscriber_down_for_a_while_gets_every_event_in_order_after_it_returns(
    db: Database, engine: Engine, subscriber: tuple[Subscriber, str]
) -> None:
    receiver, _ = subscriber
    receiver.status = 503
    register = VerenigingenRegister(db=db, secret=TEST_SECRET, gewijzigd=engine.meld)
    running = await worker(engine)
    try:
        v_codes = await run_changes(register, associations=2, changes=2)
        await asyncio.to_thread(receiver.wait_for, 4)  # four refused attempts at least
        failing = await engine.afleveraar.uitgaand.lijst(status="wachtend")
        receiver.status = 204
        await asyncio.to_thread(receiver.wait_for, 6)
    finally:
        await stop(running)
    stand = await engine.afleveraar.uitgaand.stand()

    assert receiver.versions() == {v_code: [1, 2, 3] for v_code in v_codes}
    assert any(item.pogingen >= 1 and item.laatste_fout == "HTTP 503" for item in failing)
    assert stand.per_status == {"wachtend": 0, "afgeleverd": 6, "mislukt": 0}


def start_worker(url: str, connectors_file: Path, workdir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HUB_DATABASE_URL": url,
        "HUB_CONNECTORS_FILE": str(connectors_file),
        "HUB_SECRET_KEY": TEST_SECRET.decode(),
        "HUB_LOG_LEVEL": "WARNING",
        "HUB_WORKER_HEARTBEAT_SECONDS": "0.5",
        "HUB_WORKER_POLL_SECONDS": "0.2",
        "HUB_WORKER_STALLED_SECONDS": "2",
        "HUB_EVENTS_REPAIR_SECONDS": "1",
        "HUB_EVENTS_BACKOFF_SECONDS": "0.5",
        "HUB_EVENTS_BACKOFF_CAP_SECONDS": "1",
    }
    vloket = Path(sys.executable).with_name("vloket")
    return subprocess.Popen(  # noqa: S603 - our own console script
        [str(vloket), "worker", "--concurrency", "4"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def test_a_worker_killed_mid_delivery_loses_nothing_and_the_next_one_finishes(
    engine_database: str, db: Database, subscriber: tuple[Subscriber, str], tmp_path: Path
) -> None:
    receiver, url = subscriber
    receiver.hold_after = 5  # the sixth delivery hangs until the worker is dead
    subscriptions = connectors_file(tmp_path, url)
    register = VerenigingenRegister(db=db, secret=TEST_SECRET)  # no hand-over: the worker repairs
    v_codes = await run_changes(register, associations=4, changes=4)

    first = start_worker(engine_database, subscriptions, tmp_path)
    try:
        held = await asyncio.to_thread(receiver.holding.wait, 60)
        assert held, first.stderr.read().decode() if first.poll() is not None and first.stderr else ""
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
    receiver.release.set()
    second = start_worker(engine_database, subscriptions, tmp_path)
    try:
        await asyncio.to_thread(receiver.wait_for, 20)
    finally:
        second.terminate()  # SIGTERM: it finishes the jobs under way, then stops
        _, stderr = second.communicate(timeout=30)
    stand = await Uitgaand(db).stand()

    assert first.returncode == -signal.SIGKILL
    assert receiver.versions() == {v_code: [1, 2, 3, 4, 5] for v_code in v_codes}
    assert len(set(receiver.received)) == 20 <= len(receiver.received)
    assert stand.per_status == {"wachtend": 0, "afgeleverd": 20, "mislukt": 0}, stderr.decode()


def terminate_connections(url: str) -> int:
    """End every other session on the database, as an operator's `pg_terminate_backend` or a
    failover does; how many were ended."""
    with psycopg.connect(libpq_url(url), autocommit=True) as admin:
        [(ended,)] = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return int(ended)


async def test_a_worker_whose_database_connections_are_terminated_goes_on_delivering(
    engine_database: str, db: Database, subscriber: tuple[Subscriber, str], tmp_path: Path
) -> None:
    receiver, url = subscriber
    register = VerenigingenRegister(db=db, secret=TEST_SECRET)  # no hand-over: the worker repairs
    before = await run_changes(register, associations=2, changes=1)
    running = start_worker(engine_database, connectors_file(tmp_path, url), tmp_path)
    try:
        await asyncio.to_thread(receiver.wait_for, 4)
        after = []
        ended = 0
        for round in range(5):  # while the worker is busy with what the last round changed
            after += await run_changes(register, associations=2, changes=1, soort=f"Fiets{round}")
            ended += terminate_connections(engine_database)
        try:
            await asyncio.to_thread(receiver.wait_for, 24)
            missing = ""
        except AssertionError as error:
            missing = str(error)
        still_running = running.poll() is None
    finally:
        running.terminate()
        _, stderr = running.communicate(timeout=30)

    assert not missing, f"{missing}; the worker said: {stderr.decode()}"
    assert ended >= 2  # the worker's pool and its listener at least
    assert still_running, stderr.decode()
    assert receiver.versions() == {v_code: [1, 2] for v_code in before + after}
