"""The association portal: server-rendered pages (jinja2, Babel catalogs in Dutch and English)
over the same services as the GraphQL API. Works without JavaScript; `static/portal.js` only
adds small conveniences."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from connectors.sdk import ConnectorError
from hub.auth.resolver import CrossSiteRequest
from hub.auth.routes import AuthMessage
from hub.graphql.errors import service_message
from hub.portal import (
    aanbod,
    algemeen,
    beheer,
    beheer_feedback,
    catalogus,
    cijfers,
    dossiers,
    gebruik,
    gegevens,
    gegevens_onderdelen,
    mandaten,
    meldingen,
    meldingen_mail,
    registreren,
    vertrouwen,
)
from hub.portal.i18n import N_, package_dir
from hub.portal.web import Bezoek, Portal, PortalRedirect, PortalRefusal, bezoek, language_of
from registry.errors import RegisterError
from registry.text import excerpt

NOT_FOUND = N_("Deze pagina bestaat niet (meer). Kijk het adres na of ga terug naar het overzicht.")
BAD_REQUEST = N_("Dit verzoek kunnen we niet verwerken. Ga terug en probeer opnieuw.")

ROUTERS = [
    algemeen.router,
    gegevens.router,
    gegevens_onderdelen.router,
    aanbod.router,
    dossiers.router,
    meldingen.router,
    meldingen_mail.router,
    mandaten.router,
    registreren.router,
    beheer.router,
    beheer_feedback.router,
    vertrouwen.router,
    catalogus.router,
    cijfers.router,
    gebruik.router,
]


async def _visit(request: Request) -> Bezoek:
    """The visitor, for an error page: without their person when the request is cross-site (its
    session must not act, and the page must still be shown)."""
    try:
        return await bezoek(request)
    except CrossSiteRequest:
        portal: Portal = request.app.state.portal
        return Bezoek(request, portal, language_of(request), None, None, "")


def install_portal(app: FastAPI, portal: Portal) -> None:
    app.state.portal = portal
    app.mount("/static", StaticFiles(directory=package_dir() / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(PortalRedirect)
    async def redirect(_: Request, target: PortalRedirect) -> Response:
        return RedirectResponse(target.location, status_code=303, headers={"Cache-Control": "no-store"})

    @app.exception_handler(PortalRefusal)
    async def refusal(request: Request, refused: PortalRefusal) -> HTMLResponse:
        visit = await _visit(request)
        return visit.render(
            "pagina/bericht.html",
            status_code=refused.status_code,
            titel=refused.titel,
            bericht=refused.bericht,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        """A page that does not exist, in words, for browsers; API clients keep FastAPI's JSON."""
        if "text/html" not in request.headers.get("accept", ""):
            return await http_exception_handler(request, error)
        visit = await _visit(request)
        if error.status_code == 404:
            titel, bericht = visit.gettext("Pagina niet gevonden"), visit.gettext(NOT_FOUND)
        else:
            titel, bericht = visit.gettext("Dit lukt niet"), visit.gettext(BAD_REQUEST)
        return visit.render(
            "pagina/bericht.html", status_code=error.status_code, titel=titel, bericht=bericht
        )

    @app.exception_handler(RequestValidationError)
    async def bad_address(request: Request, error: RequestValidationError) -> Response:
        """A page address with a value that cannot be (a word where a number belongs)."""
        if "text/html" not in request.headers.get("accept", ""):
            # FastAPI's own answer, without the input it quotes (any size, any characters).
            details = [
                {
                    "loc": [excerpt(str(part)) for part in d.get("loc", ())],
                    "msg": excerpt(str(d.get("msg", ""))),
                    "type": d.get("type"),
                }
                for d in error.errors()[:20]
            ]
            return JSONResponse({"detail": details}, status_code=422)
        visit = await _visit(request)
        if any(detail.get("loc", ("",))[0] == "body" for detail in error.errors()):
            titel, bericht, status = visit.gettext("Dit lukt niet"), visit.gettext(BAD_REQUEST), 400
        else:
            titel, bericht, status = visit.gettext("Pagina niet gevonden"), visit.gettext(NOT_FOUND), 404
        return visit.render("pagina/bericht.html", status_code=status, titel=titel, bericht=bericht)

    @app.exception_handler(AuthMessage)
    async def login_problem(request: Request, problem: AuthMessage) -> HTMLResponse:
        visit = await _visit(request)
        if problem.refusal is not None:
            bericht = visit.fout(problem.refusal)
        else:
            bericht = visit.gettext(problem.bericht, **problem.values)
        return visit.render(
            "pagina/bericht.html",
            status_code=problem.status_code,
            titel=visit.gettext(problem.titel),
            bericht=bericht,
        )

    @app.exception_handler(ConnectorError)
    async def service_error(request: Request, failed: ConnectorError) -> HTMLResponse:
        """A connected service's failure outside GraphQL (a document download): in plain words."""
        visit = await _visit(request)
        return visit.render(
            "pagina/bericht.html",
            status_code=404 if failed.code == "NOT_FOUND" else 502,
            titel=visit.gettext("Dit lukt niet"),
            bericht=service_message(failed.code, failed.service, failed.reason, visit.taal)[0],
        )

    @app.exception_handler(RegisterError)
    async def register_error(request: Request, refused: RegisterError) -> HTMLResponse:
        """A register's refusal outside GraphQL (which answers its own): a page in plain words."""
        visit = await _visit(request)
        status = {"NOT_FOUND": 404, "FORBIDDEN": 403, "UNAUTHENTICATED": 401}.get(refused.code, 400)
        if refused.retryable:
            status = 503
        return visit.render(
            "pagina/bericht.html",
            status_code=status,
            titel=visit.gettext("Dit lukt niet"),
            bericht=visit.fout(refused),
        )
