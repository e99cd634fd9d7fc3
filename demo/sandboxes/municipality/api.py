"""The gemeente's JSON API under /api: a vereniging's dossiers and what the gemeente knows about
it, and opening a draft aanvraag. Every route needs an `ApiCaller`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from connectors.municipality.contract import (
    AanvraagAangemaakt,
    AanvraagVoorstel,
    DossierDocument,
    FeitDocument,
)
from demo.sandboxes.bearer import ApiCallerDep, api_caller
from demo.sandboxes.municipality.state import SandboxDep

router = APIRouter(prefix="/api", dependencies=[Depends(api_caller)])


@router.get("/verenigingen/{v_code}/dossiers")
async def dossiers(v_code: str, sandbox: SandboxDep) -> list[DossierDocument]:
    return sandbox.store.dossiers_of(v_code)


@router.get("/verenigingen/{v_code}/feiten")
async def feiten(v_code: str, sandbox: SandboxDep) -> list[FeitDocument]:
    return sandbox.store.feiten_of(v_code)


@router.post("/aanvragen", status_code=201)
async def nieuwe_aanvraag(
    voorstel: AanvraagVoorstel, caller: ApiCallerDep, sandbox: SandboxDep
) -> AanvraagAangemaakt:
    aanvraag = sandbox.store.nieuwe_aanvraag(voorstel, sub=caller.sub)
    return AanvraagAangemaakt(
        id=aanvraag.id, link=sandbox.store.page("aanvragen", aanvraag.id), gegevens=tuple(aanvraag.gegevens)
    )
