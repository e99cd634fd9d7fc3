"""What the connector reads from KIOSK: an association's dossiers and the facts they hold."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from connectors.kiosk.connector import Kiosk
from connectors.kiosk.dossiers import KioskDossier
from connectors.sdk import DossierStatus
from tests.connectors.browsing import follow, login_page_shown
from tests.connectors.hub_side import call_context
from tests.connectors.kiosk.conftest import HUB, PIETER, KioskWorld
from tests.devidp.login_flow import log_in


async def test_dossiers_of_an_association_carry_status_action_contact_and_rekeningnummer(
    kiosk: Kiosk, kiosk_token: str
) -> None:
    dossiers = await kiosk.dossiers(call_context(kiosk_token, v_code="V0001001"))

    assert [d.id for d in dossiers] == ["KIOSK-2025-0101", "KIOSK-2025-0087", "KIOSK-2024-0342"]
    assert [d.status for d in dossiers] == [
        DossierStatus.INGEDIEND,
        DossierStatus.ACTIE_NODIG,
        DossierStatus.IN_BEHANDELING,
    ]
    actie = dossiers[1]
    assert actie.actie_nodig == "Bezorg de offerte van de aannemer voor de nieuwe kleedkamers."
    assert actie.uiterlijk == date.today() + timedelta(days=14)
    assert actie.verwachte_beslissing == date.today() + timedelta(days=60)
    assert actie.contactpersoon == "Lotte Claes"
    assert isinstance(actie, KioskDossier)
    assert (actie.email, actie.rekeningnummer) == ("penningmeester@vrolijkebas.be", "BE71 0961 2345 6769")
    assert [e.omschrijving for e in actie.historiek][-1] == "Offerte gevraagd"
    assert [d.adviesfase for d in dossiers if isinstance(d, KioskDossier)] == [False, False, True]


async def test_decided_dossiers_show_as_beslist(kiosk: Kiosk, kiosk_token: str) -> None:
    dossiers = await kiosk.dossiers(call_context(kiosk_token, v_code="V0001002"))

    assert {d.id: d.status for d in dossiers} == {
        "KIOSK-2025-0044": DossierStatus.IN_BEHANDELING,
        "KIOSK-2024-0198": DossierStatus.BESLIST,
    }


async def test_an_association_without_kiosk_dossiers_has_none_and_kiosk_knows_nothing_of_it(
    kiosk: Kiosk, kiosk_token: str
) -> None:
    context = call_context(kiosk_token, v_code="V0009999")

    assert await kiosk.dossiers(context) == []
    assert await kiosk.gekende_gegevens(context) == []


async def test_gekende_gegevens_come_from_the_latest_dossier_with_kiosk_as_bron(
    kiosk: Kiosk, kiosk_token: str
) -> None:
    feiten = await kiosk.gekende_gegevens(call_context(kiosk_token, v_code="V0001001"))

    assert {f.naam: f.waarde for f in feiten} == {
        "rekeningnummer": "BE68 5390 0754 7034",
        "email": "an.janssens@vrolijkebas.be",
        "contactpersoon": "An Janssens",
    }
    assert {(f.bron, f.datum) for f in feiten} == {("KIOSK", date.today() - timedelta(days=5))}


async def test_deep_link_opens_the_dossier_page_with_the_login_kept(
    world: KioskWorld, kiosk: Kiosk, kiosk_token: str, browser: httpx.AsyncClient
) -> None:
    dossier = (await kiosk.dossiers(call_context(kiosk_token)))[1]
    assert dossier.link == f"{world.sandbox}/dossiers/KIOSK-2025-0087"

    hops = await follow(browser, dossier.link)

    assert not login_page_shown(hops, world.issuer)
    page = hops[-1]
    assert (page.status_code, str(page.url)) == (200, dossier.link)
    assert "Aangemeld als An Janssens" in page.text
    assert "Bezorg de offerte van de aannemer" in page.text
    assert "BE71 0961 2345 6769" in page.text


async def test_dossier_page_is_refused_to_someone_who_does_not_represent_the_association(
    world: KioskWorld, other_browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    await log_in(other_browser, backend, world.issuer, HUB, insz=PIETER.insz)

    page = (await follow(other_browser, f"{world.sandbox}/dossiers/KIOSK-2025-0087"))[-1]

    assert page.status_code == 403
    assert "Aangemeld als Pieter Maes" in page.text
    assert "BE71 0961 2345 6769" not in page.text
