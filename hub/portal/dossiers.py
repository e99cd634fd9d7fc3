"""Dossiers: every dossier of the association at every connected service, filtered by status,
each with its history, expected decision, action needed, contact person and a link to open it
at its service. A service that does not answer gets a notice; the others still show."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from connectors.sdk import DossierStatus
from hub.auth.principal import ensure_represents
from hub.portal.algemeen import BezoekDep
from hub.portal.web import Bezoek
from registry.errors import ValidationFailed
from registry.toegangslog.service import Handeling

router = APIRouter(include_in_schema=False)

PAGINA = 20
STATUSSEN = tuple(s.value for s in DossierStatus)


@router.get("/dossiers", response_class=HTMLResponse)
async def dossiers(bezoek: BezoekDep, status: str = "", na: str = "") -> Response:
    vereniging = await bezoek.vereniging()
    persoon = ensure_represents(bezoek.aangemeld(), vereniging)
    gekozen = status.strip()
    if gekozen and gekozen not in STATUSSEN:
        fouten = {"status": bezoek.gettext("Kies een status uit de lijst.")}
        return _geweigerd(bezoek, gekozen, fouten)
    try:
        pagina, failures = await bezoek.portal.profile.dossiers(
            persoon,
            vereniging,
            statussen=[gekozen] if gekozen else None,
            first=PAGINA,
            after=na or None,
            max_page_size=PAGINA,
        )
    except ValidationFailed:
        # Only the cursor can be wrong here: a link from an older page, or typed by hand.
        algemeen = bezoek.gettext("Deze pagina bestaat niet (meer). Begin opnieuw bij de eerste pagina.")
        return _geweigerd(bezoek, gekozen, {}, algemeen)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: dossiers")
    volgende = None
    if pagina.volgende:
        volgende = "/dossiers?" + urlencode(
            {k: v for k, v in (("status", gekozen), ("na", pagina.volgende)) if v}
        )
    return bezoek.render(
        "pagina/dossiers.html",
        status=gekozen,
        statussen=STATUSSEN,
        fouten={},
        algemeen="",
        items=pagina.items,
        totaal=pagina.totaal,
        eerste_pagina=not na,
        volgende=volgende,
        storingen=bezoek.storingen(failures),
    )


def _geweigerd(bezoek: Bezoek, gekozen: str, fouten: dict[str, str], algemeen: str = "") -> Response:
    """The page without dossiers, for a filter or page that could not be read."""
    return bezoek.render(
        "pagina/dossiers.html",
        status_code=400,
        status=gekozen,
        statussen=STATUSSEN,
        fouten=fouten,
        algemeen=algemeen,
        items=None,
        totaal=0,
        eerste_pagina=True,
        volgende=None,
        storingen=[],
    )
