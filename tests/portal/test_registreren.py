"""Registering a new feitelijke vereniging in the portal's wizard: three steps and "Klopt dit?",
each refusing bad input next to its field, the duplicate question, and acting for the new
association afterwards."""

from __future__ import annotations

import re
import uuid
from datetime import date
from html.parser import HTMLParser

import httpx
import pytest
from sqlalchemy import select

from demo.personas import LOTTE, MOHAMED, PIETER
from registry.associations.model import Vereniging
from registry.associations.service import VerenigingenRegister
from registry.associations.tables import vereniging_table
from registry.db import Database
from tests.portal.conftest import Portaal
from tests.utils.services import TEST_SECRET

Velden = dict[str, str | list[str]]


def _uniek(naam: str) -> str:
    return f"{naam} {uuid.uuid4().hex[:8]}"


class _Formulier(HTMLParser):
    """What a browser would send from the wizard's form: its fields as filled in now."""

    def __init__(self) -> None:
        super().__init__()
        self.in_form = False
        self.textarea: str | None = None
        self.velden: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.in_form = attributes.get("action") == "/registreren"
        elif self.in_form and tag == "input" and attributes.get("name") not in (None, "csrf"):
            if attributes.get("type") != "checkbox" or "checked" in attributes:
                self.velden.setdefault(attributes["name"], []).append(attributes.get("value", ""))
        elif self.in_form and tag == "textarea":
            self.textarea = attributes["name"]
            self.velden[self.textarea] = [""]

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.velden[self.textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None


def _formulier(page: httpx.Response) -> dict[str, list[str]]:
    """The fields the wizard's form on `page` sends as it stands (answers carried along included)."""
    reader = _Formulier()
    reader.feed(page.text)
    return reader.velden


async def _verstuur(
    portaal: Portaal,
    browser: httpx.AsyncClient,
    page: httpx.Response,
    knop: str = "volgende",
    **velden: str | list[str],
) -> httpx.Response:
    """Fill in `velden` on the wizard's page and press `knop`, the way a browser sends the form."""
    return await portaal.post(browser, "/registreren", {**_formulier(page), **velden, "knop": knop}, van=page)


async def _stap_1(portaal: Portaal, browser: httpx.AsyncClient, insz: str | None) -> httpx.Response:
    """The wizard's first page; logged in as `insz` first unless None (already logged in)."""
    if insz is not None:
        await portaal.log_in(browser, insz)
    page = await portaal.get(browser, "/registreren")
    assert page.status_code == 200, page.text
    return page


async def _overzicht(
    portaal: Portaal, browser: httpx.AsyncClient, insz: str | None, naam: str, gemeente: str = "Turnhout"
) -> httpx.Response:
    """Through the three steps with good answers, to "Klopt dit?"."""
    stap_1 = await _stap_1(portaal, browser, insz)
    stap_2 = await _verstuur(portaal, browser, stap_1, naam=naam, startdatum="01/03/2020")
    stap_3 = await _verstuur(
        portaal,
        browser,
        stap_2,
        straat="Markt",
        huisnummer="1",
        postcode="2300",
        gemeente=gemeente,
        email="info@voorbeeld.be",
    )
    overzicht = await _verstuur(portaal, browser, stap_3)
    assert overzicht.status_code == 200, overzicht.text
    assert "<h1>Klopt dit?</h1>" in overzicht.text
    return overzicht


async def _met_naam(portaal: Portaal, naam: str) -> list[Vereniging]:
    """What the register holds under exactly this name."""
    db = Database(portaal.settings.database_url)
    try:
        async with db.read() as session:
            v_codes = (
                await session.execute(
                    select(vereniging_table.c.v_code).where(vereniging_table.c.naam == naam)
                )
            ).scalars()
            found = list(v_codes)
        register = VerenigingenRegister(db=db, secret=TEST_SECRET)
        return list((await register.get_many(found)).values())
    finally:
        await db.dispose()


async def test_mohamed_registers_an_association_and_then_acts_for_it(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    naam = _uniek("Buurtploeg De Linde")
    stap_1 = await _stap_1(portaal, browser, MOHAMED.insz)
    assert "<h1>Over uw vereniging</h1>" in stap_1.text
    assert "Stap 1 van 4" in stap_1.text

    stap_2 = await _verstuur(
        portaal,
        browser,
        stap_1,
        naam=naam,
        beschrijving="We houden de buurt proper.",
        startdatum="15/09/2015",
    )
    assert stap_2.status_code == 200, stap_2.text
    assert "<h1>Adres en contact</h1>" in stap_2.text
    assert _formulier(stap_2)["naam"] == [naam]

    stap_3 = await _verstuur(
        portaal,
        browser,
        stap_2,
        straat="Lindelaan",
        huisnummer="7",
        bus="B",
        postcode="2000",
        gemeente="Antwerpen",
        email="bestuur@delinde.be",
    )
    assert "<h1>Voor wie en wat</h1>" in stap_3.text
    assert "Stap 3 van 4" in stap_3.text

    overzicht = await _verstuur(
        portaal, browser, stap_3, minimumleeftijd="12", maximumleeftijd="99", activiteiten=["BWWC", "KLDU"]
    )
    assert "<h1>Klopt dit?</h1>" in overzicht.text
    for getoond in (
        naam,
        "We houden de buurt proper.",
        "15 september 2015",
        "Lindelaan 7 bus B, 2000 Antwerpen",
        "bestuur@delinde.be",
        "van 12 tot 99 jaar",
        "Buurtwerking &amp; Wijkcomité, Klimaat &amp; Duurzaamheid",
        "U, Mohamed El Amrani.",
    ):
        assert getoond in overzicht.text
    assert await _met_naam(portaal, naam) == []

    registered = await _verstuur(portaal, browser, overzicht, knop="registreren")
    assert registered.status_code == 303, registered.text
    assert registered.headers["location"] == "/"

    [nieuw] = await _met_naam(portaal, naam)
    assert nieuw.verenigingstype.value == "FV"
    assert nieuw.korte_beschrijving == "We houden de buurt proper."
    assert nieuw.startdatum == date(2015, 9, 15)
    assert nieuw.doelgroep.minimumleeftijd == 12
    assert nieuw.doelgroep.maximumleeftijd == 99
    assert nieuw.hoofdactiviteiten == ("BWWC", "KLDU")
    assert [(c.contactgegeventype.value, c.waarde) for c in nieuw.contactgegevens] == [
        ("E-mail", "bestuur@delinde.be")
    ]
    [locatie] = nieuw.locaties
    assert locatie.adres is not None
    assert (locatie.adres.straatnaam, locatie.adres.busnummer, locatie.adres.gemeente) == (
        "Lindelaan",
        "B",
        "Antwerpen",
    )
    assert [(v.insz, v.is_primair) for v in nieuw.vertegenwoordigers] == [(MOHAMED.insz, True)]

    overview = await portaal.get(browser, "/")
    assert overview.status_code == 200
    assert f"Dit is het overzicht van {naam}." in overview.text
    assert f"U handelt namens {naam}." in overview.text
    log = await portaal.get(browser, "/toegangslog")
    assert log.status_code == 200
    assert "Gewijzigd" in log.text
    assert "portaal: registratie" in log.text


async def test_a_step_goes_back_and_the_overview_changes_one_step_keeping_every_answer(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    naam = _uniek("Kaartclub Harten Troef")
    overzicht = await _overzicht(portaal, browser, PIETER.insz, naam)

    wijzig = await _verstuur(portaal, browser, overzicht, knop="wijzig-2")
    assert "<h1>Adres en contact</h1>" in wijzig.text
    assert 'value="Markt"' in wijzig.text
    assert "Naar het overzicht" in wijzig.text
    terug = await _verstuur(portaal, browser, wijzig, straat="Grote Markt")
    assert "<h1>Klopt dit?</h1>" in terug.text
    assert "Grote Markt 1, 2300 Turnhout" in terug.text
    assert naam in terug.text

    vorige = await _verstuur(portaal, browser, terug, knop="vorige")
    assert "<h1>Voor wie en wat</h1>" in vorige.text
    nog_eens = await _verstuur(portaal, browser, vorige, knop="vorige")
    assert "<h1>Adres en contact</h1>" in nog_eens.text
    assert 'value="Grote Markt"' in nog_eens.text
    assert await _met_naam(portaal, naam) == []


@pytest.mark.parametrize(
    ("stap", "velden", "fouten", "behouden"),
    [
        (
            1,
            {"naam": "  ", "beschrijving": "Wij zingen.", "startdatum": "31/02/2015"},
            {"naam": "Vul dit veld in.", "startdatum": "Schrijf de datum als dag/maand/jaar"},
            ["Wij zingen.", 'value="31/02/2015"'],
        ),
        (
            1,
            {"naam": "<b>Koor</b>", "startdatum": "01/01/2999"},
            {"naam": "Gebruik gewone tekst, zonder HTML.", "startdatum": "Deze datum ligt in de toekomst."},
            ['value="&lt;b&gt;Koor&lt;/b&gt;"', 'value="01/01/2999"'],
        ),
        (
            1,
            {"naam": "Koor\x00\u202e", "beschrijving": "\u200b\u200b", "startdatum": "01/01/0999"},
            {
                "naam": "Deze tekst bevat een stuurteken (U+0000) op plaats 5.",
                "startdatum": "Een datum ligt hier tussen 1000-01-01 en ",
            },
            ['value="Koor\ufffd\ufffd"', 'value="01/01/0999"'],
        ),
        (
            1,
            {"naam": "\u200b\ufeff\u00ad", "beschrijving": "Wij \u2066zingen\u2069."},
            {"naam": "Vul dit veld in.", "beschrijving": "een teken dat de leesrichting omkeert (U+2066)"},
            ["Wij \ufffdzingen\ufffd."],
        ),
        (
            2,
            {"straat": "Kerkstraat", "huisnummer": "1", "postcode": "ABCDEFG", "gemeente": "Gent"},
            {"postcode": "Een Belgische postcode bestaat uit 4 cijfers, van 1000 tot 9999."},
            ['value="ABCDEFG"'],
        ),
        (
            2,
            {"straat": "Kerkstraat", "postcode": "9000", "gemeente": "Gent", "email": "geen-adres"},
            {"huisnummer": "Vul dit veld in.", "email": "Dit is geen geldig e-mailadres"},
            ['value="Kerkstraat"', 'value="geen-adres"'],
        ),
        (
            3,
            {"minimumleeftijd": "60", "maximumleeftijd": "12"},
            {"minimumleeftijd": "De minimumleeftijd mag niet hoger zijn dan de maximumleeftijd."},
            ['value="60"', 'value="12"'],
        ),
        (
            3,
            {"minimumleeftijd": "twaalf", "maximumleeftijd": "200", "activiteiten": ["SPRT", "XXXX"]},
            {
                "minimumleeftijd": "Schrijf een leeftijd in cijfers, zoals 12.",
                "maximumleeftijd": "Een leeftijd ligt tussen 0 en 150.",
                "activiteiten": "De code &#39;XXXX&#39; kennen we niet.",
            },
            ['value="twaalf"', 'value="SPRT" checked'],
        ),
    ],
)
async def test_each_step_refuses_bad_input_next_to_its_field_and_keeps_it(
    portaal: Portaal,
    browser: httpx.AsyncClient,
    stap: int,
    velden: Velden,
    fouten: dict[str, str],
    behouden: list[str],
) -> None:
    naam = _uniek("Zangkoor Vox")
    page = await _stap_1(portaal, browser, LOTTE.insz)
    if stap > 1:
        page = await _verstuur(portaal, browser, page, naam=naam)
    if stap > 2:
        page = await _verstuur(portaal, browser, page)
    answers = {**_formulier(page), **velden, "knop": "volgende"}
    refused = await portaal.post(browser, "/registreren", answers, van=page)
    assert refused.status_code == 400, refused.text
    assert "Er is een probleem" in refused.text
    assert f"Stap {stap} van 4" in refused.text
    for veld, melding in fouten.items():
        summary = re.search(rf'<a href="#veld-{veld}">([^<]*)</a>', refused.text)
        assert summary, veld
        patroon = rf'<(?:label for="veld-{veld}"|fieldset id="veld-{veld}"[^>]*>\s*<legend)>([^<]*)'
        label = re.search(patroon, refused.text)
        assert label, veld
        # The summary names the field, so "Vul dit veld in." says which one.
        assert summary.group(1).startswith(f"{label.group(1).strip()}: ")
        fout = re.search(rf'<p class="foutmelding" id="fout-{veld}">(.*?)</p>', refused.text, re.DOTALL)
        assert fout, veld
        assert melding in fout.group(1)
    for kept in behouden:
        assert kept in refused.text
    if stap > 1:
        assert _formulier(refused)["naam"] == [naam]
        assert await _met_naam(portaal, naam) == []


async def test_a_registration_refused_at_the_end_shows_the_step_and_stores_nothing(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    naam = _uniek("Fotoclub Diafragma")
    overzicht = await _overzicht(portaal, browser, LOTTE.insz, naam)
    # Answers changed on the way (the hidden fields are the browser's): the register refuses them.
    refused = await _verstuur(portaal, browser, overzicht, knop="registreren", email="niet-geldig")
    assert refused.status_code == 400
    assert "<h1>Adres en contact</h1>" in refused.text
    assert "Dit is geen geldig e-mailadres" in refused.text
    assert 'value="niet-geldig"' in refused.text
    assert await _met_naam(portaal, naam) == []

    expired = await _verstuur(portaal, browser, overzicht, knop="registreren", bevestigingstoken="1.vals")
    assert expired.status_code == 400
    assert "<h1>Klopt dit?</h1>" in expired.text
    assert "Uw bevestiging is verlopen" in expired.text
    assert "bevestigingstoken" not in _formulier(expired)
    assert await _met_naam(portaal, naam) == []


async def test_a_name_already_registered_there_asks_is_this_yours_and_stores_nothing(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    before = await _met_naam(portaal, "Fanfare Sint-Cecilia")
    overzicht = await _overzicht(portaal, browser, LOTTE.insz, "Fanfare Sint-Cecilia", gemeente="Liedekerke")
    asked = await _verstuur(portaal, browser, overzicht, knop="registreren")
    assert asked.status_code == 409
    assert "<h1>Is dit uw vereniging?</h1>" in asked.text
    assert "<h3>Fanfare Sint-Cecilia</h3>" in asked.text
    assert "<dd>Liedekerke</dd>" in asked.text
    assert "<dd>V0001015</dd>" in asked.text
    assert await _met_naam(portaal, "Fanfare Sint-Cecilia") == before

    ja = re.search(
        r'<a class="knop" href="(/registreren/bestaat/V0001015)">Ja, dit is onze vereniging', asked.text
    )
    assert ja
    uitleg = await portaal.get(browser, ja.group(1))
    assert uitleg.status_code == 200
    assert "Uw vereniging staat al in het register" in uitleg.text
    assert "Fanfare Sint-Cecilia heeft het nummer V0001015." in uitleg.text
    assert "1700" in uitleg.text
    assert await _met_naam(portaal, "Fanfare Sint-Cecilia") == before


async def test_no_it_is_another_association_registers_it_with_the_confirmation(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    naam = _uniek("Petanqueclub De Kaatsbal")
    eerste = await _verstuur(
        portaal, browser, await _overzicht(portaal, browser, PIETER.insz, naam), knop="registreren"
    )
    assert eerste.status_code == 303
    [bestaand] = await _met_naam(portaal, naam)

    asked = await _verstuur(
        portaal, browser, await _overzicht(portaal, browser, None, naam), knop="registreren"
    )
    assert asked.status_code == 409
    assert f"<dd>{bestaand.v_code}</dd>" in asked.text
    assert await _met_naam(portaal, naam) == [bestaand]
    assert _formulier(asked)["bevestigingstoken"]
    assert "Nee, toch een nieuwe vereniging registreren" in asked.text

    nee = await _verstuur(portaal, browser, asked, knop="registreren")
    assert nee.status_code == 303
    assert nee.headers["location"] == "/"
    registered = await _met_naam(portaal, naam)
    assert len(registered) == 2
    [tweede] = [v for v in registered if v.v_code != bestaand.v_code]
    assert [v.insz for v in tweede.vertegenwoordigers] == [PIETER.insz]
    overview = await portaal.get(browser, "/")
    assert f"U handelt namens {naam}." in overview.text


async def test_the_wizard_reads_in_english(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.get(browser, "/taal/en")
    stap_1 = await _stap_1(portaal, browser, LOTTE.insz)
    assert '<html lang="en">' in stap_1.text
    assert "<h1>About your association</h1>" in stap_1.text
    assert "Step 1 of 4" in stap_1.text
    assert "Name of the association" in stap_1.text
    refused = await _verstuur(portaal, browser, stap_1, naam="", startdatum="gisteren")
    assert refused.status_code == 400
    assert "Fill in this field." in refused.text
    assert "Write the date as day/month/year, like 15/09/2015." in refused.text
    assert "Vul dit veld in." not in refused.text


async def test_registering_needs_a_login_and_a_form_from_our_own_page(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anonymous = await portaal.get(browser, "/registreren")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/auth/login?next=/registreren"

    naam = _uniek("Vervalst")
    overzicht = await _overzicht(portaal, browser, LOTTE.insz, naam)
    forged = await browser.post(
        f"{portaal.hub}/registreren",
        data={**_formulier(overzicht), "knop": "registreren", "csrf": "guess"},
        headers={"Origin": portaal.hub},
    )
    assert forged.status_code == 403
    assert "Dit formulier is verlopen" in forged.text
    assert await _met_naam(portaal, naam) == []
