"""What the router counts per service, on a registry of its own: calls by outcome, retries,
latency, errors by code and the state of each breaker."""

from __future__ import annotations

import prometheus_client
import pytest

from connectors.sdk import ConnectorRejected, ConnectorUnavailable
from hub.routing import Router
from tests.routing.conftest import AskDossiers, MakeRouter
from tests.routing.fakes import DossierService, ManualClock, StartService, answers, context_for, fails


def sample(router: Router, name: str, **labels: str) -> float:
    return router.registry.get_sample_value(name, labels) or 0.0


def calls(router: Router, service: str, outcome: str) -> float:
    return sample(router, "vloket_routing_calls_total", service=service, outcome=outcome)


async def test_calls_are_counted_by_outcome(make_router: MakeRouter, ask_dossiers: AskDossiers) -> None:
    kiosk = DossierService("kiosk", answers(), fails(ConnectorUnavailable("kiosk", "answered 503")))
    gent = DossierService("gemeente-gent", fails(ConnectorUnavailable("gemeente-gent", "answered 503")))
    router = make_router(kiosk, gent, attempts=2, backoff_initial=0.01, backoff_max=0.02)

    await ask_dossiers(router)
    await ask_dossiers(router)
    await ask_dossiers(router, refresh=True)

    assert calls(router, "kiosk", "ok") == 1
    assert calls(router, "kiosk", "cached") == 1
    assert calls(router, "kiosk", "stale") == 1
    assert calls(router, "gemeente-gent", "failed") == 3
    assert sample(router, "vloket_routing_retries_total", service="gemeente-gent") == 3
    assert (
        sample(router, "vloket_routing_errors_total", service="gemeente-gent", code="SERVICE_UNAVAILABLE")
        == 3
    )
    assert sample(router, "vloket_routing_latency_seconds_count", service="kiosk") == 2


async def test_the_breaker_state_gauge_follows_the_breaker(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    kiosk = DossierService("kiosk", fails(ConnectorUnavailable("kiosk", "connection refused")), answers())
    router = make_router(kiosk, breaker_failures=1, breaker_cooldown_seconds=30.0, attempts=1)

    def level() -> float | None:
        return router.registry.get_sample_value("vloket_routing_breaker_state", {"service": "kiosk"})

    assert level() == 0
    await ask_dossiers(router)
    assert level() == 2
    await ask_dossiers(router)
    assert sample(router, "vloket_routing_errors_total", service="kiosk", code="CIRCUIT_OPEN") == 1
    clock.advance(30.0)
    assert level() == 1
    await ask_dossiers(router)
    assert level() == 0


async def test_each_router_counts_on_its_own_registry(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    one = make_router(DossierService("kiosk"))
    two = make_router(DossierService("kiosk"))

    await ask_dossiers(one)

    assert calls(one, "kiosk", "ok") == 1
    assert calls(two, "kiosk", "ok") == 0
    assert (
        prometheus_client.REGISTRY.get_sample_value(
            "vloket_routing_calls_total", {"service": "kiosk", "outcome": "ok"}
        )
        is None
    )


async def test_starting_requests_are_counted_too(make_router: MakeRouter) -> None:
    kiosk = StartService("kiosk", answers(), fails(ConnectorRejected("kiosk", "aanvraag loopt al")))
    router = make_router(kiosk)

    async def start() -> None:
        await router.call_one(
            "kiosk",
            lambda connector, context: connector.start_aanvraag(context, "sportkamp", {}),
            context_for=lambda _: context_for("V0001001"),
        )

    await start()
    with pytest.raises(ConnectorRejected):
        await start()

    assert calls(router, "kiosk", "ok") == 1
    assert calls(router, "kiosk", "failed") == 1
    assert sample(router, "vloket_routing_errors_total", service="kiosk", code="REJECTED_BY_SERVICE") == 1
