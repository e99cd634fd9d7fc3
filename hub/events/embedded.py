"""The embedded store's worker: on SQLite (the demo, a single hub process) the deliveries run in
one task inside the hub, since the job engine needs PostgreSQL.

It keeps nothing of its own: what waits is in the `aflevering` rows, each with the moment of its
next attempt, so a hub killed mid-delivery delivers the rest after it starts again.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta

import structlog

from hub.events.outbound import Afleveraar, AfleveringMislukt

log = structlog.get_logger("hub.events.embedded")


class EmbeddedWorker:
    def __init__(
        self,
        afleveraar: Afleveraar,
        *,
        repair_seconds: float = 60.0,
        retention: timedelta = timedelta(days=30),
    ) -> None:
        self.afleveraar = afleveraar
        self.repair_seconds = repair_seconds
        self.retention = retention
        self._opgeruimd: datetime | None = None
        self.wake = asyncio.Event()
        self.rounds = 0
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()

    async def meld(self) -> None:
        """A change was committed: deliver it now."""
        self._idle.clear()
        self.wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="vloket embedded worker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def idle(self) -> None:
        """Wait until everything handed over so far was tried once (for tests and the CLI)."""
        await self._idle.wait()

    async def round(self) -> float:
        """Distribute and deliver what is due; seconds until something else falls due."""
        uitgaand = self.afleveraar.uitgaand
        nu = uitgaand.clock()
        if self._opgeruimd is None or nu - self._opgeruimd >= timedelta(seconds=self.repair_seconds):
            await uitgaand.ruim_op(ouder_dan=nu - self.retention)
            self._opgeruimd = nu
        await uitgaand.verdeel(self.afleveraar.abonnementen)
        wait = self.repair_seconds
        for paar in sorted(await uitgaand.paren_wachtend(), key=lambda p: (p.abonnee, p.v_code)):
            try:
                await self.afleveraar.lever(paar)
            except AfleveringMislukt as failed:
                if failed.over > 0:
                    wait = min(wait, failed.over)
        return wait

    async def _run(self) -> None:
        while True:
            self.wake.clear()
            try:
                wait = await self.round()
            except Exception as error:  # the store is briefly unavailable: try again later
                log.warning("embedded worker round failed", error=str(error))
                wait = min(self.repair_seconds, 5.0)
            self.rounds += 1
            if not self.wake.is_set():
                self._idle.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=wait)
