"""The association portal: server-rendered pages (jinja2, Babel catalogs in Dutch and English)
over the same services as the GraphQL API. Works without JavaScript; `static/portal.js` only
adds small conveniences."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from hub.auth.routes import AuthMessage
from hub.portal import aanbod, algemeen, beheer, dossiers, gegevens, meldingen, registreren
from hub.portal.i18n import package_dir
from hub.portal.web import Portal, PortalRedirect, PortalRefusal, bezoek
from registry.errors import RegisterError

ROUTERS = [
    algemeen.router,
    gegevens.router,
    aanbod.router,
    dossiers.router,
    meldingen.router,
    registreren.router,
    beheer.router,
]


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
        visit = await bezoek(request)
        return visit.render(
            "pagina/bericht.html",
            status_code=refused.status_code,
            titel=refused.titel,
            bericht=refused.bericht,
        )

    @app.exception_handler(AuthMessage)
    async def login_problem(request: Request, problem: AuthMessage) -> HTMLResponse:
        visit = await bezoek(request)
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

    @app.exception_handler(RegisterError)
    async def register_error(request: Request, refused: RegisterError) -> HTMLResponse:
        """A register's refusal outside GraphQL (which answers its own): a page in plain words."""
        visit = await bezoek(request)
        status = {"NOT_FOUND": 404, "FORBIDDEN": 403, "UNAUTHENTICATED": 401}.get(refused.code, 400)
        return visit.render(
            "pagina/bericht.html",
            status_code=status,
            titel=visit.gettext("Dit lukt niet"),
            bericht=visit.fout(refused),
        )
