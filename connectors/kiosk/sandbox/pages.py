"""The sandbox's own pages, where deep links from the V-loket land: a dossier, and a draft
aanvraag prefilled with what the V-loket shared. Both need a logged-in person with access."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from connectors.kiosk.contract import AANVRAAG_VELDEN
from connectors.kiosk.dossiers import STATUS
from connectors.kiosk.sandbox.state import Sandbox, SandboxDep
from connectors.sandboxes.login import PagePersonDep
from connectors.sandboxes.sessions import PagePerson

router = APIRouter(include_in_schema=False)


@router.get("/dossiers/{kiosk_nummer}")
async def dossier_page(kiosk_nummer: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    dossier = sandbox.store.dossier(kiosk_nummer)
    if person.insz is None or person.insz not in sandbox.config.toegang.get(dossier.v_code, frozenset()):
        return _refused(sandbox, person, "Je hebt in KIOSK geen toegang tot de dossiers van deze vereniging.")
    status = STATUS[dossier.status].value.replace("_", " ")
    return sandbox.pages.page("dossier.html", person=person, dossier=dossier, status=status)


@router.get("/aanvragen/{aanvraag_id}")
async def aanvraag_page(aanvraag_id: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    aanvraag = sandbox.store.aanvraag(aanvraag_id)
    if aanvraag.sub != person.sub:
        return _refused(sandbox, person, "Deze aanvraag is door iemand anders begonnen.")
    velden = [
        (label, aanvraag.gegevens[key]) for key, label in AANVRAAG_VELDEN.items() if key in aanvraag.gegevens
    ]
    return sandbox.pages.page(
        "aanvraag.html", person=person, aanvraag=aanvraag, velden=velden, onderwerp=aanvraag.titel
    )


def _refused(sandbox: Sandbox, person: PagePerson, bericht: str) -> HTMLResponse:
    return sandbox.pages.error_page("Geen toegang", bericht, status_code=403, person=person)
