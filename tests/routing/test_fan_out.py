"""One question to every service that can answer it: in parallel, under one deadline, and a slow
or failing service costs its own answer only."""

from __future__ import annotations

import asyncio
import time
from collections.abc import MutableMapping
from typing import Any

from connectors.sdk import CallContext, Connector, ConnectorUnavailable, Dossier, Dossiers, ProfileFacts
from hub.routing import Gathered
from tests.routing.conftest import AskDossiers, MakeRouter
from tests.routing.fakes import DOSSIERS, DossierService, FactService, answers, context_for, fails, hangs


def titels(gathered: Gathered[list[Dossier]]) -> dict[str, list[str]]:
    return {r.service: [d.titel for d in r.value] for r in gathered.results}


def codes(gathered: Gathered[list[Dossier]]) -> dict[str, str]:
    return {f.service: f.code for f in gathered.failures}


async def test_services_are_asked_in_parallel_so_the_wait_is_the_slowest_not_the_sum(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    # None answers before all five have been asked: one after the other, the first would wait
    # for the others until its timeout.
    everyone_asked = asyncio.Barrier(5)
    services = [DossierService(f"dienst-{i}", answers(after=everyone_asked.wait)) for i in range(5)]
    router = make_router(*services, attempts=1)

    gathered = await ask_dossiers(router)

    assert sorted(titels(gathered)) == [f"dienst-{i}" for i in range(5)]
    assert gathered.failures == []


async def test_only_services_with_the_capability_are_asked(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    dossiers = DossierService("kiosk")
    facts = FactService("gemeente-gent")
    router = make_router(dossiers, facts)

    gathered = await ask_dossiers(router)

    assert router.having(ProfileFacts) == [facts]
    assert list(titels(gathered)) == ["kiosk"]
    assert facts.calls == 0


async def test_down_slow_flaky_and_garbled_services_cost_only_their_own_answers(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    healthy = DossierService("kiosk", answers("Sportkamp"))
    down = DossierService("gemeente-gent", fails(ConnectorUnavailable("gemeente-gent", "connection refused")))
    slow = DossierService("catalogus", hangs(), timeout=0.2)
    flaky = DossierService(
        "gemeente-leuven", fails(ConnectorUnavailable("gemeente-leuven", "answered 500")), answers("Zaalhuur")
    )
    garbled = DossierService("subsidies", fails(ConnectorUnavailable("subsidies", "answered no JSON")))
    router = make_router(
        healthy, down, slow, flaky, garbled, attempts=2, backoff_initial=0.01, backoff_max=0.02
    )

    gathered = await ask_dossiers(router)

    assert titels(gathered) == {"kiosk": ["Sportkamp"], "gemeente-leuven": ["Zaalhuur"]}
    assert codes(gathered) == {
        "gemeente-gent": "SERVICE_UNAVAILABLE",
        "catalogus": "TIMEOUT",
        "subsidies": "SERVICE_UNAVAILABLE",
    }
    messages = {f.service: f.message for f in gathered.failures}
    assert "connection refused" in messages["gemeente-gent"]
    assert "no JSON" in messages["subsidies"]
    assert "no answer within" in messages["catalogus"]
    assert (slow.calls, slow.cancelled) == (2, 2)  # each attempt cut off at its own timeout
    assert (down.calls, flaky.calls, garbled.calls) == (2, 2, 2)


async def test_a_connector_that_crashes_is_reported_as_an_internal_error_and_logged(
    make_router: MakeRouter, ask_dossiers: AskDossiers, logs: list[MutableMapping[str, Any]]
) -> None:
    router = make_router(DossierService("kiosk"), DossierService("buggy", fails(KeyError("naam"))))

    gathered = await ask_dossiers(router)

    assert list(titels(gathered)) == ["kiosk"]
    [failure] = gathered.failures
    assert (failure.service, failure.code) == ("buggy", "INTERNAL_ERROR")
    assert "KeyError" in failure.message
    assert "Traceback" not in failure.message
    crash = next(entry for entry in logs if entry["event"] == "connector_crashed")
    assert crash["service"] == "buggy"
    assert isinstance(crash["exc_info"], KeyError)


async def test_each_service_gets_the_context_made_for_it_bounded_by_the_deadline(
    make_router: MakeRouter,
) -> None:
    kiosk, gent = DossierService("kiosk"), DossierService("gemeente-gent", audience="gent-api")
    router = make_router(kiosk, gent)
    made_for: list[str] = []

    def context(connector: Connector[Any]) -> CallContext:
        made_for.append(connector.config.audience)
        return context_for("V0001001")

    before = time.monotonic()
    await router.gather(
        Dossiers,
        lambda connector, ctx: connector.dossiers(ctx),
        context_for=context,
        cache_key="V0001001",
        adapter=DOSSIERS,
        deadline_seconds=1.0,
    )
    after = time.monotonic()

    assert sorted(made_for) == ["gent-api", "kiosk"]
    assert kiosk.contexts[0].v_code == "V0001001"
    # Not the 30 s the context came with: one second from when the router asked.
    assert before + 1.0 <= kiosk.contexts[0].deadline <= after + 1.0


async def test_closing_the_router_closes_every_connectors_http_client(make_router: MakeRouter) -> None:
    services = [DossierService("kiosk"), FactService("gemeente-gent")]
    router = make_router(*services)

    await router.aclose()

    assert all(service.http.is_closed for service in services)
