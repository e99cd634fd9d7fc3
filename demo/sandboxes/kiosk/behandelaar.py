"""The caseworker's page of the KIOSK sandbox (demo only): set a dossier to "action needed" with a
text and a date, or decide on it; KIOSK keeps the change and pushes it to the V-loket at once,
where the association sees it as a notice.

Open without a login, as a demo's stand-in for KIOSK's own back office: it exists only when the
sandbox is told where to push (`hub_events_url`) and with which secret (`webhook_secret`)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from connectors.kiosk.contract import DossierDocument
from connectors.kiosk.dossiers import STATUS
from connectors.sdk.events import (
    DOSSIER_BESLIST,
    DOSSIER_GEWIJZIGD,
    Beslissing,
    DossierBeslist,
    DossierGewijzigd,
)
from demo.sandboxes.kiosk.state import Sandbox, SandboxDep
from demo.sandboxes.kiosk.store import BESLISSINGEN
from demo.sandboxes.push import Gepusht, cloudevent, push
from demo.sandboxes.refusals import Conflict, Invalid, Unknown

router = APIRouter(include_in_schema=False)


@router.get("/behandelaar")
async def behandelaar(sandbox: SandboxDep, gepusht: str | None = None) -> Response:
    if not _open(sandbox):
        return Response(status_code=404)
    return _page(sandbox, bericht=_bericht(gepusht))


@router.post("/behandelaar/dossiers/{kiosk_nummer}/actie")
async def vraag_actie(kiosk_nummer: str, request: Request, sandbox: SandboxDep) -> Response:
    if not _open(sandbox) or not _same_origin(request):
        return Response(status_code=404 if not _open(sandbox) else 403)
    form = await request.form()
    try:
        uiterlijk = date.fromisoformat(str(form.get("uiterlijk", ""))[:10])
    except ValueError:
        return _page(sandbox, fout="Geef de uiterste datum als jjjj-mm-dd.", status_code=422)
    try:
        dossier = sandbox.store.vraag_actie(kiosk_nummer, str(form.get("omschrijving", ""))[:2000], uiterlijk)
    except (Invalid, Conflict, Unknown) as refused:
        return _page(sandbox, fout=refused.detail, status_code=refused.status)
    return _na_push(await _push_gewijzigd(sandbox, dossier))


@router.post("/behandelaar/dossiers/{kiosk_nummer}/beslissing")
async def beslis(kiosk_nummer: str, request: Request, sandbox: SandboxDep) -> Response:
    if not _open(sandbox) or not _same_origin(request):
        return Response(status_code=404 if not _open(sandbox) else 403)
    form = await request.form()
    beslissing = str(form.get("beslissing", ""))[:40]
    toelichting = " ".join(str(form.get("toelichting", ""))[:2000].split())
    try:
        dossier = sandbox.store.beslis(kiosk_nummer, beslissing, toelichting)
    except (Invalid, Conflict, Unknown) as refused:
        return _page(sandbox, fout=refused.detail, status_code=refused.status)
    nu = sandbox.config.now()
    assert dossier.link is not None
    data = DossierBeslist(
        v_code=dossier.v_code,
        dossier_id=dossier.kiosk_nummer,
        beslissing=Beslissing(beslissing),
        toelichting=toelichting or None,
        link=dossier.link,
        beslist_op=nu,
    )
    return _na_push(
        await _push(sandbox, cloudevent(DOSSIER_BESLIST, data, source=sandbox.config.public_url, tijdstip=nu))
    )


async def _push_gewijzigd(sandbox: Sandbox, dossier: DossierDocument) -> Gepusht:
    nu = sandbox.config.now()
    assert dossier.link is not None
    data = DossierGewijzigd(
        v_code=dossier.v_code,
        dossier_id=dossier.kiosk_nummer,
        titel=dossier.titel,
        status=STATUS[dossier.status],
        actie_nodig=dossier.actie.omschrijving if dossier.actie else None,
        deadline=dossier.actie.uiterlijk if dossier.actie else None,
        verwachte_beslissing=dossier.verwachte_beslissing,
        link=dossier.link,
        bijgewerkt_op=nu,
    )
    return await _push(
        sandbox, cloudevent(DOSSIER_GEWIJZIGD, data, source=sandbox.config.public_url, tijdstip=nu)
    )


async def _push(sandbox: Sandbox, event: dict[str, object]) -> Gepusht:
    url, secret = sandbox.config.hub_events_url, sandbox.config.webhook_secret
    assert url is not None
    assert secret is not None
    gepusht = await push(sandbox.http, url, secret, event, nu=sandbox.config.now())
    sandbox.gepusht.append(event)
    return gepusht


def _na_push(gepusht: Gepusht) -> Response:
    return RedirectResponse(f"/behandelaar?gepusht={gepusht.status}", status_code=303)


def _bericht(gepusht: str | None) -> str | None:
    if gepusht is None:
        return None
    if gepusht == "202":
        return "Bewaard en aan het V-loket bezorgd: de vereniging ziet het daar als melding."
    return f"Bewaard, maar het V-loket nam het bericht niet aan (antwoord {gepusht[:3]})."


def _open(sandbox: Sandbox) -> bool:
    return sandbox.config.hub_events_url is not None and sandbox.config.webhook_secret is not None


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


def _page(
    sandbox: Sandbox, *, bericht: str | None = None, fout: str | None = None, status_code: int = 200
) -> HTMLResponse:
    dossiers = [(dossier, STATUS[dossier.status].value.replace("_", " ")) for dossier in sandbox.store.alle()]
    return sandbox.pages.page(
        "behandelaar.html",
        status_code=status_code,
        dossiers=dossiers,
        beslissingen=BESLISSINGEN,
        bericht=bericht,
        fout=fout,
        vandaag=sandbox.config.now().date().isoformat(),
    )
