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

    assert 0.4 - 0.02 <= sum(clock.waits) < 0.4  # the next wait, at most 0.02 s, would pass it
    assert kiosk.calls == len(clock.waits) + 1
    assert [(f.service, f.code) for f in gathered.failures] == [("kiosk", "SERVICE_UNAVAILABLE")]


async def test_retry_waits_are_jittered_below_a_growing_cap(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    """Full jitter: each wait is drawn anew between 0 and the exponential cap, so replicas that
    failed together do not come back together."""
    services = [DossierService(f"dienst-{i}", fails(unavailable(f"dienst-{i}"))) for i in range(20)]
    router = make_router(*services, attempts=4, backoff_initial=1.0, backoff_max=4.0, deadline_seconds=1e6)

    await ask_dossiers(router)

    assert len(clock.waits) == 20 * 3
    assert all(0 <= wait <= 4.0 for wait in clock.waits)
    assert len(set(clock.waits)) == len(clock.waits)  # no two the same
    assert any(wait < 1.0 for wait in clock.waits)  # not the plain 1, 2, 4 of exponential backoff


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
