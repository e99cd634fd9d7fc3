"""`vloket worker`: a process of the job engine. It builds what delivery needs (the store, the
connectors file's subscribers, an HTTP client, the SMTP server of the notices by mail) and runs
procrastinate's worker until SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from contextlib import suppress

import structlog
from procrastinate.exceptions import ConnectorException

from connectors.sdk.http import http_client
from hub.auth.wiring import openid_client
from hub.connectors import load_connectors
from hub.events.retry import Backoff
from hub.events.wiring import afleveraar, berichtgever, bijwerking, engine
from hub.retention import Opruiming
from hub.settings import Settings
from hub.telemetry import configure_tracing, flush_spans, trace_statements
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers

log = structlog.get_logger("hub.events.worker")


RESTART_BACKOFF = Backoff(first=0.5, cap=10.0)
HEALTHY_SECONDS = 60.0
"""A run this long was healthy: the next failure starts the backoff from the beginning again."""


async def run_until_stopped(
    run: Callable[[], Awaitable[None]],
    stopping: asyncio.Event,
    *,
    backoff: Backoff = RESTART_BACKOFF,
) -> int:
    """Runs `run` until `stopping` is set, then cancels it (procrastinate's worker, cancelled,
    finishes the jobs it holds and unregisters). When `run` ends on its own (procrastinate's
    worker stops itself when a side task, such as its heartbeat, fails on the database) or on a
    database error, it is started again after a backoff; any other error is raised. Returns how
    often it was started again."""
    loop = asyncio.get_running_loop()
    restarts = failures = 0
    while not stopping.is_set():
        started = loop.time()
        worker = asyncio.ensure_future(run())
        stop = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({worker, stop}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.is_set():
            worker.cancel()
            with suppress(asyncio.CancelledError):
                await worker
            return restarts
        stop.cancel()
        error = worker.exception()
        if error is not None and not isinstance(error, ConnectorException):
            raise error
        failures = 1 if loop.time() - started >= HEALTHY_SECONDS else failures + 1
        delay = backoff.seconds(failures - 1)
        log.warning(
            "worker stopped by a database error; starting it again",
            error=repr(error) if error else "a side task failed",
            attempt=failures,
            seconds=round(delay, 2),
        )
        with suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=delay)
        if not stopping.is_set():
            restarts += 1
    return restarts


async def run_worker(settings: Settings, *, concurrency: int) -> None:
    configure_tracing(settings, role="worker")
    db = Database(settings.database_url)
    trace_statements(db.engine.sync_engine)
    loaded = load_connectors(settings)
    http = http_client()
    deliverer = afleveraar(settings, db, loaded.connectors, http)
    mail = berichtgever(settings, db)
    dossiers = Dossiers(db)
    oidc = openid_client(settings, settings.oidc_issuer, http) if settings.oidc_issuer else None
    secret = settings.secret_key.get_secret_value().encode("utf-8")
    reconcile = bijwerking(
        settings, loaded.connectors, dossiers, VerenigingenRegister(db=db, secret=secret), oidc
    )
    jobs = engine(
        settings,
        deliverer,
        pool_size=concurrency + 2,
        mail=mail,
        bijwerking=reconcile,
        opruiming=Opruiming.of(settings, db),
    )
    if reconcile is not None:
        reconcile.genomen = jobs.mail
    log.info(
        "worker starting",
        concurrency=concurrency,
        subscribers=sorted(deliverer.abonnees),
        mail=settings.smtp_host is not None,
        reconcile=sorted(c.name for c in reconcile.connectors) if reconcile else [],
    )
    # SIGTERM or SIGINT ends the worker gracefully (its jobs finish), whenever it comes.
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        async with jobs.app.open_async():
            # Whatever a crash left without a job is handed over at once, not at the next tick.
            await jobs.herstel(settings.worker_stalled_seconds)
            await run_until_stopped(
                lambda: jobs.app.run_worker_async(
                    concurrency=concurrency,
                    fetch_job_polling_interval=settings.worker_poll_seconds,
                    update_heartbeat_interval=settings.worker_heartbeat_seconds,
                    stalled_worker_timeout=settings.worker_stalled_seconds,
                    delete_jobs="successful",
                    install_signal_handlers=False,
                ),
                stopping,
            )
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await dossiers.close()
        for connector in loaded.connectors:
            await connector.aclose()
        await http.aclose()
        await db.dispose()
        flush_spans()
