"""The public figures ("cijfers"): how much the loket is used, month by month over the last
year: logins, associations active, requests started, those that became dossiers, feedback.
Counts only, never a person (`registry.rapport`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from babel.dates import format_date
from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from hub.portal.algemeen import BezoekDep
from registry.db import Database
from registry.i18n import Language
from registry.rapport import Cijfer, Gebruik
from registry.rapport.report import months

router = APIRouter(include_in_schema=False)

KOLOMMEN = ("aanmeldingen", "actieve_verenigingen", "aanvragen", "dossiers", "feedback")


_GETELD: dict[tuple[int, str, str, str], list[Cijfer]] = {}


async def _geteld(db: Database, van: str, tot: str) -> list[Cijfer]:
    """The figures, counted at most once an hour per hub process: the page is open to everyone,
    and counting a year of the access log is not a cost a stranger may ask for at will."""
    key = (id(db), van, tot, datetime.now(UTC).strftime("%Y-%m-%dT%H"))
    if key not in _GETELD:
        if len(_GETELD) > 16:
            _GETELD.clear()
        _GETELD[key] = await Gebruik(db).cijfers(van, tot)
    return _GETELD[key]


def maandrijen(cijfers: list[Cijfer], taal: Language) -> list[tuple[str, dict[str, int]]]:
    """Per month, newest first, its name in the visitor's language and each kind's count."""
    per_maand: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KOLOMMEN, 0))
    for cijfer in cijfers:
        per_maand[cijfer.maand][cijfer.soort] += cijfer.aantal
    return [
        (format_date(date(int(m[:4]), int(m[5:]), 1), "MMMM y", locale=taal), per_maand[m])
        for m in sorted(per_maand, reverse=True)
    ]


@router.get("/cijfers", response_class=HTMLResponse)
async def cijfers(bezoek: BezoekDep) -> Response:
    van, tot = months(None, None, today=bezoek.portal.register.today())
    rijen = maandrijen(await _geteld(bezoek.portal.register.db, van, tot), bezoek.taal)
    totaal = {soort: sum(r[soort] for _, r in rijen) for soort in ("aanmeldingen", "aanvragen", "dossiers")}
    return bezoek.render(
        "pagina/cijfers.html",
        rijen=rijen,
        totaal=totaal,
        aandeel=round(100 * totaal["dossiers"] / totaal["aanvragen"]) if totaal["aanvragen"] else None,
    )
