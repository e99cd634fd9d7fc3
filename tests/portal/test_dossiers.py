"""Dossiers in the portal: every dossier at every connected service (KIOSK, Gent, Liedekerke),
filtered by status, with what each needs and a link to open it there; a service that is down
gets a notice while the others still show."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from demo.personas import AN, JEF, PIETER
from demo.verenigingen import seed
from hub.app import create_app
from registry.associations.service import VerenigingenRegister
from registry.db import Database, migrate
from registry.offerings.model import Criteria, Kanaal
from registry.offerings.service import DienstenRegister
from registry.paging import offset_cursor
from tests.connectors.browsing import follow, login_page_shown
from tests.offerings.factories import OPERATOR, dienst_inhoud
from tests.portal.conftest import Portaal
from tests.utils.servers import free_port
from tests.utils.services import TEST_SECRET

TOEGANGSLOG = """
query($v: ID!) { vereniging(vCode: $v) { toegangslog(first: 20) { items { handeling onderdeel } } } }
"""
DOSSIERNUMMER = re.compile(r"<dt>Dossiernummer</dt><dd>([^<]+)</dd>")
STATUS = re.compile(r'<p><span class="status status-(\w+)">')
KIOSK_START = "Sportkampen zonder KIOSK"


class Schakelaar(httpx.AsyncBaseTransport):
    """KIOSK over real HTTP until switched off; then as if nothing listened there."""

    def __init__(self) -> None:
        self.aan = True
        self._echt = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.aan:
            raise httpx.ConnectError("KIOSK staat uit", request=request)
        return await self._echt.handle_async_request(request)

    async def aclose(self) -> None:
        await self._echt.aclose()


@asynccontextmanager
async def tweede_portaal(
    portaal: Portaal, tmp_path: Path, *, kiosk: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[tuple[Portaal, httpx.AsyncClient]]:
    """A second hub, in this process, with its own database (the demo associations and one
    offering started at KIOSK) and its own connectors to the shared stack's services: KIOSK's
    through `kiosk`, or, without it, at a port where nothing listens. It asks every time (no
    reuse of answers) but keeps the last good one. It answers at the shared hub's address in
    the browser it gives, so the IdP sends the login back to it; the shared stack is left alone."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'tweede.sqlite3'}"
    migrate(url)
    db = Database(url)
    await seed(VerenigingenRegister(db=db, secret=TEST_SECRET), varied_too=True)
    kanaal = Kanaal(connector="kiosk", connector_dienst="sportkampen")
    inhoud = dienst_inhoud(titel=KIOSK_START, criteria=Criteria(), kanaal=kanaal)
    await DienstenRegister(db=db).importeer(inhoud, bron="test", bron_id="tweede", uitgever=OPERATOR)
    connectors: list[Any] = []
    for c in portaal.services.connectors:  # its own: a hub closes its connectors when it stops
        if c.name != "kiosk":
            connectors.append(type(c)(c.config))
        elif kiosk is not None:
            connectors.append(type(c)(c.config, transport=kiosk))
        else:
            connectors.append(
                type(c)(c.config.model_copy(update={"base_url": f"http://127.0.0.1:{free_port()}"}))
            )
    settings = portaal.settings.model_copy(update={"database_url": url, "routing_cache_seconds": 0.0})
    app = create_app(settings, database=db, connectors=connectors)
    mounts = {portaal.hub: httpx.ASGITransport(app=app)}
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(follow_redirects=False, timeout=30, mounts=mounts) as browser,
        ):
            yield portaal, browser
    finally:
        await db.dispose()


async def graphql_als(
    portaal: Portaal, browser: httpx.AsyncClient, query: str, **variables: Any
) -> dict[str, Any]:
    """Ask the hub's API as the browser's logged-in person (the session cookie)."""
    answer = await browser.post(
        f"{portaal.hub}/graphql",
        json={"query": query, "variables": variables},
        headers={"Origin": portaal.hub},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def toegangslog_van(
    portaal: Portaal, browser: httpx.AsyncClient, v_code: str, *, met: tuple[str, str] | None = None
) -> list[tuple[str, str]]:
    """The association's access log, newest first, as (handeling, onderdeel). Reading writes
    what is pending, but not an entry a delayed write is writing at that very moment: when `met`
    is expected and missing, read again (a later read finds that write done)."""
    for _ in range(3):
        data = await graphql_als(portaal, browser, TOEGANGSLOG, v=v_code)
        items = [(i["handeling"], i["onderdeel"]) for i in data["vereniging"]["toegangslog"]["items"]]
        if met is None or met in items:
            break
    return items


def _dossiers(page: httpx.Response) -> list[str]:
    return DOSSIERNUMMER.findall(page.text)


# --- the list ----------------------------------------------------------------------------------


async def test_every_dossier_shows_its_service_status_dates_action_contact_history_and_link(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")

    page = await portaal.get(browser, "/dossiers")

    assert page.status_code == 200
    assert "<h1>Dossiers</h1>" in page.text
    nummers = _dossiers(page)
    assert {"KIOSK-2025-0101", "KIOSK-2025-0087", "KIOSK-2024-0342"} <= set(nummers)
    assert {"44021-0012", "23044-0012"} <= set(nummers)  # Gent and Liedekerke
    assert re.search(r"(\d+) dossiers", page.text)
    # What waits for the association comes first, its status in words, not colour alone.
    assert STATUS.findall(page.text)[0] == "actie_nodig"
    assert "Wacht op u" in page.text
    [kleedkamers] = [d for d in page.text.split('<h3 lang="nl">') if "KIOSK-2025-0087" in d]
    assert "Bezorg de offerte van de aannemer voor de nieuwe kleedkamers." in kleedkamers
    assert "Uiterlijk" in kleedkamers
    assert "<dt>Contactpersoon</dt><dd>Lotte Claes</dd>" in kleedkamers
    assert "<summary>Historiek van dit dossier</summary>" in kleedkamers
    assert "Offerte gevraagd" in kleedkamers
    [kiosk] = [c.config.base_url for c in portaal.services.connectors if c.name == "kiosk"]
    assert f'<a href="{kiosk}/dossiers/KIOSK-2025-0087">Open bij' in kleedkamers
    for label in ("Ingediend op", "Beslissing verwacht", "Dienst"):
        assert f"<dt>{label}</dt>" in page.text
    assert "antwoordt nu niet" not in page.text
    gelezen = ("gelezen", "portaal: dossiers")
    assert gelezen in await toegangslog_van(portaal, browser, "V0001001", met=gelezen)


async def test_the_link_opens_the_dossier_at_kiosk_without_logging_in_again(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    page = await portaal.get(browser, "/dossiers")
    [link] = re.findall(r'<a href="([^"]+/dossiers/KIOSK-2025-0101)">', page.text)

    hops = await follow(browser, link)

    assert not login_page_shown(hops, portaal.services.issuer)
    assert hops[-1].status_code == 200
    assert "Aangemeld als An Janssens" in hops[-1].text
    assert "KIOSK-2025-0101" in hops[-1].text


async def test_dossiers_filter_by_status(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    alle = await portaal.get(browser, "/dossiers")

    wachten = await portaal.get(browser, "/dossiers", status="actie_nodig")
    beslist = await portaal.get(browser, "/dossiers", status="beslist")

    assert wachten.status_code == 200
    assert set(STATUS.findall(wachten.text)) == {"actie_nodig"}
    assert 0 < len(_dossiers(wachten)) < len(_dossiers(alle))
    assert 'id="status-actie_nodig" name="status" value="actie_nodig" checked' in wachten.text
    assert set(STATUS.findall(beslist.text)) <= {"beslist"}
    assert "KIOSK-2025-0087" in _dossiers(wachten)
    assert "KIOSK-2025-0087" not in _dossiers(beslist)


async def test_a_status_that_is_not_on_the_list_is_refused_next_to_the_filter(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")

    page = await portaal.get(browser, "/dossiers", status="verloren")

    assert page.status_code == 400
    assert '<a href="#veld-status">Kies een status uit de lijst.</a>' in page.text
    assert 'id="fout-status"' in page.text
    assert _dossiers(page) == []


async def test_a_later_page_continues_after_the_first(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    eerste = _dossiers(await portaal.get(browser, "/dossiers"))

    verder = await portaal.get(browser, "/dossiers", na=offset_cursor(2, soort="d"))
    vreemd = await portaal.get(browser, "/dossiers", na="geen-cursor")

    assert verder.status_code == 200
    assert _dossiers(verder) == eerste[2:]
    assert vreemd.status_code == 400
    assert "Deze pagina bestaat niet (meer)." in vreemd.text


async def test_the_dossiers_read_in_english(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    await portaal.get(browser, "/taal/en")

    page = await portaal.get(browser, "/dossiers")

    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "<h1>Files</h1>" in page.text
    assert "History of this file" in page.text
    assert "Show files with status" in page.text
    assert "Historiek van dit dossier" not in page.text


async def test_the_dossiers_need_a_chosen_association(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    await portaal.log_in(browser, JEF.insz)  # a publisher: represents no association

    page = await portaal.get(browser, "/dossiers")

    assert page.status_code == 303
    assert page.headers["location"].startswith("/kies?terug=/dossiers")


# --- a connected service that is down ----------------------------------------------------------


async def test_a_service_that_is_down_gets_a_notice_and_the_other_dossiers_still_show(
    portaal: Portaal, tmp_path: Path
) -> None:
    async with tweede_portaal(portaal, tmp_path) as (stack, browser):
        await stack.namens(browser, AN.insz, "V0001001")

        page = await stack.get(browser, "/dossiers")

    assert page.status_code == 200
    assert "De dienst kiosk antwoordt nu niet. Probeer het later opnieuw." in page.text
    assert 'class="bericht bericht-waarschuwing"' in page.text
    nummers = _dossiers(page)
    assert {"44021-0012", "23044-0012"} <= set(nummers)
    assert not [n for n in nummers if n.startswith("KIOSK")]


async def test_a_service_that_fails_after_answering_shows_its_last_answer_marked_out_of_date(
    portaal: Portaal, tmp_path: Path
) -> None:
    kiosk = Schakelaar()
    async with tweede_portaal(portaal, tmp_path, kiosk=kiosk) as (stack, browser):
        await stack.namens(browser, AN.insz, "V0001001")
        vers = await stack.get(browser, "/dossiers")
        kiosk.aan = False

        oud = await stack.get(browser, "/dossiers")

    assert "Misschien niet meer actueel" not in vers.text
    assert oud.status_code == 200
    assert "De dienst kiosk antwoordt nu niet. Probeer het later opnieuw." in oud.text
    assert _dossiers(oud) == _dossiers(vers)
    [kleedkamers] = [d for d in oud.text.split('<h3 lang="nl">') if "KIOSK-2025-0087" in d]
    assert "Misschien niet meer actueel: kiosk antwoordt nu niet." in kleedkamers
    [zaal] = [d for d in oud.text.split('<h3 lang="nl">') if "44021-0012" in d]
    assert "Misschien niet meer actueel" not in zaal


DOCUMENT_LINK = re.compile(
    r'<a href="(/verenigingen/V0001002/dossiers/kiosk/KIOSK-2024-0198/documenten/[^"]+)" download>'
)


async def test_a_decided_dossier_lists_its_documents_and_each_downloads_for_its_association_only(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, PIETER.insz, "V0001002")
    pagina = await portaal.get(browser, "/dossiers")
    links = DOCUMENT_LINK.findall(pagina.text)

    pdf = await portaal.get(browser, links[-1])
    async with httpx.AsyncClient(timeout=30) as an:
        await portaal.namens(an, AN.insz, "V0001001")
        other = await an.get(f"{portaal.hub}{links[-1]}", headers={"Accept": "text/html"})
    async with httpx.AsyncClient(timeout=30) as anonymous:
        nobody = await anonymous.get(f"{portaal.hub}{links[-1]}", headers={"Accept": "text/html"})

    assert "Beslissingsbrief" in pagina.text
    assert "Ontvangstbewijs van de aanvraag" in pagina.text
    assert [link.rsplit("/", 1)[1] for link in links] == ["ontvangstbewijs", "beslissingsbrief"]
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert other.status_code == 403
    assert "text/html" in other.headers["content-type"]
    assert nobody.status_code == 401
    assert "Dit lukt niet" in nobody.text
