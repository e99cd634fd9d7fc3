"""`vloket worker`: a process of the job engine. It builds what delivery needs (the store, the
connectors file's subscribers, an HTTP client, the SMTP server of the notices by mail) and runs
procrastinate's worker until SIGTERM."""

from __future__ import annotations

import structlog
from procrastinate.exceptions import ConnectorException
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential_jitter

from connectors.sdk.http import http_client
from hub.auth.wiring import openid_client
from hub.connectors import load_connectors
from hub.events.wiring import afleveraar, berichtgever, bijwerking, engine
from hub.retention import Opruiming
from hub.settings import Settings
from hub.telemetry import configure_tracing, flush_spans, trace_statements
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers

log = structlog.get_logger("hub.events.worker")


def _restarting(state: RetryCallState) -> None:
    failure = state.outcome.exception() if state.outcome else None
    log.warning("worker restarting after a database error", error=repr(failure), attempt=state.attempt_number)


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
    try:
        async with jobs.app.open_async():
            # Whatever a crash left without a job is handed over at once, not at the next tick.
            await jobs.herstel(settings.worker_stalled_seconds)
            # The worker stops when its database fails it (a connection ended between the pool's
            # check and the query): it starts again, after a backoff, until SIGTERM ends it.
            async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(ConnectorException),
                wait=wait_exponential_jitter(initial=0.5, max=10),
                before_sleep=_restarting,
            ):
                with attempt:
                    await jobs.app.run_worker_async(
                        concurrency=concurrency,
                        fetch_job_polling_interval=settings.worker_poll_seconds,
                        update_heartbeat_interval=settings.worker_heartbeat_seconds,
                        stalled_worker_timeout=settings.worker_stalled_seconds,
                        delete_jobs="successful",
                        install_signal_handlers=True,
                    )
    finally:
        await dossiers.close()
        for connector in loaded.connectors:
            await connector.aclose()
        await http.aclose()
        await db.dispose()
        flush_spans()
