"""How a hub process takes part in outbound delivery: on PostgreSQL it hands each committed change
to the job engine (the workers of `vloket worker` deliver); on SQLite it runs the one embedded
worker itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from prometheus_client import CollectorRegistry

from connectors.sdk import Connector
from connectors.sdk.discovery import read_instances
from hub.events.embedded import EmbeddedWorker
from hub.events.engine import Engine, engine_app
from hub.events.outbound import Afleveraar, Backoff, abonnees
from hub.settings import Settings
from registry.db import Database
from registry.uitgaand.service import Uitgaand


def held_back(settings: Settings, running: Iterable[Connector[Any]]) -> str | None:
    """Why new events must wait: an entry of the connectors file with an `abonnement` that is not
    running (its connector did not load). Distributing without it would lose its events for good;
    they wait in the outbox instead until the file is fixed."""
    if settings.connectors_file is None:
        return None
    try:
        entries = read_instances(settings.connectors_file)
    except ValueError as error:
        return f"the connectors file cannot be read: {error}"
    names = {connector.name for connector in running}
    missing = sorted(
        str(entry.get("name", "?"))[:63]
        for entry in entries
        if "abonnement" in entry and entry.get("name") not in names
    )
    if not missing:
        return None
    return (
        f"subscribers in the connectors file did not load: {', '.join(missing)} (see the warnings at start)"
    )


def afleveraar(
    settings: Settings,
    db: Database,
    connectors: Iterable[Connector[Any]],
    http: httpx.AsyncClient,
    *,
    registry: CollectorRegistry | None = None,
) -> Afleveraar:
    connectors = list(connectors)
    return Afleveraar(
        Uitgaand(db),
        abonnees(connectors),
        http,
        source=settings.public_url,
        max_pogingen=settings.events_max_attempts,
        backoff=Backoff(first=settings.events_backoff_seconds, cap=settings.events_backoff_cap_seconds),
        timeout=settings.events_delivery_timeout_seconds,
        registry=registry,
        vasthouden=held_back(settings, connectors),
    )


def engine(settings: Settings, deliverer: Afleveraar, *, pool_size: int = 4) -> Engine:
    """The job engine on the deliverer's store (which is the hub's, whatever the settings say)."""
    store = deliverer.uitgaand.db.url.render_as_string(hide_password=False)
    return Engine(
        engine_app(store, pool_size=pool_size),
        deliverer,
        repair_seconds=settings.events_repair_seconds,
        stalled_seconds=settings.worker_stalled_seconds,
        retention=timedelta(days=settings.events_retention_days),
    )


class Bezorging:
    """The hub process's part: `meld` after each committed change, `start` and `stop` with it."""

    def __init__(self, settings: Settings, deliverer: Afleveraar) -> None:
        self.afleveraar = deliverer
        self.embedded: EmbeddedWorker | None = None
        self.engine: Engine | None = None
        if not deliverer.abonnees:
            return
        if deliverer.uitgaand.db.dialect == "sqlite":
            database = deliverer.uitgaand.db.url.database
            in_file = bool(database) and database != ":memory:" and "mode=memory" not in str(database)
            self.embedded = EmbeddedWorker(
                deliverer,
                repair_seconds=settings.events_repair_seconds,
                retention=timedelta(days=settings.events_retention_days),
                lock_file=Path(f"{database}.worker.lock") if in_file else None,
            )
        else:
            self.engine = engine(settings, deliverer, pool_size=2)

    async def meld(self) -> None:
        if self.embedded is not None:
            await self.embedded.meld()
        elif self.engine is not None:
            await self.engine.meld()

    async def start(self) -> None:
        if self.embedded is not None:
            self.embedded.start()
        elif self.engine is not None:
            await self.engine.app.open_async()

    async def stop(self) -> None:
        if self.embedded is not None:
            await self.embedded.stop()
        elif self.engine is not None:
            await self.engine.app.close_async()
