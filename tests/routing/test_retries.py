"""Transient failures of idempotent reads are tried again, with backoff, never past the deadline;
answers that say no, and actions that must not happen twice, are never repeated."""

from __future__ import annotations

import pytest

from connectors.sdk import (
    ConnectorConfigError,
    ConnectorError,
    ConnectorRejected,
    ConnectorUnavailable,
    NotFound,
    StartResultaat,
)
from hub.routing import ConnectorCrashed, ConnectorTimeout, Router
from tests.routing.conftest import AskDossiers, MakeRouter
from tests.routing.fakes import DossierService, ManualClock, StartService, answers, context_for, fails, hangs

FAST = {"backoff_initial": 0.01, "backoff_max": 0.02}


def unavailable(name: str = "kiosk") -> ConnectorUnavailable:
    return ConnectorUnavailable(name, "answered 503")


async def test_an_unavailable_service_is_asked_again_until_it_answers(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", fails(unavailable()), fails(unavailable()), answers("Sportkamp"))
    router = make_router(kiosk, attempts=3, **FAST)

    gathered = await ask_dossiers(router)

    assert [d.titel for d in gathered.results[0].value] == ["Sportkamp"]
    assert gathered.failures == []
    assert kiosk.calls == 3


async def test_an_unavailable_service_is_asked_at_most_the_configured_attempts(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", fails(unavailable()))
    router = make_router(kiosk, attempts=4, **FAST)

    gathered = await ask_dossiers(router)

    assert [(f.service, f.code) for f in gathered.failures] == [("kiosk", "SERVICE_UNAVAILABLE")]
    assert kiosk.calls == 4


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConnectorRejected("kiosk", "geen toegang voor deze vereniging"), "REJECTED_BY_SERVICE"),
        (NotFound("kiosk", "vereniging onbekend"), "NOT_FOUND"),
        (ConnectorConfigError("kiosk", "no client secret"), "CONNECTOR_CONFIG_ERROR"),
        (RuntimeError("bug"), "INTERNAL_ERROR"),
    ],
    ids=["rejected", "not-found", "config", "crash"],
)
async def test_an_answer_that_says_no_or_a_fault_of_ours_is_not_asked_again(
    make_router: MakeRouter, ask_dossiers: AskDossiers, error: Exception, code: str
) -> None:
    kiosk = DossierService("kiosk", fails(error))
    router = make_router(kiosk, attempts=3, **FAST)

    gathered = await ask_dossiers(router)

    assert [(f.service, f.code) for f in gathered.failures] == [("kiosk", code)]
    assert kiosk.calls == 1


async def test_retries_stop_before_a_wait_would_end_past_the_deadline(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    kiosk = DossierService("kiosk", fails(unavailable()))
    router = make_router(kiosk, attempts=1000, deadline_seconds=0.4, **FAST)

    gathered = await ask_dossiers(router)

    # Half of each cap (0.01, then 0.02): after 0.395 s the next 0.01 s would end past 0.4 s.
    assert clock.waits == pytest.approx([0.005] + [0.01] * 39)
    assert kiosk.calls == 41
    assert [(f.service, f.code) for f in gathered.failures] == [("kiosk", "SERVICE_UNAVAILABLE")]


async def test_the_cap_of_the_retry_wait_doubles_from_the_initial_up_to_the_maximum(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    kiosk = DossierService("kiosk", fails(unavailable()))
    router = make_router(
        kiosk, attempts=7, backoff_initial=1.0, backoff_max=8.0, deadline_seconds=1e6, draw=lambda: 1.0
    )

    await ask_dossiers(router)

    assert clock.waits == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


async def test_each_retry_waits_a_fresh_random_fraction_of_its_cap(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    """Full jitter: replicas that failed together do not come back together. Plain exponential
    backoff (waiting the cap itself) or a random source other than the router's would fail."""
    fractions = iter([0.5, 0.25, 0.0, 0.9, 1.0])
    kiosk = DossierService("kiosk", fails(unavailable()))
    router = make_router(
        kiosk,
        attempts=6,
        backoff_initial=0.2,
        backoff_max=1.0,
        deadline_seconds=1e6,
        draw=lambda: next(fractions),
    )

    await ask_dossiers(router)

    assert clock.waits == pytest.approx([0.5 * 0.2, 0.25 * 0.4, 0.0 * 0.8, 0.9 * 1.0, 1.0 * 1.0])
    assert kiosk.calls == 6


async def test_an_attempt_slower_than_the_connectors_own_timeout_is_cut_off_and_tried_again(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", hangs(), answers("Sportkamp"), timeout=0.1)
    router = make_router(kiosk, deadline_seconds=1.5, **FAST)

    gathered = await ask_dossiers(router)

    assert [d.titel for d in gathered.results[0].value] == ["Sportkamp"]
    assert (kiosk.calls, kiosk.cancelled) == (2, 1)


async def start(router: Router, name: str = "kiosk") -> StartResultaat:
    return await router.call_one(
        name,
        lambda connector, context: connector.start_aanvraag(context, "sportkamp", {"naam": "De Spurters"}),
        context_for=lambda _: context_for("V0001001"),
    )


async def test_starting_a_request_calls_the_one_service_once(make_router: MakeRouter) -> None:
    kiosk, gent = StartService("kiosk"), StartService("gemeente-gent")
    router = make_router(kiosk, gent)

    resultaat = await start(router)

    assert resultaat.link == "https://kiosk.test/sportkamp"
    assert (kiosk.calls, gent.calls) == (1, 0)


@pytest.mark.parametrize(
    "error",
    [unavailable(), ConnectorRejected("kiosk", "aanvraag loopt al"), NotFound("kiosk", "dienst onbekend")],
    ids=["unavailable", "rejected", "not-found"],
)
async def test_starting_a_request_is_never_retried_and_raises_the_sdk_error(
    make_router: MakeRouter, error: ConnectorError
) -> None:
    kiosk = StartService("kiosk", fails(error), answers())
    router = make_router(kiosk, attempts=5, **FAST)

    with pytest.raises(type(error)) as raised:
        await start(router)

    assert raised.value.code == error.code
    assert kiosk.calls == 1


async def test_starting_a_request_that_takes_too_long_raises_a_timeout(make_router: MakeRouter) -> None:
    kiosk = StartService("kiosk", hangs(), timeout=0.1)
    router = make_router(kiosk)

    with pytest.raises(ConnectorTimeout) as raised:
        await start(router)

    assert isinstance(raised.value, ConnectorUnavailable)
    assert raised.value.code == "TIMEOUT"
    assert (kiosk.calls, kiosk.cancelled) == (1, 1)


async def test_starting_a_request_at_a_crashing_connector_raises_an_internal_error(
    make_router: MakeRouter,
) -> None:
    router = make_router(StartService("kiosk", fails(ValueError("oops"))))

    with pytest.raises(ConnectorCrashed) as raised:
        await start(router)

    assert raised.value.code == "INTERNAL_ERROR"
    assert isinstance(raised.value.__cause__, ValueError)


async def test_starting_a_request_at_an_unknown_service_is_a_configuration_error(
    make_router: MakeRouter,
) -> None:
    router = make_router(StartService("kiosk"))

    with pytest.raises(ConnectorConfigError):
        await start(router, "gemeente-gent")
