"""The scheduled sync of external catalogs: every configured `subsidy_catalog` connector is synced
into the register of offerings when the hub starts and then every `HUB_CATALOG_SYNC_SECONDS`.

Every replica may run it: a run reads only what changed since the last one, and on PostgreSQL the
catalog's watermark row is locked while it runs, so replicas take turns instead of doing the
work twice (`registry/offerings/sync_state.py`). A run that fails is logged and tried again at
the next interval; it never stops the hub. `vloket catalog sync NAME` runs one by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

import structlog

from connectors.sdk import Connector, ConnectorError
from connectors.subsidy_catalog.connector import SubsidieCatalogus
from hub.catalog.sync import SyncUitkomst, synchroniseer
from registry.errors import RegisterError
from registry.offerings.service import DienstenRegister

log = structlog.get_logger("hub.catalog")


class CatalogusSync:
    def __init__(
        self, connectors: Sequence[Connector[Any]], diensten: DienstenRegister, *, every: float
    ) -> None:
        self.catalogi = [c for c in connectors if isinstance(c, SubsidieCatalogus)]
        self.diensten = diensten
        self.every = every
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def run_once(self) -> list[SyncUitkomst]:
        """Sync each catalog once; one that fails is logged and does not stop the others."""
        done = []
        for catalogus in self.catalogi:
            try:
                uitkomst = await synchroniseer(catalogus, self.diensten)
            except (ConnectorError, RegisterError) as error:
                log.warning("catalog_sync_failed", catalog=catalogus.name, error=str(error))
                continue
            log.info(
                "catalog_synced",
                catalog=catalogus.name,
                nieuw=len(uitkomst.verslag.nieuw),
                gewijzigd=len(uitkomst.verslag.gewijzigd),
                gearchiveerd=uitkomst.gearchiveerd,
                fouten=len(uitkomst.verslag.fouten),
            )
            done.append(uitkomst)
        return done

    def start(self) -> None:
        """Run now and then every interval, in the background (nothing when no catalog or 0)."""
        if self.catalogi and self.every > 0:
            self._task = asyncio.create_task(self._loop(), name="catalog-sync")

    async def stop(self, *, patience: float = 30.0) -> None:
        """Let a run in progress finish (a run cancelled inside its transaction could hold the
        database's write lock from what follows), then end the schedule; cancel only a run
        still going after `patience` seconds."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), patience)
        except TimeoutError:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception as error:  # a bug in one run must not end the schedule
                log.error("catalog_sync_crashed", exc_info=error)
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.every)
