"""A sandbox subscribes to the register's changes, as a real service would: `POST /vloket/events`
checks the hub's signature with the SDK, applies each event once, and keeps the association's
contact e-mail and telephone, which its dossier pages show, and what representatives shared
with it when they started a request."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from connectors.sdk.events import MAX_BODY_BYTES
from connectors.sdk.subscription import ForgedEvent, MalformedEvent, read_hub_event
from demo.sandboxes.state import AnySandboxDep

router = APIRouter(include_in_schema=False)


@router.post("/vloket/events")
async def vloket_event(request: Request, sandbox: AnySandboxDep) -> Response:
    secret = sandbox.config.webhook_secret
    if secret is None:
        return Response(status_code=404)
    body = await _bounded(request)
    if body is None:
        return Response(f"at most {MAX_BODY_BYTES} bytes", status_code=413, media_type="text/plain")
    try:
        ontvangen = read_hub_event(secret, request.headers, body)
    except ForgedEvent:
        return Response(status_code=401)
    except MalformedEvent as error:
        return Response(str(error), status_code=400, media_type="text/plain")
    sandbox.contacten.ontvang(ontvangen.id, ontvangen.data, nu=sandbox.config.now())
    return Response(status_code=204)


async def _bounded(request: Request) -> bytes | None:
    """The body, or None as soon as it proves larger than an event may be (never read whole)."""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        return None
    if declared > MAX_BODY_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)
