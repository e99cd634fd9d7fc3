"""What the connector reads from two gemeenten at once: a vereniging's dossiers at each, with
the gemeente in their dienst, and what each gemeente knows about it."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from connectors.municipality.connector import Gemeente
from connectors.municipality.dossiers import GemeenteDossier
from connectors.sdk import DossierStatus
from tests.connectors.browsing import follow, login_page_shown
from tests.connectors.hub_side import call_context
from tests.connectors.municipality.conftest import HUB, PIETER, GemeentenWorld
from tests.devidp.login_flow import log_in

TODAY = date.today()


async def test_each_gemeente_gives_its_own_dossiers_newest_first(
    gent: Gemeente, gent_token: str, liedekerke: Gemeente, liedekerke_token: str
) -> None:
    in_gent = await gent.dossiers(call_context(gent_token, v_code="V0001001"))
    in_liedekerke = await liedekerke.dossiers(call_context(liedekerke_token, v_code="V0001001"))

    assert [d.id for d in in_gent] == ["44021-0012", "44021-0009", "44021-0005"]
    assert [d.id for d in in_liedekerke] == ["23044-0012", "23044-0009", "23044-0005"]
    assert [d.dienst for d in in_liedekerke] == [
        "Gemeente Liedekerke – zaalreservatie",
        "Gemeente Liedekerke – evenementenvergunning",
        "Gemeente Liedekerke – materiaalreservatie",
    ]
    assert in_gent[0].dienst == "Gemeente Gent – zaalreservatie"
    assert [d.status for d in in_gent] == [
        DossierStatus.ACTIE_NODIG,
        DossierStatus.IN_BEHANDELING,
        DossierStatus.BESLIST,
    ]


async def test_a_zaalreservatie_says_what_to_do_by_when_and_who_follows_it_up(
    world: GemeentenWorld, liedekerke: Gemeente, liedekerke_token: str
) -> None:
    zaal = (await liedekerke.dossiers(call_context(liedekerke_token)))[0]

    assert zaal.actie_nodig == "Bezorg het attest brandverzekering."
    assert (zaal.uiterlijk, zaal.verwachte_beslissing) == (
        TODAY + timedelta(days=7),
        TODAY + timedelta(days=10),
    )
    assert zaal.contactpersoon == "An Janssens"
    assert zaal.link == f"{world.liedekerke.url}/dossiers/23044-0012"
    assert isinstance(zaal, GemeenteDossier)
    assert (zaal.soort, zaal.wanneer) == ("zaal", TODAY + timedelta(days=45))
    assert [stap.omschrijving for stap in zaal.historiek] == ["Reservatie aangevraagd", "Attest gevraagd"]


async def test_a_subsidie_of_another_vereniging(liedekerke: Gemeente, liedekerke_token: str) -> None:
    [subsidie] = await liedekerke.dossiers(call_context(liedekerke_token, v_code="V0001002"))

    assert subsidie.dienst == "Gemeente Liedekerke – subsidie"
    assert subsidie.status is DossierStatus.INGEDIEND


async def test_a_vereniging_unknown_to_the_gemeente_has_no_dossiers_and_no_facts(
    gent: Gemeente, gent_token: str
) -> None:
    context = call_context(gent_token, v_code="V0009999")

    assert await gent.dossiers(context) == []
    assert await gent.gekende_gegevens(context) == []


async def test_each_gemeente_tells_it_recognised_the_vereniging_as_its_own_bron(
    gent: Gemeente, gent_token: str, liedekerke: Gemeente, liedekerke_token: str
) -> None:
    van_gent = await gent.gekende_gegevens(call_context(gent_token))
    van_liedekerke = await liedekerke.gekende_gegevens(call_context(liedekerke_token))

    assert {(f.naam, f.waarde, f.bron, f.datum) for f in van_gent} == {
        ("erkendDoorDeGemeente", "ja", "Gemeente Gent", TODAY - timedelta(days=400)),
        ("adviesraad", "Sportraad Gent", "Gemeente Gent", TODAY - timedelta(days=300)),
    }
    assert {f.bron for f in van_liedekerke} == {"Gemeente Liedekerke"}
    assert {f.naam: f.waarde for f in van_liedekerke}["adviesraad"] == "Sportraad Liedekerke"


async def test_deep_link_opens_the_dossier_page_with_the_login_kept(
    world: GemeentenWorld, gent: Gemeente, gent_token: str, browser: httpx.AsyncClient
) -> None:
    dossier = (await gent.dossiers(call_context(gent_token)))[0]
    assert dossier.link is not None

    hops = await follow(browser, dossier.link)

    assert not login_page_shown(hops, world.issuer)
    page = hops[-1]
    assert (page.status_code, str(page.url)) == (200, dossier.link)
    assert "Gemeente Gent" in page.text
    assert "Aangemeld als An Janssens" in page.text
    assert "Bezorg het attest brandverzekering." in page.text


async def test_dossier_page_is_refused_to_someone_who_does_not_represent_the_vereniging(
    world: GemeentenWorld, other_browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    await log_in(other_browser, backend, world.issuer, HUB, insz=PIETER.insz)

    page = (await follow(other_browser, f"{world.liedekerke.url}/dossiers/23044-0012"))[-1]

    assert page.status_code == 403
    assert "Aangemeld als Pieter Maes" in page.text
    assert "brandverzekering" not in page.text
