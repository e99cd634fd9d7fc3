"""Register changes out to subscribed services: the outbox written in the change's transaction,
deliveries only of the parts a subscriber may see, signed, in order per association, retried with
backoff, parked after the last attempt and put back by hand; on both stores, over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from sqlalchemy import select
from standardwebhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from connectors.sdk.http import http_client
from hub.events.abonnees import Abonnee
from hub.events.embedded import EmbeddedWorker
from hub.events.outbound import Afleveraar
from hub.events.retry import AfleveringMislukt, Backoff
from registry.associations import onderdelen
from registry.associations.commands import Actor, ContactgegevenInvoer, RegistratieInvoer
from registry.associations.model import Vereniging
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.errors import VersionConflict
from registry.toegangslog.service import Handeling, Toegangslog
from registry.uitgaand.model import Abonnement, Paar
from registry.uitgaand.service import Uitgaand
from registry.uitgaand.tables import uitgaand_table
from tests.events.subscriber import SECRET, Subscriber, subscriber_on_loopback
from tests.utils.servers import serving

ACTOR = Actor(door="71032512357")


class Clock:
    """Moved by hand; starts at the real time, since subscribers refuse signatures stamped more
    than five minutes off their own clock."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def nothing(_: VerenigingenRegister) -> None:
    return None


async def new_association(register: VerenigingenRegister, naam: str) -> Vereniging:
    return await register.registreer_feitelijke_vereniging(invoer=RegistratieInvoer(naam=naam), actor=ACTOR)


async def add_email(register: VerenigingenRegister, vereniging: Vereniging, adres: str) -> Vereniging:
    return await register.change(
        v_code=vereniging.v_code,
        versie=vereniging.versie,
        actor=ACTOR,
        authorize=lambda _: None,
        apply=lambda current, checks: onderdelen.voeg_contactgegeven_toe(
            current, ContactgegevenInvoer(contactgegeventype="E-mail", waarde=adres), checks=checks
        ),
    )


@pytest.fixture
def subscriber() -> Iterator[tuple[Subscriber, str]]:
    found = Subscriber()
    with subscriber_on_loopback(found) as url:
        yield found, url


Deliverer = Callable[..., Afleveraar]


@pytest.fixture
async def deliverer() -> AsyncIterator[Deliverer]:
    """Makes deliverers to the subscriber `kiosk` (backoff jitter drawn at 0.5); closes their
    HTTP clients after the test."""
    clients: list[httpx.AsyncClient] = []

    def make(
        db: Database, url: str, *, delen: frozenset[str] = frozenset({"contactgegevens"}), **options: object
    ) -> Afleveraar:
        abonnee = Abonnee(Abonnement("kiosk", frozenset(delen)), url, Webhook(SECRET))  # type: ignore[arg-type]
        settings: dict[str, object] = {
            "source": "https://hub.example",
            "max_pogingen": 3,
            "backoff": Backoff(first=2.0, cap=60.0, random=lambda: 0.5),
        } | options
        clients.append(http_client())
        return Afleveraar(Uitgaand(db), {"kiosk": abonnee}, clients[-1], **settings)  # type: ignore[arg-type]

    yield make
    for client in clients:
        await client.aclose()


async def outbox(db: Database) -> list[tuple[str, int, str, list[str]]]:
    u = uitgaand_table.c
    async with db.read() as session:
        rows = await session.execute(select(u.v_code, u.versie, u.gebeurtenis, u.onderdelen).order_by(u.id))
    return [(row.v_code, row.versie, row.gebeurtenis, list(row.onderdelen)) for row in rows]


async def test_each_change_writes_its_event_with_it_and_a_refused_one_none(
    register: VerenigingenRegister, db: Database
) -> None:
    vereniging = await new_association(register, "Outbox De Eerste")
    changed = await add_email(register, vereniging, "info@eerste.be")
    with pytest.raises(VersionConflict):
        await add_email(register, vereniging, "stale@eerste.be")  # an old versie: refused whole

    assert await outbox(db) == [
        (
            vereniging.v_code,
            1,
            "FeitelijkeVerenigingWerdGeregistreerd",
            ["basisgegevens", "contactgegevens", "locaties", "vertegenwoordigers"],
        ),
        (changed.v_code, 2, "ContactgegevenWerdToegevoegd", ["contactgegevens"]),
    ]


async def test_a_subscriber_gets_only_changes_to_parts_it_may_see_and_only_those_parts(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    afleveraar = deliverer(db, url, delen=frozenset({"contactgegevens"}))
    vereniging = await new_association(register, "Outbox De Tweede")
    await register.change(
        v_code=vereniging.v_code,
        versie=1,
        actor=ACTOR,
        authorize=lambda _: None,
        apply=lambda current, checks: onderdelen.voeg_contactgegeven_toe(
            current, ContactgegevenInvoer(contactgegeventype="Telefoon", waarde="09 123 45 67"), checks=checks
        ),
    )

    paren = await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    delivered = await afleveraar.lever(Paar("kiosk", vereniging.v_code))

    assert paren == {Paar("kiosk", vereniging.v_code)}
    assert delivered == 2
    first, second = receiver.wait_for(2)
    assert (first.versie, first.gewijzigd, list(first.waarden)) == (
        1,
        ["contactgegevens"],
        ["contactgegevens"],
    )
    assert second.gewijzigd == ["contactgegevens"]
    assert second.waarden["contactgegevens"][0]["waarde"] == "09 123 45 67"
    assert receiver.refused == []


async def test_events_go_out_signed_and_in_order_and_are_marked_delivered(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    afleveraar = deliverer(db, url)
    vereniging = await new_association(register, "Outbox De Derde")
    for number in range(3):
        vereniging = await add_email(register, vereniging, f"adres{number}@derde.be")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)

    await afleveraar.lever(Paar("kiosk", vereniging.v_code))

    receiver.wait_for(4)
    assert receiver.versions() == {vereniging.v_code: [1, 2, 3, 4]}
    stand = await afleveraar.uitgaand.stand()
    assert stand.per_status == {"wachtend": 0, "afgeleverd": 4, "mislukt": 0}
    assert await afleveraar.lever(Paar("kiosk", vereniging.v_code)) == 0  # nothing twice


async def test_an_event_names_the_trace_of_its_change_and_its_delivery_continues_that_trace(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    afleveraar = deliverer(db, url)
    vereniging = await new_association(register, "Outbox Gevolgd")  # outside any trace
    caller = SpanContext(0x6F1D2C3B4A5968778695A4B3C2D1E0F1, 0x0102030405060708, True, TraceFlags(1))
    with trace.use_span(NonRecordingSpan(caller)):  # a request of a caller who traces
        await add_email(register, vereniging, "gevolgd@outbox.be")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)

    await afleveraar.lever(Paar("kiosk", vereniging.v_code))

    receiver.wait_for(2)
    untraced, traced = (receiver.traces[event_id] for event_id in receiver.received)
    assert untraced[1] is None  # the event names no trace it was not part of
    header, named = traced
    assert named is not None
    assert named.startswith("00-6f1d2c3b4a5968778695a4b3c2d1e0f1-")
    assert header is not None
    assert header.startswith("00-6f1d2c3b4a5968778695a4b3c2d1e0f1-")  # its delivery: the same trace


async def test_a_forged_signature_is_refused_by_the_subscriber(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    other = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk="
    afleveraar = deliverer(db, url)
    afleveraar.abonnees["kiosk"] = Abonnee(afleveraar.abonnees["kiosk"].abonnement, url, Webhook(other))
    vereniging = await new_association(register, "Outbox Vervalst")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)

    with pytest.raises(AfleveringMislukt, match="HTTP 401"):
        await afleveraar.lever(Paar("kiosk", vereniging.v_code))

    assert receiver.applied == {}
    assert receiver.refused == ["No matching signature found"]


async def test_a_subscriber_that_was_down_gets_every_event_in_order_once_it_is_back(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    clock = Clock()
    afleveraar = deliverer(db, url, clock=clock, max_pogingen=5)
    afleveraar.uitgaand.clock = clock
    vereniging = await new_association(register, "Outbox Even Weg")
    vereniging = await add_email(register, vereniging, "een@weg.be")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    paar = Paar("kiosk", vereniging.v_code)
    receiver.status = 503

    with pytest.raises(AfleveringMislukt) as first:
        await afleveraar.lever(paar)
    with pytest.raises(AfleveringMislukt, match="not due yet"):
        await afleveraar.lever(paar)  # before its next attempt: not tried, nothing behind it either
    clock.now += timedelta(seconds=first.value.over)
    with pytest.raises(AfleveringMislukt) as second:
        await afleveraar.lever(paar)
    vereniging = await add_email(register, vereniging, "twee@weg.be")  # news while it is down
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    waiting = await afleveraar.uitgaand.lijst(status="wachtend")
    receiver.status = 204
    clock.now += timedelta(seconds=second.value.over)
    await afleveraar.lever(paar)

    # Equal jitter drawn at 0.5: 2 s, then 4 s, each between half and all of it.
    assert (first.value.over, second.value.over) == (1.5, 3.0)
    assert [(item.versie, item.pogingen, item.laatste_fout) for item in waiting] == [
        (1, 2, "HTTP 503"),
        (2, 0, None),
        (3, 0, None),
    ]
    assert waiting[0].volgende_poging == clock.now
    assert receiver.received[:2] == ["1", "1"]  # tried twice while down
    receiver.wait_for(3)
    assert receiver.versions() == {vereniging.v_code: [1, 2, 3]}


async def test_after_the_last_attempt_the_pair_is_parked_in_order_and_retry_puts_it_back(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    clock = Clock()
    afleveraar = deliverer(db, url, clock=clock, max_pogingen=2)
    vereniging = await new_association(register, "Outbox Geparkeerd")
    vereniging = await add_email(register, vereniging, "een@park.be")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    paar = Paar("kiosk", vereniging.v_code)
    receiver.status = 500

    with pytest.raises(AfleveringMislukt) as first:
        await afleveraar.lever(paar)
    clock.now += timedelta(seconds=first.value.over)
    with pytest.raises(AfleveringMislukt, match="parked: HTTP 500"):
        await afleveraar.lever(paar)
    parked = await afleveraar.uitgaand.lijst(status="mislukt")
    stand = await afleveraar.uitgaand.stand()
    receiver.status = 204
    again, _ = await afleveraar.uitgaand.opnieuw()
    await afleveraar.lever(paar)

    assert [(item.versie, item.pogingen) for item in parked] == [(1, 2), (2, 0)]
    assert stand.per_status == {"wachtend": 0, "afgeleverd": 0, "mislukt": 2}
    assert again == {paar}
    receiver.wait_for(2)
    assert receiver.versions() == {vereniging.v_code: [1, 2]}


async def test_a_replay_sends_a_subscriber_its_events_since_a_moment_again(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    afleveraar = deliverer(db, url)
    vereniging = await new_association(register, "Outbox Opnieuw")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    await afleveraar.lever(Paar("kiosk", vereniging.v_code))
    receiver.wait_for(1)

    paren = await afleveraar.uitgaand.herspeel(
        afleveraar.abonnementen[0], sinds=datetime.now(UTC) - timedelta(hours=1)
    )
    await afleveraar.lever(Paar("kiosk", vereniging.v_code))
    later = await afleveraar.uitgaand.herspeel(
        afleveraar.abonnementen[0], sinds=datetime.now(UTC) + timedelta(hours=1)
    )

    assert paren == {Paar("kiosk", vereniging.v_code)}
    assert receiver.received == ["1", "1"]  # the same id again: the receiver applies it once
    assert later == set()


async def test_the_embedded_worker_delivers_each_change_as_it_is_committed(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    worker = EmbeddedWorker(deliverer(db, url), repair_seconds=60)
    register.gewijzigd = worker.meld
    worker.start()
    try:
        vereniging = await new_association(register, "Outbox Ingebed")
        for number in range(3):
            vereniging = await add_email(register, vereniging, f"adres{number}@ingebed.be")
        await asyncio.to_thread(receiver.wait_for, 4)
    finally:
        await worker.stop()

    assert receiver.versions() == {vereniging.v_code: [1, 2, 3, 4]}


async def test_what_is_delivered_is_forgotten_after_the_retention_and_the_rest_stays(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    afleveraar = deliverer(db, url, max_pogingen=1)
    delivered = await new_association(register, "Outbox Bewaard Afgeleverd")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    await afleveraar.lever(Paar("kiosk", delivered.v_code))
    receiver.status = 503
    parked = await new_association(register, "Outbox Bewaard Geparkeerd")
    waiting = await new_association(register, "Outbox Bewaard Wachtend")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    with pytest.raises(AfleveringMislukt, match="parked"):
        await afleveraar.lever(Paar("kiosk", parked.v_code))

    kept = await afleveraar.uitgaand.ruim_op(ouder_dan=datetime.now(UTC) - timedelta(days=1))
    forgotten = await afleveraar.uitgaand.ruim_op(ouder_dan=datetime.now(UTC) + timedelta(days=1))

    assert kept == (0, 0)
    assert forgotten == (1, 1)
    assert [v_code for v_code, *_ in await outbox(db)] == [parked.v_code, waiting.v_code]
    left = {(item.v_code, item.status) for item in await afleveraar.uitgaand.lijst()}
    assert left == {(parked.v_code, "mislukt"), (waiting.v_code, "wachtend")}


async def test_nothing_newer_passes_a_parked_event_and_a_retry_sends_all_in_order(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    afleveraar = deliverer(db, url, max_pogingen=1)
    vereniging = await new_association(register, "Outbox Niets Voorbij")
    vereniging = await add_email(register, vereniging, "een@voorbij.be")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
    paar = Paar("kiosk", vereniging.v_code)
    receiver.status = 500
    with pytest.raises(AfleveringMislukt, match="parked"):
        await afleveraar.lever(paar)
    receiver.status = 204
    vereniging = await add_email(register, vereniging, "twee@voorbij.be")  # news after the parking
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)

    with pytest.raises(AfleveringMislukt, match="parked behind a parked event"):
        await afleveraar.lever(paar)
    parked = await afleveraar.uitgaand.lijst(status="mislukt")
    await afleveraar.uitgaand.opnieuw()
    await afleveraar.lever(paar)

    assert [(item.versie, item.laatste_fout) for item in parked] == [
        (1, "HTTP 500"),
        (2, None),
        (3, "waits behind a parked event of the same association"),
    ]
    receiver.wait_for(3)
    assert receiver.versions() == {vereniging.v_code: [1, 2, 3]}


async def test_a_retry_while_the_last_attempt_is_under_way_is_not_parked_again(
    register: VerenigingenRegister, db: Database
) -> None:
    uitgaand = Uitgaand(db)
    vereniging = await new_association(register, "Outbox Terwijl Onderweg")
    await uitgaand.verdeel([Abonnement("kiosk", frozenset({"contactgegevens"}))])
    paar = Paar("kiosk", vereniging.v_code)
    [levering] = await uitgaand.wachtend(paar)
    await uitgaand.poging_mislukt(levering.id, "HTTP 500", volgende_poging=datetime.now(UTC))
    [seen] = await uitgaand.wachtend(paar)  # its last attempt starts, having seen 1 attempt
    await uitgaand.parkeer(paar, seen.id, "HTTP 500", pogingen=seen.pogingen)
    await uitgaand.opnieuw()  # the operator puts it back: fresh attempts
    [fresh] = await uitgaand.wachtend(paar)

    late = await uitgaand.parkeer(paar, fresh.id, "HTTP 500", pogingen=seen.pogingen)  # a stale attempt ends

    assert late == 0
    assert [(item.status, item.pogingen) for item in await uitgaand.lijst()] == [("wachtend", 0)]


async def test_an_answer_with_a_nul_byte_is_recorded_and_backed_off(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    receiver.status, receiver.error_body = 500, b"oops\x00\x1b[31m"
    afleveraar = deliverer(db, url)
    vereniging = await new_association(register, "Outbox Nul")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)

    with pytest.raises(AfleveringMislukt):
        await afleveraar.lever(Paar("kiosk", vereniging.v_code))

    [item] = await afleveraar.uitgaand.lijst()
    assert (item.status, item.pogingen) == ("wachtend", 1)
    assert item.laatste_fout == "HTTP 500: oops\ufffd\ufffd[31m"


async def test_a_subscriber_trickling_its_answer_fails_the_attempt_at_its_timeout(
    register: VerenigingenRegister, db: Database, deliverer: Deliverer
) -> None:
    async def trickle(request: Request) -> StreamingResponse:
        async def drip() -> AsyncIterator[bytes]:
            while True:
                yield b"."
                await asyncio.sleep(0.1)  # the slow subscriber itself, not the test's order

        return StreamingResponse(drip(), status_code=500)

    with serving(Starlette(routes=[Route("/hook", trickle, methods=["POST"])])) as base:
        afleveraar = deliverer(db, f"{base}/hook", timeout=0.5)
        vereniging = await new_association(register, "Outbox Druppel")
        await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)
        with pytest.raises(AfleveringMislukt, match=r"no answer within 0\.5 s"):
            await afleveraar.lever(Paar("kiosk", vereniging.v_code))


async def test_a_url_the_client_cannot_call_is_a_failed_attempt(
    register: VerenigingenRegister, db: Database, deliverer: Deliverer
) -> None:
    afleveraar = deliverer(db, "http://a..b/hook")
    vereniging = await new_association(register, "Outbox Rare Url")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)

    with pytest.raises(AfleveringMislukt):
        await afleveraar.lever(Paar("kiosk", vereniging.v_code))

    [item] = await afleveraar.uitgaand.lijst()
    assert (item.status, item.pogingen) == ("wachtend", 1)
    assert item.laatste_fout is not None


async def test_a_repair_hands_over_no_pair_that_waits_for_its_retry(
    register: VerenigingenRegister, db: Database
) -> None:
    uitgaand = Uitgaand(db)
    backing_off = await new_association(register, "Outbox In Backoff")
    backing_off = await add_email(register, backing_off, "twee@backoff.be")
    fresh = await new_association(register, "Outbox Vers")
    await uitgaand.verdeel([Abonnement("kiosk", frozenset({"contactgegevens"}))])
    [first, _] = await uitgaand.wachtend(Paar("kiosk", backing_off.v_code))
    later = datetime.now(UTC) + timedelta(hours=1)
    await uitgaand.poging_mislukt(first.id, "HTTP 503", volgende_poging=later)

    due = await uitgaand.paren_wachtend(te_doen_voor=datetime.now(UTC))

    assert due == {Paar("kiosk", fresh.v_code)}
    assert await uitgaand.paren_wachtend(te_doen_voor=later) == {
        Paar("kiosk", fresh.v_code),
        Paar("kiosk", backing_off.v_code),
    }


async def test_a_delivery_carrying_representatives_is_in_the_associations_access_log(
    seeded: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    receiver, url = subscriber
    both = deliverer(db, url, delen=frozenset({"contactgegevens", "vertegenwoordigers"}))
    await both.verdeel()
    await both.lever(Paar("kiosk", "V0001001"))  # its registration, with An and Lotte
    await add_email(seeded, await seeded.get("V0001001"), "nieuw@vrolijkebas.be")
    await both.verdeel()
    await both.lever(Paar("kiosk", "V0001001"))  # a contact change: nothing private in it

    gedeeld = [
        t
        for t in (await Toegangslog(db).lees("V0001001", first=50)).items
        if t.handeling is Handeling.GEDEELD
    ]
    assert [(t.onderdeel, t.door, t.door_naam) for t in gedeeld] == [
        ("abonnement kiosk: vertegenwoordigers", "dienst:kiosk", "kiosk")
    ]
    assert len(receiver.wait_for(2)) == 2


async def test_an_event_delivered_before_the_one_that_is_parked_stays_delivered(
    register: VerenigingenRegister, db: Database, subscriber: tuple[Subscriber, str], deliverer: Deliverer
) -> None:
    """Deliveries taken in one go are marked together; parking the one that failed (with all
    that waits behind it) comes after the mark of those that went before it."""
    receiver, url = subscriber
    receiver.refuse_after = 1
    afleveraar = deliverer(db, url, clock=Clock(), max_pogingen=1)
    vereniging = await new_association(register, "Outbox Half Geleverd")
    vereniging = await add_email(register, vereniging, "half@park.be")
    await afleveraar.uitgaand.verdeel(afleveraar.abonnementen)

    with pytest.raises(AfleveringMislukt, match="parked: HTTP 500"):
        await afleveraar.lever(Paar("kiosk", vereniging.v_code))

    items = await afleveraar.uitgaand.lijst()
    assert sorted((item.versie, item.status) for item in items if item.v_code == vereniging.v_code) == [
        (1, "afgeleverd"),
        (2, "mislukt"),
    ]
