"""The Mandaten page: a representative gives a person a mandate and withdraws it; the mandatee
sees the association from their next page on, changes nothing with a view-only mandate, cannot
pass it on, and loses the association once it is withdrawn. Over real HTTP, logged in at the IdP."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from demo.personas import AN, JEF
from registry.kalender import vandaag
from tests.portal.conftest import Portaal

INTREKKEN = re.compile(r'action="(/mandaten/\d+/intrekken)"')


async def _geef(portaal: Portaal, an: httpx.AsyncClient, **velden: str) -> httpx.Response:
    pagina = await portaal.get(an, "/mandaten")
    assert pagina.status_code == 200, pagina.text
    return await portaal.post(an, "/mandaten", velden, van=pagina)


async def test_a_view_only_mandate_is_given_used_and_withdrawn(portaal: Portaal) -> None:
    tot = (vandaag() + timedelta(days=30)).isoformat()
    async with httpx.AsyncClient(timeout=30) as an, httpx.AsyncClient(timeout=30) as jef:
        await portaal.namens(an, AN.insz, "V0001001")
        gegeven = await _geef(
            portaal, an, insz=JEF.insz, naam="Boekhouder Jef", reikwijdte="bekijken", einddatum=tot
        )
        lijst = await portaal.get(an, "/mandaten", gelukt="verleend")

        await portaal.log_in(jef, JEF.insz)
        gegevens = await portaal.get(jef, "/gegevens")
        wijzigen = await portaal.get(jef, "/gegevens/basisgegevens/wijzigen")
        doorgeven = await portaal.get(jef, "/mandaten")
        logboek_jef = await portaal.get(jef, "/toegangslog")

        intrekken = INTREKKEN.findall(lijst.text)
        ingetrokken = await portaal.post(an, intrekken[0], {}, van=lijst)
        na = await portaal.get(an, "/mandaten")
        daarna = await portaal.get(jef, "/gegevens")
        kies = await portaal.get(jef, "/kies")
        logboek = await portaal.get(an, "/toegangslog")

    assert gegeven.status_code == 303
    assert gegeven.headers["location"] == "/mandaten?gelukt=verleend"
    assert "Het mandaat is gegeven." in lijst.text
    assert "Boekhouder Jef" in lijst.text
    assert JEF.insz not in lijst.text  # shown nowhere whole, as a representative's is not
    assert f"eindigend op {JEF.insz[-4:]}" in lijst.text
    assert "Alleen bekijken" in lijst.text
    assert len(intrekken) == 1

    assert gegevens.status_code == 200
    assert "FWA De vrolijke BA" in gegevens.text
    assert "/gegevens/basisgegevens/wijzigen" not in gegevens.text  # nothing to change
    assert 'href="/mandaten"' not in gegevens.text  # not in the menu of a mandatee
    assert 'href="/toegangslog"' not in gegevens.text
    assert logboek_jef.status_code == 403
    assert JEF.insz not in logboek_jef.text
    assert wijzigen.status_code == 403
    assert "alleen om te bekijken" in wijzigen.text
    assert doorgeven.status_code == 403
    assert "Met een mandaat kan dat niet" in doorgeven.text

    assert ingetrokken.status_code == 303
    assert ingetrokken.headers["location"] == "/mandaten?gelukt=ingetrokken"
    assert "Vroegere mandaten" in na.text
    assert "ingetrokken door An Janssens" in na.text
    assert not INTREKKEN.findall(na.text)
    assert daarna.status_code == 303  # no association to act for: off to choose one
    assert daarna.headers["location"].startswith("/kies")
    assert "FWA De vrolijke BA" not in kies.text
    assert "U vertegenwoordigt nog geen vereniging" in kies.text
    assert "verleend: bekijken tot" in logboek.text
    assert "ingetrokken: bekijken tot" in logboek.text


async def test_wrong_input_is_said_per_field_and_grants_nothing(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")

    fout = await _geef(
        portaal, browser, insz="12345678901", naam="<b>x</b>", reikwijdte="", einddatum="31-12-2027"
    )
    eigen = await _geef(portaal, browser, insz=AN.insz, reikwijdte="beheren", einddatum=vandaag().isoformat())

    assert fout.status_code == 400
    for veld in ("insz", "naam", "reikwijdte", "einddatum"):
        assert f'href="#veld-{veld}"' in fout.text  # in the summary, linked to its field
    assert "Schrijf de einddatum als jjjj-mm-dd" in fout.text
    assert 'value="12345678901"' in fout.text  # what was typed stays
    assert eigen.status_code == 400
    assert "U kunt uzelf geen mandaat geven" in eigen.text
    assert not INTREKKEN.findall(eigen.text)


async def test_a_mandate_of_another_association_is_not_found_through_this_one(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    pagina = await portaal.get(browser, "/mandaten")

    onbekend = await portaal.post(browser, "/mandaten/999999/intrekken", {}, van=pagina)
    geen_getal = await portaal.post(browser, "/mandaten/1e9/intrekken", {}, van=pagina)
    zonder_token = await browser.post(
        f"{portaal.hub}/mandaten", data={"insz": JEF.insz}, headers={"Origin": portaal.hub}
    )

    assert onbekend.status_code == 404
    assert "Dit mandaat vinden we niet" in onbekend.text
    assert geen_getal.status_code == 404
    assert zonder_token.status_code == 403


async def test_a_managing_mandatee_changes_data_but_not_who_represents_the_association(
    portaal: Portaal,
) -> None:
    tot = (vandaag() + timedelta(days=30)).isoformat()
    async with httpx.AsyncClient(timeout=30) as an, httpx.AsyncClient(timeout=30) as jef:
        await portaal.namens(an, AN.insz, "V0001001")
        await _geef(portaal, an, insz=JEF.insz, reikwijdte="beheren", einddatum=tot)
        await portaal.log_in(jef, JEF.insz)
        gegevens = await portaal.get(jef, "/gegevens")
        nieuw = await portaal.get(jef, "/gegevens/vertegenwoordigers/nieuw")
        basis = await portaal.get(jef, "/gegevens/basisgegevens/wijzigen")
        lijst = await portaal.get(an, "/mandaten")
        await portaal.post(an, INTREKKEN.findall(lijst.text)[0], {}, van=lijst)

    # A mandate given without a name is told by the end of the number, never by the whole of it.
    assert f"Mandaat van rijksregisternummer eindigend op {JEF.insz[-4:]} intrekken" in lijst.text
    assert JEF.insz not in lijst.text
    assert 'href="/gegevens/basisgegevens/wijzigen"' in gegevens.text
    assert 'href="/gegevens/contactgegevens/nieuw"' in gegevens.text
    assert 'href="/gegevens/vertegenwoordigers/nieuw"' not in gegevens.text
    assert "/gegevens/vertegenwoordigers/1/wijzigen" not in gegevens.text
    assert nieuw.status_code == 403
    assert "Met een mandaat kan dat niet" in nieuw.text
    assert basis.status_code == 200
