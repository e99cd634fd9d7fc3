"""Notices by e-mail, through the portal and a real SMTP server on loopback: a representative
chooses at once, daily or never, confirms the address by its link, gets what a service pushed in
their language with a one-click unsubscribe (RFC 8058); bad choices and links are refused saying
what is wrong, with nothing changed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from demo.mailsink import MailSink, Ontvangen
from demo.personas import AN, LOTTE
from demo.services import WEBHOOK_SECRETS
from hub.app import create_app
from hub.mail.berichten import Opsteller
from hub.settings import Settings
from registry.db import Database
from registry.meldingen.tables import voorkeur_table
from registry.meldingen.voorkeur import Frequentie, Voorkeur
from registry.meldingen.voorkeuren import Voorkeuren
from tests.events.demo_hub import demo_hub_settings
from tests.events.test_inbound import gewijzigd, signed
from tests.portal.conftest import Portaal
from tests.profile.stack import World
from tests.utils.servers import free_ports, serving
from tests.utils.services import TEST_SECRET

V_CODE = "V0001001"


@pytest.fixture
def sink() -> Iterator[tuple[MailSink, int]]:
    [port] = free_ports(1)
    found = MailSink()
    with found.serving("127.0.0.1", port):
        yield found, port


@pytest.fixture
async def stack(
    world: World, settings: Settings, tmp_path: Path, migrated_sqlite: Path, sink: tuple[MailSink, int]
) -> AsyncIterator[Portaal]:
    """The demo's systems, and the hub on SQLite sending mail to the sink."""
    configured = await demo_hub_settings(
        world,
        settings,
        tmp_path,
        migrated_sqlite,
        smtp_host="127.0.0.1",
        smtp_port=sink[1],
        smtp_security="none",
        mail_from="Verenigingsloket <meldingen@loket.example>",
    )
    with serving(create_app(configured, connectors=world.services.connectors), port=world.ports.hub) as base:
        yield Portaal(hub=base, services=world.services, settings=configured)


async def mails(sink: tuple[MailSink, int], count: int) -> list[Ontvangen]:
    """The mails once `count` are in (the timeout only bounds a failure)."""
    received = await asyncio.to_thread(sink[0].wait_for, count, timeout=20)
    assert len(received) >= count, [m.onderwerp for m in received]
    return received


def to(received: list[Ontvangen], adres: str) -> list[Ontvangen]:
    return [m for m in received if m.aan == (adres,)]


async def choose(portaal: Portaal, insz: str, **keuze: str) -> httpx.Response:
    """Log in as `insz`, act for V0001001 and send the mail form on the notices page."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=30) as browser:
        await portaal.namens(browser, insz, V_CODE)
        page = await portaal.get(browser, "/meldingen")
        assert page.status_code == 200, page.text
        return await portaal.post(browser, "/meldingen/mail", keuze, van=page)


async def push(portaal: Portaal, event_id: str, *, webhook_id: str, **data: Any) -> None:
    body = json.dumps(gewijzigd(event_id, **data))
    headers = signed(body, webhook_id=webhook_id, secret=WEBHOOK_SECRETS["kiosk"])
    async with httpx.AsyncClient() as service:
        answer = await service.post(f"{portaal.hub}/events/kiosk", content=body, headers=headers)
    assert answer.status_code == 202, answer.text


async def confirm(anyone: httpx.AsyncClient, mail: Ontvangen) -> None:
    """Open the confirmation link (a page with a button: opening confirms nothing), then press it."""
    url = link(mail, "/meldingen/mail/bevestig")
    page = await anyone.get(url)
    assert page.status_code == 200, page.text
    assert "Ja, dit is mijn adres" in page.text
    confirmed = await anyone.post(url)
    assert confirmed.status_code == 200, confirmed.text
    assert "bevestigd" in confirmed.text


def link(mail: Ontvangen, path: str) -> str:
    [found] = [url for url in mail.links if path in url]
    return found


async def stored(portaal: Portaal, insz: str) -> Voorkeur | None:
    db = Database(portaal.settings.database_url)
    try:
        return await Voorkeuren(db).van(insz, V_CODE)
    finally:
        await db.dispose()


async def test_confirmed_addresses_get_pushed_news_in_their_language_and_unsubscribe_with_one_click(
    stack: Portaal, sink: tuple[MailSink, int]
) -> None:
    saved = await choose(stack, AN.insz, email="an@example.org", frequentie="direct", taal="nl")
    assert (saved.status_code, saved.headers["location"]) == (303, "/meldingen?mail=bevestigen#mail")
    assert await choose(stack, LOTTE.insz, email="Lotte@Example.org", frequentie="direct", taal="en")
    received = await mails(sink, 2)
    [nl] = to(received, "an@example.org")
    [en] = to(received, "Lotte@example.org")  # (the domain normalised, the local part kept)
    assert nl.onderwerp == "Bevestig uw e-mailadres voor meldingen van het Verenigingsloket"
    assert en.onderwerp == "Confirm your e-mail address for notices from the Verenigingsloket"
    assert "FWA De vrolijke BA's" in nl.deel("plain")

    # Nothing goes to an address before it is confirmed: its link does that, without a login.
    async with httpx.AsyncClient() as anyone:
        for mail in (nl, en):
            await confirm(anyone, mail)
        again = await anyone.get(link(nl, "/meldingen/mail/bevestig"))
    assert "Uw e-mailadres was al bevestigd." in again.text

    await push(stack, "evt-1", webhook_id="a")
    await push(stack, "evt-1", webhook_id="b")  # the same event again: no second notice
    received = await mails(sink, 4)
    [_, melding] = to(received, "an@example.org")
    [_, notice] = to(received, "Lotte@example.org")

    assert melding.onderwerp == "1 nieuwe melding voor FWA De vrolijke BA's"
    tekst = melding.deel("plain")
    assert (
        "- Uw dossier Subsidie jeugdwerking 2027 bij kiosk wacht op u. "
        "Bezorg het attest van de verzekering. Uiterlijk 15 januari 2027.\r\n"
    ) in tekst
    assert f"{stack.hub}/meldingen\r\n" in tekst
    assert '<html lang="nl">' in melding.deel("html")
    assert notice.onderwerp == "1 new notice for FWA De vrolijke BA's"
    assert "Your dossier Subsidie jeugdwerking 2027 at kiosk is waiting for you." in notice.deel("plain")
    assert '<html lang="en">' in notice.deel("html")
    for mail in (melding, notice):
        assert mail.bericht["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert mail.bericht["Auto-Submitted"] == "auto-generated"
        assert mail.bericht["Message-ID"].endswith("@loket.example>")
        whole = mail.bericht.as_string()
        assert AN.insz not in whole
        assert LOTTE.insz not in whole

    # The mail program's one click: a POST without cookies to the List-Unsubscribe address.
    one_click = str(melding.bericht["List-Unsubscribe"]).strip("<>")
    async with httpx.AsyncClient() as mail_program:
        answer = await mail_program.post(
            one_click,
            content="List-Unsubscribe=One-Click",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert answer.status_code == 200
    voorkeur = await stored(stack, AN.insz)
    assert voorkeur is not None
    assert voorkeur.frequentie is Frequentie.NOOIT

    # New news reaches Lotte, and An no more.
    await push(stack, "evt-2", webhook_id="c", bijgewerkt_op="2026-12-06T15:00:00Z", deadline="2027-02-01")
    received = await mails(sink, 5)
    assert len(to(received, "Lotte@example.org")) == 3
    assert len(to(received, "an@example.org")) == 2


async def test_bad_choices_and_links_are_refused_saying_what_is_wrong_and_change_nothing(
    stack: Portaal, sink: tuple[MailSink, int]
) -> None:
    bad = await choose(stack, AN.insz, email="an@@example", frequentie="elk uur", taal="de")
    assert bad.status_code == 400
    assert 'id="fout-email"' in bad.text
    assert "elk uur" in bad.text  # the refused choice, named
    assert await stored(stack, AN.insz) is None
    missing = await choose(stack, AN.insz, email="", frequentie="dagelijks", taal="nl")
    assert missing.status_code == 400
    assert 'id="fout-email"' in missing.text
    accented = await choose(stack, AN.insz, email="ä@example.org", frequentie="direct", taal="nl")
    assert accented.status_code == 400
    assert "Naar dit adres kunnen we geen meldingen sturen" in accented.text
    assert await stored(stack, AN.insz) is None

    never = await choose(stack, AN.insz, email="", frequentie="nooit", taal="nl")
    assert (never.status_code, never.headers["location"]) == (303, "/meldingen?mail=bewaard#mail")
    assert await choose(stack, AN.insz, email="an@example.org", frequentie="dagelijks", taal="nl")
    [bevestiging] = await mails(sink, 1)
    bevestig = link(bevestiging, "/meldingen/mail/bevestig")
    afmelden_link = bevestig.replace("/bevestig?", "/afmelden?")
    async with httpx.AsyncClient() as anyone:
        opened = await anyone.get(bevestig)  # (a link checker opening it confirms nothing)
        forged = await anyone.post(bevestig[:-3] + "AAA")
        wrong_kind = await anyone.post(afmelden_link)  # a confirmation's signature does not unsubscribe
        unknown = await anyone.get(f"{stack.hub}/meldingen/mail/bevestig", params={"v": "x" * 5000, "t": "y"})
        longer = await anyone.post(bevestig.replace("&t=", "00&t="))  # a valid id with more after it
    assert opened.status_code == 200
    assert (forged.status_code, wrong_kind.status_code, unknown.status_code, longer.status_code) == (
        404,
        404,
        404,
        404,
    )
    assert "Deze link klopt niet" in forged.text
    voorkeur = await stored(stack, AN.insz)
    assert voorkeur is not None
    assert not voorkeur.bevestigd
    assert voorkeur.frequentie is Frequentie.DAGELIJKS

    # A link older than 48 hours is refused; a new one comes by choosing the address again.
    db = Database(stack.settings.database_url)
    try:
        ouder = voorkeur.aangevraagd_op - timedelta(hours=49)
        async with db.write() as session:
            await session.execute(
                update(voorkeur_table).where(voorkeur_table.c.id == voorkeur.id).values(aangevraagd_op=ouder)
            )
        verlopen = await Voorkeuren(db).van(AN.insz, V_CODE)
    finally:
        await db.dispose()
    assert verlopen is not None
    opsteller = Opsteller(stack.settings.public_url, "x@loket.example", TEST_SECRET)
    async with httpx.AsyncClient() as anyone:
        expired = await anyone.get(opsteller.bevestig_link(verlopen))
        # The unsubscribe page asks before it does anything (link checkers open every link).
        page = await anyone.get(opsteller.afmeld_link(verlopen))
    assert expired.status_code == 410
    assert "Deze link is verlopen" in expired.text
    assert page.status_code == 200
    assert "Geen mails meer" in page.text
    after = await stored(stack, AN.insz)
    assert after is not None
    assert (after.bevestigd, after.frequentie) == (False, Frequentie.DAGELIJKS)


async def test_an_action_set_by_the_kiosk_caseworker_reaches_the_volunteer_by_mail(
    stack: Portaal, sink: tuple[MailSink, int], world: World
) -> None:
    # An internationalised domain is taken, and mailed to in its ASCII (IDNA) form.
    assert await choose(stack, AN.insz, email="an@bücher.be", frequentie="direct", taal="nl")
    [bevestiging] = await mails(sink, 1)
    assert bevestiging.aan == ("an@xn--bcher-kva.be",)
    async with httpx.AsyncClient() as anyone:
        await confirm(anyone, bevestiging)

    uiterlijk = date.today() + timedelta(days=10)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{world.ports.kiosk}") as caseworker:
        asked = await caseworker.post(
            "/behandelaar/dossiers/KIOSK-2025-0101/actie",
            data={
                "omschrijving": "Bezorg het verslag van de algemene vergadering",
                "uiterlijk": uiterlijk.isoformat(),
            },
        )
    assert (asked.status_code, asked.headers["location"]) == (303, "/behandelaar?gepusht=202")

    [_, melding] = await mails(sink, 2)
    assert melding.aan == ("an@xn--bcher-kva.be",)
    assert "Bezorg het verslag van de algemene vergadering." in melding.deel("plain")
