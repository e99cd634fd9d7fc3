"""The job engine on PostgreSQL: procrastinate runs the outbound deliveries.

- `vloket.verdeel` turns new outbox events into deliveries and hands each (subscriber,
  association) pair to `vloket.lever`. The hub defers it after every committed change; at most one
  waits at a time (queueing lock).
- `vloket.lever` delivers one pair's waiting events in order. Its jobs share a lock per pair, so
  one pair is never delivered by two workers at once and a later job waits for an earlier one,
  retries included; a failed delivery is retried after the backoff the delivery row records.
- `vloket.herstel` (periodic) hands the engine again what waits without a job (a crash between a
  commit and its hand-over) and runs the jobs of workers that died again.
- Notices by mail (`hub.mail`): `vloket.mail_vereniging` mails one association's news (deferred
  when a service pushed some; one at a time per association), `vloket.mail_bevestigingen` sends
  the confirmation mails that wait, and `vloket.mail_ronde` (each minute) sends those and hands
  over the associations whose check or digest is due.
- `vloket.bewaren` (hourly) removes the access log's entries and the feedback older than their
  retention period (`hub.retention`).
- `vloket.bijwerken` (periodic, `HUB_EVENTS_RECONCILE_MINUTES`) asks the services that push which
  dossiers changed lately and takes what the copy missed (`hub.events.bijwerking`).

Any number of workers (`vloket worker`) may run on any replica: they claim jobs with
`FOR UPDATE SKIP LOCKED`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import procrastinate
import psycopg
import structlog
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy, RetryDecision
from procrastinate.schema import SchemaManager
from sqlalchemy.engine import make_url

from hub.events.bijwerking import Bijwerking
from hub.events.outbound import Afleveraar
from hub.events.retry import AfleveringMislukt, Backoff
from hub.mail.rondes import Berichtgever
from hub.mail.smtp import MailMislukt
from hub.retention import Opruiming
from hub.telemetry import job_span
from registry.uitgaand.model import Paar

log = structlog.get_logger("hub.events.engine")

VERDEEL = "vloket.verdeel"
LEVER = "vloket.lever"
HERSTEL = "vloket.herstel"
MAIL_VERENIGING = "vloket.mail_vereniging"
MAIL_BEVESTIGINGEN = "vloket.mail_bevestigingen"
MAIL_RONDE = "vloket.mail_ronde"
BIJWERKEN = "vloket.bijwerken"
BEWAREN = "vloket.bewaren"


def conninfo(database_url: str) -> str:
    """The libpq connection string of the hub's PostgreSQL store (the URL without its driver)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError("the job engine runs on PostgreSQL (HUB_DATABASE_URL=postgresql+psycopg://…)")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def engine_app(database_url: str, *, pool_size: int = 4) -> procrastinate.App:
    """A procrastinate app on the hub's database (its tables beside the register's)."""
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(database_url), min_size=1, max_size=pool_size
    )
    return procrastinate.App(connector=connector)


class Terugval(BaseRetryStrategy):
    """When a `lever` job runs again: when its delivery row says (the backoff with jitter it drew);
    after any other error, the same backoff on the job's own attempts, up to `max_attempts`."""

    def __init__(self, backoff: Backoff, max_attempts: int) -> None:
        self.backoff = backoff
        self.max_attempts = max_attempts

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, AfleveringMislukt):
            return (
                RetryDecision(retry_in={"seconds": int(exception.over) + 1}) if exception.over > 0 else None
            )
        if job.attempts + 1 >= self.max_attempts:
            return None
        return RetryDecision(retry_in={"seconds": int(self.backoff.seconds(job.attempts)) + 1})


def lock(paar: Paar) -> str:
    return f"lever:{paar.abonnee}:{paar.v_code}"


class Engine:
    """The deliveries' tasks on one procrastinate app."""

    def __init__(
        self,
        app: procrastinate.App,
        afleveraar: Afleveraar,
        *,
        repair_seconds: int = 60,
        stalled_seconds: float = 30.0,
        retention: timedelta = timedelta(days=30),
        berichtgever: Berichtgever | None = None,
        bijwerking: Bijwerking | None = None,
        reconcile_minutes: int = 15,
        opruiming: Opruiming | None = None,
    ) -> None:
        self.app = app
        self.afleveraar = afleveraar
        self.berichtgever = berichtgever
        self.retention = retention
        retry = Terugval(afleveraar.backoff, afleveraar.max_pogingen)

        @app.task(name=VERDEEL, queueing_lock=VERDEEL)
        @job_span(VERDEEL)
        async def verdeel() -> None:
            await self.plan(await afleveraar.verdeel())

        @app.task(name=LEVER, retry=retry)
        @job_span(LEVER)
        async def lever(abonnee: str, v_code: str) -> int:
            return await afleveraar.lever(Paar(abonnee, v_code))

        cron = "* * * * *" if repair_seconds >= 60 else f"* * * * * */{repair_seconds}"

        @app.periodic(cron=cron, periodic_id="herstel")
        @app.task(name=HERSTEL, queueing_lock=HERSTEL)
        @job_span(HERSTEL)
        async def herstel(timestamp: int) -> None:
            await self.herstel(stalled_seconds)

        @app.task(name=MAIL_VERENIGING)
        @job_span(MAIL_VERENIGING)
        async def mail_vereniging(v_code: str) -> int:
            if berichtgever is None:
                return 0
            try:
                return await berichtgever.vereniging(v_code)
            except MailMislukt:
                return 0  # the server is away (logged): the next mail round sends it

        @app.task(name=MAIL_BEVESTIGINGEN, queueing_lock=MAIL_BEVESTIGINGEN)
        @job_span(MAIL_BEVESTIGINGEN)
        async def mail_bevestigingen() -> int:
            return await berichtgever.bevestigingen() if berichtgever is not None else 0

        @app.periodic(cron="* * * * *", periodic_id="mail")
        @app.task(name=MAIL_RONDE, queueing_lock=MAIL_RONDE)
        @job_span(MAIL_RONDE)
        async def mail_ronde(timestamp: int) -> None:
            if berichtgever is not None:
                await berichtgever.bevestigingen()
                await self.mail(await berichtgever.te_doen())

        if opruiming is not None:

            @app.periodic(cron="41 * * * *", periodic_id="bewaren")
            @app.task(name=BEWAREN, queueing_lock=BEWAREN)
            @job_span(BEWAREN)
            async def bewaren(timestamp: int) -> dict[str, int]:
                return await opruiming.ronde()

        if bijwerking is not None and reconcile_minutes:
            minutes = "0" if reconcile_minutes == 60 else f"*/{reconcile_minutes}"

            @app.periodic(cron=f"{minutes} * * * *", periodic_id="bijwerken")
            @app.task(name=BIJWERKEN, queueing_lock=BIJWERKEN)
            @job_span(BIJWERKEN)
            async def bijwerken(timestamp: int) -> int:
                return await bijwerking.ronde()

        self._verdeel = verdeel
        self._lever = lever
        self._mail_vereniging = mail_vereniging
        self._mail_bevestigingen = mail_bevestigingen

    async def meld(self) -> None:
        """A change was committed: have its event distributed (never raises: the change stands,
        and the periodic repair finds what a failed hand-over left)."""
        try:
            await self._verdeel.defer_async()
        except AlreadyEnqueued:
            pass
        except Exception as error:
            log.warning("could not hand a change to the job engine; the repair run will", error=str(error))

    async def mail(self, v_codes: Iterable[str]) -> None:
        """A mail job per association (never raises: the next round hands over what is left).
        Their jobs share a lock, so one association's mail is never worked on twice at once."""
        for v_code in sorted(set(v_codes)):
            try:
                await self._mail_vereniging.configure(
                    lock=f"mail:{v_code}", queueing_lock=f"mail:{v_code}"
                ).defer_async(v_code=v_code)
            except AlreadyEnqueued:
                pass
            except Exception as error:
                log.warning("could not hand mail to the job engine; the next round will", error=str(error))

    async def meld_voorkeur(self) -> None:
        """An address to confirm: have its confirmation mail sent now."""
        try:
            await self._mail_bevestigingen.defer_async()
        except AlreadyEnqueued:
            pass
        except Exception as error:
            log.warning(
                "could not hand a confirmation to the job engine; the next round will", error=str(error)
            )

    async def plan(self, paren: Iterable[Paar]) -> None:
        """A `lever` job per pair. Jobs of one pair share a lock: a later one waits until the
        earlier one is done, its retries included, and then finds what is left (often nothing).
        No queueing lock: a job waiting for its retry must not keep newer news from a job. All
        in one insert (one round trip, however many pairs one change touched)."""
        jobs = [
            self._lever.configure(lock=lock(paar)).make_new_job(abonnee=paar.abonnee, v_code=paar.v_code)
            for paar in sorted(paren, key=lambda p: (p.abonnee, p.v_code))
        ]
        if jobs:
            await self.app.job_manager.batch_defer_jobs_async(jobs)

    async def herstel(self, stalled_seconds: float) -> None:
        manager = self.app.job_manager
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds):
            log.warning("running the job of a worker that died again", job=job.id, task=job.task_name)
            await manager.retry_job(job)
        uitgaand = self.afleveraar.uitgaand
        if not self.afleveraar.abonnees:
            return  # (no subscriber: what the outbox holds waits for one)
        nieuw = await self.afleveraar.verdeel()
        # Pairs in their backoff have a job waiting for its retry; the others get one now.
        await self.plan(nieuw | await uitgaand.paren_wachtend(te_doen_voor=uitgaand.clock()))
        await uitgaand.ruim_op(ouder_dan=uitgaand.clock() - self.retention)


SCHEMA_LOCK_ID = 7_150_003
"""Arbitrary but fixed: the advisory lock under which one upgrader creates the engine's tables."""


async def apply_schema(database_url: str) -> bool:
    """Create the engine's tables once, in one transaction under an advisory lock (several
    upgraders may start together); whether they were created now."""
    connection = await psycopg.AsyncConnection.connect(conninfo(database_url))
    async with connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_ID,))
        cursor = await connection.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        present = await cursor.fetchone()
        if present is not None and present[0]:
            return False
        await connection.execute(SchemaManager.get_schema())
    return True
