"""Retention periods: the access log's entries and the feedback older than their period are
removed, every hour, by the embedded worker (SQLite) or the job engine (PostgreSQL); what is
younger stays, and a log of many thousands goes in batches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from connectors.sdk.http import http_client
from hub.events.embedded import EmbeddedWorker
from hub.events.engine import BEWAREN, Engine, engine_app
from hub.retention import FIRST_AFTER, Bewaartermijnen, Opruiming
from registry.db import Database
from registry.feedback import Feedback, FeedbackBericht
from registry.retention import BATCH
from registry.toegangslog.service import Handeling, Toegang, Toegangslog
from tests.events.test_embedded import afleveraar

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TERMIJNEN = Bewaartermijnen(toegangslog=timedelta(days=90), feedback=timedelta(days=30))


def entry(v_code: str, onderdeel: str) -> Toegang:
    return Toegang(
        v_code=v_code,
        handeling=Handeling.GELEZEN,
        onderdeel=onderdeel,
        door="85073003328",
        door_naam="Pieter",
        namens=None,
        client_id=None,
    )


async def aged(db: Database) -> tuple[Toegangslog, Feedback]:
    """Entries on either side of each period: 91 and 89 days old in the access log, 31 and 29
    days old in the feedback."""
    toegangslog, feedback = Toegangslog(db), Feedback(db)
    await toegangslog.schrijf([entry("V0001001", "te oud")], tijdstip=NOW - timedelta(days=91))
    await toegangslog.schrijf([entry("V0001001", "nog binnen")], tijdstip=NOW - timedelta(days=89))
    for days, tekst in ((31, "te oud"), (29, "nog binnen")):
        await feedback.bewaar(
            FeedbackBericht(pagina="/", tekst=tekst, taal="nl", tijdstip=NOW - timedelta(days=days))
        )
    return toegangslog, feedback


async def left(toegangslog: Toegangslog, feedback: Feedback) -> tuple[list[str], list[str]]:
    log = await toegangslog.lees("V0001001", first=100)
    return [t.onderdeel for t in log.items], [f.tekst for f in await feedback.recent()]


async def test_what_is_older_than_its_period_goes_and_the_rest_stays(db: Database) -> None:
    toegangslog, feedback = await aged(db)
    opruiming = Opruiming(toegangslog, feedback, TERMIJNEN, clock=lambda: NOW)

    removed = await opruiming.ronde()
    again = await opruiming.ronde()

    assert removed == {"toegangslog": 1, "feedback": 1}
    assert again == {"toegangslog": 0, "feedback": 0}
    assert await left(toegangslog, feedback) == (["nog binnen"], ["nog binnen"])


async def test_a_long_log_goes_in_batches(db: Database) -> None:
    toegangslog = Toegangslog(db)
    old = [entry(f"V{n:07d}", "oud") for n in range(BATCH + 3)]
    await toegangslog.schrijf(old, tijdstip=NOW - timedelta(days=400))
    await toegangslog.schrijf([entry("V0000001", "recent")], tijdstip=NOW)

    removed = await toegangslog.vergeet(NOW - timedelta(days=90))

    assert removed == BATCH + 3
    assert [t.onderdeel for t in (await toegangslog.lees("V0000001", first=10)).items] == ["recent"]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    client = http_client()
    yield client
    await client.aclose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_embedded_worker_removes_them_without_any_subscriber(
    db: Database, http: httpx.AsyncClient
) -> None:
    toegangslog, feedback = await aged(db)
    opruiming = Opruiming(toegangslog, feedback, TERMIJNEN, clock=lambda: NOW, first_after=timedelta(0))
    worker = EmbeddedWorker(afleveraar(db, http, {}), opruiming=opruiming)
    worker.start()
    try:
        await worker.bewaard.wait()
    finally:
        await worker.stop()

    assert await left(toegangslog, feedback) == (["nog binnen"], ["nog binnen"])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_embedded_worker_waits_a_minute_after_start_before_the_first_removal(
    db: Database, http: httpx.AsyncClient
) -> None:
    """Not in the middle of what a starting hub writes; then each hour."""
    toegangslog, feedback = await aged(db)
    now = [NOW]
    worker = EmbeddedWorker(
        afleveraar(db, http, {}), opruiming=Opruiming(toegangslog, feedback, TERMIJNEN, clock=lambda: now[0])
    )
    worker.start()
    try:
        await worker.idle()
        at_start = await left(toegangslog, feedback)
        removed_at_start = worker.bewaard.is_set()
        now[0] += FIRST_AFTER
        await worker.meld()
        await worker.bewaard.wait()
        a_minute_later = await left(toegangslog, feedback)
    finally:
        await worker.stop()

    assert not removed_at_start
    assert at_start == (["nog binnen", "te oud"], ["nog binnen", "te oud"])
    assert a_minute_later == (["nog binnen"], ["nog binnen"])


@pytest.mark.postgres
async def test_the_job_engine_runs_the_removal(engine_database: str, http: httpx.AsyncClient) -> None:
    db = Database(engine_database)
    try:
        toegangslog, feedback = await aged(db)
        jobs = Engine(
            engine_app(engine_database),
            afleveraar(db, http, {}),
            opruiming=Opruiming(toegangslog, feedback, TERMIJNEN, clock=lambda: NOW),
        )
        async with jobs.app.open_async():
            await jobs.app.tasks[BEWAREN].defer_async(timestamp=int(NOW.timestamp()))
            await jobs.app.run_worker_async(wait=False, install_signal_handlers=False)
        remaining = await left(toegangslog, feedback)
    finally:
        await db.dispose()

    assert remaining == (["nog binnen"], ["nog binnen"])
