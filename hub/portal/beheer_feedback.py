"""What associations think of a publisher's offerings: the feedback given on each offering's page
(its rating and comment), counted per offering and listed, one month at a time. Publishers see
the feedback on the offerings of their own administrations only; feedback carries no name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date
from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from hub.portal.beheer import BezoekDep, ingelogde_uitgever
from hub.portal.i18n import N_
from registry.feedback import FeedbackBericht
from registry.kalender import BRUSSEL, maand_erna, maanden_tot

router = APIRouter(include_in_schema=False)

MAANDEN = 12
OORDELEN: dict[str, str] = {"goed": N_("Goed"), "kan_beter": N_("Kan beter"), "slecht": N_("Slecht")}


@dataclass(frozen=True)
class Telling:
    dienst_id: str
    titel: str
    per_oordeel: dict[str, int]
    zonder_oordeel: int

    @property
    def totaal(self) -> int:
        return sum(self.per_oordeel.values()) + self.zonder_oordeel


def _grenzen(maand: date) -> tuple[datetime, datetime]:
    """The month in Brussels time."""
    volgende = maand_erna(maand)
    return (
        datetime(maand.year, maand.month, 1, tzinfo=BRUSSEL),
        datetime(volgende.year, volgende.month, 1, tzinfo=BRUSSEL),
    )


@router.get("/beheer/feedback", response_class=HTMLResponse)
async def feedback(bezoek: BezoekDep, maand: str = "") -> Response:
    publisher = ingelogde_uitgever(bezoek)
    eigen = await bezoek.portal.diensten.van_uitgever(uitgever=publisher)
    titels = {d.id: d.inhoud.titel for d in eigen}
    maanden = maanden_tot(bezoek.portal.register.today(), MAANDEN)
    keuzes = {m.strftime("%Y-%m"): m for m in maanden}
    fouten: dict[str, str] = {}
    if maand and maand not in keuzes:
        fouten["maand"] = bezoek.gettext("Kies een maand uit de lijst.")
    gekozen = keuzes.get(maand, maanden[0])
    van, tot = _grenzen(gekozen)
    tellingen = await bezoek.portal.feedback.oordelen(titels, van=van, tot=tot)
    berichten: list[FeedbackBericht] = await bezoek.portal.feedback.over_diensten(titels, van=van, tot=tot)
    per_dienst = sorted(
        (
            Telling(
                dienst_id=dienst_id,
                titel=titels[dienst_id],
                per_oordeel={o: tellingen.get((dienst_id, o), 0) for o in OORDELEN},
                zonder_oordeel=sum(
                    n for (d, o), n in tellingen.items() if d == dienst_id and o not in OORDELEN
                ),
            )
            for dienst_id in {d for d, _ in tellingen}
        ),
        key=lambda t: (-t.totaal, t.titel.casefold()),
    )
    return bezoek.render(
        "pagina/beheer_feedback.html",
        status_code=400 if fouten else 200,
        fouten=fouten,
        maanden=[(k, format_date(m, "MMMM y", locale=bezoek.taal)) for k, m in keuzes.items()],
        maand=gekozen.strftime("%Y-%m"),
        maandnaam=format_date(gekozen, "MMMM y", locale=bezoek.taal),
        per_dienst=per_dienst,
        berichten=[b for b in berichten if b.tekst.strip()],
        titels=titels,
        oordelen=OORDELEN,
    )
