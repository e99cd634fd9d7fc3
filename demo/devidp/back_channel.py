"""The endpoints clients and resource servers call directly: discovery, keys, token, userinfo,
introspection, revocation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from demo.devidp.client_auth import authenticate_client
from demo.devidp.config import DevClient
from demo.devidp.discovery import provider_metadata
from demo.devidp.errors import InvalidRequest
from demo.devidp.introspection import introspect, revoke
from demo.devidp.params import form_items, single_valued
from demo.devidp.provider import DevIdp, DevIdpDep

router = APIRouter()

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@router.get("/.well-known/openid-configuration")
async def openid_configuration(devidp: DevIdpDep) -> dict[str, Any]:
    return provider_metadata(devidp.config)


@router.get("/jwks")
async def jwks(devidp: DevIdpDep) -> dict[str, Any]:
    return devidp.keys.public_jwks()


@router.post("/token")
async def token(request: Request, devidp: DevIdpDep) -> JSONResponse:
    client, form = await _authenticated(request, devidp)
    return JSONResponse(devidp.grants.grant(client, form), headers=NO_STORE)


@router.post("/introspect")
async def introspection(request: Request, devidp: DevIdpDep) -> JSONResponse:
    client, form = await _authenticated(request, devidp)
    token = _required(form, "token")
    answer = introspect(config=devidp.config, minter=devidp.minter, client=client, token=token)
    return JSONResponse(answer, headers=NO_STORE)


@router.post("/revoke")
async def revocation(request: Request, devidp: DevIdpDep) -> Response:
    client, form = await _authenticated(request, devidp)
    revoke(store=devidp.store, minter=devidp.minter, client=client, token=_required(form, "token"))
    return Response(status_code=200, headers=NO_STORE)


@router.api_route("/userinfo", methods=["GET", "POST"])
async def userinfo(request: Request, devidp: DevIdpDep) -> JSONResponse:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    active = devidp.minter.active_access_token(token.strip()) if scheme.lower() == "bearer" else None
    if active is None:
        return _bearer_refused(401, "invalid_token")
    scopes = tuple(str(active.claims.get("scope", "")).split())
    if "openid" not in scopes:
        return _bearer_refused(403, "insufficient_scope")
    return JSONResponse(devidp.minter.person_claims(active.grant, scopes), headers=NO_STORE)


async def _authenticated(request: Request, devidp: DevIdp) -> tuple[DevClient, dict[str, str]]:
    form = single_valued(await form_items(request))
    if form is None:
        raise InvalidRequest("a parameter is repeated")
    client = authenticate_client(devidp.config, authorization=request.headers.get("authorization"), form=form)
    return client, form


def _required(form: dict[str, str], name: str) -> str:
    if name not in form:
        raise InvalidRequest(f"{name} is required")
    return form[name]


def _bearer_refused(status: int, error: str) -> JSONResponse:
    return JSONResponse(
        {"error": error},
        status_code=status,
        headers={"WWW-Authenticate": f'Bearer error="{error}"', **NO_STORE},
    )
