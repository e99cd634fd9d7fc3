"""Starting an aanvraag at KIOSK from the V-loket: prefilled with only what its form asks, and a
link that opens the draft in the person's browser without a second login."""

from __future__ import annotations

import httpx
import pytest
from markupsafe import escape

from connectors.kiosk.connector import Kiosk
from connectors.sdk import NotFound
from tests.connectors.browsing import follow, login_page_shown
from tests.connectors.hub_side import call_context
from tests.connectors.kiosk.conftest import HUB, PIETER, KioskWorld
from tests.devidp.login_flow import log_in

GEGEVENS = {
    "naam": "FWA De vrolijke BA's",
    "rekeningnummer": "BE68 5390 0754 7034",
    "email": "an.janssens@vrolijkebas.be",
    "telefoon": "  ",
    "insz": "71032512357",
    "hoofdactiviteiten": "SPRT",
}


async def test_only_the_fields_of_kiosks_form_are_shared(kiosk: Kiosk, kiosk_token: str) -> None:
    resultaat = await kiosk.start_aanvraag(call_context(kiosk_token), "sportkampen", GEGEVENS)

    assert sorted(resultaat.gedeelde_gegevens) == ["email", "naam", "rekeningnummer"]


async def test_the_link_opens_the_prefilled_draft_in_the_same_browser_without_a_login_page(
    world: KioskWorld, kiosk: Kiosk, kiosk_token: str, browser: httpx.AsyncClient
) -> None:
    resultaat = await kiosk.start_aanvraag(call_context(kiosk_token), "sportkampen", GEGEVENS)
    assert resultaat.link.startswith(f"{world.sandbox}/aanvragen/")

    hops = await follow(browser, resultaat.link)

    assert [hop.url.path for hop in hops][1:3] == ["/authorize", "/callback"]
    assert not login_page_shown(hops, world.issuer)
    page = hops[-1]
    assert (page.status_code, str(page.url)) == (200, resultaat.link)
    assert "Aangemeld als An Janssens" in page.text
    assert "Subsidie sportkampen" in page.text
    for shared in ("FWA De vrolijke BA's", "BE68 5390 0754 7034", "an.janssens@vrolijkebas.be"):
        assert str(escape(shared)) in page.text
    assert "71032512357" not in page.text


async def test_a_browser_without_a_session_at_the_idp_is_asked_to_log_in(
    world: KioskWorld, kiosk: Kiosk, kiosk_token: str, other_browser: httpx.AsyncClient
) -> None:
    resultaat = await kiosk.start_aanvraag(call_context(kiosk_token), "sportkampen", GEGEVENS)

    hops = await follow(other_browser, resultaat.link)

    assert login_page_shown(hops, world.issuer)
    assert "FWA" not in hops[-1].text


async def test_the_draft_is_refused_to_another_person(
    world: KioskWorld,
    kiosk: Kiosk,
    kiosk_token: str,
    other_browser: httpx.AsyncClient,
    backend: httpx.AsyncClient,
) -> None:
    resultaat = await kiosk.start_aanvraag(call_context(kiosk_token), "sportkampen", GEGEVENS)
    await log_in(other_browser, backend, world.issuer, HUB, insz=PIETER.insz)

    page = (await follow(other_browser, resultaat.link))[-1]

    assert page.status_code == 403
    assert "BE68 5390 0754 7034" not in page.text


async def test_a_regeling_kiosk_does_not_know_is_not_found(kiosk: Kiosk, kiosk_token: str) -> None:
    with pytest.raises(NotFound, match="zwemmen"):
        await kiosk.start_aanvraag(call_context(kiosk_token), "zwemmen", GEGEVENS)
