"""A service that keeps failing is left alone for a cool-down, then one probe decides whether it
is back: closed → open after N failed calls → half-open after the cool-down → closed or open."""

from __future__ import annotations

import asyncio

import pytest

from connectors.sdk import ConnectorRejected, ConnectorUnavailable, NotFound
from hub.routing import CircuitOpen, LoginRefused, Router
from tests.routing.conftest import AskDossiers, MakeRouter
from tests.routing.fakes import DossierService, ManualClock, StartService, answers, context_for, fails

BREAKER = {"breaker_failures": 3, "breaker_cooldown_seconds": 30.0, "attempts": 1}


def down() -> ConnectorUnavailable:
    return ConnectorUnavailable("kiosk", "connection refused")


async def open_breaker(router: Router, ask_dossiers: AskDossiers) -> None:
    for _ in range(3):
        await ask_dossiers(router)
    assert router.breaker_state("kiosk") == "open"


async def test_the_breaker_opens_after_consecutive_failures_and_no_call_goes_out_then(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", fails(down()))
    router = make_router(kiosk, DossierService("gemeente-gent"), **BREAKER)

    for _ in range(2):
        await ask_dossiers(router)
    assert router.breaker_state("kiosk") == "closed"
    await ask_dossiers(router)
    gathered = await ask_dossiers(router)

    assert router.breaker_state("kiosk") == "open"
    assert kiosk.calls == 3
    assert [(f.service, f.code) for f in gathered.failures] == [("kiosk", "CIRCUIT_OPEN")]
    assert [r.service for r in gathered.results] == ["gemeente-gent"]
    assert router.breaker_state("gemeente-gent") == "closed"


async def test_a_success_between_failures_starts_the_count_again(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", fails(down()), fails(down()), answers(), fails(down()), fails(down()))
    router = make_router(kiosk, **BREAKER)

    for _ in range(5):
        await ask_dossiers(router)

    assert router.breaker_state("kiosk") == "closed"


async def test_the_retries_of_one_call_count_as_one_failure(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", fails(down()))
    router = make_router(kiosk, breaker_failures=3, attempts=3, backoff_initial=0.01, backoff_max=0.02)

    await ask_dossiers(router)

    assert kiosk.calls == 3
    assert router.breaker_state("kiosk") == "closed"


async def test_after_the_cooldown_one_probe_goes_through_and_its_success_closes_the_breaker(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    kiosk = DossierService("kiosk", fails(down()), fails(down()), fails(down()), answers("Sportkamp"))
    router = make_router(kiosk, **BREAKER)
    await open_breaker(router, ask_dossiers)

    clock.advance(29.0)
    assert router.breaker_state("kiosk") == "open"
    clock.advance(1.0)
    assert router.breaker_state("kiosk") == "half_open"
    gathered = await ask_dossiers(router)

    assert [d.titel for d in gathered.results[0].value] == ["Sportkamp"]
    assert router.breaker_state("kiosk") == "closed"
    assert kiosk.calls == 4


async def test_a_failed_probe_opens_the_breaker_for_another_cooldown(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    kiosk = DossierService("kiosk", fails(down()))
    router = make_router(kiosk, **BREAKER)
    await open_breaker(router, ask_dossiers)

    clock.advance(30.0)
    await ask_dossiers(router)
    assert router.breaker_state("kiosk") == "open"
    clock.advance(29.0)
    await ask_dossiers(router)

    assert router.breaker_state("kiosk") == "open"
    assert kiosk.calls == 4


async def test_while_half_open_only_one_probe_goes_through(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    other_answered = asyncio.Event()
    kiosk = DossierService(
        "kiosk", fails(down()), fails(down()), fails(down()), answers(after=other_answered.wait)
    )
    router = make_router(kiosk, **BREAKER)
    await open_breaker(router, ask_dossiers)
    clock.advance(30.0)

    probing = asyncio.ensure_future(ask_dossiers(router))
    await kiosk.called(4)  # the probe is out, and waits
    other = await ask_dossiers(router)
    other_answered.set()
    probe = await probing

    assert kiosk.calls == 4
    assert [r.service for r in probe.results] == ["kiosk"]
    assert [f.code for f in other.failures] == ["CIRCUIT_OPEN"]
    assert router.breaker_state("kiosk") == "closed"


@pytest.mark.parametrize(
    "error",
    [
        ConnectorRejected("kiosk", "geen toegang"),
        NotFound("kiosk", "vereniging onbekend"),
        LoginRefused("kiosk", "token exchange: invalid_grant"),
        KeyError("x"),
    ],
    ids=["rejected", "not-found", "login-refused", "crash"],
)
async def test_answers_that_say_no_logins_refused_and_connector_bugs_do_not_open_the_breaker(
    make_router: MakeRouter, ask_dossiers: AskDossiers, error: Exception
) -> None:
    kiosk = DossierService("kiosk", fails(error))
    router = make_router(kiosk, **BREAKER)

    for _ in range(5):
        await ask_dossiers(router)

    assert router.breaker_state("kiosk") == "closed"
    assert kiosk.calls == 5


async def test_starting_a_request_respects_the_open_breaker(make_router: MakeRouter) -> None:
    kiosk = StartService("kiosk", fails(down()))
    router = make_router(kiosk, **BREAKER)

    async def start() -> None:
        await router.call_one(
            "kiosk",
            lambda connector, context: connector.start_aanvraag(context, "sportkamp", {}),
            context_for=lambda _: context_for("V0001001"),
        )

    for _ in range(3):
        with pytest.raises(ConnectorUnavailable):
            await start()
    with pytest.raises(CircuitOpen) as raised:
        await start()

    assert isinstance(raised.value, ConnectorUnavailable)
    assert raised.value.code == "CIRCUIT_OPEN"
    assert kiosk.calls == 3


async def test_a_question_with_no_time_left_asks_nobody_and_blames_nobody(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk")
    router = make_router(kiosk, breaker_failures=1)

    gathered = await ask_dossiers(router, deadline_seconds=0.0)

    assert [(f.service, f.code) for f in gathered.failures] == [("kiosk", "TIMEOUT")]
    assert kiosk.calls == 0
    assert router.breaker_state("kiosk") == "closed"
