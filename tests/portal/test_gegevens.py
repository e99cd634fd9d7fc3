"""Onze gegevens: the association's data grouped with source and date, what other services know
(conflicts explicit), KBO-held data read-only, and every part changed in place through the
register, its refusals next to the field and a stale edit explained without losing the input."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

import httpx
from babel.dates import format_date
from sqlalchemy import func, select

from demo.personas import AN, LOTTE, PIETER
from registry.associations.model import Vereniging
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.toegangslog.tables import toegang_table
from tests.portal.conftest import Portaal
from tests.utils.services import TEST_SECRET

LEES_LOG = "query($v: ID!) { vereniging(vCode: $v) { toegangslog(first: 1) { items { onderdeel } } } }"
NIEUWE_VERTEGENWOORDIGER = "75050512376"
"""A valid INSZ that is none of the demo's people (so no one else's choices change)."""


class _Formulier(HTMLParser):
    """The fields a browser would send for the form posting to `action`, as it is on the page."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.binnen = False
        self.velden: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.binnen = a.get("action") == self.action
        elif not self.binnen:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.velden.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.velden.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.velden.append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            naam, _ = self.velden.pop()
            self.velden.append((naam, data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.binnen = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def formulier(page: httpx.Response, action: str, **wijzigingen: str | list[str]) -> dict[str, Any]:
    """The form as the browser sends it (CSRF token left to `portaal.post`), with changes."""
    parser = _Formulier(action)
    parser.feed(page.text)
    data: dict[str, Any] = {}
    for naam, waarde in parser.velden:
        if naam == "csrf":
            continue
        if naam in data:
            bestaand = data[naam]
            data[naam] = [*bestaand, waarde] if isinstance(bestaand, list) else [bestaand, waarde]
        else:
            data[naam] = waarde
    assert data, f"no form posting to {action}"
    data.update(wijzigingen)
    return data


def versie_van(page: httpx.Response) -> int:
    found = re.search(r'name="versie" value="(\d+)"', page.text)
    assert found, page.text
    return int(found.group(1))


@asynccontextmanager
async def _register(portaal: Portaal) -> AsyncIterator[VerenigingenRegister]:
    db = Database(portaal.settings.database_url)
    try:
        yield VerenigingenRegister(db=db, secret=TEST_SECRET)
    finally:
        await db.dispose()


async def opgeslagen(portaal: Portaal, v_code: str) -> Vereniging:
    """The association as the register holds it now, read directly."""
    async with _register(portaal) as register:
        return await register.get(v_code)


async def _gelogd(portaal: Portaal, v_code: str, handeling: str, onderdeel: str) -> int:
    """How many times the access log holds this entry for `v_code`."""
    query = (
        select(func.count())
        .select_from(toegang_table)
        .where(
            toegang_table.c.v_code == v_code,
            toegang_table.c.handeling == handeling,
            toegang_table.c.onderdeel == onderdeel,
        )
    )
    db = Database(portaal.settings.database_url)
    try:
        async with db.read() as session:
            return int((await session.execute(query)).scalar_one())
    finally:
        await db.dispose()


@asynccontextmanager
async def logt(
    portaal: Portaal, browser: httpx.AsyncClient, v_code: str, handeling: str, onderdeel: str
) -> AsyncIterator[None]:
    """What happens inside adds this entry to the access log. The hub writes its log in batches
    just after requests; reading the log through the hub (as the association does) first waits
    for a batch being written and writes what it still holds, so after one read it is there."""
    voor = await _gelogd(portaal, v_code, handeling, onderdeel)
    yield
    read = await browser.post(
        f"{portaal.hub}/graphql",
        json={"query": LEES_LOG, "variables": {"v": v_code}},
        headers={"Origin": portaal.hub},
    )
    assert read.status_code == 200, read.text
    assert await _gelogd(portaal, v_code, handeling, onderdeel) == voor + 1, (
        f"no {handeling} {onderdeel!r} for {v_code} in the access log"
    )


def _id_van(page: httpx.Response, pad: str, tekst: str) -> str:
    """The id in the change link of the part that shows `tekst`."""
    for item in re.findall(r"<li>(.*?)</li>", page.text, flags=re.S):
        if tekst in item:
            found = re.search(rf'href="/gegevens/{pad}/(\d+)/wijzigen"', item)
            assert found, item
            return found.group(1)
    raise AssertionError(f"{tekst} not on the page")


def _nl(day: date) -> str:
    return format_date(day, format="long", locale="nl")


# --- reading --------------------------------------------------------------------------------------


async def test_the_page_shows_the_register_grouped_and_what_other_services_know_with_source_and_date(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001002")
    async with logt(portaal, browser, "V0001002", "gelezen", "portaal: gegevens"):
        page = await portaal.get(browser, "/gegevens")
    assert page.status_code == 200, page.text
    text = page.text
    assert text.count("<h1") == 1
    for heading in (
        "Basisgegevens",
        "Contactgegevens",
        "Locaties",
        "Vertegenwoordigers",
        "Wat andere overheidsdiensten over uw vereniging weten",
    ):
        assert f">{heading}</h2>" in text
    assert "Vissen achter het net" in text
    assert "Visserskaai 12, 8400 Oostende, België" in text
    assert "info@vissenachterhetnet.be" in text
    assert "Pieter Maes" in text
    assert "Bron van de gegevens hieronder: het Verenigingsregister, laatst gewijzigd op" in text
    # Each connected system's facts under its name, with the date the source gives.
    vandaag = date.today()
    assert "Volgens KIOSK" in text
    assert "BE62 5100 0754 7061" in text
    assert _nl(vandaag - timedelta(days=40)) in text
    assert "Volgens Sportfederatie" in text
    assert "HFN-00931" in text
    assert _nl(date(2025, 3, 15)) in text
    assert "Volgens Gemeente Gent" in text
    assert "Erkend door de gemeente" in text
    assert _nl(vandaag - timedelta(days=30)) in text
    # A vertegenwoordiger's INSZ is never shown.
    assert PIETER.insz not in text
    assert LOTTE.insz not in text


async def test_sources_that_disagree_are_shown_side_by_side(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    page = await portaal.get(browser, "/gegevens")
    assert page.status_code == 200
    assert "Deze bronnen zeggen iets anders" in page.text
    conflict = page.text.split("Wat de bronnen zeggen over: Adviesraad", 1)[1].split("</table>", 1)[0]
    assert "Sportraad Gent" in conflict
    assert "Sportraad Liedekerke" in conflict
    assert "Gemeente Gent" in conflict


async def test_a_vzw_shows_what_comes_from_kbo_read_only_with_where_to_change_it(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001002")
    page = await portaal.get(browser, "/gegevens")
    assert "Uw vereniging staat in de KBO" in page.text
    assert "Komt uit de KBO. Wijzig dit bij de KBO, via uw ondernemingsloket." in page.text
    assert "0123456749" in page.text
    # The e-mail, the zetel and both vertegenwoordigers come from KBO: no controls for them.
    assert "/wijzigen" in page.text  # the basisgegevens the register keeps are still editable
    assert not re.search(r"/gegevens/(contactgegevens|locaties|vertegenwoordigers)/\d+/", page.text)

    form = await portaal.get(browser, "/gegevens/basisgegevens/wijzigen")
    assert form.status_code == 200
    assert 'name="naam"' not in form.text
    assert 'name="startdatum"' not in form.text
    assert 'name="roepnaam"' in form.text

    # Crafted past the page, the register itself refuses, and nothing changes.
    voor = await opgeslagen(portaal, "V0001002")
    refused = await portaal.post(
        browser,
        "/gegevens/basisgegevens",
        formulier(form, "/gegevens/basisgegevens", naam="Andere naam"),
        van=form,
    )
    assert refused.status_code == 400
    assert "Er is een probleem" in refused.text
    assert "Dit gegeven komt uit de KBO. Wijzig het daar (bij uw ondernemingsloket)." in refused.text
    kbo_email = await portaal.post(
        browser,
        "/gegevens/contactgegevens/1",
        {"versie": str(voor.versie), "waarde": "ander@vissenachterhetnet.be"},
        van=form,
    )
    assert kbo_email.status_code == 400
    assert "Dit gegeven komt uit de KBO" in kbo_email.text
    assert await opgeslagen(portaal, "V0001002") == voor


# --- contactgegevens ---------------------------------------------------------------------------------


async def test_changing_an_email_shows_it_on_the_page_and_in_the_access_log(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, LOTTE.insz, "V0001003")
    page = await portaal.get(browser, "/gegevens")
    nummer = _id_van(page, "contactgegevens", "E-mail:")
    form = await portaal.get(browser, f"/gegevens/contactgegevens/{nummer}/wijzigen")
    assert form.status_code == 200
    assert "Contactgegeven wijzigen" in form.text

    pad = f"/gegevens/contactgegevens/{nummer}"
    async with logt(portaal, browser, "V0001003", "gewijzigd", "portaal: contactgegeven gewijzigd"):
        saved = await portaal.post(
            browser, pad, formulier(form, pad, waarde="bestuur@jeugdhuisdekelder.be"), van=form
        )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == "/gegevens?gewijzigd=contactgegeven-gewijzigd#contactgegevens"
    after = await portaal.get(browser, "/gegevens", gewijzigd="contactgegeven-gewijzigd")
    assert "Het contactgegeven is opgeslagen." in after.text
    assert "bestuur@jeugdhuisdekelder.be" in after.text
    stored = await opgeslagen(portaal, "V0001003")
    assert [c.waarde for c in stored.contactgegevens if c.contactgegeven_id == int(nummer)] == [
        "bestuur@jeugdhuisdekelder.be"
    ]


async def test_a_bad_email_is_refused_next_to_its_field_and_nothing_is_stored(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, LOTTE.insz, "V0001003")
    voor = await opgeslagen(portaal, "V0001003")
    nummer = next(c.contactgegeven_id for c in voor.contactgegevens if c.contactgegeventype == "E-mail")
    form = await portaal.get(browser, f"/gegevens/contactgegevens/{nummer}/wijzigen")
    refused = await portaal.post(
        browser,
        f"/gegevens/contactgegevens/{nummer}",
        formulier(form, f"/gegevens/contactgegevens/{nummer}", waarde="geen-email"),
        van=form,
    )
    assert refused.status_code == 400
    assert "Er is een probleem" in refused.text
    assert (
        '<a href="#veld-waarde">E-mailadres, telefoonnummer of webadres: Dit is geen geldig e-mailadres'
        in refused.text
    )
    assert re.search(
        r'id="fout-waarde"><span class="verborgen">Fout:</span> Dit is geen geldig', refused.text
    )
    assert 'value="geen-email"' in refused.text
    assert await opgeslagen(portaal, "V0001003") == voor


async def test_a_stale_edit_is_explained_and_the_input_kept_so_saving_again_works(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001009")
    voor = await opgeslagen(portaal, "V0001009")
    nummer = next(c.contactgegeven_id for c in voor.contactgegevens if c.contactgegeventype == "Website")
    pad = f"/gegevens/contactgegevens/{nummer}"
    form = await portaal.get(browser, f"{pad}/wijzigen")
    versie = versie_van(form)

    first = await portaal.post(
        browser, pad, formulier(form, pad, waarde="https://eerste.example.be"), van=form
    )
    assert first.status_code == 303
    # The same form, sent again from the version it was opened at: someone else was faster.
    stale = await portaal.post(
        browser, pad, formulier(form, pad, waarde="https://tweede.example.be"), van=form
    )
    assert stale.status_code == 409, stale.text
    assert "Iemand anders wijzigde dit intussen" in stale.text
    assert "Er is nog niets van u opgeslagen." in stale.text
    assert 'value="https://tweede.example.be"' in stale.text  # their input, still in the form
    row = stale.text.split("Nu opgeslagen", 1)[1].split("</table>", 1)[0]
    assert "https://tweede.example.be" in row
    assert "https://eerste.example.be" in row
    assert versie_van(stale) == versie + 1
    assert [
        c.waarde
        for c in (await opgeslagen(portaal, "V0001009")).contactgegevens
        if c.contactgegeven_id == nummer
    ] == ["https://eerste.example.be"]

    again = await portaal.post(browser, pad, formulier(stale, pad), van=stale)
    assert again.status_code == 303, again.text
    stored = await opgeslagen(portaal, "V0001009")
    assert [c.waarde for c in stored.contactgegevens if c.contactgegeven_id == nummer] == [
        "https://tweede.example.be"
    ]


async def test_adding_from_a_stale_form_shows_what_is_there_now_and_keeps_the_input(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001009")
    pad = "/gegevens/contactgegevens/nieuw"
    form = await portaal.get(browser, pad)
    first = await portaal.post(
        browser, pad, formulier(form, pad, contactgegeventype="Telefoon", waarde="011 11 11 11"), van=form
    )
    assert first.status_code == 303
    stale = await portaal.post(
        browser, pad, formulier(form, pad, contactgegeventype="Telefoon", waarde="011 22 22 22"), van=form
    )
    assert stale.status_code == 409
    assert "Iemand anders wijzigde dit intussen" in stale.text
    nu = stale.text.split("Nu opgeslagen", 1)[1].split("</ul>", 1)[0]
    assert "011 11 11 11" in nu
    assert 'value="011 22 22 22"' in stale.text
    again = await portaal.post(browser, pad, formulier(stale, pad), van=stale)
    assert again.status_code == 303
    stored = await opgeslagen(portaal, "V0001009")
    assert {"011 11 11 11", "011 22 22 22"} <= {c.waarde for c in stored.contactgegevens}


async def test_a_contactgegeven_is_added_and_removed_after_confirming(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001004")
    form = await portaal.get(browser, "/gegevens/contactgegevens/nieuw")
    assert form.status_code == 200
    nieuw = formulier(
        form,
        "/gegevens/contactgegevens/nieuw",
        contactgegeventype="Telefoon",
        waarde="016 12 34 56",
        beschrijving="kantine",
    )
    async with logt(portaal, browser, "V0001004", "gewijzigd", "portaal: contactgegeven toegevoegd"):
        added = await portaal.post(browser, "/gegevens/contactgegevens/nieuw", nieuw, van=form)
    assert added.status_code == 303, added.text
    assert added.headers["location"] == "/gegevens?gewijzigd=contactgegeven-toegevoegd#contactgegevens"
    page = await portaal.get(browser, "/gegevens", gewijzigd="contactgegeven-toegevoegd")
    assert "Het contactgegeven is toegevoegd." in page.text
    assert "016 12 34 56" in page.text
    nummer = _id_van(page, "contactgegevens", "016 12 34 56")

    vraag = await portaal.get(browser, f"/gegevens/contactgegevens/{nummer}/verwijderen")
    assert vraag.status_code == 200
    assert "Weet u zeker dat u dit wilt verwijderen?" in vraag.text
    assert "016 12 34 56" in vraag.text
    assert "016 12 34 56" in (await portaal.get(browser, "/gegevens")).text  # not yet gone
    pad = f"/gegevens/contactgegevens/{nummer}/verwijderen"
    async with logt(portaal, browser, "V0001004", "gewijzigd", "portaal: contactgegeven verwijderd"):
        removed = await portaal.post(browser, pad, formulier(vraag, pad), van=vraag)
    assert removed.status_code == 303
    assert removed.headers["location"] == "/gegevens?gewijzigd=contactgegeven-verwijderd#contactgegevens"
    after = await portaal.get(browser, "/gegevens", gewijzigd="contactgegeven-verwijderd")
    assert "Het contactgegeven is verwijderd." in after.text
    assert "016 12 34 56" not in after.text
    stored = await opgeslagen(portaal, "V0001004")
    assert all(c.waarde != "016 12 34 56" for c in stored.contactgegevens)


# --- locaties ------------------------------------------------------------------------------------


async def test_a_locatie_is_refused_without_its_street_then_added_and_removed(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001004")
    form = await portaal.get(browser, "/gegevens/locaties/nieuw")
    adres = {
        "locatietype": "Correspondentie",
        "naam": "Secretariaat",
        "straatnaam": "",
        "huisnummer": "7",
        "postcode": "3000",
        "gemeente": "Leuven",
    }
    voor = await opgeslagen(portaal, "V0001004")
    refused = await portaal.post(
        browser, "/gegevens/locaties/nieuw", formulier(form, "/gegevens/locaties/nieuw", **adres), van=form
    )
    assert refused.status_code == 400
    assert '<a href="#veld-straatnaam">Straat: Vul dit veld in.</a>' in refused.text
    assert 'value="Secretariaat"' in refused.text
    assert await opgeslagen(portaal, "V0001004") == voor

    added = await portaal.post(
        browser,
        "/gegevens/locaties/nieuw",
        formulier(refused, "/gegevens/locaties/nieuw", straatnaam="Tiensestraat"),
        van=refused,
    )
    assert added.status_code == 303, added.text
    page = await portaal.get(browser, "/gegevens", gewijzigd="locatie-toegevoegd")
    assert "De locatie is toegevoegd." in page.text
    assert "Tiensestraat 7, 3000 Leuven, België" in page.text
    assert "Correspondentieadres" in page.text
    nummer = _id_van(page, "locaties", "Tiensestraat 7")

    pad = f"/gegevens/locaties/{nummer}/verwijderen"
    vraag = await portaal.get(browser, pad)
    removed = await portaal.post(browser, pad, formulier(vraag, pad), van=vraag)
    assert removed.status_code == 303
    after = await portaal.get(browser, "/gegevens", gewijzigd="locatie-verwijderd")
    assert "De locatie is verwijderd." in after.text
    assert "Tiensestraat 7" not in after.text


# --- vertegenwoordigers -------------------------------------------------------------------------------


async def test_a_vertegenwoordiger_with_an_invalid_insz_is_refused(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001004")
    voor = await opgeslagen(portaal, "V0001004")
    form = await portaal.get(browser, "/gegevens/vertegenwoordigers/nieuw")
    assert "Rijksregisternummer" in form.text
    refused = await portaal.post(
        browser,
        "/gegevens/vertegenwoordigers/nieuw",
        formulier(
            form,
            "/gegevens/vertegenwoordigers/nieuw",
            insz="01234567890",
            voornaam="Jan",
            achternaam="Peeters",
        ),
        van=form,
    )
    assert refused.status_code == 400
    assert '<a href="#veld-insz">Rijksregisternummer: Dit is geen geldig rijksregisternummer' in refused.text
    assert "location" not in refused.headers
    assert await opgeslagen(portaal, "V0001004") == voor


async def test_the_last_vertegenwoordiger_cannot_be_removed(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, LOTTE.insz, "V0001003")
    voor = await opgeslagen(portaal, "V0001003")
    [enige] = voor.vertegenwoordigers
    pad = f"/gegevens/vertegenwoordigers/{enige.vertegenwoordiger_id}/verwijderen"
    vraag = await portaal.get(browser, pad)
    refused = await portaal.post(browser, pad, formulier(vraag, pad), van=vraag)
    assert refused.status_code == 400
    assert "Er is een probleem" in refused.text
    assert (
        "Een vereniging heeft altijd minstens één vertegenwoordiger. Voeg eerst een andere toe."
        in refused.text
    )
    assert await opgeslagen(portaal, "V0001003") == voor


async def test_who_removed_themselves_can_no_longer_see_or_change_the_association(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001012")
    form = await portaal.get(browser, "/gegevens/vertegenwoordigers/nieuw")
    added = await portaal.post(
        browser,
        "/gegevens/vertegenwoordigers/nieuw",
        formulier(
            form,
            "/gegevens/vertegenwoordigers/nieuw",
            insz=NIEUWE_VERTEGENWOORDIGER,
            voornaam="Karel",
            achternaam="Wouters",
            rol="voorzitter",
            email="karel@example.be",
        ),
        van=form,
    )
    assert added.status_code == 303, added.text
    assert "/gegevens?gewijzigd=vertegenwoordiger-toegevoegd" in added.headers["location"]
    assert NIEUWE_VERTEGENWOORDIGER not in added.headers["location"]
    page = await portaal.get(browser, "/gegevens")
    assert "Karel Wouters" in page.text
    assert "karel@example.be" in page.text
    assert NIEUWE_VERTEGENWOORDIGER not in page.text
    assert "Dit bent u." in page.text

    nummer = _id_van(page, "vertegenwoordigers", "Dit bent u.")
    pad = f"/gegevens/vertegenwoordigers/{nummer}/verwijderen"
    vraag = await portaal.get(browser, pad)
    assert "U verwijdert uzelf." in vraag.text
    removed = await portaal.post(browser, pad, formulier(vraag, pad), van=vraag)
    assert removed.status_code == 303
    assert removed.headers["location"] == "/kies"

    refused = await portaal.get(browser, "/gegevens")
    assert refused.status_code == 403
    assert "U vertegenwoordigt deze vereniging niet" in refused.text
    for private in ("/", "/dossiers", "/meldingen", "/toegangslog", "/aanbod"):
        closed = await portaal.get(browser, private)
        assert closed.status_code == 403, private
        assert "Ouderraad" not in closed.text.split("<main", 1)[1], private
    voor = await opgeslagen(portaal, "V0001012")
    hulp = await portaal.get(browser, "/hulp")
    change = await portaal.post(
        browser,
        "/gegevens/contactgegevens/nieuw",
        {"versie": str(voor.versie), "contactgegeventype": "E-mail", "waarde": "overname@example.be"},
        van=hulp,
    )
    assert change.status_code == 403
    assert await opgeslagen(portaal, "V0001012") == voor


# --- basisgegevens ---------------------------------------------------------------------------------


async def test_basisgegevens_are_changed_and_a_bad_age_range_is_refused_next_to_its_field(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001009")
    form = await portaal.get(browser, "/gegevens/basisgegevens/wijzigen")
    assert form.status_code == 200
    assert 'value="Repair Café Hasselt"' in form.text
    voor = await opgeslagen(portaal, "V0001009")
    pad = "/gegevens/basisgegevens"
    refused = await portaal.post(
        browser, pad, formulier(form, pad, minimumleeftijd="40", maximumleeftijd="20"), van=form
    )
    assert refused.status_code == 400
    assert (
        '<a href="#veld-minimumleeftijd">Minimumleeftijd: De minimumleeftijd mag niet hoger zijn'
        in refused.text
    )
    assert 'value="40"' in refused.text
    assert await opgeslagen(portaal, "V0001009") == voor

    wijziging = formulier(
        refused,
        pad,
        korteNaam="Repair Hasselt",
        korteBeschrijving="Samen herstellen in plaats van weggooien.",
        minimumleeftijd="10",
        maximumleeftijd="",
        hoofdactiviteitenVerenigingsloket=["KLDU", "WESE", "ONWE"],
        werkingsgebiedNieuw="BE22",
    )
    async with logt(portaal, browser, "V0001009", "gewijzigd", "portaal: basisgegevens gewijzigd"):
        changed = await portaal.post(browser, pad, wijziging, van=refused)
    assert changed.status_code == 303, changed.text
    assert changed.headers["location"] == "/gegevens?gewijzigd=basisgegevens#basisgegevens"
    page = await portaal.get(browser, "/gegevens", gewijzigd="basisgegevens")
    assert "De basisgegevens zijn opgeslagen." in page.text
    assert "Samen herstellen in plaats van weggooien." in page.text
    assert "van 10 tot 150 jaar" in page.text
    assert "Technologie &amp; Wetenschap" in page.text
    assert "Provincie Limburg" in page.text
    stored = await opgeslagen(portaal, "V0001009")
    assert stored.korte_naam == "Repair Hasselt"
    assert stored.hoofdactiviteiten == ("KLDU", "WESE", "ONWE")
    assert "BE22" in stored.werkingsgebieden
    assert stored.naam == "Repair Café Hasselt"


# --- protection -------------------------------------------------------------------------------------


async def test_the_association_changed_is_always_the_active_one_never_one_named_in_the_form(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001004")
    other_before = await opgeslagen(portaal, "V0001005")
    own = await opgeslagen(portaal, "V0001004")
    nummer = next(c.contactgegeven_id for c in own.contactgegevens if c.contactgegeventype == "Website")
    pad = f"/gegevens/contactgegevens/{nummer}"
    form = await portaal.get(browser, f"{pad}/wijzigen")
    crafted = await portaal.post(
        browser,
        pad,
        formulier(form, pad, waarde="https://overgenomen.example.be", vCode="V0001005", v_code="V0001005"),
        van=form,
    )
    assert crafted.status_code == 303
    assert await opgeslagen(portaal, "V0001005") == other_before
    own_after = await opgeslagen(portaal, "V0001004")
    assert [c.waarde for c in own_after.contactgegevens if c.contactgegeven_id == nummer] == [
        "https://overgenomen.example.be"
    ]


async def test_a_change_without_the_form_token_is_refused(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001004")
    voor = await opgeslagen(portaal, "V0001004")
    refused = await browser.post(
        f"{portaal.hub}/gegevens/contactgegevens/nieuw",
        data={"versie": str(voor.versie), "contactgegeventype": "E-mail", "waarde": "x@example.be"},
        headers={"Origin": portaal.hub},
    )
    assert refused.status_code == 403
    assert "Dit formulier is verlopen" in refused.text
    assert await opgeslagen(portaal, "V0001004") == voor


async def test_private_pages_ask_to_log_in(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    page = await portaal.get(browser, "/gegevens")
    assert page.status_code == 303
    assert page.headers["location"] == "/auth/login?next=/gegevens"


# --- English --------------------------------------------------------------------------------------------


def _dutch_left(text: str) -> Iterator[str]:
    for dutch in (
        "Onze gegevens",
        "Basisgegevens",
        "Contactgegevens",
        "Vertegenwoordigers",
        "Wijzigen",
        "Verwijderen",
        "Toevoegen",
        "Wat andere overheidsdiensten",
        "Bron van de gegevens",
        "Soort vereniging",
        "Feitelijke vereniging",
        "Hoofdactiviteiten",
        "niet verplicht",
    ):
        if dutch in text:
            yield dutch


async def test_the_pages_speak_english(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, LOTTE.insz, "V0001003")
    await portaal.get(browser, "/taal/en")
    page = await portaal.get(browser, "/gegevens")
    assert page.status_code == 200
    assert ">Our details</h1>" in page.text
    for english in (
        "Basic details",
        "Contact details",
        "Representatives",
        "De facto association",
        "Youth work",
    ):
        assert english in page.text
    assert list(_dutch_left(page.text)) == []
    # The sport federation does not know this association: it simply has nothing to say.
    assert "Please note" not in page.text
    assert "No other service reports details about your association at the moment." in page.text

    form = await portaal.get(browser, "/gegevens/basisgegevens/wijzigen")
    assert list(_dutch_left(form.text)) == []
    nummer = _id_van(page, "contactgegevens", "@")
    pad = f"/gegevens/contactgegevens/{nummer}"
    contact = await portaal.get(browser, f"{pad}/wijzigen")
    refused = await portaal.post(browser, pad, formulier(contact, pad, waarde="not-an-email"), van=contact)
    assert refused.status_code == 400
    assert "There is a problem" in refused.text
    assert "This is not a valid e-mail address" in refused.text
    assert list(_dutch_left(refused.text)) == []


# --- taking our data along -----------------------------------------------------------------------


async def test_our_data_downloads_as_csv_and_json_ld_and_each_download_is_logged(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001002")
    page = await portaal.get(browser, "/gegevens")
    assert 'href="/gegevens/download/csv"' in page.text
    assert 'href="/gegevens/download/jsonld"' in page.text

    async with logt(portaal, browser, "V0001002", "gedownload", "portaal: gegevens (csv)"):
        as_csv = await portaal.get(browser, "/gegevens/download/csv")
    async with logt(portaal, browser, "V0001002", "gedownload", "portaal: gegevens (jsonld)"):
        as_json_ld = await portaal.get(browser, "/gegevens/download/jsonld")

    assert as_csv.status_code == as_json_ld.status_code == 200
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.headers["content-disposition"] == 'attachment; filename="V0001002-gegevens.csv"'
    assert as_csv.headers["cache-control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(as_csv.text, newline="")))
    assert ("vertegenwoordigers", "insz", PIETER.insz) in {
        (r["onderdeel"], r["gegeven"], r["waarde"]) for r in rows
    }
    assert as_json_ld.headers["content-type"] == "application/ld+json"
    document = json.loads(as_json_ld.text)
    assert (document["vCode"], document["@type"]) == ("V0001002", "Vereniging")


async def test_our_data_is_not_downloaded_without_logging_in_nor_in_an_unknown_format(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anonymous = await portaal.get(browser, "/gegevens/download/csv")
    await portaal.namens(browser, PIETER.insz, "V0001002")
    unknown = await browser.get(f"{portaal.hub}/gegevens/download/pdf", headers={"Accept": "text/html"})

    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/auth/login?next=/gegevens/download/csv")
    assert unknown.status_code == 404  # (no such address: the formats are csv and jsonld)
    assert "Deze pagina bestaat niet (meer)." in unknown.text
