"""The gemeente's own pages, where deep links from the V-loket land: a dossier, and a draft
aanvraag prefilled with what the V-loket shared. Both need a logged-in person with access."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from connectors.kiosk.sandbox.sessions import PagePerson
from connectors.municipality.contract import AANVRAAG_VELDEN, DIENSTEN
from connectors.municipality.dossiers import STATUS
from connectors.municipality.sandbox.config import GemeenteSandboxConfig
from connectors.municipality.sandbox.login import PagePersonDep
from connectors.municipality.sandbox.rendering import error_page, page
from connectors.municipality.sandbox.state import SandboxDep

router = APIRouter(include_in_schema=False)


@router.get("/dossiers/{nummer}")
async def dossier_page(nummer: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    config = sandbox.config
    dossier = sandbox.store.dossier(nummer)
    if person.insz is None or person.insz not in config.toegang.get(dossier.v_code, frozenset()):
        return _refused(
            config, person, "Je hebt bij de gemeente geen toegang tot de dossiers van deze vereniging."
        )
    status = STATUS[dossier.status].value.replace("_", " ")
    soort = DIENSTEN.get(dossier.dienst, dossier.dienst)
    return page(config, "dossier.html", person=person, dossier=dossier, status=status, soort=soort)


@router.get("/aanvragen/{aanvraag_id}")
async def aanvraag_page(aanvraag_id: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    aanvraag = sandbox.store.aanvraag(aanvraag_id)
    if aanvraag.sub != person.sub:
        return _refused(sandbox.config, person, "Deze aanvraag is door iemand anders begonnen.")
    velden = [
        (label, aanvraag.gegevens[key]) for key, label in AANVRAAG_VELDEN.items() if key in aanvraag.gegevens
    ]
    soort = DIENSTEN[aanvraag.dienst]
    return page(sandbox.config, "aanvraag.html", person=person, aanvraag=aanvraag, velden=velden, soort=soort)


def _refused(config: GemeenteSandboxConfig, person: PagePerson, bericht: str) -> HTMLResponse:
    return error_page(config, "Geen toegang", bericht, status_code=403, person=person)
