"""KIOSK's JSON API under /api: an association's dossiers, one dossier, changing its
rekeningnummer, and opening a draft aanvraag. Every route needs an `ApiCaller`."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import AwareDatetime

from connectors.kiosk.contract import (
    AanvraagAangemaakt,
    AanvraagVoorstel,
    DocumentBeschrijving,
    DossierDocument,
    DossierWijzigingDocument,
    RekeningnummerWijziging,
)
from demo.sandboxes.bearer import ApiCallerDep, api_caller, dienst_caller
from demo.sandboxes.kiosk.documenten import beschrijvingen, pdf
from demo.sandboxes.kiosk.state import SandboxDep
from demo.sandboxes.refusals import Unknown

router = APIRouter(prefix="/api", dependencies=[Depends(api_caller)])
dienst = APIRouter(prefix="/api/dienst", dependencies=[Depends(dienst_caller)])
"""What KIOSK tells a service (the hub itself, by client credentials) rather than a person."""


@dienst.get("/dossiers")
async def gewijzigde_dossiers(
    sandbox: SandboxDep, gewijzigd_sinds: Annotated[AwareDatetime, Query(alias="gewijzigdSinds")]
) -> list[DossierDocument]:
    """Every dossier changed since `gewijzigdSinds` (its last history entry, or the day it was
    submitted), newest change first: a reader that stops early keeps the likeliest to be missed."""
    gewijzigd = [(_laatst(d), d) for d in sandbox.store.alle()]
    return [
        d
        for moment, d in sorted(gewijzigd, key=lambda pair: pair[0], reverse=True)
        if moment >= gewijzigd_sinds
    ]


def _laatst(dossier: DossierDocument) -> datetime:
    momenten = [
        e.tijdstip if e.tijdstip.tzinfo else e.tijdstip.replace(tzinfo=UTC) for e in dossier.historiek
    ]
    return max(momenten, default=datetime.combine(dossier.ingediend_op, time(), tzinfo=UTC))


@router.get("/verenigingen/{v_code}/dossiers")
async def dossiers(v_code: str, sandbox: SandboxDep) -> list[DossierDocument]:
    return sandbox.store.dossiers_of(v_code)


@router.get("/verenigingen/{v_code}/documenten")
async def documenten(v_code: str, sandbox: SandboxDep) -> list[DocumentBeschrijving]:
    """Every document in the association's dossiers, oldest dossier first."""
    return [b for d in sandbox.store.dossiers_of(v_code) for b in beschrijvingen(d)]


@router.get("/verenigingen/{v_code}/dossiers/{kiosk_nummer}/documenten/{document_id}")
async def document(v_code: str, kiosk_nummer: str, document_id: str, sandbox: SandboxDep) -> Response:
    """The document as a PDF (404 when the dossier is not the association's or has no such one)."""
    inhoud = pdf(sandbox.store.dossier(kiosk_nummer, v_code=v_code), document_id)
    if inhoud is None:
        raise Unknown("onbekend_document", f"Dossier {kiosk_nummer} heeft geen document {document_id}.")
    return Response(inhoud, media_type="application/pdf")


@router.get("/verenigingen/{v_code}/dossiers/{kiosk_nummer}")
async def dossier(v_code: str, kiosk_nummer: str, sandbox: SandboxDep) -> DossierDocument:
    return sandbox.store.dossier(kiosk_nummer, v_code=v_code)


@router.put("/verenigingen/{v_code}/dossiers/{kiosk_nummer}/rekeningnummer")
async def wijzig_rekeningnummer(
    v_code: str, kiosk_nummer: str, wijziging: RekeningnummerWijziging, sandbox: SandboxDep
) -> DossierDocument:
    return sandbox.store.wijzig_rekeningnummer(v_code, kiosk_nummer, wijziging.rekeningnummer)


@router.patch("/verenigingen/{v_code}/dossiers/{kiosk_nummer}")
async def wijzig_dossier(
    v_code: str, kiosk_nummer: str, wijziging: DossierWijzigingDocument, sandbox: SandboxDep
) -> DossierDocument:
    return sandbox.store.wijzig(v_code, kiosk_nummer, wijziging)


@router.post("/aanvragen", status_code=201)
async def nieuwe_aanvraag(
    voorstel: AanvraagVoorstel, caller: ApiCallerDep, sandbox: SandboxDep
) -> AanvraagAangemaakt:
    aanvraag = sandbox.store.nieuwe_aanvraag(voorstel, sub=caller.sub)
    return AanvraagAangemaakt(
        id=aanvraag.id, link=sandbox.store.page("aanvragen", aanvraag.id), gegevens=tuple(aanvraag.gegevens)
    )
