"""The application factory: KIOSK simulated over real HTTP, its API and its pages, and every
refusal answered in one shape (JSON `Fout` on the API, an error page elsewhere)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from connectors.kiosk.contract import Fout
from connectors.kiosk.sandbox import api, login, pages
from connectors.kiosk.sandbox.config import SandboxConfig
from connectors.kiosk.sandbox.refusals import Invalid, Refusal
from connectors.kiosk.sandbox.rendering import error_page
from connectors.kiosk.sandbox.sessions import LoginRequired
from connectors.kiosk.sandbox.state import Sandbox
from connectors.sdk.http import http_client


def create_sandbox(config: SandboxConfig, *, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """A KIOSK to develop and test against; `transport` carries its calls to the provider.

    Example::

        app = create_sandbox(SandboxConfig(issuer=..., public_url=..., client_secret=...))
        uvicorn.run(app, port=8010)
    """
    http = http_client(timeout=10.0, transport=transport, user_agent="kiosk-sandbox/0.1")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await http.aclose()

    app = FastAPI(title="KIOSK (sandbox)", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.kiosk = Sandbox(config, http)
    app.include_router(api.router)
    app.include_router(login.router)
    app.include_router(pages.router)
    app.add_exception_handler(Refusal, _refused)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(LoginRequired, login.to_login)
    return app


async def _refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, Refusal)
    if request.url.path.startswith("/api/"):
        body = Fout(code=error.code, detail=error.detail).model_dump(by_alias=True)
        return JSONResponse(
            body, status_code=error.status, headers={**error.headers, "Cache-Control": "no-store"}
        )
    titel = "Niet gevonden" if error.status == 404 else "Dit kan niet"
    return error_page(titel, error.detail, status_code=error.status)


async def _invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    where = "; ".join(".".join(str(part) for part in e["loc"]) + f": {e['msg']}" for e in error.errors())
    return await _refused(request, Invalid("ongeldige_vraag", f"Deze vraag aan KIOSK klopt niet: {where}"))
