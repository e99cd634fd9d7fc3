"""Dossiers: every dossier of the association at every connected service, filtered by status,
each with its history, expected decision, action needed, contact person and a link to open it
at its service. A service that does not answer gets a notice; the others still show."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from connectors.sdk import Document, DossierStatus
from hub.auth.principal import ensure_represents
from hub.documenten import document_pad
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
    # The documents asked at once with the dossiers (one call per service, not per dossier).
    documenten = asyncio.ensure_future(bezoek.portal.profile.documenten(persoon, vereniging))
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
        await _afgebroken(documenten)
        # Only the cursor can be wrong here: a link from an older page, or typed by hand.
        algemeen = bezoek.gettext("Deze pagina bestaat niet (meer). Begin opnieuw bij de eerste pagina.")
        return _geweigerd(bezoek, gekozen, {}, algemeen)
    except BaseException:
        await _afgebroken(documenten)
        raise
    gevonden, document_failures = await documenten
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: dossiers")
    volgende = None
    if pagina.volgende:
        volgende = "/dossiers?" + urlencode(
            {k: v for k, v in (("status", gekozen), ("na", pagina.volgende)) if v}
        )
    per_dossier: dict[tuple[str, str], list[tuple[Document, str]]] = {}
    for bron, document in gevonden:
        pad = document_pad(vereniging.v_code, bron, document.dossier_id, document.id)
        per_dossier.setdefault((bron, document.dossier_id), []).append((document, pad))
    gemeld = {f.service for f in failures}
    return bezoek.render(
        "pagina/dossiers.html",
        status=gekozen,
        statussen=STATUSSEN,
        fouten={},
        algemeen="",
        documenten=per_dossier,
        items=pagina.items,
        totaal=pagina.totaal,
        eerste_pagina=not na,
        volgende=volgende,
        # A service that fails both questions is told of once.
        storingen=bezoek.storingen([*failures, *(f for f in document_failures if f.service not in gemeld)]),
    )


async def _afgebroken(task: asyncio.Future[Any]) -> None:
    """Stop a question no longer needed, and wait until it has (nothing left running alone)."""
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def _geweigerd(bezoek: Bezoek, gekozen: str, fouten: dict[str, str], algemeen: str = "") -> Response:
    """The page without dossiers, for a filter or page that could not be read."""
    return bezoek.render(
        "pagina/dossiers.html",
        status_code=400,
        status=gekozen,
        statussen=STATUSSEN,
        fouten=fouten,
        algemeen=algemeen,
        documenten={},
        items=None,
        totaal=0,
        eerste_pagina=True,
        volgende=None,
        storingen=[],
    )
