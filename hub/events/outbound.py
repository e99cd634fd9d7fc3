"""Delivering the register's changes to subscribed services: one signed CloudEvent per change,
per subscriber, in the order of the association's changes, retried with backoff and parked after
the last attempt.

The job engine (`hub/events/engine.py` on PostgreSQL, `hub/events/embedded.py` on SQLite) calls
`Afleveraar.lever` for one (subscriber, association) pair at a time; everything it needs to know
about attempts lives in the `aflevering` rows, so any worker can pick a pair up where another left.

This module is the order of a pair's deliveries and the record of each attempt. Who subscribes
(and what a delivery shares of private data) is in `abonnees`, the event a subscriber receives in
`outgoing_event`, one attempt over HTTP in `webhook_post`, and when to try again in `retry`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

import httpx
import structlog
from prometheus_client import CollectorRegistry, Counter

from hub.events.abonnees import Abonnee, gedeeld
from hub.events.retry import AfleveringMislukt, Backoff
from hub.events.webhook_post import post_event
from hub.telemetry import tracer
from registry.toegangslog.service import Toegang
from registry.uitgaand.model import Abonnement, Levering, Paar
from registry.uitgaand.service import Uitgaand

log = structlog.get_logger("hub.events.outbound")


def _now() -> datetime:
    return datetime.now(UTC)


class Afleveraar:
    """Delivers the waiting events of one pair, oldest first, recording every attempt."""

    def __init__(
        self,
        uitgaand: Uitgaand,
        abonnees: Mapping[str, Abonnee],
        http: httpx.AsyncClient,
        *,
        source: str,
        max_pogingen: int,
        backoff: Backoff,
        timeout: float = 10.0,
        clock: Callable[[], datetime] = _now,
        registry: CollectorRegistry | None = None,
        vasthouden: str | None = None,
    ) -> None:
        self.uitgaand = uitgaand
        self.vasthouden = vasthouden
        """Why new events are not distributed now (a connector of the connectors file did not
        load, and might be a subscriber: its events must not go to the others only)."""
        self.abonnees = dict(abonnees)
        self.http = http
        self.source = source
        self.max_pogingen = max_pogingen
        self.backoff = backoff
        self.timeout = timeout
        self.clock = clock
        self.pogingen = Counter(
            "vloket_events_outbound_attempts",
            "Attempts to deliver an event to a subscriber, by outcome (delivered, failed, parked).",
            ["abonnee", "outcome"],
            registry=registry,
        )

    @property
    def abonnementen(self) -> list[Abonnement]:
        return [abonnee.abonnement for abonnee in self.abonnees.values()]

    async def verdeel(self) -> set[Paar]:
        """New outbox events into deliveries, unless they are held (then none: they wait in the
        outbox, counted on /metrics, until the connectors file loads whole)."""
        if self.vasthouden is not None:
            log.error("events held, not distributed", reason=self.vasthouden)
            return set()
        return await self.uitgaand.verdeel(self.abonnementen)

    async def lever(self, paar: Paar) -> int:
        """Deliver every waiting event of `paar` in order, including those that arrive while it
        delivers (until it finds none: the job engine starts the job waiting behind this one on
        the pair's lock only at a worker's next look, so news is best taken now); how many were
        delivered. Raises `AfleveringMislukt` when one failed (or waits for its next attempt): the
        pair is tried again later, and nothing behind it goes out first."""
        with tracer.start_as_current_span(
            f"lever {paar.abonnee}", attributes={"vloket.abonnee": paar.abonnee, "vloket.vcode": paar.v_code}
        ):
            return await self._lever(paar)

    async def _lever(self, paar: Paar) -> int:
        geleverd = 0
        while True:
            wachtend = await self.uitgaand.wachtend(paar)
            if not wachtend:
                return geleverd
            if wachtend[0].achter_geparkeerd:
                await self._achter_geparkeerd(paar)
            # Marked delivered together after the batch (or before a failure is raised): one
            # write for many. A crash in between sends them again, which receivers dedupe.
            gedaan: list[tuple[int, Toegang | None]] = []
            try:
                for levering in wachtend:
                    await self._een(paar, levering, gedaan)
                    geleverd += 1
            finally:
                await self._markeer(gedaan)

    async def _markeer(self, gedaan: list[tuple[int, Toegang | None]]) -> None:
        """Mark what was delivered so far as delivered (once: marking again changes nothing)."""
        if gedaan:
            await asyncio.shield(self.uitgaand.afgeleverd(list(gedaan)))
            gedaan.clear()

    async def _een(self, paar: Paar, levering: Levering, gedaan: list[tuple[int, Toegang | None]]) -> None:
        nu = self.clock()
        if levering.volgende_poging is not None and levering.volgende_poging > nu:
            raise AfleveringMislukt(paar, (levering.volgende_poging - nu).total_seconds(), "not due yet")
        abonnee = self.abonnees.get(paar.abonnee)
        if abonnee is None:
            await self._markeer(gedaan)
            await self._parkeer(paar, levering, "no longer subscribed (not in the connectors file)")
            raise AfleveringMislukt(paar, 0, "parked")
        fout = await post_event(
            self.http, abonnee, levering, source=self.source, timeout=self.timeout, clock=self.clock
        )
        if fout is None:
            gedaan.append((levering.id, gedeeld(abonnee, levering)))
            self.pogingen.labels(paar.abonnee, "delivered").inc()
            return
        if levering.pogingen + 1 >= self.max_pogingen:
            await self._markeer(gedaan)  # before parking, which takes every waiting one of the pair
            await self._parkeer(paar, levering, fout)
            raise AfleveringMislukt(
                paar, 0, f"parked: {fout}"
            )  # (or put back meanwhile: the next job sends it)
        over = self.backoff.seconds(levering.pogingen)
        await self.uitgaand.poging_mislukt(levering.id, fout, volgende_poging=nu + timedelta(seconds=over))
        self.pogingen.labels(paar.abonnee, "failed").inc()
        log.warning(
            "delivery failed",
            abonnee=paar.abonnee,
            v_code=paar.v_code,
            event_id=levering.uitgaand_id,
            attempt=levering.pogingen + 1,
            reason=fout,
            retry_in=round(over, 1),
        )
        raise AfleveringMislukt(paar, over, fout)

    async def _achter_geparkeerd(self, paar: Paar) -> None:
        achter = await self.uitgaand.achter_geparkeerd(paar)
        self.pogingen.labels(paar.abonnee, "parked").inc(achter)
        log.warning(
            "delivery parked behind a parked event", abonnee=paar.abonnee, v_code=paar.v_code, parked=achter
        )
        raise AfleveringMislukt(paar, 0, "parked behind a parked event of the same association")

    async def _parkeer(self, paar: Paar, levering: Levering, fout: str) -> None:
        geparkeerd = await self.uitgaand.parkeer(paar, levering.id, fout, pogingen=levering.pogingen)
        self.pogingen.labels(paar.abonnee, "parked").inc(geparkeerd)
        log.error(
            "delivery parked",
            abonnee=paar.abonnee,
            v_code=paar.v_code,
            event_id=levering.uitgaand_id,
            parked=geparkeerd,
            reason=fout,
        )
