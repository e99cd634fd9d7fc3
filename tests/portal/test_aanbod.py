"""Aanbod op maat in the portal: the offerings that fit, why (in Dutch and in English), searched
and filtered; an offering's details; and starting a request at KIOSK with only the data the
person ticks, landing there already logged in (single sign-on at the IdP)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from markupsafe import escape

from demo.personas import AN, JEF, PIETER
from tests.connectors.browsing import follow, login_page_shown
from tests.portal.conftest import Portaal, csrf_of
from tests.portal.test_dossiers import KIOSK_START, graphql_als, toegangslog_van, tweede_portaal

AANBOD = """
query($v: ID!) { vereniging(vCode: $v) { aanbod(first: 20) {
  totaal items { dienst { id titel } redenen { criterium uitleg } startDienst }
} } }
"""
KIOSK_AANBOD = """
{ diensten(zoekterm: "sport", openNu: true, first: 100) {
  nodes { id titel kanaal { connector connectorDienst } }
} }
"""
ITEM = re.compile(r'<h3><a href="/aanbod/([^"]+)" lang="nl">([^<]+)</a></h3>')
TOTAAL = re.compile(r"(\d+) (?:aanbod|aanbiedingen) (?:past|passen|gevonden)")


async def _kiosk_aanbod(portaal: Portaal, browser: httpx.AsyncClient) -> tuple[str, str, str]:
    """A sport subsidy of Sport Vlaanderen, started at KIOSK, taking requests today: its id,
    title and what `startAanvraag` is given."""
    nodes = (await graphql_als(portaal, browser, KIOSK_AANBOD))["diensten"]["nodes"]
    found = [n for n in nodes if n["kanaal"]["connector"] == "kiosk"]
    assert found, nodes
    kanaal = found[0]["kanaal"]
    return found[0]["id"], found[0]["titel"], f"{kanaal['connector']}/{kanaal['connectorDienst']}"


async def _gedeeld(
    portaal: Portaal, browser: httpx.AsyncClient, v_code: str, *, met: str | None = None
) -> list[str]:
    verwacht = None if met is None else ("gedeeld", met)
    return [o for h, o in await toegangslog_van(portaal, browser, v_code, met=verwacht) if h == "gedeeld"]


def _totaal(page: httpx.Response) -> int:
    found = TOTAAL.search(page.text)
    assert found, page.text
    return int(found.group(1))


def _items(page: httpx.Response) -> list[str]:
    """The HTML of each offering on a list page."""
    return page.text.split('<h3><a href="/aanbod/')[1:]


# --- the list ----------------------------------------------------------------------------------


async def test_the_offers_that_fit_show_with_why_they_fit_deadline_channel_and_contact(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001006")
    expected = (await graphql_als(portaal, browser, AANBOD, v="V0001006"))["vereniging"]["aanbod"]

    page = await portaal.get(browser, "/aanbod")

    assert page.status_code == 200
    assert "<h1>Aanbod op maat</h1>" in page.text
    assert _totaal(page) == expected["totaal"] > 0
    shown = ITEM.findall(page.text)
    assert [id for id, _ in shown] == [item["dienst"]["id"] for item in expected["items"]]
    for item in expected["items"]:
        # The portal words each reason itself; in Dutch it says what the register says.
        for reden in item["redenen"]:
            assert str(escape(reden["uitleg"])) in page.text, reden
    for html in _items(page):
        for label in ("Aanbieder", "Soort", "Waarom het past", "Termijn", "Hoe aanvragen", "Contact"):
            assert f"<dt>{label}</dt>" in html
        assert "Digitaal" in html or "Niet digitaal." in html
        assert "Aanvragen kan" in html or "er is geen deadline" in html
    assert "V0001006" not in page.text.split('role="search"')[1].split("</form>")[0]


async def test_the_english_page_gives_the_reasons_in_english(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001017")
    expected = (await graphql_als(portaal, browser, AANBOD, v="V0001017"))["vereniging"]["aanbod"]
    await portaal.get(browser, "/taal/en")

    page = await portaal.get(browser, "/aanbod")

    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "<h1>Offers for you</h1>" in page.text
    criteria = {r["criterium"] for item in expected["items"] for r in item["redenen"]}
    assert "werkingsgebieden" in criteria
    assert "Your association is active in Gent, where this service applies." in page.text
    for item in expected["items"]:
        for reden in item["redenen"]:
            assert str(escape(reden["uitleg"])) not in page.text, reden
    for dutch in ("Voor verenigingen", "Uw vereniging is actief", "Aanvragen kan", "Digitaal:"):
        assert dutch not in page.text
    assert "Why it suits you" in page.text


async def test_search_and_each_filter_narrow_the_list(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, AN.insz, "V0001006")
    alles = await portaal.get(browser, "/aanbod")
    totaal = _totaal(alles)
    _, titel = ITEM.findall(alles.text)[0]
    woord = max(titel.split(), key=len)

    gezocht = await portaal.get(browser, "/aanbod", q=woord.upper())
    financieel = await portaal.get(browser, "/aanbod", type="FinancieelVoordeel")
    cultuur = await portaal.get(browser, "/aanbod", thema="CultuurSportVrijeTijd")
    digitaal = await portaal.get(browser, "/aanbod", digitaal="1")
    binnenkort = await portaal.get(browser, "/aanbod", binnen="14")

    assert 0 < _totaal(gezocht) < totaal
    assert titel in gezocht.text
    assert 'value="' + woord.upper() + '"' in gezocht.text  # the search stays in the form
    assert 0 < _totaal(financieel) < totaal
    assert all("Financieel voordeel" in html for html in _items(financieel))
    assert 0 < _totaal(cultuur) < totaal
    assert 0 < _totaal(digitaal) < totaal
    assert "Niet digitaal." not in digitaal.text
    assert 0 < _totaal(binnenkort) < totaal
    assert all("Nog " in html or "laatste dag" in html for html in _items(binnenkort))
    for page in (gezocht, financieel, cultuur, digitaal, binnenkort):
        assert page.status_code == 200
        assert "Alle filters wissen" in page.text


async def test_more_is_shown_a_page_at_a_time(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, AN.insz, "V0001014")
    eerste = await portaal.get(browser, "/aanbod")
    assert _totaal(eerste) > 20
    meer = re.search(r'<p class="paginering"><a href="([^"]+)">Meer tonen</a>', eerste.text)
    assert meer

    tweede = await browser.get(f"{portaal.hub}{meer.group(1).replace('&amp;', '&')}")

    assert tweede.status_code == 200
    assert "U ziet 21 tot" in tweede.text
    assert not set(ITEM.findall(eerste.text)) & set(ITEM.findall(tweede.text))


async def test_an_empty_result_is_explained(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, AN.insz, "V0001006")

    page = await portaal.get(browser, "/aanbod", q="xylofoonbouwers")

    assert page.status_code == 200
    assert "0 aanbiedingen gevonden" in page.text
    assert "Geen aanbod gevonden met deze zoekwoorden en filters." in page.text
    assert '<a href="/aanbod">Alle filters wissen</a>' in page.text


async def test_a_filter_that_is_not_on_the_list_is_refused_next_to_its_field(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001006")

    page = await portaal.get(browser, "/aanbod", type="Geschenk", binnen="morgen")

    assert page.status_code == 400
    assert 'class="foutoverzicht"' in page.text
    assert '<a href="#veld-type">Kies een soort aanbod uit de lijst.</a>' in page.text
    assert '<a href="#veld-binnen">Kies een termijn uit de lijst.</a>' in page.text
    assert 'id="fout-type"' in page.text
    assert 'aria-invalid="true"' in page.text


async def test_the_offers_need_a_login_and_a_chosen_association(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anoniem = await portaal.get(browser, "/aanbod")
    assert anoniem.status_code == 303
    assert anoniem.headers["location"] == "/auth/login?next=/aanbod"

    await portaal.log_in(browser, JEF.insz)  # a publisher: represents no association
    zonder = await portaal.get(browser, "/aanbod")
    assert zonder.status_code == 303
    assert zonder.headers["location"].startswith("/kies?terug=/aanbod")


# --- one offering ------------------------------------------------------------------------------


async def test_an_offering_shows_its_details_and_why_it_fits(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001007")
    expected = (await graphql_als(portaal, browser, AANBOD, v="V0001007"))["vereniging"]["aanbod"]["items"][0]

    page = await portaal.get(browser, f"/aanbod/{expected['dienst']['id']}")

    assert page.status_code == 200
    assert f'<h1 lang="nl">{escape(expected["dienst"]["titel"])}</h1>' in page.text
    assert "Waarom dit past bij Schaakclub Het Paard" in page.text
    for reden in expected["redenen"]:
        assert str(escape(reden["uitleg"])) in page.text
    for kop in ("Aanvragen", "Termijn", "Hoe aanvragen", "Vragen? Neem contact op"):
        assert kop in page.text


async def test_an_offering_started_at_kiosk_has_a_start_button(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001017")
    dienst_id, titel, _ = await _kiosk_aanbod(portaal, browser)

    page = await portaal.get(browser, f"/aanbod/{dienst_id}")

    assert page.status_code == 200
    assert titel in page.text
    assert "Digitaal: u start de aanvraag hier, in het V-loket." in page.text
    assert f'<a class="knop" href="/aanbod/{dienst_id}/starten">Aanvraag starten</a>' in page.text
    assert "Wat u nodig hebt" in page.text


async def test_an_unknown_offering_is_not_found(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, AN.insz, "V0001006")

    page = await portaal.get(browser, "/aanbod/bestaat-niet")

    assert page.status_code == 404
    assert "Dit lukt niet" in page.text


# --- starting a request ------------------------------------------------------------------------


async def test_the_start_page_shows_which_data_goes_to_which_service(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001017")
    dienst_id, _, start = await _kiosk_aanbod(portaal, browser)

    page = await portaal.get(browser, f"/aanbod/{dienst_id}/starten")

    assert page.status_code == 200
    assert "in hun systeem KIOSK" in page.text
    assert "Eén keer geven is genoeg." in page.text
    for naam, waarde in (
        ("naam", "Gentse Fietsersbond"),
        ("vCode", "V0001017"),
        ("contactpersoon", "An Janssens"),
    ):
        assert re.search(rf'name="gedeeld" value="{naam}" checked>\s*<label[^>]*>.*{waarde}', page.text), naam
    gelezen = ("gelezen", f"portaal: te delen gegevens voor {start}")
    assert gelezen in await toegangslog_van(portaal, browser, "V0001017", met=gelezen)


async def test_starting_a_request_lands_at_kiosk_logged_in_with_the_data_prefilled(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001017")
    dienst_id, titel, start = await _kiosk_aanbod(portaal, browser)
    formulier = await portaal.get(browser, f"/aanbod/{dienst_id}/starten")
    [kiosk_url] = [c.config.base_url for c in portaal.services.connectors if c.name == "kiosk"]
    # The post's answer sends the browser on to KIOSK: the page's form-action must allow it.
    assert str(kiosk_url).rstrip("/") in formulier.headers["content-security-policy"]

    started = await portaal.post(
        browser, f"/aanbod/{dienst_id}/starten", {"gedeeld": ["naam", "contactpersoon"]}, van=formulier
    )

    assert started.status_code == 303, started.text
    link = started.headers["location"]
    [kiosk] = [c.config.base_url for c in portaal.services.connectors if c.name == "kiosk"]
    assert link.startswith(f"{kiosk}/aanvragen/")
    hops = await follow(browser, link)
    # KIOSK sends the browser to the IdP, which knows it from the portal's login: no login page.
    assert [hop.url.path for hop in hops][1:3] == ["/authorize", "/callback"]
    assert not login_page_shown(hops, portaal.services.issuer)
    landed = hops[-1]
    assert (landed.status_code, str(landed.url)) == (200, link)
    assert "Aangemeld als An Janssens" in landed.text
    assert "Gentse Fietsersbond" in landed.text
    assert "Contactpersoon" in landed.text
    assert titel.split(" (")[0] in landed.text
    gedeeld = f"{start}: naam, contactpersoon"
    assert gedeeld in await _gedeeld(portaal, browser, "V0001017", met=gedeeld)


async def test_sharing_only_some_data_shares_only_those(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001010")
    dienst_id, _, start = await _kiosk_aanbod(portaal, browser)
    formulier = await portaal.get(browser, f"/aanbod/{dienst_id}/starten")

    started = await portaal.post(
        browser, f"/aanbod/{dienst_id}/starten", {"gedeeld": ["naam"]}, van=formulier
    )
    landed = (await follow(browser, started.headers["location"]))[-1]

    assert started.status_code == 303
    assert "Toneelgroep Het Masker" in landed.text
    assert "Pieter" in landed.text  # logged in as him
    assert "<dt>Contactpersoon</dt>" not in landed.text
    assert (await _gedeeld(portaal, browser, "V0001010", met=f"{start}: naam"))[0] == f"{start}: naam"


async def test_data_that_was_not_offered_is_refused_and_nothing_is_shared(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001014")
    dienst_id, _, _ = await _kiosk_aanbod(portaal, browser)
    formulier = await portaal.get(browser, f"/aanbod/{dienst_id}/starten")
    before = await _gedeeld(portaal, browser, "V0001014")

    refused = await portaal.post(
        browser, f"/aanbod/{dienst_id}/starten", {"gedeeld": ["naam", "wachtwoord"]}, van=formulier
    )

    assert refused.status_code == 400
    assert 'class="foutoverzicht"' in refused.text
    assert '<a href="#veld-gedeeld">' in refused.text
    assert 'id="fout-gedeeld"' in refused.text
    assert "Dit gegeven gaat niet naar deze dienst: wachtwoord" in refused.text
    # What the person ticked is kept; what they did not stays unticked.
    assert 'value="naam" checked' in refused.text
    assert 'value="vCode" checked' not in refused.text
    assert await _gedeeld(portaal, browser, "V0001014") == before


async def test_a_start_without_the_pages_token_is_refused(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001014")
    dienst_id, _, _ = await _kiosk_aanbod(portaal, browser)
    formulier = await portaal.get(browser, f"/aanbod/{dienst_id}/starten")
    before = await _gedeeld(portaal, browser, "V0001014")

    forged = await browser.post(
        f"{portaal.hub}/aanbod/{dienst_id}/starten",
        data={"csrf": "vervalst", "gedeeld": ["naam"]},
        headers={"Origin": portaal.hub},
    )
    elsewhere = await browser.post(
        f"{portaal.hub}/aanbod/{dienst_id}/starten",
        data={"csrf": csrf_of(formulier), "gedeeld": ["naam"]},
        headers={"Origin": "https://elders.example"},
    )

    assert forged.status_code == 403
    assert elsewhere.status_code == 403
    assert "Dit formulier is verlopen" in forged.text
    assert await _gedeeld(portaal, browser, "V0001014") == before


async def test_an_offering_not_started_here_has_no_start_page(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001006")
    expected = (await graphql_als(portaal, browser, AANBOD, v="V0001006"))["vereniging"]["aanbod"]["items"]
    elders = next(item for item in expected if item["startDienst"] is None)

    page = await portaal.get(browser, f"/aanbod/{elders['dienst']['id']}/starten")

    assert page.status_code == 404
    assert "Dit start u niet via het V-loket" in page.text


async def test_a_service_that_does_not_answer_keeps_the_choices_and_says_so(
    portaal: Portaal, tmp_path: Path
) -> None:
    async with tweede_portaal(portaal, tmp_path) as (stack, browser):
        await stack.namens(browser, AN.insz, "V0001017")
        [(dienst_id, _)] = ITEM.findall((await stack.get(browser, "/aanbod", q=KIOSK_START)).text)
        formulier = await stack.get(browser, f"/aanbod/{dienst_id}/starten")

        failed = await stack.post(
            browser, f"/aanbod/{dienst_id}/starten", {"gedeeld": ["naam"]}, van=formulier
        )
        log = await toegangslog_van(stack, browser, "V0001017")

    assert failed.status_code == 503
    assert 'class="foutoverzicht"' in failed.text
    assert "De dienst kiosk antwoordt nu niet. Probeer het later opnieuw." in failed.text
    assert 'value="naam" checked' in failed.text
    assert 'value="vCode" checked' not in failed.text
    # Logged before the data left for the service; it says the service did not confirm the request.
    [gedeeld] = [onderdeel for handeling, onderdeel in log if handeling == "gedeeld"]
    assert gedeeld.startswith("kiosk/")
    assert gedeeld.endswith(": naam (aanvraag niet bevestigd door de dienst)")


async def test_a_request_submitted_at_kiosk_shows_as_a_dossier_in_the_portal(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001020")
    dienst_id, titel, _ = await _kiosk_aanbod(portaal, browser)
    voor = await portaal.get(browser, "/dossiers")  # the hub has KIOSK's answer cached now
    assert voor.status_code == 200
    formulier = await portaal.get(browser, f"/aanbod/{dienst_id}/starten")
    started = await portaal.post(
        browser, f"/aanbod/{dienst_id}/starten", {"gedeeld": ["naam", "contactpersoon"]}, van=formulier
    )
    link = started.headers["location"]
    landed = (await follow(browser, link))[-1]
    assert "Aanvraag indienen" in landed.text
    indienen = link + "/indienen"
    kiosk_origin = link.split("/aanvragen/")[0]

    refused = await browser.post(
        indienen,
        data={"contactpersoon": "An Janssens", "email": "an@example.be", "rekeningnummer": "BE00 1234"},
        headers={"Origin": kiosk_origin},
    )
    assert refused.status_code == 400
    assert "geen geldig IBAN-rekeningnummer" in refused.text
    assert 'value="an@example.be"' in refused.text  # what was typed stays

    submitted = await browser.post(
        indienen,
        data={
            "contactpersoon": "An Janssens",
            "email": "an@example.be",
            "rekeningnummer": "BE68539007547034",
        },
        headers={"Origin": kiosk_origin},
    )
    assert submitted.status_code == 303, submitted.text
    dossier_page = await browser.get(submitted.headers["location"])
    assert dossier_page.status_code == 200
    kiosk_nummer = submitted.headers["location"].rsplit("/", 1)[-1]
    assert kiosk_nummer in dossier_page.text

    dossiers = await portaal.get(browser, "/dossiers")
    assert kiosk_nummer in dossiers.text
    assert titel.split(" (")[0] in dossiers.text
