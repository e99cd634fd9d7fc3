"""The delivery queue as the operator's scraper sees it, read from the store at each scrape (so
every replica reports the same, whichever workers did the work)."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Gauge

from registry.uitgaand.service import Uitgaand


class UitgaandStand:
    def __init__(self, uitgaand: Uitgaand, *, registry: CollectorRegistry) -> None:
        self.uitgaand = uitgaand
        self.deliveries = Gauge(
            "vloket_events_outbound_deliveries",
            "Deliveries of register changes to subscribers, by status (wachtend: queued, "
            "afgeleverd: delivered, mislukt: parked after the last attempt).",
            ["status"],
            registry=registry,
        )
        self.oldest = Gauge(
            "vloket_events_outbound_oldest_pending_seconds",
            "Age of the oldest delivery still waiting (0: none waits).",
            registry=registry,
        )
        self.per_subscriber = Gauge(
            "vloket_events_outbound_subscriber_deliveries",
            "Deliveries per subscriber, by status.",
            ["abonnee", "status"],
            registry=registry,
        )
        self.failing = Gauge(
            "vloket_events_outbound_failing",
            "Deliveries waiting for a subscriber whose last attempt failed (it is down or refuses).",
            ["abonnee"],
            registry=registry,
        )
        self.undistributed = Gauge(
            "vloket_events_outbox_undistributed",
            "Register changes not yet turned into deliveries.",
            registry=registry,
        )

    async def bijwerken(self) -> None:
        stand = await self.uitgaand.stand()
        for status, count in stand.per_status.items():
            self.deliveries.labels(status).set(count)
        # Cleared first: a subscriber whose deliveries are all cleaned up no longer shows.
        self.per_subscriber.clear()
        self.failing.clear()
        for abonnee, counts in stand.per_abonnee.items():
            for status, count in counts.items():
                self.per_subscriber.labels(abonnee, status).set(count)
            self.failing.labels(abonnee).set(stand.falend.get(abonnee, 0))
        oudste = stand.oudste_wachtend
        self.oldest.set((datetime.now(UTC) - oudste).total_seconds() if oudste else 0)
        self.undistributed.set(stand.te_verdelen)
