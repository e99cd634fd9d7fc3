"""The open catalog, without logging in: every published offering searched and filtered as the
API searches it, an offering's page that says why it fits once someone logs in, and the
register's public search, which shows nothing private."""

from __future__ import annotations

import re
from typing import Any

import httpx

from demo.personas import AN, LOTTE
from tests.portal.conftest import Portaal

ITEM = re.compile(r'<h3><a href="/aanbod/([^"]+)" lang="nl">([^<]+)</a></h3>')
DIENSTEN = """
query($q: String, $type: String, $gemeente: String, $open: Boolean!) {
  diensten(zoekterm: $q, type: $type, gemeente: $gemeente, openNu: $open, first: 100) {
    totalCount nodes { id titel bestuur { code naam } }
  }
}
"""


async def api(portaal: Portaal, **variables: object) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as client:
        answer = await client.post(
            f"{portaal.hub}/graphql", json={"query": DIENSTEN, "variables": {"open": False, **variables}}
        )
    result: dict[str, Any] = answer.json()["data"]["diensten"]
    return result


def totaal(page: httpx.Response) -> int:
    found = re.search(r'<h2 id="resultaten-titel">\s*(\d+) aanb', page.text)
    assert found, page.text
    return int(found.group(1))


async def test_everyone_searches_the_catalog_as_the_api_does(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    alles = await portaal.get(browser, "/catalogus")
    gezocht = await portaal.get(browser, "/catalogus", q="fuifzaal")
    vergunningen = await portaal.get(browser, "/catalogus", type="Toelating")
    in_gent = await portaal.get(browser, "/catalogus", gemeente="BE23444021")

    assert alles.status_code == 200
    assert "<h1>Aanbod voor verenigingen</h1>" in alles.text
    assert totaal(alles) == (await api(portaal))["totalCount"] > 20
    fuif = await api(portaal, q="fuifzaal")
    assert totaal(gezocht) == fuif["totalCount"] > 0
    assert {id for id, _ in ITEM.findall(gezocht.text)} == {n["id"] for n in fuif["nodes"]}
    assert totaal(vergunningen) == (await api(portaal, type="Toelating"))["totalCount"] > 0
    assert totaal(in_gent) == (await api(portaal, gemeente="BE23444021"))["totalCount"] > 0
    assert 'href="/auth/login?next=/aanbod"' in alles.text


async def test_an_administration_and_open_now_narrow_it(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    alles = await portaal.get(browser, "/catalogus")
    link = re.search(r'href="(/catalogus\?bestuur=[^"]+)" lang="nl">([^<]+)</a>', alles.text)
    assert link
    van_een_bestuur = await browser.get(f"{portaal.hub}{link.group(1)}")
    open_nu = await portaal.get(browser, "/catalogus", open="1")

    assert 0 < totaal(van_een_bestuur) < totaal(alles)
    assert f"Alleen aanbod van {link.group(2)}." in van_een_bestuur.text
    assert totaal(open_nu) == (await api(portaal, open=True))["totalCount"]


async def test_more_is_shown_a_page_at_a_time(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    seen: list[str] = []
    page = await portaal.get(browser, "/catalogus")
    while True:
        seen += [id for id, _ in ITEM.findall(page.text)]
        more = re.search(r'<p class="paginering"><a href="([^"]+)">', page.text)
        if not more:
            break
        page = await browser.get(f"{portaal.hub}{more.group(1).replace('&amp;', '&')}")

    assert len(seen) == len(set(seen)) == totaal(page)


async def test_bad_filters_are_refused_with_a_message(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    onbekend = await portaal.get(browser, "/catalogus", gemeente="Nergensdorp")
    vervalst = await portaal.get(browser, "/catalogus", na="dit-is-geen-cursor")

    assert onbekend.status_code == vervalst.status_code == 400
    assert 'class="foutoverzicht"' in onbekend.text or "foutoverzicht" in onbekend.text
    assert "Nergensdorp" in onbekend.text


async def test_an_offering_is_open_and_says_why_it_fits_once_logged_in(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    gezocht = await portaal.get(browser, "/catalogus", q="fuifzaal")
    dienst_id, titel = ITEM.findall(gezocht.text)[0]

    anoniem = await portaal.get(browser, f"/aanbod/{dienst_id}")
    await portaal.namens(browser, AN.insz, "V0001006")
    aangemeld = await portaal.get(browser, f"/aanbod/{dienst_id}")

    assert anoniem.status_code == aangemeld.status_code == 200
    assert titel in anoniem.text
    assert "Past dit bij uw vereniging?" in anoniem.text
    assert f'href="/auth/login?next=/aanbod/{dienst_id}"' in anoniem.text
    assert "Waarom dit past bij" not in anoniem.text
    assert "Waarom dit past bij" in aangemeld.text
    assert "Past dit bij uw vereniging?" not in aangemeld.text


async def test_the_register_search_shows_only_what_is_public(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    leeg = await portaal.get(browser, "/verenigingen")
    gevonden = await portaal.get(browser, "/verenigingen", q="vrolijke")
    in_gent = await portaal.get(browser, "/verenigingen", gemeente="Gent")
    vervalst = await portaal.get(browser, "/verenigingen", q="vrolijke", na="vals")

    assert leeg.status_code == gevonden.status_code == in_gent.status_code == 200
    assert "FWA De vrolijke BA&#39;s" in gevonden.text
    assert "V0001001" in gevonden.text
    assert "Jeugdhuis De Kelder" in in_gent.text
    for private in (LOTTE.insz, AN.insz, LOTTE.achternaam, AN.achternaam):
        assert private not in gevonden.text
        assert private not in in_gent.text
    assert vervalst.status_code == 400
