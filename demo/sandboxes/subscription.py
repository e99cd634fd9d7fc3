"""A sandbox subscribes to the register's changes, as a real service would: `POST /vloket/events`
checks the hub's signature with the SDK, applies each event once, and keeps the association's
contact e-mail and telephone, which its dossier pages show."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from connectors.sdk.subscription import ForgedEvent, MalformedEvent, read_vereniging_gewijzigd
from demo.sandboxes.state import AnySandboxDep

router = APIRouter(include_in_schema=False)


@router.post("/vloket/events")
async def vloket_event(request: Request, sandbox: AnySandboxDep) -> Response:
    secret = sandbox.config.webhook_secret
    if secret is None:
        return Response(status_code=404)
    try:
        ontvangen = read_vereniging_gewijzigd(secret, request.headers, await request.body())
    except ForgedEvent:
        return Response(status_code=401)
    except MalformedEvent as error:
        return Response(str(error), status_code=400, media_type="text/plain")
    sandbox.contacten.pas_toe(ontvangen.id, ontvangen.data, nu=sandbox.config.now())
    return Response(status_code=204)
