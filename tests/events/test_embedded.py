"""The embedded worker (SQLite): a subscriber that hangs does not hold up another one, one hub
process at a time delivers when several share the file, and events wait in the outbox while a
subscriber of the connectors file did not load."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from standardwebhooks import Webhook

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk.http import http_client
from hub.events.abonnees import Abonnee
from hub.events.embedded import EmbeddedWorker
from hub.events.outbound import Afleveraar
from hub.events.retry import Backoff
from hub.events.wiring import held_back
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.uitgaand.model import Abonnement
from registry.uitgaand.service import Uitgaand
from tests.events.subscriber import SECRET, Subscriber, connectors_file, subscriber_on_loopback
from tests.events.test_outbound import new_association


@pytest.fixture
def two() -> Iterator[tuple[tuple[Subscriber, str], tuple[Subscriber, str]]]:
    hanging, healthy = Subscriber(hold_after=0), Subscriber()
    with subscriber_on_loopback(hanging) as hanging_url, subscriber_on_loopback(healthy) as healthy_url:
        yield (hanging, hanging_url), (healthy, healthy_url)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    client = http_client()
    yield client
    await client.aclose()


def afleveraar(
    db: Database, http: httpx.AsyncClient, subscribers: dict[str, str], **options: object
) -> Afleveraar:
    abonnees = {
        name: Abonnee(Abonnement(name, frozenset({"contactgegevens"})), url, Webhook(SECRET))
        for name, url in subscribers.items()
    }
    return Afleveraar(
        Uitgaand(db),
        abonnees,
        http,
        source="https://hub.example",
        max_pogingen=3,
        backoff=Backoff(),
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_hanging_subscriber_does_not_hold_up_another(
    register: VerenigingenRegister,
    db: Database,
    http: httpx.AsyncClient,
    two: tuple[tuple[Subscriber, str], tuple[Subscriber, str]],
) -> None:
    (hanging, hanging_url), (healthy, healthy_url) = two
    worker = EmbeddedWorker(
        afleveraar(db, http, {"a-hangt": hanging_url, "b-gezond": healthy_url}, timeout=60)
    )
    register.gewijzigd = worker.meld
    worker.start()
    try:
        await new_association(register, "Embedded Naast Elkaar")
        await asyncio.to_thread(hanging.holding.wait, 60)
        delivered = await asyncio.to_thread(healthy.wait_for, 1)
        still_hanging = not hanging.release.is_set()
    finally:
        hanging.release.set()
        await worker.stop()

    assert len(delivered) == 1
    assert still_hanging  # the healthy one had its event while the other still hung


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_one_process_at_a_time_delivers_from_a_shared_file(
    db: Database, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    lock = tmp_path / "hub.sqlite3.worker.lock"
    first = EmbeddedWorker(afleveraar(db, http, {}), lock_file=lock)
    second = EmbeddedWorker(afleveraar(db, http, {}), lock_file=lock)

    assert first.delivers()
    assert not second.delivers()
    await first.stop()  # its process ends: the lock goes with it
    assert second.delivers()
    await second.stop()


async def test_events_wait_while_a_subscriber_in_the_connectors_file_did_not_load(
    register: VerenigingenRegister, db: Database, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    path = connectors_file(tmp_path, "http://a..b/hook")  # refused when the file is loaded
    settings = Settings(connectors_file=path)
    running = [Kiosk(KioskConfig(name="gemeente", base_url="http://127.0.0.1:9"))]
    reason = held_back(settings, running)
    deliverer = afleveraar(db, http, {"gemeente": "http://127.0.0.1:9/hook"}, vasthouden=reason)
    await new_association(register, "Embedded Wacht Op Abonnee")

    distributed = await deliverer.verdeel()
    stand = await deliverer.uitgaand.stand()
    await running[0].aclose()

    assert reason == "subscribers in the connectors file did not load: kiosk (see the warnings at start)"
    assert distributed == set()
    assert stand.te_verdelen == 1
    assert held_back(settings, [Kiosk(KioskConfig(name="kiosk", base_url="http://127.0.0.1:9"))]) is None
