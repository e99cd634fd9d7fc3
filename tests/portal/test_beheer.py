"""The publishers' pages: Griet (Gent) lists, writes, previews, publishes and archives Gent's
offerings; the register of offerings refuses what her role does not cover, and people without a
publisher role get a plain refusal. Every offering a test creates has its own title."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import httpx

from demo.personas import GRIET, MOHAMED
from tests.portal.conftest import Portaal

ZOEK = """
query ($zoekterm: String, $bestuur: String) {
  diensten(zoekterm: $zoekterm, bestuur: $bestuur, first: 5) { totalCount nodes { id titel versie status } }
}
"""
DIENST = "query ($id: ID!) { dienst(id: $id) { id titel versie status } }"


def _inhoud(titel: str, **wijzigingen: Any) -> dict[str, Any]:
    """A valid offering of Gent, as the form posts it: for farming associations active in Gent
    (none of the demo's), so what the tests publish turns up in no association's offers."""
    velden: dict[str, Any] = {
        "titel": titel,
        "beschrijving": "Gent betaalt een deel van uw stadsboerderij.",
        "type": "FinancieelVoordeel",
        "bestuur": "44021",
        "themas": ["MobiliteitOpenbareWerken"],
        "criteria.hoofdactiviteiten": ["LAVI"],
        "criteria.werkingsgebieden": "44021",
        "criteria.doelgroep.minimumleeftijd": "",
        "criteria.doelgroep.maximumleeftijd": "",
        "voorwaarden": "Uw vereniging is actief in Gent.",
        "procedure": "",
        "kosten": "Gratis",
        "bewijsstukken": "Een begroting\nEen foto van het atelier",
        "benodigdeGegevens": "naam, vCode, rekeningnummer",
        "aanvraagperiode.van": "",
        "aanvraagperiode.tot": "",
        "kanaal.digitaal": "ja",
        "kanaal.link": "https://stad.gent/stadsboerderij",
        "kanaal.uitleg": "",
        "contact.naam": "Dienst Mobiliteit",
        "contact.email": "mobiliteit@stad.gent",
        "contact.telefoon": "09 210 10 10",
        "contact.website": "https://stad.gent",
    }
    return velden | wijzigingen


def _titel(woord: str) -> str:
    return f"Stadslandbouwpremie {woord} {uuid.uuid4().hex[:8]}"


async def _griet(portaal: Portaal, browser: httpx.AsyncClient) -> httpx.Response:
    """Griet logged in, on her list of offerings."""
    await portaal.log_in(browser, GRIET.insz)
    lijst = await portaal.get(browser, "/beheer/aanbod")
    assert lijst.status_code == 200, lijst.text
    return lijst


async def _maak(portaal: Portaal, browser: httpx.AsyncClient, titel: str, **wijzigingen: Any) -> str:
    """A new draft of Gent; returns its id."""
    formulier = await portaal.get(browser, "/beheer/aanbod/nieuw")
    gemaakt = await portaal.post(
        browser, "/beheer/aanbod/nieuw", _inhoud(titel, **wijzigingen), van=formulier
    )
    assert gemaakt.status_code == 303, gemaakt.text
    found = re.fullmatch(r"/beheer/aanbod/(D[0-9a-f]+)\?gelukt=aangemaakt", gemaakt.headers["location"])
    assert found, gemaakt.headers["location"]
    return found.group(1)


async def _publiek(portaal: Portaal, query: str, **variables: Any) -> dict[str, Any]:
    """The public GraphQL API, as anyone without a login asks it."""
    async with httpx.AsyncClient(timeout=30) as anyone:
        answer = await anyone.post(f"{portaal.hub}/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def _tekst(page: httpx.Response) -> str:
    """The page's text with entities decoded, for comparing with messages."""
    return html.unescape(page.text)


def _veldfout(page: httpx.Response, veld: str) -> str:
    """The message next to a field, without the hidden word that announces it."""
    found = re.search(
        rf'<p class="foutmelding" id="fout-{re.escape(veld)}"><span class="verborgen">[^<]*</span>(.*?)</p>',
        page.text,
        re.S,
    )
    assert found, f"no message next to {veld}"
    return html.unescape(found.group(1)).strip()


def _status(page: httpx.Response) -> str:
    found = re.search(r'<span class="status status-aanbod-\w+">([^<]+)</span>', page.text)
    assert found, page.text
    return found.group(1)


async def test_griet_lists_only_the_offerings_of_gent(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    lijst = await _griet(portaal, browser)
    tekst = _tekst(lijst)
    assert "<h1>Ons aanbod beheren</h1>" in tekst
    assert 'href="/beheer/aanbod" aria-current="page"' in tekst  # the menu names the page
    assert "Subsidie voor seniorenverenigingen" in tekst  # a demo offering of Gent
    assert "Werkingssubsidie voor hobbyverenigingen" not in tekst  # one of Liedekerke
    assert "Liedekerke" not in tekst
    assert '<a class="knop" href="/beheer/aanbod/nieuw">Nieuw aanbod</a>' in tekst
    assert "Gepubliceerd" in tekst


async def test_a_new_offering_is_a_draft_in_the_list_and_its_form_offers_only_gent(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _griet(portaal, browser)
    formulier = await portaal.get(browser, "/beheer/aanbod/nieuw")
    assert formulier.status_code == 200
    select = re.search(r'<select id="veld-bestuur".*?</select>', formulier.text, re.S)
    assert select
    assert re.findall(r'<option value="([^"]*)"', select.group(0)) == ["44021"]
    assert "Gent (44021)" in select.group(0)

    titel = _titel("ontwerp")
    dienst_id = await _maak(portaal, browser, titel)
    detail = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}", gelukt="aangemaakt")
    assert "Het aanbod is bewaard als ontwerp." in detail.text
    assert _status(detail) == "Ontwerp"
    assert 'value="mobiliteit@stad.gent"' in detail.text

    drafts = await portaal.get(browser, "/beheer/aanbod", status="draft")
    row = re.search(
        rf"<tr>\s*<th scope=\"row\"><a href=\"/beheer/aanbod/{dienst_id}\">.*?</tr>", drafts.text, re.S
    )
    assert row, "the new draft is not in the list of drafts"
    assert "Ontwerp" in row.group(0)
    assert "Financieel voordeel" in row.group(0)
    published = await portaal.get(browser, "/beheer/aanbod", status="gepubliceerd")
    assert dienst_id not in published.text
    assert (await _publiek(portaal, ZOEK, zoekterm=titel))["diensten"]["totalCount"] == 0


async def test_bad_fields_are_refused_next_to_the_field_and_nothing_is_stored(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _griet(portaal, browser)
    formulier = await portaal.get(browser, "/beheer/aanbod/nieuw")
    titel = _titel("fout")
    refused = await portaal.post(
        browser,
        "/beheer/aanbod/nieuw",
        _inhoud(
            titel,
            beschrijving="  ",
            **{
                "contact.email": "mobiliteit-at-stad.gent",
                "criteria.werkingsgebieden": "44021, 99999",
                "aanvraagperiode.tot": "31/12/2030",
                "criteria.doelgroep.minimumleeftijd": "zes",
                "kanaal.digitaal": "nee",
            },
        ),
        van=formulier,
    )
    assert refused.status_code == 400
    assert "Er is een probleem" in refused.text
    assert '<a href="#veld-contact.email">' in refused.text
    assert _veldfout(refused, "beschrijving") == "Vul dit veld in."
    assert _veldfout(refused, "contact.email").startswith("Dit is geen geldig e-mailadres")
    assert _veldfout(refused, "criteria.werkingsgebieden") == "De code '99999' kennen we niet."
    assert _veldfout(refused, "aanvraagperiode.tot").startswith("Geef een datum als 2025-12-31")
    assert (
        _veldfout(refused, "criteria.doelgroep.minimumleeftijd") == "Geef een leeftijd in cijfers, zoals 12."
    )
    assert _veldfout(refused, "kanaal.uitleg") == "Leg uit hoe men dit aanvraagt, want het kan niet digitaal."
    # what was typed stays in the form
    assert 'value="mobiliteit-at-stad.gent"' in refused.text
    assert 'value="44021, 99999"' in refused.text
    assert f'value="{titel}"' in refused.text
    assert 'value="LAVI" checked' in refused.text

    lijst = await portaal.get(browser, "/beheer/aanbod")
    assert titel not in lijst.text


async def test_griet_edits_her_draft_and_a_stale_edit_changes_nothing(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _griet(portaal, browser)
    dienst_id = await _maak(portaal, browser, _titel("wijzig"))
    detail = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")
    assert 'name="versie" value="1"' in detail.text

    nieuwe_titel = _titel("gewijzigd")
    changed = await portaal.post(
        browser,
        f"/beheer/aanbod/{dienst_id}",
        _inhoud(nieuwe_titel, versie="1", **{"aanvraagperiode.tot": "2030-12-31"}),
        van=detail,
    )
    assert changed.status_code == 303, changed.text
    assert changed.headers["location"] == f"/beheer/aanbod/{dienst_id}?gelukt=gewijzigd"
    na = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")
    assert f"<h1>{nieuwe_titel}</h1>" in na.text
    assert 'name="versie" value="2"' in na.text
    assert 'value="2030-12-31"' in na.text
    historiek = na.text[na.text.index("<h2>Historiek</h2>") :]
    assert "Gewijzigd" in historiek
    assert "Aangemaakt" in historiek
    assert GRIET.insz not in na.text  # who did it is "u", never a national number

    stale = await portaal.post(
        browser, f"/beheer/aanbod/{dienst_id}", _inhoud(_titel("te laat"), versie="1"), van=detail
    )
    assert stale.status_code == 409
    assert "Iemand anders heeft dit aanbod intussen gewijzigd" in _tekst(stale)
    assert "te laat" in stale.text  # the input is kept
    assert 'name="versie" value="2"' in stale.text  # with the current version: saving again works
    still = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")
    assert f"<h1>{nieuwe_titel}</h1>" in still.text

    refused = await portaal.post(browser, f"/beheer/aanbod/{dienst_id}", _inhoud("", versie="2"), van=still)
    assert refused.status_code == 400
    assert _veldfout(refused, "titel") == "Vul dit veld in."
    assert f"<h1>{nieuwe_titel}</h1>" in (await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")).text


async def test_the_preview_says_who_the_offering_reaches(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _griet(portaal, browser)
    # a draft (never published) for mobility associations in Gent, such as the Gentse Fietsersbond
    dienst_id = await _maak(portaal, browser, _titel("bereik"), **{"criteria.hoofdactiviteiten": ["MROW"]})
    preview = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}/bereik")
    assert preview.status_code == 200
    tekst = _tekst(preview)
    assert "<h1>Voor wie is dit aanbod?</h1>" in tekst
    assert "Mobiliteit, Ruimtelijke ordening & Wonen" in tekst
    assert re.search(r"<dt>Actief in</dt>\s*<dd>Gent</dd>", tekst)
    assert "elke soort" in tekst
    assert re.search(r"Het aanbod past nu bij \d+ geregistreerde vereniging(en)?\.", tekst)
    assert "Gentse Fietsersbond" in tekst


async def test_publishing_makes_it_public_and_archiving_withdraws_it(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _griet(portaal, browser)
    titel = _titel("publiek")
    dienst_id = await _maak(portaal, browser, titel)
    detail = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")

    published = await portaal.post(browser, f"/beheer/aanbod/{dienst_id}/publiceren", {}, van=detail)
    assert published.status_code == 303
    na = await browser.get(f"{portaal.hub}{published.headers['location']}")
    assert "Het aanbod is gepubliceerd." in na.text
    assert _status(na) == "Gepubliceerd"
    gevonden = (await _publiek(portaal, ZOEK, zoekterm=titel))["diensten"]
    assert [d["id"] for d in gevonden["nodes"]] == [dienst_id]

    vraag = await portaal.post(browser, f"/beheer/aanbod/{dienst_id}/archiveren", {}, van=na)
    assert vraag.status_code == 200
    assert "<h1>Aanbod archiveren?</h1>" in vraag.text
    assert (await _publiek(portaal, DIENST, id=dienst_id))["dienst"]["status"] == "gepubliceerd"

    archived = await portaal.post(
        browser, f"/beheer/aanbod/{dienst_id}/archiveren", {"bevestigd": "ja"}, van=vraag
    )
    assert archived.status_code == 303
    weg = await browser.get(f"{portaal.hub}{archived.headers['location']}")
    assert "Het aanbod is gearchiveerd." in weg.text
    assert _status(weg) == "Gearchiveerd"
    assert "Opnieuw publiceren" in weg.text
    historiek = weg.text[weg.text.index("<h2>Historiek</h2>") :]
    assert historiek.index("Gearchiveerd") < historiek.index("Gepubliceerd") < historiek.index("Aangemaakt")
    assert (await _publiek(portaal, ZOEK, zoekterm=titel))["diensten"]["totalCount"] == 0
    gearchiveerd = await portaal.get(browser, "/beheer/aanbod", status="gearchiveerd")
    assert dienst_id in gearchiveerd.text


async def test_an_edit_of_a_published_offering_waits_as_a_draft_until_published(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _griet(portaal, browser)
    titel = _titel("versies")
    dienst_id = await _maak(portaal, browser, titel)
    detail = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")
    await portaal.post(browser, f"/beheer/aanbod/{dienst_id}/publiceren", {}, van=detail)

    nieuwe_titel = _titel("versie twee")
    changed = await portaal.post(
        browser, f"/beheer/aanbod/{dienst_id}", _inhoud(nieuwe_titel, versie="1"), van=detail
    )
    assert changed.status_code == 303
    draft = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")
    assert _status(draft) == "Ontwerp"
    assert "Verenigingen zien nog versie 1." in draft.text
    assert (await _publiek(portaal, DIENST, id=dienst_id))["dienst"]["titel"] == titel

    unchanged = await portaal.post(
        browser, f"/beheer/aanbod/{dienst_id}", _inhoud(nieuwe_titel, versie="2"), van=draft
    )
    assert unchanged.headers["location"] == f"/beheer/aanbod/{dienst_id}?gelukt=ongewijzigd"

    await portaal.post(browser, f"/beheer/aanbod/{dienst_id}/publiceren", {}, van=draft)
    assert (await _publiek(portaal, DIENST, id=dienst_id))["dienst"] == {
        "id": dienst_id,
        "titel": nieuwe_titel,
        "versie": 2,
        "status": "gepubliceerd",
    }


async def test_griet_cannot_open_change_or_publish_an_offering_of_liedekerke(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    liedekerke = (await _publiek(portaal, ZOEK, bestuur="23044"))["diensten"]["nodes"][0]
    dienst_id = liedekerke["id"]
    lijst = await _griet(portaal, browser)
    weigering = "U beheert geen aanbod voor Liedekerke (23044) en mag dit dus niet doen."

    for pad in (f"/beheer/aanbod/{dienst_id}", f"/beheer/aanbod/{dienst_id}/bereik"):
        page = await portaal.get(browser, pad)
        assert page.status_code == 403, pad
        assert weigering in _tekst(page)

    for pad, data in (
        (f"/beheer/aanbod/{dienst_id}", _inhoud(_titel("overname"), versie=str(liedekerke["versie"]))),
        (f"/beheer/aanbod/{dienst_id}/publiceren", {}),
        (f"/beheer/aanbod/{dienst_id}/archiveren", {}),
        (f"/beheer/aanbod/{dienst_id}/archiveren", {"bevestigd": "ja"}),
    ):
        refused = await portaal.post(browser, pad, data, van=lijst)
        assert refused.status_code == 403, pad
        assert weigering in _tekst(refused)

    # a new offering for Liedekerke, with the select tampered with
    formulier = await portaal.get(browser, "/beheer/aanbod/nieuw")
    titel = _titel("liedekerke")
    tampered = await portaal.post(
        browser, "/beheer/aanbod/nieuw", _inhoud(titel, bestuur="23044"), van=formulier
    )
    assert tampered.status_code == 403
    assert "U beheert geen aanbod voor" in _tekst(tampered)

    assert (await _publiek(portaal, DIENST, id=dienst_id))["dienst"] == liedekerke
    assert titel not in (await portaal.get(browser, "/beheer/aanbod")).text


async def test_someone_without_the_publisher_role_is_refused(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anonymous = await portaal.get(browser, "/beheer/aanbod")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/auth/login?next=/beheer/aanbod")

    await portaal.log_in(browser, MOHAMED.insz)
    for pad in ("/beheer/aanbod", "/beheer/aanbod/nieuw"):
        refused = await portaal.get(browser, pad)
        assert refused.status_code == 403
        assert "<h1>Geen toegang tot aanbod beheren</h1>" in refused.text
        assert "toegangsbeheerder van uw organisatie" in refused.text
    assert 'href="/beheer/aanbod"' not in refused.text  # no menu link without the role


async def test_a_form_without_its_token_is_refused_and_changes_nothing(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await _griet(portaal, browser)
    dienst_id = await _maak(portaal, browser, _titel("csrf"))
    for pad, data in (
        ("/beheer/aanbod/nieuw", _inhoud(_titel("zonder token"))),
        (f"/beheer/aanbod/{dienst_id}/publiceren", {}),
        (f"/beheer/aanbod/{dienst_id}/archiveren", {"bevestigd": "ja"}),
    ):
        forged = await browser.post(
            f"{portaal.hub}{pad}", data={"csrf": "forged", **data}, headers={"Origin": portaal.hub}
        )
        assert forged.status_code == 403, pad
        assert "Dit formulier is verlopen" in forged.text
    detail = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")
    assert _status(detail) == "Ontwerp"
    assert "zonder token" not in (await portaal.get(browser, "/beheer/aanbod")).text


async def test_the_pages_speak_english(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await _griet(portaal, browser)
    dienst_id = await _maak(portaal, browser, _titel("english"))
    await portaal.get(browser, "/taal/en")

    lijst = await portaal.get(browser, "/beheer/aanbod")
    assert '<html lang="en">' in lijst.text
    assert "<h1>Manage our offers</h1>" in lijst.text
    assert "New offer" in lijst.text
    assert "Draft" in lijst.text
    assert "Financial benefit" in lijst.text
    assert "Ons aanbod beheren" not in lijst.text

    detail = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}")
    assert _status(detail) == "Draft"
    for text in (
        "Change the offer",
        "Who is this offer for?",
        "History",
        "Created",
        "Mobility, spatial planning",
    ):
        assert text in detail.text, text
    for dutch in ("Aanbod wijzigen", "Historiek", "niet verplicht", "Hoofdactiviteit"):
        assert dutch not in detail.text, dutch

    refused = await portaal.post(
        browser,
        f"/beheer/aanbod/{dienst_id}",
        _inhoud(_titel("english"), versie="1", **{"contact.email": "nope"}),
        van=detail,
    )
    assert refused.status_code == 400
    assert "There is a problem" in refused.text
    assert _veldfout(refused, "contact.email").startswith("This is not a valid e-mail address")

    preview = await portaal.get(browser, f"/beheer/aanbod/{dienst_id}/bereik")
    assert "<h1>Who is this offer for?</h1>" in preview.text
    assert "any kind" in preview.text
    assert "The offer does not fit any registered association now." in preview.text

    onbekend = await portaal.get(browser, "/beheer/aanbod/Donbekend")
    assert onbekend.status_code == 404
    assert "We cannot find a dienst with id Donbekend." in onbekend.text
