"""Delivering the register's changes to subscribed services: one signed CloudEvent per change,
per subscriber, in the order of the association's changes, retried with backoff and parked after
the last attempt.

The job engine (`hub/events/engine.py` on PostgreSQL, `hub/events/embedded.py` on SQLite) calls
`Afleveraar.lever` for one (subscriber, association) pair at a time; everything it needs to know
about attempts lives in the `aflevering` rows, so any worker can pick a pair up where another left.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import structlog
from opentelemetry import trace
from prometheus_client import CollectorRegistry, Counter
from standardwebhooks import Webhook

from connectors.sdk import Connector
from connectors.sdk.events import CLOUDEVENTS_JSON, VERENIGING_GEDEELD, VERENIGING_GEWIJZIGD
from hub.telemetry import context_of, tracer
from registry.toegangslog.service import Handeling, Toegang
from registry.uitgaand.model import Abonnement, Levering, Paar
from registry.uitgaand.outbox import GEDEELD, Onderdeel, waarde
from registry.uitgaand.service import Uitgaand

log = structlog.get_logger("hub.events.outbound")

MAX_ANSWER_BYTES = 4096
"""Of a subscriber's answer, at most this much is read (for the error it names)."""


@dataclass(frozen=True)
class Abonnee:
    """A subscribed connector: what it may receive, where, and the key that signs for it."""

    abonnement: Abonnement
    webhook_url: str
    webhook: Webhook


def abonnees(connectors: Iterable[Connector[Any]]) -> dict[str, Abonnee]:
    """The connectors whose configuration subscribes them to register changes."""
    found: dict[str, Abonnee] = {}
    for connector in connectors:
        abonnement, secret = connector.config.abonnement, connector.config.webhook_secret
        if abonnement is None or secret is None:
            continue
        found[connector.name] = Abonnee(
            abonnement=Abonnement(
                naam=connector.name, delen=frozenset(abonnement.delen), deling=abonnement.hoort_delingen
            ),
            webhook_url=abonnement.webhook_url,
            webhook=Webhook(secret.get_secret_value()),
        )
    return found


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with equal jitter: before attempt n+1, between half and all of
    `first * 2**n` seconds, never more than `cap`."""

    first: float = 2.0
    cap: float = 3600.0
    random: Callable[[], float] = field(default=random.random)

    def seconds(self, attempts: int) -> float:
        ceiling = min(self.cap, self.first * 2 ** min(attempts, 32))
        jitter: float = self.random()
        return float(ceiling / 2 + jitter * ceiling / 2)


PRIVE: tuple[Onderdeel, ...] = ("vertegenwoordigers",)
"""The parts whose values are private (INSZ, contact details of persons): a delivery carrying
them is written to the association's access log, as any sharing is."""


def gedeeld(abonnee: Abonnee, levering: Levering) -> Toegang | None:
    """The access log entry of a delivery that carried private data to `abonnee`, if it did."""
    prive = [
        deel
        for deel in abonnee.abonnement.delen_van(levering.onderdelen)
        if deel in PRIVE and waarde(levering.document, deel)  # (an empty list shares nothing)
    ]
    if not prive:
        return None
    return Toegang(
        v_code=levering.v_code,
        handeling=Handeling.GEDEELD,
        onderdeel=f"abonnement {abonnee.abonnement.naam}: {', '.join(prive)}",
        door=f"dienst:{abonnee.abonnement.naam}",
        door_naam=abonnee.abonnement.naam,
        namens=None,
        client_id=None,
    )


class AfleveringMislukt(Exception):
    """A pair's oldest waiting event could not be delivered (or is not due yet): try the pair
    again in `over` seconds."""

    def __init__(self, paar: Paar, over: float, reden: str) -> None:
        super().__init__(f"{paar.abonnee}/{paar.v_code}: {reden}; again in {over:.1f} s")
        self.paar = paar
        self.over = over


def event(levering: Levering, abonnement: Abonnement, *, source: str) -> dict[str, Any]:
    """The CloudEvent a subscriber receives for one outbox event: a change with only the parts it
    may receive, or a sharing with itself."""
    envelope = {
        "specversion": "1.0",
        "id": str(levering.uitgaand_id),
        "source": source,
        "subject": levering.v_code,
        "time": levering.tijdstip.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        **({"traceparent": levering.traceparent} if levering.traceparent else {}),
    }
    if levering.gebeurtenis == GEDEELD:
        return {
            **envelope,
            "type": VERENIGING_GEDEELD,
            "data": {
                "vCode": levering.v_code,
                "versie": levering.versie,
                "dienst": levering.document["dienst"],
                "gedeeld": levering.document["gedeeld"],
                "gedeeldOp": envelope["time"],
            },
        }
    gewijzigd: list[Onderdeel] = abonnement.delen_van(levering.onderdelen)
    return {
        **envelope,
        "type": VERENIGING_GEWIJZIGD,
        "data": {
            "vCode": levering.v_code,
            "versie": levering.versie,
            "gebeurtenis": levering.gebeurtenis,
            "gewijzigd": gewijzigd,
            "waarden": {onderdeel: waarde(levering.document, onderdeel) for onderdeel in gewijzigd},
        },
    }


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
        fout = await self._traced_post(abonnee, levering)
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

    async def _traced_post(self, abonnee: Abonnee, levering: Levering) -> str | None:
        """`_post` in a span of the trace of the change it reports (the subscriber's call carries
        that trace on), linked to the job that delivers it."""
        job = trace.get_current_span().get_span_context()
        with tracer.start_as_current_span(
            f"deliver {levering.gebeurtenis}",
            context=context_of(levering.traceparent),
            kind=trace.SpanKind.PRODUCER,
            links=[trace.Link(job)] if job.is_valid else None,
            attributes={"vloket.abonnee": abonnee.abonnement.naam, "vloket.event_id": levering.uitgaand_id},
        ) as span:
            fout = await self._post(abonnee, levering)
            if fout is not None:
                span.set_status(trace.StatusCode.ERROR, fout)
            return fout

    async def _post(self, abonnee: Abonnee, levering: Levering) -> str | None:
        """None once the subscriber took the event (any 2xx) within the timeout, otherwise what
        went wrong. The timeout bounds the whole attempt, however slowly an answer trickles in."""
        body = orjson.dumps(event(levering, abonnee.abonnement, source=self.source)).decode()
        message_id = f"vloket-{levering.uitgaand_id}"
        now = self.clock()  # once: the timestamp header and the signature must name the same second
        headers = {
            "content-type": CLOUDEVENTS_JSON,
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": abonnee.webhook.sign(message_id, now, body),
        }
        try:
            async with asyncio.timeout(self.timeout):
                return await self._send(abonnee.webhook_url, body, headers)
        except TimeoutError:
            return f"no answer within {self.timeout:g} s"
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError) as error:
            return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__

    async def _send(self, url: str, body: str, headers: dict[str, str]) -> str | None:
        async with self.http.stream("POST", url, content=body, headers=headers) as response:
            if response.is_success:
                return None
            answer = b""
            async for chunk in response.aiter_bytes():
                answer += chunk
                if len(answer) >= MAX_ANSWER_BYTES:
                    break
            reason = answer[:200].decode("utf-8", "replace").strip()
            where = response.headers.get("location", "")[:200] if response.is_redirect else ""
            return (
                f"HTTP {response.status_code}"
                + (f" to {where}" if where else "")
                + (f": {reason}" if reason else "")
            )
