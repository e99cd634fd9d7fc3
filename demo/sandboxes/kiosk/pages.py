"""The sandbox's own pages, where deep links from the V-loket land: a dossier, and a draft
aanvraag prefilled with what the V-loket shared. Both need a logged-in person with access."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from connectors.kiosk.contract import AANVRAAG_VELDEN
from connectors.kiosk.dossiers import STATUS
from demo.sandboxes.kiosk.state import Sandbox, SandboxDep
from demo.sandboxes.kiosk.store import Aanvraag
from demo.sandboxes.login import PagePersonDep
from demo.sandboxes.refusals import Invalid
from demo.sandboxes.sessions import PagePerson

router = APIRouter(include_in_schema=False)


@router.get("/dossiers/{kiosk_nummer}")
async def dossier_page(kiosk_nummer: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    dossier = sandbox.store.dossier(kiosk_nummer)
    toegang = sandbox.config.toegang.get(dossier.v_code, frozenset())
    submitted = sandbox.store.ingediend_door(kiosk_nummer) == person.sub
    if not submitted and (person.insz is None or person.insz not in toegang):
        return _refused(sandbox, person, "Je hebt in KIOSK geen toegang tot de dossiers van deze vereniging.")
    status = STATUS[dossier.status].value.replace("_", " ")
    contact = sandbox.contacten.van(dossier.v_code)
    return sandbox.pages.page("dossier.html", person=person, dossier=dossier, status=status, contact=contact)


@router.get("/aanvragen/{aanvraag_id}")
async def aanvraag_page(aanvraag_id: str, person: PagePersonDep, sandbox: SandboxDep) -> HTMLResponse:
    aanvraag = sandbox.store.aanvraag(aanvraag_id)
    if aanvraag.sub != person.sub:
        return _refused(sandbox, person, "Deze aanvraag is door iemand anders begonnen.")
    return _aanvraag(sandbox, person, aanvraag, dict(aanvraag.gegevens))


@router.post("/aanvragen/{aanvraag_id}/indienen")
async def dien_in(request: Request, aanvraag_id: str, person: PagePersonDep, sandbox: SandboxDep) -> Response:
    aanvraag = sandbox.store.aanvraag(aanvraag_id)
    if aanvraag.sub != person.sub or not _same_origin(request):
        return _refused(sandbox, person, "Deze aanvraag is door iemand anders begonnen.")
    form = await request.form()
    ingevuld = {key: str(form.get(key, "")).strip() for key in ("contactpersoon", "email", "rekeningnummer")}
    try:
        dossier = sandbox.store.dien_in(aanvraag_id, sub=person.sub, **ingevuld)
    except Invalid as refused:
        return _aanvraag(sandbox, person, aanvraag, {**aanvraag.gegevens, **ingevuld}, fout=refused.detail)
    return RedirectResponse(dossier.link or "/", status_code=303)


def _aanvraag(
    sandbox: Sandbox, person: PagePerson, aanvraag: Aanvraag, waarden: dict[str, str], fout: str | None = None
) -> HTMLResponse:
    velden = [
        (label, aanvraag.gegevens[key]) for key, label in AANVRAAG_VELDEN.items() if key in aanvraag.gegevens
    ]
    return sandbox.pages.page(
        "aanvraag.html",
        status_code=400 if fout else 200,
        person=person,
        aanvraag=aanvraag,
        velden=velden,
        onderwerp=aanvraag.titel,
        indienen=f"/aanvragen/{aanvraag.id}/indienen",
        waarden={"contactpersoon": waarden.get("contactpersoon") or person.naam, **waarden},
        fout=fout,
    )


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin == "null":
        return request.headers.get("sec-fetch-site") == "same-origin"
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


def _refused(sandbox: Sandbox, person: PagePerson, bericht: str) -> HTMLResponse:
    return sandbox.pages.error_page("Geen toegang", bericht, status_code=403, person=person)
