"""The pages around the others: the start (welcome, or the overview once logged in), choosing on
whose behalf, the language switch, help and contact, and feedback."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.portal import overzicht
from hub.portal.invoer import terug_naar
from hub.portal.web import LANGUAGE_COOKIE, YEAR, Bezoek, PortalRefusal, bezoek
from registry.errors import RegisterError, ValidationFailed
from registry.feedback import FeedbackBericht
from registry.i18n import LANGUAGES

BezoekDep = Annotated[Bezoek, Depends(bezoek)]

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def start(bezoek: BezoekDep) -> Response:
    if bezoek.persoon is None:
        return bezoek.render("pagina/welkom.html")
    if bezoek.persoon.namens is None:
        return await _kies(bezoek, terug="/")
    return await overzicht.toon(bezoek)


@router.get("/kies", response_class=HTMLResponse)
async def kies(bezoek: BezoekDep, terug: str = "/") -> Response:
    bezoek.aangemeld()
    return await _kies(bezoek, terug=terug_naar(terug))


async def _kies(bezoek: Bezoek, *, terug: str) -> Response:
    persoon = bezoek.aangemeld()
    keuzes = await bezoek.portal.authenticator.representations(persoon)
    if persoon.namens is not None:
        await bezoek.vereniging()
    return bezoek.render("pagina/kies.html", keuzes=keuzes, terug_na_keuze=terug)


@router.post("/kies", response_class=HTMLResponse)
async def kies_vereniging(bezoek: BezoekDep) -> Response:
    persoon = bezoek.aangemeld()
    form = await bezoek.formulier()
    v_code = str(form.get("vCode", "")).strip().upper()
    try:
        await bezoek.portal.authenticator.choose(persoon, v_code)
    except RegisterError as refused:
        raise PortalRefusal(
            bezoek.gettext("Kiezen kan niet"), bezoek.fout(refused), status_code=403
        ) from None
    return bezoek.redirect(terug_naar(form.get("terug")))


@router.get("/taal/{code}")
async def taal(bezoek: BezoekDep, code: str, terug: str = "/") -> Response:
    response = bezoek.redirect(terug_naar(terug))
    if code in LANGUAGES:
        bezoek.portal.cookies.set(response, LANGUAGE_COOKIE, code, max_age=YEAR)
    return response


@router.get("/hulp", response_class=HTMLResponse)
async def hulp(bezoek: BezoekDep) -> Response:
    return bezoek.render("pagina/hulp.html")


@router.post("/feedback", response_class=HTMLResponse)
async def feedback(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    pagina = terug_naar(form.get("pagina"))
    oordeel = str(form.get("oordeel") or "") or None
    dienst = str(form.get("dienst") or "") or None
    tekst = str(form.get("tekst") or "")
    try:
        await bezoek.portal.feedback.bewaar(
            FeedbackBericht(pagina=pagina, tekst=tekst, taal=bezoek.taal, oordeel=oordeel, dienst=dienst)
        )
    except ValidationFailed as refused:
        return bezoek.render(
            "pagina/feedback.html",
            status_code=400,
            fouten=bezoek.veldfouten(refused),
            pagina=pagina,
            tekst=tekst,
            oordeel=oordeel,
            dienst=dienst,
        )
    return bezoek.render("pagina/feedback_bedankt.html", pagina=pagina)
