"""The publishers' pages ("Ons aanbod beheren"): a municipal or agency editor lists, writes,
previews, publishes and archives the offerings of the administrations their role names.

Publishers usually represent no association, so these pages ask only for a login. Who may act
for which administration is the register of offerings' own rule (`registry.offerings.publishers`
turns the login's roles into the `Uitgever` the register checks), exactly as the GraphQL
mutations do; a refusal is the register's message, shown as a page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.graphql.aanbod_inputs import DienstInput
from hub.portal.beheer_formulier import (
    Invoer,
    besturen_van,
)
from hub.portal.beheer_weergave import formulier_voor, fouten_per_veld
from hub.portal.i18n import N_
from hub.portal.invoer import getal
from hub.portal.web import Bezoek, PortalRefusal, bezoek
from hub.portal.woorden import ACTIVITEITEN, TYPES, VERENIGINGSTYPES
from registry.associations.codes import naam_van_werkingsgebied
from registry.errors import NotFound, ValidationFailed
from registry.offerings import rules
from registry.offerings.bereik import bereik
from registry.offerings.gebieden import OVERAL, toepassingsgebieden
from registry.offerings.model import Bestuur, Dienst, DienstInhoud, Dienststatus
from registry.offerings.publishers import uitgever
from registry.offerings.repository import DienstVersieConflict
from registry.offerings.service import Uitgever

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
PER_PAGINA = 50

router = APIRouter(include_in_schema=False)

STATUSSEN: dict[str, str] = {
    Dienststatus.DRAFT: N_("Ontwerp"),
    Dienststatus.GEPUBLICEERD: N_("Gepubliceerd"),
    Dienststatus.GEARCHIVEERD: N_("Gearchiveerd"),
}
GEBEURTENISSEN: dict[str, str] = {
    "DienstWerdAangemaakt": N_("Aangemaakt"),
    "DienstWerdGeimporteerd": N_("Ingelezen uit een catalogus"),
    "DienstWerdGewijzigd": N_("Gewijzigd"),
    "DienstWerdGepubliceerd": N_("Gepubliceerd"),
    "DienstWerdGearchiveerd": N_("Gearchiveerd"),
}
GELUKT: dict[str, str] = {
    "aangemaakt": N_("Het aanbod is bewaard als ontwerp. Verenigingen zien het pas als u het publiceert."),
    "gewijzigd": N_("Uw wijzigingen zijn bewaard als ontwerp. Verenigingen zien ze pas als u publiceert."),
    "ongewijzigd": N_("Er was niets gewijzigd, dus er is niets bewaard."),
    "gepubliceerd": N_("Het aanbod is gepubliceerd. Verenigingen vinden het nu in het V-loket."),
    "gearchiveerd": N_("Het aanbod is gearchiveerd. Verenigingen vinden het niet meer."),
}


def ingelogde_uitgever(bezoek: Bezoek) -> Uitgever:
    """The logged-in publisher, as the register of offerings knows them; a 403 page for
    someone whose login carries no publisher role."""
    publisher = uitgever(bezoek.aangemeld())
    if not publisher.besturen:
        raise PortalRefusal(
            bezoek.gettext("Geen toegang tot aanbod beheren"),
            bezoek.gettext(
                "Om aanbod te beheren hebt u de rol aanbodbeheerder nodig voor uw gemeente, provincie "
                "of agentschap. Vraag die rol aan de toegangsbeheerder van uw organisatie."
            ),
            status_code=403,
        )
    return publisher


# --- the list ------------------------------------------------------------------------------


@router.get("/beheer/aanbod", response_class=HTMLResponse)
async def lijst(bezoek: BezoekDep, status: str = "", tot: str = "") -> Response:
    publisher = ingelogde_uitgever(bezoek)
    eigen = await bezoek.portal.diensten.van_uitgever(uitgever=publisher)
    gekozen = status if status in STATUSSEN else ""
    gefilterd = sorted(
        (d for d in eigen if not gekozen or d.status == gekozen),
        key=lambda d: d.gewijzigd_op,
        reverse=True,
    )
    getoond = max(PER_PAGINA, _getal(tot))
    meer = f"/beheer/aanbod?status={gekozen}&tot={getoond + PER_PAGINA}" if len(gefilterd) > getoond else None
    return bezoek.render(
        "pagina/beheer_lijst.html",
        diensten=gefilterd[:getoond],
        aantal=len(gefilterd),
        aantallen=Counter(d.status.value for d in eigen),
        status=gekozen,
        meer=meer,
        besturen=besturen_van(publisher.besturen or (), eigen),
        statussen=STATUSSEN,
        types=TYPES,
    )


# --- writing a new one ---------------------------------------------------------------------


@router.get("/beheer/aanbod/nieuw", response_class=HTMLResponse)
async def nieuw(bezoek: BezoekDep) -> Response:
    publisher = ingelogde_uitgever(bezoek)
    besturen = await _besturen(bezoek, publisher)
    return _nieuw(bezoek, besturen, Invoer.nieuw(besturen))


@router.post("/beheer/aanbod/nieuw", response_class=HTMLResponse)
async def maak(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    publisher = ingelogde_uitgever(bezoek)
    besturen = await _besturen(bezoek, publisher)
    invoer = Invoer.uit_formulier(form)
    try:
        inhoud = _te_bewaren(invoer, invoer.input(besturen))
        if inhoud is not None:
            dienst = await bezoek.portal.diensten.maak(inhoud, uitgever=publisher)
            return bezoek.redirect(f"/beheer/aanbod/{dienst.id}?gelukt=aangemaakt")
    except ValidationFailed as refused:
        return _nieuw(bezoek, besturen, invoer, refused=refused)
    return _nieuw(bezoek, besturen, invoer, refused=None)


def _nieuw(
    bezoek: Bezoek, besturen: list[Bestuur], invoer: Invoer, *, refused: ValidationFailed | None = None
) -> Response:
    fouten, algemeen = fouten_per_veld(bezoek, invoer, refused)
    return bezoek.render(
        "pagina/beheer_nieuw.html",
        status_code=400 if fouten or algemeen else 200,
        formulier=formulier_voor(bezoek, besturen, invoer),
        fouten=fouten,
        algemeen=algemeen,
    )


# --- one offering: detail, editing, history ------------------------------------------------


@router.get("/beheer/aanbod/{dienst_id}", response_class=HTMLResponse)
async def detail(bezoek: BezoekDep, dienst_id: str, gelukt: str = "") -> Response:
    publisher = ingelogde_uitgever(bezoek)
    dienst = await bezoek.portal.diensten.get_voor_uitgever(dienst_id, uitgever=publisher)
    return await _detail(bezoek, publisher, dienst, Invoer.van(dienst.inhoud), gelukt=GELUKT.get(gelukt))


@router.post("/beheer/aanbod/{dienst_id}", response_class=HTMLResponse)
async def wijzig(bezoek: BezoekDep, dienst_id: str) -> Response:
    form = await bezoek.formulier()
    publisher = ingelogde_uitgever(bezoek)
    diensten = bezoek.portal.diensten
    dienst = await diensten.get_voor_uitgever(dienst_id, uitgever=publisher)
    besturen = await _besturen(bezoek, publisher)
    invoer = Invoer.uit_formulier(form)
    versie = _getal(form.get("versie"))
    try:
        inhoud = _te_bewaren(invoer, invoer.input(besturen, huidig=dienst.inhoud))
        if inhoud is not None:
            gewijzigd = await diensten.wijzig(dienst_id, inhoud, versie=versie, uitgever=publisher)
            uitkomst = "ongewijzigd" if gewijzigd.versie == versie else "gewijzigd"
            return bezoek.redirect(f"/beheer/aanbod/{dienst_id}?gelukt={uitkomst}")
    except ValidationFailed as refused:
        return await _detail(bezoek, publisher, dienst, invoer, refused=refused, versie=versie)
    except DienstVersieConflict as conflict:
        # The person's input stays; the form now carries the current version, so saving again
        # (after reading what changed) goes through.
        nu = await diensten.get_voor_uitgever(dienst_id, uitgever=publisher)
        return await _detail(bezoek, publisher, nu, invoer, conflict=bezoek.fout(conflict), versie=nu.versie)
    return await _detail(bezoek, publisher, dienst, invoer, versie=versie)


async def _detail(
    bezoek: Bezoek,
    publisher: Uitgever,
    dienst: Dienst,
    invoer: Invoer,
    *,
    refused: ValidationFailed | None = None,
    conflict: str = "",
    versie: int | None = None,
    gelukt: str | None = None,
) -> Response:
    diensten = bezoek.portal.diensten
    besturen = await _besturen(bezoek, publisher)
    historiek = await diensten.historiek(dienst.id, uitgever=publisher)
    fouten, algemeen = fouten_per_veld(bezoek, invoer, refused)
    return bezoek.render(
        "pagina/beheer_detail.html",
        status_code=409 if conflict else 400 if fouten or algemeen else 200,
        dienst=dienst,
        publiek=await _publieke_versie(bezoek, dienst),
        historiek=list(reversed(historiek)),
        mij=publisher.door,
        versie=dienst.versie if versie is None else versie,
        formulier=formulier_voor(bezoek, besturen, invoer),
        fouten=fouten,
        algemeen=conflict or algemeen,
        gelukt=gelukt,
        statussen=STATUSSEN,
        gebeurtenissen=GEBEURTENISSEN,
        types=TYPES,
    )


async def _publieke_versie(bezoek: Bezoek, dienst: Dienst) -> Dienst | None:
    """The version the public sees while a newer draft waits, if any."""
    if dienst.status is not Dienststatus.DRAFT:
        return None
    try:
        return await bezoek.portal.diensten.get(dienst.id)
    except NotFound:
        return None


# --- who it reaches ------------------------------------------------------------------------


@dataclass(frozen=True)
class Doelpubliek:
    """The offering's criteria as a publisher reads them (names still to be translated)."""

    types: list[str]
    activiteiten: list[str]
    gebieden: list[str]
    """Place names; empty means all of Flanders."""
    leeftijd: tuple[int, int] | None


@router.get("/beheer/aanbod/{dienst_id}/bereik", response_class=HTMLResponse)
async def voor_wie(bezoek: BezoekDep, dienst_id: str) -> Response:
    publisher = ingelogde_uitgever(bezoek)
    dienst = await bezoek.portal.diensten.get_voor_uitgever(dienst_id, uitgever=publisher)
    gevonden = await bereik(dienst, bezoek.portal.register.alle())
    criteria = dienst.inhoud.criteria
    doelgroep = criteria.doelgroep
    leeftijd = None if doelgroep is None else (doelgroep.minimumleeftijd, doelgroep.maximumleeftijd)
    return bezoek.render(
        "pagina/beheer_bereik.html",
        dienst=dienst,
        bereik=gevonden,
        doelpubliek=Doelpubliek(
            types=[VERENIGINGSTYPES[t.value] for t in criteria.verenigingstypes],
            activiteiten=[ACTIVITEITEN.get(code, code) for code in criteria.hoofdactiviteiten],
            gebieden=[
                naam_van_werkingsgebied(code) for code in toepassingsgebieden(dienst.inhoud) if code != OVERAL
            ],
            leeftijd=None if leeftijd == (0, 150) else leeftijd,
        ),
        statussen=STATUSSEN,
    )


# --- publishing and archiving --------------------------------------------------------------


@router.post("/beheer/aanbod/{dienst_id}/publiceren")
async def publiceer(bezoek: BezoekDep, dienst_id: str) -> Response:
    await bezoek.formulier()
    publisher = ingelogde_uitgever(bezoek)
    await bezoek.portal.diensten.publiceer(dienst_id, uitgever=publisher)
    return bezoek.redirect(f"/beheer/aanbod/{dienst_id}?gelukt=gepubliceerd")


@router.post("/beheer/aanbod/{dienst_id}/archiveren")
async def archiveer(bezoek: BezoekDep, dienst_id: str) -> Response:
    """Without `bevestigd`, first the question whether to archive it; then archived."""
    form = await bezoek.formulier()
    publisher = ingelogde_uitgever(bezoek)
    diensten = bezoek.portal.diensten
    if form.get("bevestigd") != "ja":
        dienst = await diensten.get_voor_uitgever(dienst_id, uitgever=publisher)
        return bezoek.render("pagina/beheer_archiveren.html", dienst=dienst)
    await diensten.archiveer(dienst_id, uitgever=publisher)
    return bezoek.redirect(f"/beheer/aanbod/{dienst_id}?gelukt=gearchiveerd")


# --- what the pages share ------------------------------------------------------------------


def _te_bewaren(invoer: Invoer, verzoek: DienstInput) -> DienstInhoud | None:
    """The content to store, as the GraphQL input gives it. None while some field cannot even be
    read (a date, an age): the register's rules then still check the rest, so the editor sees
    every problem at once; `ValidationFailed` when they find any."""
    inhoud = verzoek.inhoud()
    if not invoer.ongeldig:
        return inhoud
    rules.gecontroleerd(inhoud)
    return None


async def _besturen(bezoek: Bezoek, publisher: Uitgever) -> list[Bestuur]:
    eigen = await bezoek.portal.diensten.van_uitgever(uitgever=publisher)
    return besturen_van(publisher.besturen or (), eigen)


def _getal(waarde: object) -> int:
    return getal(waarde) or 0
