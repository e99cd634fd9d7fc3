"""`vloket events` and `vloket worker` through their command line, and the delivery queue on
/metrics: what an operator sees of deliveries that wait, failed or were parked, and what they can
do about it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from standardwebhooks import Webhook
from typer.testing import CliRunner, Result

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk.http import http_client
from hub.app import create_app
from hub.cli import app as vloket
from hub.events.abonnees import Abonnee
from hub.events.outbound import Afleveraar
from hub.events.retry import AfleveringMislukt, Backoff
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.uitgaand.model import Abonnement, Paar
from registry.uitgaand.service import Uitgaand
from tests.events.subscriber import SECRET, Subscriber, connectors_file, subscriber_on_loopback
from tests.events.test_outbound import add_email, new_association
from tests.utils.services import TEST_SECRET

SCRAPER_TOKEN = "s" * 40


def run(database_url: str, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    environment = {
        "COLUMNS": "250",
        "HUB_DATABASE_URL": database_url,
        "HUB_CONNECTORS_FILE": None,
        **(env or {}),
    }
    return CliRunner().invoke(vloket, list(args), env=environment)


@pytest.fixture
def store(tmp_path: Path, migrated_sqlite: Path) -> str:
    path = tmp_path / "hub.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def subscriber() -> Iterator[tuple[Subscriber, str]]:
    found = Subscriber()
    with subscriber_on_loopback(found) as url:
        yield found, url


def parked_deliveries(url: str, webhook_url: str) -> str:
    """One association with two changes whose deliveries were parked (the subscriber refused
    twice, the most allowed); its vCode."""

    async def build() -> str:
        db = Database(url)
        http = http_client()
        try:
            register = VerenigingenRegister(db=db, secret=TEST_SECRET)
            vereniging = await add_email(
                register, await new_association(register, "CLI Vereniging"), "a@cli.be"
            )
            abonnee = Abonnee(
                Abonnement("kiosk", frozenset({"contactgegevens"})), webhook_url, Webhook(SECRET)
            )
            afleveraar = Afleveraar(
                Uitgaand(db),
                {"kiosk": abonnee},
                http,
                source="https://hub.example",
                max_pogingen=1,
                backoff=Backoff(),
            )
            await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
            with pytest.raises(AfleveringMislukt, match="parked"):
                await afleveraar.lever(Paar("kiosk", vereniging.v_code))
            return vereniging.v_code
        finally:
            await http.aclose()
            await db.dispose()

    return asyncio.run(build())


def test_list_shows_parked_deliveries_and_retry_puts_them_back(
    store: str, subscriber: tuple[Subscriber, str], tmp_path: Path
) -> None:
    receiver, url = subscriber
    receiver.status = 503
    v_code = parked_deliveries(store, url)
    env = {"HUB_CONNECTORS_FILE": str(connectors_file(tmp_path, url))}

    listed = run(store, "events", "list", "--status", "mislukt", env=env)
    waiting = run(store, "events", "list", env=env)
    retried = run(store, "events", "retry", "--all", env=env)
    after = run(store, "events", "list", "--status", "wachtend", env=env)

    assert listed.exit_code == 0, listed.output
    rows = [line for line in listed.stdout.splitlines() if v_code in line]
    assert [("mislukt" in row) for row in rows] == [True, True], listed.stdout
    assert "HTTP 503" in rows[0]
    assert "wachtend 0, afgeleverd 0, mislukt 2" in listed.stderr
    assert "kiosk: wachtend 0 (waarvan 0 na een mislukte poging), afgeleverd 0, mislukt 2" in listed.stderr
    assert v_code not in waiting.stdout
    assert retried.exit_code == 0, retried.output
    assert "back in the queue: 2 parked deliveries, of 1 subscriber-association pairs" in retried.stderr
    assert len([line for line in after.stdout.splitlines() if v_code in line]) == 2
    assert "wachtend 2, afgeleverd 0, mislukt 0" in after.stderr


def test_replay_queues_a_subscribers_events_since_a_moment(
    store: str, subscriber: tuple[Subscriber, str], tmp_path: Path
) -> None:
    receiver, url = subscriber
    receiver.status = 503
    parked_deliveries(store, url)
    env = {"HUB_CONNECTORS_FILE": str(connectors_file(tmp_path, url))}
    since = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds").replace("+00:00", "")

    replayed = run(store, "events", "replay", "kiosk", "--since", since, env=env)
    later = run(store, "events", "replay", "kiosk", "--since", "2999-01-01T00:00:00", env=env)
    unknown = run(store, "events", "replay", "gemeente-x", "--since", since, env=env)

    assert replayed.exit_code == 0, replayed.output
    assert "queued again: the events of 1 associations" in replayed.stderr
    assert "the events of 0 associations" in later.stderr
    assert unknown.exit_code == 2
    assert "'gemeente-x' subscribes to nothing: known subscribers are kiosk" in unknown.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("events", "list", "--status", "kwijt"),
            "--status: one of wachtend, afgeleverd, mislukt, not 'kwijt'",
        ),
        (("events", "retry"), "name the deliveries to retry, or give --all"),
        (("events", "retry", "3", "--all"), "name the deliveries to retry, or give --all"),
        (("events", "retry", "99999999999999999999"), "Invalid value for 'ids'"),
        (("events", "retry", "0"), "Invalid value for 'ids'"),
    ],
)
def test_wrong_use_is_refused_with_what_to_do(store: str, args: tuple[str, ...], said: str) -> None:
    result = run(store, *args)

    assert result.exit_code == 2
    assert said in result.stderr


def test_retrying_a_delivery_that_is_not_parked_names_it(store: str) -> None:
    result = run(store, "events", "retry", "424242")

    assert result.exit_code == 1
    assert "back in the queue: 0 parked deliveries" in result.stderr
    assert "not parked (unknown, waiting or delivered): 424242" in result.stderr


def test_a_worker_on_sqlite_says_the_hub_delivers_itself(store: str) -> None:
    result = run(store, "worker")

    assert result.exit_code == 2
    assert "vloket worker needs PostgreSQL" in result.stderr
    assert "`vloket serve` delivers events itself" in result.stderr


async def test_metrics_show_the_delivery_queue(store: str, subscriber: tuple[Subscriber, str]) -> None:
    receiver, url = subscriber
    receiver.status = 503
    await asyncio.to_thread(parked_deliveries, store, url)
    db = Database(store)
    register = VerenigingenRegister(db=db, secret=TEST_SECRET)
    wacht = await new_association(register, "CLI Wacht Nog")
    kiosk = Kiosk(
        KioskConfig.model_validate(
            {
                "name": "kiosk",
                "base_url": "http://127.0.0.1:9",
                "webhook_secret": SECRET,
                "abonnement": {"webhook_url": url, "delen": ["contactgegevens"]},
            }
        )
    )
    settings = Settings(database_url=store, metrics_token=SCRAPER_TOKEN, secret_key=TEST_SECRET.decode())
    hub = create_app(settings, database=db, connectors=[kiosk])
    afleveraar = hub.state.bezorging.afleveraar
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    with pytest.raises(AfleveringMislukt, match="HTTP 503"):  # one failed attempt: still waiting
        await afleveraar.lever(Paar("kiosk", wacht.v_code))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(hub), base_url="http://hub") as client:
            metrics = (
                await client.get("/metrics", headers={"Authorization": f"Bearer {SCRAPER_TOKEN}"})
            ).text
    finally:
        await afleveraar.http.aclose()  # (the app's lifespan, which would close it, did not run)
        await kiosk.aclose()
        await db.dispose()

    values = {
        line.split(" ")[0]: float(line.split(" ")[1])
        for line in metrics.splitlines()
        if line.startswith(("vloket_events_outbound", "vloket_events_outbox"))
    }
    assert values['vloket_events_outbound_deliveries{status="mislukt"}'] == 2.0
    assert values['vloket_events_outbound_deliveries{status="wachtend"}'] == 1.0
    assert values['vloket_events_outbound_deliveries{status="afgeleverd"}'] == 0.0
    assert values['vloket_events_outbound_subscriber_deliveries{abonnee="kiosk",status="mislukt"}'] == 2.0
    assert values['vloket_events_outbound_subscriber_deliveries{abonnee="kiosk",status="wachtend"}'] == 1.0
    assert values['vloket_events_outbound_failing{abonnee="kiosk"}'] == 1.0
    assert values["vloket_events_outbox_undistributed"] == 0.0
    assert 0 <= values["vloket_events_outbound_oldest_pending_seconds"] < 3600
