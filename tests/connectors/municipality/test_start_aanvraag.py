"""Starting an aanvraag at a gemeente from the V-loket: a zaal, materiaal, evenement or subsidie,
prefilled with only what that form asks, and a link that opens the draft in the person's browser
without a second login."""

from __future__ import annotations

import httpx
import pytest
from markupsafe import escape

from connectors.municipality.connector import Gemeente
from connectors.sdk import NotFound
from tests.connectors.browsing import follow, login_page_shown
from tests.connectors.hub_side import call_context
from tests.connectors.municipality.conftest import GemeentenWorld

GEGEVENS = {
    "naam": "FWA De vrolijke BA's",
    "rekeningnummer": "BE68 5390 0754 7034",
    "email": "an.janssens@vrolijkebas.be",
    "telefoon": "  ",
    "insz": "71032512357",
}


@pytest.mark.parametrize(
    ("dienst", "gedeeld"),
    [
        ("zaal", ["email", "naam"]),
        ("materiaal", ["email", "naam"]),
        ("evenement", ["email", "naam"]),
        ("subsidie", ["email", "naam", "rekeningnummer"]),
    ],
)
async def test_only_the_fields_of_the_diensts_form_are_shared(
    liedekerke: Gemeente, liedekerke_token: str, dienst: str, gedeeld: list[str]
) -> None:
    resultaat = await liedekerke.start_aanvraag(call_context(liedekerke_token), dienst, GEGEVENS)

    assert sorted(resultaat.gedeelde_gegevens) == gedeeld


async def test_the_link_opens_the_prefilled_draft_in_the_same_browser_without_a_login_page(
    world: GemeentenWorld, liedekerke: Gemeente, liedekerke_token: str, browser: httpx.AsyncClient
) -> None:
    resultaat = await liedekerke.start_aanvraag(call_context(liedekerke_token), "zaal", GEGEVENS)
    assert resultaat.link.startswith(f"{world.liedekerke.url}/aanvragen/")

    hops = await follow(browser, resultaat.link)

    assert [hop.url.path for hop in hops][1:3] == ["/authorize", "/callback"]
    assert not login_page_shown(hops, world.issuer)
    page = hops[-1]
    assert (page.status_code, str(page.url)) == (200, resultaat.link)
    assert "Gemeente Liedekerke" in page.text
    assert "Aangemeld als An Janssens" in page.text
    assert "Nieuwe aanvraag: zaalreservatie" in page.text
    assert str(escape("FWA De vrolijke BA's")) in page.text
    assert "BE68 5390 0754 7034" not in page.text
    assert "71032512357" not in page.text


async def test_drafts_at_both_gemeenten_open_in_one_browser_with_one_login(
    world: GemeentenWorld,
    gent: Gemeente,
    gent_token: str,
    liedekerke: Gemeente,
    liedekerke_token: str,
    browser: httpx.AsyncClient,
) -> None:
    in_gent = await gent.start_aanvraag(call_context(gent_token), "evenement", GEGEVENS)
    in_liedekerke = await liedekerke.start_aanvraag(call_context(liedekerke_token), "subsidie", GEGEVENS)

    for link in (in_gent.link, in_liedekerke.link, in_gent.link):
        hops = await follow(browser, link)
        assert not login_page_shown(hops, world.issuer)
        assert (hops[-1].status_code, str(hops[-1].url)) == (200, link)

    assert len(await follow(browser, in_gent.link)) == 1, "Gent's session survived Liedekerke's login"


async def test_a_browser_without_a_session_at_the_idp_is_asked_to_log_in(
    world: GemeentenWorld, gent: Gemeente, gent_token: str, other_browser: httpx.AsyncClient
) -> None:
    resultaat = await gent.start_aanvraag(call_context(gent_token), "materiaal", GEGEVENS)

    hops = await follow(other_browser, resultaat.link)

    assert login_page_shown(hops, world.issuer)
    assert "FWA" not in hops[-1].text


async def test_a_dienst_the_gemeente_does_not_offer_is_not_found(gent: Gemeente, gent_token: str) -> None:
    with pytest.raises(NotFound, match="parkeerkaart"):
        await gent.start_aanvraag(call_context(gent_token), "parkeerkaart", GEGEVENS)
