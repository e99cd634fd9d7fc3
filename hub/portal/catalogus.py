"""The open catalog: every published offering, searched and filtered without logging in (words,
type, theme, administration, municipality, open now), and a public search of the register
(public fields only). The same services the API's `diensten` and `verenigingen` answer from; an
offering's own page (`/aanbod/{id}`) is open too, and says why it fits once someone logs in."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from hub.portal.algemeen import BezoekDep
from hub.portal.woorden import TYPES, themanaam
from registry.associations.codes import werkingsgebieden
from registry.associations.search import Zoekopdracht, Zoekresultaat
from registry.associations.search import zoek as zoek_verenigingen
from registry.errors import ValidationFailed
from registry.offerings.model import Diensttype
from registry.offerings.search import DienstenPagina, DienstFilter
from registry.text import fold

router = APIRouter(include_in_schema=False)

PAGINA = 20


@cache
def gemeenten() -> list[tuple[str, str]]:
    """Every municipality (its werkingsgebied code) by name, for a filter."""
    return sorted(
        ((code, naam) for code, naam in werkingsgebieden().items() if len(code) > 4 and code != "NVT"),
        key=lambda keuze: fold(keuze[1]),
    )


def _tekst(waarde: str, grootte: int = 200) -> str | None:
    return waarde.strip()[:grootte] or None


@router.get("/catalogus", response_class=HTMLResponse)
async def catalogus(
    bezoek: BezoekDep,
    q: str = "",
    type: str = "",
    thema: str = "",
    bestuur: str = "",
    gemeente: str = "",
    open: str = "",
    na: str = "",
) -> Response:
    filter = DienstFilter(
        zoekterm=_tekst(q),
        type=_tekst(type, 40),
        thema=_tekst(thema, 120),
        bestuur=_tekst(bestuur, 40),
        gemeente=_tekst(gemeente, 20),
        open_nu=open == "1",
    )
    fouten: dict[str, str] = {}
    try:
        pagina = await bezoek.portal.diensten.zoek(filter, first=PAGINA, after=_tekst(na, 400))
    except ValidationFailed as refused:
        fouten = bezoek.veldfouten(refused)
        pagina = DienstenPagina(diensten=[], totaal=0, heeft_volgende=False, facetten={})
    themas = {f.waarde: themanaam(f.waarde, bezoek.gettext) for f in pagina.facetten.get("thema", [])}
    if filter.thema:
        themas.setdefault(filter.thema, themanaam(filter.thema, bezoek.gettext))
    diensten = [dienst for _, dienst in pagina.diensten]
    return bezoek.render(
        "pagina/catalogus.html",
        status_code=400 if fouten else 200,
        filter=filter,
        fouten=fouten,
        diensten=diensten,
        totaal=pagina.totaal,
        volgende=_volgende(filter, pagina),
        types=[(t.value, bezoek.gettext(TYPES[t]) if t in TYPES else t.value) for t in Diensttype],
        themas=sorted(themas.items(), key=lambda keuze: fold(keuze[1])),
        gemeenten=gemeenten(),
        bestuursnaam=next(
            (
                d.inhoud.bestuur.naam
                for d in diensten
                if filter.bestuur and d.inhoud.bestuur.code.upper() == filter.bestuur.upper()
            ),
            filter.bestuur,
        ),
        typenamen=TYPES,
        vandaag=bezoek.portal.register.today(),
    )


def _volgende(filter: DienstFilter, pagina: DienstenPagina) -> str:
    """The next page of this search, or nothing."""
    if not (pagina.heeft_volgende and pagina.diensten):
        return ""
    params = {
        "q": filter.zoekterm,
        "type": filter.type,
        "thema": filter.thema,
        "bestuur": filter.bestuur,
        "gemeente": filter.gemeente,
        "open": "1" if filter.open_nu else None,
        "na": pagina.diensten[-1][0],
    }
    return "/catalogus?" + urlencode({k: v for k, v in params.items() if v})


@router.get("/verenigingen", response_class=HTMLResponse)
async def verenigingen(bezoek: BezoekDep, q: str = "", gemeente: str = "", na: str = "") -> Response:
    """The register's public search: names, numbers, types, places and activities, never a
    representative or anything else private (nothing to log)."""
    opdracht = Zoekopdracht(
        tekst=_tekst(q),
        gemeenten=[g for g in [_tekst(gemeente, 120)] if g],
        first=PAGINA,
        after=_tekst(na, 400),
    )
    fouten: dict[str, str] = {}
    resultaat: Zoekresultaat | None = None
    if opdracht.tekst or opdracht.gemeenten:
        try:
            async with bezoek.portal.register.db.read() as session:
                resultaat = await zoek_verenigingen(session, opdracht, max_page_size=PAGINA)
        except ValidationFailed as refused:
            fouten = bezoek.veldfouten(refused)
    return bezoek.render(
        "pagina/verenigingen.html",
        status_code=400 if fouten else 200,
        q=q.strip()[:200],
        gemeente=gemeente.strip()[:120],
        fouten=fouten,
        resultaat=resultaat,
        volgende=resultaat.verenigingen[-1][0] if resultaat and resultaat.heeft_volgende else None,
        gemeenten=[naam for _, naam in gemeenten()],
    )
