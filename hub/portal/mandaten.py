"""Portal page "Mandaten": a representative gives a person a mandate for the association (by
INSZ; view only or manage; through an end date), sees every mandate given, and withdraws one.
The same service and the same rule as the API (`ensure_may_grant`): only who represents the
association in their own right, never through a mandate; everything in the access log."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.auth.principal import Principal, ensure_may_grant
from hub.graphql.mandaten_api import beschrijving
from hub.portal.i18n import N_
from hub.portal.invoer import getal
from hub.portal.web import Bezoek, PortalRefusal, bezoek
from registry.associations.model import Vereniging
from registry.errors import NotFound, ValidationFailed
from registry.mandaten import MandaatInvoer, Mandaten, Reikwijdte
from registry.mandaten.service import MAX_DUUR, MAX_NAAM
from registry.toegangslog.service import Handeling

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
VELDEN = ("insz", "naam", "reikwijdte", "einddatum")
DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
GEEN_DATUM = N_("Schrijf de einddatum als jjjj-mm-dd, bijvoorbeeld 2027-12-31.")
GELUKT = {
    "verleend": N_(
        "Het mandaat is gegeven. Het geldt zodra die persoon zich (opnieuw) aanmeldt of een pagina opent."
    ),
    "ingetrokken": N_(
        "Het mandaat is ingetrokken. Die persoon kan vanaf nu niet meer namens de vereniging handelen."
    ),
}

REIKWIJDTES = {
    Reikwijdte.BEKIJKEN: N_("Alleen bekijken"),
    Reikwijdte.BEHEREN: N_("Bekijken en beheren"),
}

router = APIRouter(include_in_schema=False)


def _mandaten(bezoek: Bezoek) -> Mandaten:
    if bezoek.portal.mandaten is None:
        raise PortalRefusal(
            bezoek.gettext("Geen mandaten"),
            bezoek.gettext("Dit loket geeft geen mandaten."),
            status_code=404,
        )
    return bezoek.portal.mandaten


async def _beheerd(bezoek: Bezoek) -> tuple[Vereniging, Principal, Mandaten]:
    vereniging = await bezoek.vereniging()
    return vereniging, ensure_may_grant(bezoek.persoon, vereniging), _mandaten(bezoek)


@router.get("/mandaten", response_class=HTMLResponse)
async def mandaten(bezoek: BezoekDep, gelukt: str = "") -> Response:
    vereniging, _, service = await _beheerd(bezoek)
    return await _pagina(bezoek, vereniging, service, gelukt=GELUKT.get(gelukt, ""))


async def _pagina(
    bezoek: Bezoek,
    vereniging: Vereniging,
    service: Mandaten,
    *,
    gelukt: str = "",
    fouten: dict[str, str] | None = None,
    waarden: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    lijst = await service.van(vereniging.v_code)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: mandaten")
    vandaag = service.today()
    return bezoek.render(
        "pagina/mandaten.html",
        status_code=status_code,
        vereniging=vereniging,
        geldig=[m for m in lijst if m.geldig(vandaag)],
        voorbij=[m for m in lijst if not m.geldig(vandaag)],
        vandaag=vandaag,
        laatste_dag=vandaag + MAX_DUUR,
        max_naam=MAX_NAAM,
        reikwijdtes={r.value: bezoek.gettext(tekst) for r, tekst in REIKWIJDTES.items()},
        gelukt=bezoek.gettext(gelukt) if gelukt else "",
        fouten=fouten or {},
        waarden=waarden or {"insz": "", "naam": "", "reikwijdte": "", "einddatum": ""},
    )


@router.post("/mandaten", response_class=HTMLResponse)
async def verlenen(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    vereniging, persoon, service = await _beheerd(bezoek)
    waarden = {naam: str(form.get(naam) or "")[:200] for naam in VELDEN}
    einddatum = _datum(waarden["einddatum"])
    onleesbaar = einddatum is None and bool(waarden["einddatum"].strip())
    invoer = MandaatInvoer(
        insz=waarden["insz"],
        reikwijdte=waarden["reikwijdte"],
        # A date the browser did not send as one: the other fields are still checked.
        einddatum=service.today() if onleesbaar else einddatum,
        naam=waarden["naam"],
    )
    fouten = {"einddatum": bezoek.gettext(GEEN_DATUM)} if onleesbaar else {}
    try:
        if onleesbaar:
            service.check(invoer, eigen_insz=persoon.insz)
        else:
            verleend = await service.verleen(
                vereniging.v_code,
                invoer,
                door=persoon.actor().door,
                door_naam=persoon.volledige_naam,
                eigen_insz=persoon.insz,
            )
    except ValidationFailed as refused:
        fouten = {**bezoek.veldfouten(refused), **fouten}
    if fouten:
        return await _pagina(bezoek, vereniging, service, fouten=fouten, waarden=waarden, status_code=400)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, f"portaal: {beschrijving(verleend, 'verleend')}")
    return bezoek.redirect("/mandaten?gelukt=verleend")


@router.post("/mandaten/{nummer}/intrekken", response_class=HTMLResponse)
async def intrekken(bezoek: BezoekDep, nummer: str) -> Response:
    await bezoek.formulier()
    vereniging, persoon, service = await _beheerd(bezoek)
    mandaat_id = getal(nummer)
    try:
        if mandaat_id is None:
            raise NotFound("mandaat", nummer[:20])
        ingetrokken, nu = await service.trek_in(
            vereniging.v_code, mandaat_id, door=persoon.actor().door, door_naam=persoon.volledige_naam
        )
    except NotFound:
        raise PortalRefusal(
            bezoek.gettext("Dit mandaat vinden we niet"),
            bezoek.gettext(
                "Dit mandaat bestaat niet of hoort bij een andere vereniging. Open Mandaten via het menu."
            ),
            status_code=404,
        ) from None
    if nu:  # (a form sent twice withdraws once)
        wat = f"portaal: {beschrijving(ingetrokken, 'ingetrokken')}"
        await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, wat)
    return bezoek.redirect("/mandaten?gelukt=ingetrokken")


def _datum(waarde: str) -> date | None:
    """A date as a browser's date field sends it (2027-12-31, ASCII digits), or None."""
    if not DATUM.fullmatch(waarde.strip()):
        return None
    try:
        return date.fromisoformat(waarde.strip())
    except ValueError:
        return None
