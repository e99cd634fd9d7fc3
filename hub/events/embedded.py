"""The embedded store's worker: on SQLite (the demo, a single hub process) the deliveries run in
one task inside the hub, since the job engine needs PostgreSQL.

It keeps nothing of its own: what waits is in the `aflevering` rows, each with the moment of its
next attempt, so a hub killed mid-delivery delivers the rest after it starts again. When several
hub processes share one SQLite file (`vloket serve --workers N`), one of them at a time delivers:
the one holding an exclusive lock on `<database>.worker.lock` (released when its process ends;
another takes it over at its next round). Pairs are delivered side by side, at most
`CONCURRENCY` at once, so that one slow subscriber does not hold up the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from datetime import datetime, timedelta
from pathlib import Path

import structlog

from hub.events.bijwerking import Bijwerking
from hub.events.outbound import Afleveraar
from hub.events.retry import AfleveringMislukt
from hub.mail.rondes import Berichtgever
from hub.mail.smtp import MailMislukt
from hub.retention import EVERY as RETENTION_EVERY
from hub.retention import Opruiming
from registry.errors import RegisterBusy
from registry.uitgaand.model import Paar

log = structlog.get_logger("hub.events.embedded")

CONCURRENCY = 10


class EmbeddedWorker:
    def __init__(
        self,
        afleveraar: Afleveraar,
        *,
        repair_seconds: float = 60.0,
        retention: timedelta = timedelta(days=30),
        lock_file: Path | None = None,
        berichtgever: Berichtgever | None = None,
        bijwerking: Bijwerking | None = None,
        bijwerking_minutes: int = 15,
        opruiming: Opruiming | None = None,
    ) -> None:
        self.afleveraar = afleveraar
        self.opruiming = opruiming
        self._bewaard_op: datetime | None = None
        self._bewaar_task: asyncio.Task[None] | None = None
        self.bewaard = asyncio.Event()
        """Set each time a removal of what outlived its period ends (for tests)."""
        self.berichtgever = berichtgever
        self.bijwerking = bijwerking
        self.bijwerking_elke = timedelta(minutes=bijwerking_minutes)
        self._bijgewerkt_op: datetime | None = None
        self._te_mailen: set[str] = set()
        self._mail_ronde_op: datetime | None = None
        self.lock_file = lock_file
        self._lock: int | None = None
        self._stopping = False
        self.repair_seconds = repair_seconds
        self.retention = retention
        self._opgeruimd: datetime | None = None
        self.wake = asyncio.Event()
        self.rounds = 0
        self._task: asyncio.Task[None] | None = None
        self._bijwerking_task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()

    async def meld(self) -> None:
        """A change was committed: deliver it now."""
        self._idle.clear()
        self.wake.set()

    async def meld_meldingen(self, v_codes: set[str]) -> None:
        """Pushed news for these associations: mail those who want it at once."""
        self._te_mailen |= v_codes
        await self.meld()

    async def meld_voorkeur(self) -> None:
        """An address to confirm: send its confirmation mail now."""
        self._mail_ronde_op = None
        await self.meld()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="vloket embedded worker")

    async def stop(self) -> None:
        """Stop between deliveries, never inside one's write: a write cancelled halfway could keep
        SQLite's write lock from the writes that follow. Deliveries under way finish (each within
        its timeout); only one that outlasts that is cancelled."""
        self._stopping = True
        self.wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout=self.afleveraar.timeout + 5)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
        for task in (self._bijwerking_task, self._bewaar_task):
            if task is None:
                continue
            try:  # a pull's or a removal's write under way finishes; one that takes too long is cancelled
                await asyncio.wait_for(asyncio.shield(task), timeout=self.afleveraar.timeout + 5)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._lock is not None:
            os.close(self._lock)  # (closing it releases the lock)
            self._lock = None

    def delivers(self) -> bool:
        """Whether this process is the one that delivers (it holds the worker lock, or there is
        none to hold: a database in memory)."""
        if self.lock_file is None or self._lock is not None:
            return True
        descriptor = os.open(self.lock_file, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        self._lock = descriptor
        return True

    async def idle(self) -> None:
        """Wait until everything handed over so far was tried once (for tests and the CLI)."""
        await self._idle.wait()

    async def round(self) -> float:
        """Distribute and deliver what is due; seconds until something else falls due."""
        if not self.delivers():
            return self.repair_seconds
        # Side by side: a slow mail server does not hold up the deliveries, nor they the mail.
        parts = [asyncio.sleep(0, self.repair_seconds)]
        if self.berichtgever is not None:
            parts.append(self._mail(self.berichtgever))
        if self.afleveraar.abonnees:
            parts.append(self._deliver())
        if self.bijwerking is not None and self.bijwerking_elke:
            parts.append(self._reconcile(self.bijwerking))
        if self.opruiming is not None:
            parts.append(self._retention(self.opruiming))
        return min(await asyncio.gather(*parts))

    async def _retention(self, opruiming: Opruiming) -> float:
        """Start removing what outlived its retention period when it is due (shortly after start,
        then every hour), as a task of its own: a long removal holds up no delivery or mail."""
        nu = opruiming.clock()
        if self._bewaard_op is None:  # as if done an hour before its first time
            self._bewaard_op = nu + opruiming.first_after - RETENTION_EVERY
        running = self._bewaar_task is not None and not self._bewaar_task.done()
        if not running and nu - self._bewaard_op >= RETENTION_EVERY:
            self._bewaard_op = nu
            self._bewaar_task = asyncio.create_task(self._remove(opruiming), name="vloket retention")
        return max(1.0, (self._bewaard_op + RETENTION_EVERY - nu).total_seconds())

    async def _remove(self, opruiming: Opruiming) -> None:
        try:
            await opruiming.ronde()
        except Exception as error:  # another write holds SQLite's lock, or the store is away
            quiet = isinstance(error, RegisterBusy)
            (log.debug if quiet else log.warning)(
                "removing what outlived its period failed", error=str(error)
            )
            # Due again a minute from now, not in an hour.
            self._bewaard_op = opruiming.clock() - RETENTION_EVERY + timedelta(minutes=1)
        finally:
            self.bewaard.set()

    async def _reconcile(self, bijwerking: Bijwerking) -> float:
        """Start the reconcile pull when it is due (at start, then every `bijwerking_elke`), as a
        task of its own: a slow service (up to a minute each) holds up no delivery or mail."""
        nu = bijwerking.clock()
        running = self._bijwerking_task is not None and not self._bijwerking_task.done()
        if not running and (self._bijgewerkt_op is None or nu - self._bijgewerkt_op >= self.bijwerking_elke):
            self._bijgewerkt_op = nu
            self._bijwerking_task = asyncio.create_task(self._pull(bijwerking), name="vloket reconcile pull")
        return max(1.0, ((self._bijgewerkt_op or nu) + self.bijwerking_elke - nu).total_seconds())

    async def _pull(self, bijwerking: Bijwerking) -> None:
        try:
            await bijwerking.ronde()
        except Exception as error:  # the store is briefly away: the next run heals
            log.warning("reconcile pull failed", error=str(error))

    async def _mail(self, berichtgever: Berichtgever) -> float:
        """Mail what pushed news brought, and run the mail round when it is due."""
        te_mailen, self._te_mailen = self._te_mailen, set()
        try:
            weg = False
            for v_code in sorted(te_mailen):
                try:
                    await berichtgever.vereniging(v_code)
                except MailMislukt:
                    weg = True  # the server is away (logged): what is left waits a minute
                    break
                te_mailen.discard(v_code)
            self._te_mailen |= te_mailen
            nu = berichtgever.clock()
            if self._mail_ronde_op is None or self._mail_ronde_op <= nu:
                self._mail_ronde_op = nu + timedelta(seconds=await berichtgever.ronde())
            wacht = max(0.0, (self._mail_ronde_op - nu).total_seconds())
            return min(wacht, 60.0) if weg else wacht
        except Exception as error:  # the store is briefly away: try again soon
            self._te_mailen |= te_mailen
            log.warning("mail round failed", error=str(error))
            return min(self.repair_seconds, 5.0)

    async def _deliver(self) -> float:
        uitgaand = self.afleveraar.uitgaand
        nu = uitgaand.clock()
        if self._opgeruimd is None or nu - self._opgeruimd >= timedelta(seconds=self.repair_seconds):
            await uitgaand.ruim_op(ouder_dan=nu - self.retention)
            self._opgeruimd = nu
        await self.afleveraar.verdeel()
        waits = [self.repair_seconds]
        slots = asyncio.Semaphore(CONCURRENCY)

        async def one(paar: Paar) -> None:
            async with slots:
                if self._stopping:
                    return
                try:
                    await self.afleveraar.lever(paar)
                except AfleveringMislukt as failed:
                    if failed.over > 0:
                        waits.append(failed.over)
                except Exception as error:  # one pair's trouble is not the others'
                    log.error(
                        "delivery of a pair failed",
                        abonnee=paar.abonnee,
                        v_code=paar.v_code,
                        error=str(error),
                    )
                    waits.append(min(self.repair_seconds, 5.0))

        due = await uitgaand.paren_wachtend(te_doen_voor=nu)
        await asyncio.gather(*(one(paar) for paar in sorted(due, key=lambda p: (p.abonnee, p.v_code))))
        backoff = await uitgaand.volgende_poging()
        if backoff is not None:
            waits.append(max(0.0, (backoff - uitgaand.clock()).total_seconds()))
        return min(waits)

    async def _run(self) -> None:
        while not self._stopping:
            self.wake.clear()
            try:
                wait = await self.round()
            except Exception as error:  # the store is briefly unavailable: try again later
                log.warning("embedded worker round failed", error=str(error))
                wait = min(self.repair_seconds, 5.0)
            self.rounds += 1
            if not self.wake.is_set():
                self._idle.set()
            if self._stopping:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=wait)
