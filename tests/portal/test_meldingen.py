"""The notices page (an offering that newly fits, a deadline close by; each new once, until put
away) and the access log page (who viewed, changed or shared the association's private data)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import httpx

from connectors.sdk.events import DOSSIER_GEWIJZIGD
from demo.personas import AN, LOTTE, PIETER, SOFIE
from registry.db import Database
from registry.dossiers.model import Binnenkomend, DossierStand
from registry.dossiers.service import Dossiers
from tests.portal.conftest import Portaal

SLEUTEL = re.compile(r'name="sleutel" value="([^"]+)"')
RIJ = re.compile(r"<tr>\s*<td>", re.MULTILINE)


async def _meldingen_eerst(
    portaal: Portaal, browser: httpx.AsyncClient, insz: str, v_code: str
) -> httpx.Response:
    """Log in, act for `v_code` and open its notices before anything else shows them (the
    overview does too, and a notice is new only the first time)."""
    kies = await portaal.log_in(browser, insz)
    chosen = await portaal.post(browser, "/kies", {"vCode": v_code, "terug": "/meldingen"}, van=kies)
    assert chosen.headers["location"] == "/meldingen"
    page = await portaal.get(browser, "/meldingen")
    assert page.status_code == 200, page.text
    return page


def _rijen(page: httpx.Response) -> list[str]:
    """The access log's rows, each as the text of its cells."""
    body = page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>")[:-1]]


async def test_notices_link_to_their_offering_and_are_new_only_the_first_time(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    first = await _meldingen_eerst(portaal, browser, LOTTE.insz, "V0001018")
    assert "<h1>Meldingen</h1>" in first.text
    assert "Seniorenclub Zonnebloem" in first.text
    sleutels = SLEUTEL.findall(first.text)
    assert sleutels, "the demo offerings give this association notices"
    assert first.text.count("<strong>Nieuw:</strong>") == len(sleutels)
    assert re.search(r'<a href="/aanbod/D\w+">Bekijk het aanbod: ', first.text)
    assert "Aanvragen voor " in first.text  # a deadline notice, in words composed by the page
    assert "Er is nieuw aanbod dat bij uw vereniging past: " in first.text
    assert first.text.count("Niet meer tonen<span") == len(sleutels)

    again = await portaal.get(browser, "/meldingen")
    assert SLEUTEL.findall(again.text) == sleutels
    assert "Nieuw:" not in again.text


async def test_a_notice_put_away_is_gone_and_stays_away(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    page = await _meldingen_eerst(portaal, browser, LOTTE.insz, "V0001011")
    sleutel = SLEUTEL.findall(page.text)[0]

    hidden = await portaal.post(browser, "/meldingen/verbergen", {"sleutel": sleutel}, van=page)
    assert hidden.status_code == 303
    assert hidden.headers["location"] == "/meldingen?verborgen=1"
    after = await browser.get(f"{portaal.hub}{hidden.headers['location']}")
    assert "Gelukt:" in after.text
    assert "De melding is weg." in after.text
    assert sleutel not in SLEUTEL.findall(after.text)

    later = await portaal.get(browser, "/meldingen")
    assert sleutel not in SLEUTEL.findall(later.text)
    overzicht = await portaal.get(browser, "/")
    assert overzicht.status_code == 200

    log = await portaal.get(browser, "/toegangslog")
    assert any(f"Lotte Claes Gewijzigd portaal: melding {sleutel} verborgen" in rij for rij in _rijen(log)), (
        _rijen(log)
    )


async def test_putting_away_an_unknown_notice_says_so(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    page = await _meldingen_eerst(portaal, browser, LOTTE.insz, "V0001015")
    sleutels = SLEUTEL.findall(page.text)
    refused = await portaal.post(browser, "/meldingen/verbergen", {"sleutel": "nieuw:Dbestaatniet"}, van=page)
    assert refused.status_code == 404
    assert "Probleem:" in refused.text
    assert "Die melding vinden we niet." in refused.text
    assert SLEUTEL.findall(refused.text) == sleutels


async def test_putting_away_a_notice_needs_the_form_token_from_our_own_page(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    page = await _meldingen_eerst(portaal, browser, LOTTE.insz, "V0001015")
    sleutel = SLEUTEL.findall(page.text)[-1]
    url = f"{portaal.hub}/meldingen/verbergen"
    without = await browser.post(url, data={"sleutel": sleutel}, headers={"Origin": portaal.hub})
    guessed = await browser.post(
        url, data={"sleutel": sleutel, "csrf": "guess"}, headers={"Origin": portaal.hub}
    )
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    elsewhere = await browser.post(
        url, data={"sleutel": sleutel, "csrf": token.group(1)}, headers={"Origin": "https://evil.example"}
    )
    for refused in (without, guessed):
        assert refused.status_code == 403
        assert "Dit formulier is verlopen" in refused.text
    assert elsewhere.status_code == 403
    assert sleutel in SLEUTEL.findall((await portaal.get(browser, "/meldingen")).text)


async def test_notices_read_in_english(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.get(browser, "/taal/en")
    page = await _meldingen_eerst(portaal, browser, LOTTE.insz, "V0001015")
    assert '<html lang="en">' in page.text
    assert "<h1>Notices</h1>" in page.text
    assert "Do not show again" in page.text
    assert "You can apply for " in page.text
    assert "There is a new offer that fits your association: " in page.text
    assert "From: " in page.text
    for dutch in ("Niet meer tonen", "Aanvragen voor ", "Er is nieuw aanbod", "Nieuw:"):
        assert dutch not in page.text


async def test_notices_need_a_login_and_a_chosen_association(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anonymous = await portaal.get(browser, "/meldingen")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/auth/login?next=/meldingen"
    await portaal.log_in(browser, SOFIE.insz)
    nobody = await portaal.get(browser, "/meldingen")
    assert nobody.status_code == 303
    assert nobody.headers["location"] == "/kies?terug=/meldingen"


async def test_the_access_log_shows_who_viewed_what_just_before(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _meldingen_eerst(portaal, browser, PIETER.insz, "V0001013")
    query = 'query { vereniging(vCode: "V0001013") { vertegenwoordigers { voornaam } } }'
    api = await browser.post(f"{portaal.hub}/graphql", json={"query": query}, headers={"Origin": portaal.hub})
    assert api.status_code == 200
    assert "errors" not in api.json(), api.json()

    log = await portaal.get(browser, "/toegangslog")
    assert log.status_code == 200
    assert "<h1>Wie bekeek onze gegevens</h1>" in log.text
    assert "Samen Thuis in Turnhout" in log.text
    assert '<th scope="col">Wie</th>' in log.text
    rijen = _rijen(log)
    assert "Pieter Maes Bekeken vertegenwoordigers deze vereniging" in rijen[0]
    assert "Pieter Maes Bekeken portaal: meldingen deze vereniging" in rijen[1]
    assert PIETER.insz not in log.text  # who, by name: the national number stays private


async def test_the_access_log_is_newest_first_a_page_at_a_time(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _meldingen_eerst(portaal, browser, PIETER.insz, "V0001013")
    for _ in range(20):  # each reading of the log is logged too
        assert (await portaal.get(browser, "/toegangslog")).status_code == 200

    first = await portaal.get(browser, "/toegangslog")
    rijen = _rijen(first)
    assert len(rijen) == 20
    assert all("portaal: toegangslog" in rij for rij in rijen)
    meer = re.search(r'<a href="(/toegangslog\?after=[^"]+)">Meer tonen</a>', first.text)
    assert meer, first.text

    second = await browser.get(f"{portaal.hub}{meer.group(1).replace('&amp;', '&')}")
    assert second.status_code == 200
    assert "portaal: meldingen" in _rijen(second)[0]
    assert "Terug naar de nieuwste" in second.text

    broken = await portaal.get(browser, "/toegangslog", after="niet-van-ons")
    assert broken.status_code == 400
    assert "De link naar deze pagina van het logboek klopt niet." in broken.text


async def test_the_access_log_reads_in_english(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.get(browser, "/taal/en")
    await _meldingen_eerst(portaal, browser, PIETER.insz, "V0001013")
    log = await portaal.get(browser, "/toegangslog")
    assert "<h1>Who viewed our details</h1>" in log.text
    assert "Pieter Maes Viewed portaal: meldingen this association" in _rijen(log)[0]


async def test_only_those_who_represent_the_association_see_its_access_log(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anonymous = await portaal.get(browser, "/toegangslog")
    assert anonymous.headers["location"] == "/auth/login?next=/toegangslog"

    await portaal.log_in(browser, SOFIE.insz)
    nobody = await portaal.get(browser, "/toegangslog")
    assert nobody.status_code == 303
    assert nobody.headers["location"] == "/kies?terug=/toegangslog"

    browser.cookies.clear()
    kies = await portaal.log_in(browser, AN.insz)
    refused = await portaal.post(browser, "/kies", {"vCode": "V0001013"}, van=kies)
    assert refused.status_code == 403
    query = 'query { vereniging(vCode: "V0001013") { toegangslog { items { doorNaam } } } }'
    api = await browser.post(f"{portaal.hub}/graphql", json={"query": query}, headers={"Origin": portaal.hub})
    assert api.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_dossier_that_waits_for_the_association_is_a_notice_linking_to_the_dossier(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    db = Database(portaal.settings.database_url)
    try:
        await Dossiers(db).ontvang(
            "kiosk",
            "portaal-melding-1",
            [
                Binnenkomend(
                    id="evt-portaal-1",
                    type=DOSSIER_GEWIJZIGD,
                    v_code="V0001021",
                    dossier_id="KIOSK-2026-0021",
                    tijdstip=datetime.now(UTC),
                    data={},
                    stand=DossierStand(
                        titel="Subsidie ontwikkelingssamenwerking",
                        status="actie_nodig",
                        actie_nodig="Bezorg de begroting",
                        deadline=date(2027, 1, 15),
                        verwachte_beslissing=None,
                        link="https://kiosk.example/dossiers/KIOSK-2026-0021",
                    ),
                )
            ],
        )
    finally:
        await db.dispose()

    page = await _meldingen_eerst(portaal, browser, LOTTE.insz, "V0001021")

    assert '<h2 id="dossiers-titel">Uw dossiers</h2>' in page.text
    assert "Uw dossier Subsidie ontwikkelingssamenwerking bij kiosk wacht op u." in page.text
    assert "Uiterlijk 15 januari 2027." in page.text
    assert (
        '<a href="https://kiosk.example/dossiers/KIOSK-2026-0021">Bekijk het dossier bij kiosk' in page.text
    )
