"""The gemeente's own pages, where deep links from the V-loket land: a dossier, and a draft
aanvraag prefilled with what the V-loket shared. Both need a logged-in person with access."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from connectors.municipality.contract import AANVRAAG_VELDEN, DIENSTEN
from connectors.municipality.dossiers import STATUS
from demo.sandboxes.login import PagePersonDep
from demo.sandboxes.municipality.state import GemeenteSandbox, SandboxDep
from demo.sandboxes.sessions import PagePerson

router = APIRouter(include_in_schema=False)


@router.get("/dossiers/{nummer}")
async def dossier_page(nummer: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    dossier = sandbox.store.dossier(nummer)
    if person.insz is None or person.insz not in sandbox.config.toegang.get(dossier.v_code, frozenset()):
        return _refused(
            sandbox, person, "Je hebt bij de gemeente geen toegang tot de dossiers van deze vereniging."
        )
    status = STATUS[dossier.status].value.replace("_", " ")
    soort = DIENSTEN.get(dossier.dienst, dossier.dienst)
    contact = sandbox.contacten.van(dossier.v_code)
    return sandbox.pages.page(
        "dossier.html", person=person, dossier=dossier, status=status, soort=soort, contact=contact
    )


@router.get("/aanvragen/{aanvraag_id}")
async def aanvraag_page(aanvraag_id: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    aanvraag = sandbox.store.aanvraag(aanvraag_id)
    if aanvraag.sub != person.sub:
        return _refused(sandbox, person, "Deze aanvraag is door iemand anders begonnen.")
    velden = [
        (label, aanvraag.gegevens[key]) for key, label in AANVRAAG_VELDEN.items() if key in aanvraag.gegevens
    ]
    soort = DIENSTEN[aanvraag.dienst]
    return sandbox.pages.page(
        "aanvraag.html", person=person, aanvraag=aanvraag, velden=velden, onderwerp=soort
    )


def _refused(sandbox: GemeenteSandbox, person: PagePerson, bericht: str) -> HTMLResponse:
    return sandbox.pages.error_page("Geen toegang", bericht, status_code=403, person=person)
