"""Onze gegevens: INSZ and e-mail addresses typed into the portal's forms are checked by the register's
rules, stored in their normalised form, and refused next to their field when they are not valid."""

from __future__ import annotations

import httpx

from demo.personas import PIETER
from tests.portal.conftest import Portaal
from tests.portal.test_gegevens import formulier, opgeslagen

NIEUW = "/gegevens/vertegenwoordigers/nieuw"
NIEUW_CONTACT = "/gegevens/contactgegevens/nieuw"


async def test_a_vertegenwoordiger_with_a_bis_nummer_and_an_idn_address_is_stored_normalised(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001016")
    form = await portaal.get(browser, NIEUW)

    added = await portaal.post(
        browser,
        NIEUW,
        formulier(
            form,
            NIEUW,
            insz="75.43.01-002.01",
            voornaam="Karel",
            achternaam="Wouters",
            email="karel@ZEILCLUB-BÜCHER.be",
        ),
        van=form,
    )

    assert added.status_code == 303, added.text
    page = await portaal.get(browser, "/gegevens")
    assert "karel@zeilclub-bücher.be" in page.text
    stored = await opgeslagen(portaal, "V0001016")
    assert [(v.insz, v.email) for v in stored.vertegenwoordigers if v.voornaam == "Karel"] == [
        ("75430100201", "karel@zeilclub-bücher.be")
    ]


async def test_a_vertegenwoordiger_whose_insz_has_month_13_is_refused_next_to_the_field(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001019")
    voor = await opgeslagen(portaal, "V0001019")
    form = await portaal.get(browser, NIEUW)

    refused = await portaal.post(
        browser,
        NIEUW,
        formulier(form, NIEUW, insz="01131500149", voornaam="Jan", achternaam="Peeters"),
        van=form,
    )

    assert refused.status_code == 400
    assert (
        '<a href="#veld-insz">Rijksregisternummer: Dit is geen geldig rijksregisternummer of bisnummer'
        in refused.text
    )
    assert await opgeslagen(portaal, "V0001019") == voor


async def test_an_idn_email_address_is_added_in_its_normalised_form(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001022")
    form = await portaal.get(browser, NIEUW_CONTACT)

    added = await portaal.post(
        browser,
        NIEUW_CONTACT,
        formulier(form, NIEUW_CONTACT, contactgegeventype="E-mail", waarde="boule@xn--ptanque-bya.be"),
        van=form,
    )

    assert added.status_code == 303, added.text
    page = await portaal.get(browser, "/gegevens")
    assert "boule@pétanque.be" in page.text
    stored = await opgeslagen(portaal, "V0001022")
    assert "boule@pétanque.be" in [c.waarde for c in stored.contactgegevens]
