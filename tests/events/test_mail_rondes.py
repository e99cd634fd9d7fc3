"""The mail rounds on both stores, with a clock the test moves and a real SMTP server on loopback:
a daily digest goes out once a day at its hour; mail stops for someone the register no longer
names; a send that fails is tried again, nothing lost or sent twice; on PostgreSQL the job
engine's workers send it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import update

from connectors.sdk.http import http_client
from demo.mailsink import MailSink
from demo.personas import AN, LOTTE, PIETER
from demo.verenigingen import seed
from hub.events.engine import Engine, engine_app
from hub.events.outbound import Afleveraar
from hub.events.retry import Backoff
from hub.mail.berichten import Opsteller
from hub.mail.rondes import Berichtgever
from hub.mail.smtp import MailMislukt, SmtpMailer
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.model import Binnenkomend, DossierStand
from registry.dossiers.service import Dossiers
from registry.meldingen.bevestiging import BEVESTIGING_WACHT, BEVESTIGINGEN_PER_DAG
from registry.meldingen.service import Meldingen
from registry.meldingen.tables import voorkeur_table
from registry.meldingen.voorkeur import Frequentie
from registry.meldingen.voorkeuren import Voorkeuren
from registry.offerings.op_maat import AanbodOpMaat
from registry.offerings.service import DienstenRegister
from registry.uitgaand.service import Uitgaand
from tests.utils.servers import free_ports
from tests.utils.services import TEST_SECRET

V_CODE = "V0001001"
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Brussels


class Klok:
    def __init__(self) -> None:
        self.nu = START

    def __call__(self) -> datetime:
        return self.nu


@pytest.fixture
def sink() -> Iterator[tuple[MailSink, int]]:
    [port] = free_ports(1)
    found = MailSink()
    with found.serving("127.0.0.1", port):
        yield found, port


def berichtgever(db: Database, klok: Klok, port: int, register: VerenigingenRegister) -> Berichtgever:
    return Berichtgever(
        voorkeuren=Voorkeuren(db, clock=klok),
        meldingen=Meldingen(db=db, op_maat=AanbodOpMaat(DienstenRegister(db=db)), clock=klok),
        register=register,
        mailer=SmtpMailer("127.0.0.1", port, security="none", timeout=10),
        opsteller=Opsteller("https://loket.example", "Loket <meldingen@loket.example>", TEST_SECRET),
        digest_uur=7,
        controle=timedelta(hours=1),
    )


async def choose(gever: Berichtgever, insz: str, frequentie: str, email: str, taal: str = "nl") -> None:
    voorkeur = await gever.voorkeuren.zet(
        insz, V_CODE, frequentie=frequentie, email=email, taal=taal, via_register=True
    )
    assert await gever.voorkeuren.bevestig(voorkeur.id, voorkeur.aangevraagd_op, al_bekend=[])


async def action(db: Database, event_id: str, *, deadline: date, dossier: str = "D-1") -> None:
    dossiers = Dossiers(db)
    stand = DossierStand(
        titel=f"Dossier {dossier}",
        status="actie_nodig",
        actie_nodig="Bezorg het attest",
        deadline=deadline,
        verwachte_beslissing=None,
        link=f"https://kiosk.example/{dossier}",
    )
    news = Binnenkomend(
        id=event_id,
        type="be.vlaanderen.vloket.dossier.gewijzigd",
        v_code=V_CODE,
        dossier_id=dossier,
        tijdstip=START,
        data={"id": event_id},
        stand=stand,
    )
    try:
        await dossiers.ontvang("kiosk", event_id, [news])
    finally:
        await dossiers.close()


async def test_a_digest_goes_out_once_a_day_at_its_hour_with_what_is_new(
    db: Database, seeded: VerenigingenRegister, sink: tuple[MailSink, int]
) -> None:
    klok = Klok()
    gever = berichtgever(db, klok, sink[1], seeded)
    await choose(gever, AN.insz, "dagelijks", "an@example.org", taal="en")
    await action(db, "e-1", deadline=date(2027, 1, 15))
    await action(db, "e-2", deadline=date(2027, 1, 20), dossier="D-2")

    klok.nu = START + timedelta(hours=3)  # the same day: today's digest hour has passed
    assert await gever.ronde() > 0
    klok.nu = datetime(2026, 12, 8, 5, 59, tzinfo=UTC)  # 06:59 in Brussels
    wait = await gever.ronde()
    assert wait == 60.0  # until 07:00
    assert list(sink[0].mails) == []

    klok.nu = datetime(2026, 12, 8, 6, 0, tzinfo=UTC)
    await gever.ronde()
    [digest] = await asyncio.to_thread(sink[0].wait_for, 1, timeout=10)
    assert digest.onderwerp == "Today's overview for FWA De vrolijke BA's"
    text = digest.deel("plain")
    assert "This is new for FWA De vrolijke BA's since the previous overview:" in text
    assert text.count("is waiting for you. Bezorg het attest.") == 2

    klok.nu += timedelta(hours=5)
    await gever.ronde()
    await action(db, "e-3", deadline=date(2027, 2, 1), dossier="D-3")
    await gever.vereniging(V_CODE)  # pushed news does not bring a digest forward
    assert len(sink[0].mails) == 1
    klok.nu += timedelta(days=1)
    await gever.ronde()
    [_, second] = await asyncio.to_thread(sink[0].wait_for, 2, timeout=10)
    assert second.deel("plain").count("is waiting for you") == 1  # only D-3 is new


async def test_mail_stops_for_someone_the_register_no_longer_names_and_a_failed_send_is_tried_again(
    db: Database, seeded: VerenigingenRegister, sink: tuple[MailSink, int]
) -> None:
    klok = Klok()
    gever = berichtgever(db, klok, sink[1], seeded)
    await choose(gever, LOTTE.insz, "direct", "lotte@example.org")
    await choose(gever, PIETER.insz, "direct", "pieter@example.org")  # (not a representative of it)
    [closed] = free_ports(1)
    away = berichtgever(db, klok, closed, seeded)
    await action(db, "e-1", deadline=date(2027, 1, 15))

    with pytest.raises(MailMislukt) as away_error:
        await away.vereniging(V_CODE)
    assert away_error.value.server_weg
    assert await away.ronde() == 60.0  # sooner after a failure
    lotte = await gever.voorkeuren.van(LOTTE.insz, V_CODE)
    assert lotte is not None
    assert await gever.voorkeuren.verzonden(lotte.id) == set()  # nothing counts as sent

    assert await gever.vereniging(V_CODE) == 1
    assert await gever.vereniging(V_CODE) == 0  # nothing twice
    [mail] = await asyncio.to_thread(sink[0].wait_for, 1, timeout=10)
    assert mail.aan == ("lotte@example.org",)
    assert len(sink[0].mails) == 1
    pieter = await gever.voorkeuren.van(PIETER.insz, V_CODE)
    assert pieter is not None
    assert pieter.frequentie is Frequentie.NOOIT  # (no longer due at every round)


class Weigert(MailSink):
    """A mail server that refuses one address for good (550), as for an unknown mailbox."""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("weg@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


async def test_an_address_the_server_refuses_for_good_stops_there_and_not_the_others(
    db: Database, seeded: VerenigingenRegister
) -> None:
    [port] = free_ports(1)
    server = Weigert()
    klok = Klok()
    with server.serving("127.0.0.1", port):
        gever = berichtgever(db, klok, port, seeded)
        for insz, adres in ((AN.insz, "weg@example.org"), (LOTTE.insz, "lotte@example.org")):
            await gever.voorkeuren.zet(
                insz, V_CODE, frequentie="direct", email=adres, taal="nl", via_register=True
            )
        assert await gever.bevestigingen() == 1  # Lotte's, though An's came first and was refused
        assert await gever.bevestigingen() == 0  # a refusal for good is not tried again
        await choose(gever, AN.insz, "direct", "weg@example.org")
        await choose(gever, LOTTE.insz, "direct", "lotte@example.org")
        await action(db, "e-1", deadline=date(2027, 1, 15))
        assert await gever.vereniging(V_CODE) == 1
        an = await gever.voorkeuren.van(AN.insz, V_CODE)
        assert an is not None
        assert an.frequentie is Frequentie.NOOIT
        assert [m.aan for m in server.mails] == [("lotte@example.org",), ("lotte@example.org",)]


async def test_rounds_at_once_send_a_confirmation_once_and_a_day_holds_a_few_per_choice(
    db: Database, seeded: VerenigingenRegister, sink: tuple[MailSink, int]
) -> None:
    klok = Klok()
    gever = berichtgever(db, klok, sink[1], seeded)
    await gever.voorkeuren.zet(
        LOTTE.insz, V_CODE, frequentie="direct", email="l@example.org", taal="nl", via_register=True
    )

    assert sorted(await asyncio.gather(gever.bevestigingen(), gever.bevestigingen())) == [0, 1]

    sent = 1
    for n in range(BEVESTIGINGEN_PER_DAG + 3):  # a new address each time, each after the wait
        klok.nu += BEVESTIGING_WACHT + timedelta(seconds=1)
        await gever.voorkeuren.zet(
            LOTTE.insz,
            "V0001002",
            frequentie="direct",
            email=f"l{n}@example.org",
            taal="nl",
            via_register=True,
        )
        sent += await gever.bevestigingen()
    assert sent == 1 + BEVESTIGINGEN_PER_DAG
    assert await gever.voorkeuren.bevestigingen_van(LOTTE.insz, nu=klok.nu) == sent
    klok.nu += timedelta(days=1)
    assert await gever.bevestigingen() == 1  # the next day, the last address gets its mail


async def test_a_mail_that_cannot_be_written_does_not_stop_the_round(
    db: Database, seeded: VerenigingenRegister, sink: tuple[MailSink, int]
) -> None:
    klok = Klok()
    gever = berichtgever(db, klok, sink[1], seeded)
    await gever.voorkeuren.zet(
        AN.insz, V_CODE, frequentie="direct", email="an@example.org", taal="nl", via_register=True
    )
    await gever.voorkeuren.zet(
        LOTTE.insz, V_CODE, frequentie="direct", email="l@example.org", taal="nl", via_register=True
    )
    async with db.write() as session:  # an address stored before such addresses were refused
        await session.execute(
            update(voorkeur_table).where(voorkeur_table.c.persoon == AN.insz).values(email="ä@example.org")
        )

    assert await gever.bevestigingen() == 1
    [mail] = await asyncio.to_thread(sink[0].wait_for, 1, timeout=10)
    assert mail.aan == ("l@example.org",)


@pytest.fixture
async def engine_db(engine_database: str) -> AsyncIterator[Database]:
    database = Database(engine_database)
    yield database
    await database.dispose()


@pytest.mark.postgres
async def test_on_postgresql_the_workers_send_what_the_hub_hands_over(
    engine_database: str, engine_db: Database, sink: tuple[MailSink, int]
) -> None:
    register = VerenigingenRegister(db=engine_db, secret=TEST_SECRET)
    await seed(register, varied_too=False)
    klok = Klok()
    gever = berichtgever(engine_db, klok, sink[1], register)
    await choose(gever, AN.insz, "direct", "an@example.org")
    await gever.voorkeuren.zet(
        LOTTE.insz, V_CODE, frequentie="direct", email="lotte@example.org", taal="nl", via_register=True
    )
    await action(engine_db, "e-1", deadline=date(2027, 1, 15))
    http = http_client()
    jobs = Engine(
        engine_app(engine_database),
        Afleveraar(
            Uitgaand(engine_db), {}, http, source="https://hub.example", max_pogingen=3, backoff=Backoff()
        ),
        berichtgever=gever,
    )
    async with jobs.app.open_async():
        await jobs.mail({V_CODE})
        await jobs.meld_voorkeur()
        # The worker runs the jobs handed over, and stops when none is left.
        await jobs.app.run_worker_async(
            concurrency=2, install_signal_handlers=False, delete_jobs="successful", wait=False
        )
    await http.aclose()

    subjects = sorted(m.onderwerp for m in sink[0].mails)
    assert subjects == [
        "1 nieuwe melding voor FWA De vrolijke BA's",
        "Bevestig uw e-mailadres voor meldingen van het Verenigingsloket",
    ]
