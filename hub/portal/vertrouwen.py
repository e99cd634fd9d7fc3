"""The pages a government loket owes everyone, logged in or not: the privacy statement, the
accessibility statement (in the structure of the EU's model statement), how to complain, and the
cookies used. What they state about periods comes from the settings the hub runs on
(`hub.portal.beleid.Beleid`): the privacy statement names the retention periods the removal job
applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Final

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.auth.resolver import SESSION_COOKIE
from hub.auth.routes import LOGIN_COOKIE, PENDING_LOGIN_TTL
from hub.portal.web import CSRF_COOKIE, LANGUAGE_COOKIE, YEAR, Bezoek, bezoek

BezoekDep = Annotated[Bezoek, Depends(bezoek)]

router = APIRouter(include_in_schema=False)

VERKLAARD_OP: Final = date(2026, 12, 7)
"""When the accessibility statement was last drawn up (after the tests it rests on were run)."""


@dataclass(frozen=True)
class Cookie:
    naam: str
    doel: str
    """What it is for (a catalog message, translated on the page)."""
    duur: timedelta | None = None
    """None: until the browser closes."""
    pad: str = "/"


COOKIES: Final = (
    Cookie(SESSION_COOKIE, "sessie"),
    Cookie(LOGIN_COOKIE, "aanmelding", timedelta(seconds=PENDING_LOGIN_TTL), "/auth"),
    Cookie(CSRF_COOKIE, "formulier"),
    Cookie(LANGUAGE_COOKIE, "taal", timedelta(seconds=YEAR)),
)
"""Every cookie the hub sets, all of them functional: none measures or follows anyone."""


@router.get("/privacy", response_class=HTMLResponse)
async def privacy(bezoek: BezoekDep) -> Response:
    return bezoek.render("pagina/privacy.html", beleid=bezoek.portal.beleid)


@router.get("/toegankelijkheid", response_class=HTMLResponse)
async def toegankelijkheid(bezoek: BezoekDep) -> Response:
    return bezoek.render("pagina/toegankelijkheid.html", verklaard_op=VERKLAARD_OP)


@router.get("/klachten", response_class=HTMLResponse)
async def klachten(bezoek: BezoekDep) -> Response:
    return bezoek.render("pagina/klachten.html", beleid=bezoek.portal.beleid)


@router.get("/cookies", response_class=HTMLResponse)
async def cookies(bezoek: BezoekDep) -> Response:
    return bezoek.render("pagina/cookies.html", cookies=COOKIES, beleid=bezoek.portal.beleid)
