"""A sandbox application: its API and pages, the login routes, its HTTP client closed at
shutdown, and every refusal answered in one shape (JSON `Fout` on the API, an error page
elsewhere)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from connectors.sdk.http import http_client
from demo.sandboxes import login, subscription
from demo.sandboxes.refusals import Invalid, Refusal
from demo.sandboxes.sessions import LoginRequired
from demo.sandboxes.settings import SandboxSettings
from demo.sandboxes.state import SandboxBase, current_sandbox


def sandbox_app(
    make_sandbox: Callable[[httpx.AsyncClient], SandboxBase[SandboxSettings]],
    *,
    user_agent: str,
    routers: Iterable[APIRouter],
    transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """The app around the sandbox `make_sandbox` makes with the HTTP client it is given (whose
    calls to the provider go through `transport`), serving `routers` and the login."""
    http = http_client(timeout=10.0, transport=transport, user_agent=user_agent)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await http.aclose()

    sandbox = make_sandbox(http)
    app = FastAPI(title=f"{sandbox.config.name} (sandbox)", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.sandbox = sandbox
    for router in (*routers, login.router, subscription.router):
        app.include_router(router)
    app.add_exception_handler(Refusal, refused)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(LoginRequired, login.to_login)
    return app


async def refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, Refusal)
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"code": error.code, "detail": error.detail},
            status_code=error.status,
            headers={**error.headers, "Cache-Control": "no-store"},
        )
    titel = "Niet gevonden" if error.status == 404 else "Dit kan niet"
    return current_sandbox(request).pages.error_page(titel, error.detail, status_code=error.status)


async def invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    where = "; ".join(".".join(str(part) for part in e["loc"]) + f": {e['msg']}" for e in error.errors())
    service = current_sandbox(request).config.name
    return await refused(request, Invalid("ongeldige_vraag", f"Deze vraag aan {service} klopt niet: {where}"))
