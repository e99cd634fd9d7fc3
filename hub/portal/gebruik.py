"""The operators' usage page: the figures `vloket rapport` gives, for the months asked (at most
three years at once), with requests started and new dossiers per service and feedback per page,
and the same as CSV. For those who run the loket only (the login role `VloketBeheerder`);
counts only, never a person (`registry.rapport`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from hub.portal.algemeen import BezoekDep
from hub.portal.cijfers import maandrijen
from hub.portal.web import Bezoek, PortalRefusal
from hub.security_headers import page_headers
from registry.kalender import maanden_tot
from registry.rapport import Cijfer, Gebruik
from registry.rapport.report import csv_of, months

router = APIRouter(include_in_schema=False)

MAX_MAANDEN = 36
PER_SLEUTEL = ("aanvragen", "dossiers", "feedback")
"""What is counted per service (requests, dossiers) or per page (feedback) as well."""


def _beheerder(bezoek: Bezoek) -> None:
    bezoek.aangemeld()
    if not bezoek.beheert_loket():
        raise PortalRefusal(
            bezoek.gettext("Alleen voor wie het V-loket beheert"),
            bezoek.gettext(
                "Deze pagina is voor wie het V-loket beheert. Hoeveel het gebruikt wordt, staat bij Cijfers."
            ),
            status_code=403,
        )


def _periode(bezoek: Bezoek, van: str, tot: str) -> tuple[str, str] | str:
    """The months asked, or what is wrong with them (in the visitor's words)."""
    try:
        eerste, laatste = months(
            van.strip()[:20] or None, tot.strip()[:20] or None, today=bezoek.portal.register.today()
        )
    except ValueError:
        return bezoek.gettext("Kies maanden als jjjj-mm, de eerste niet na de laatste.")
    einde = date(int(laatste[:4]), int(laatste[5:]), 1)
    if maanden_tot(einde, MAX_MAANDEN)[-1].strftime("%Y-%m") > eerste:
        return bezoek.gettext("Kies hoogstens %(aantal)d maanden tegelijk.", aantal=MAX_MAANDEN)
    return eerste, laatste


@router.get("/beheer/gebruik", response_class=HTMLResponse)
async def gebruik(bezoek: BezoekDep, van: str = "", tot: str = "") -> Response:
    _beheerder(bezoek)
    periode = _periode(bezoek, van, tot)
    if isinstance(periode, str):
        return bezoek.render(
            "pagina/gebruik.html",
            status_code=400,
            fout=periode,
            van=van[:20],
            tot=tot[:20],
            rijen=[],
            details={},
        )
    eerste, laatste = periode
    cijfers = await Gebruik(bezoek.portal.register.db).cijfers(eerste, laatste)
    details: dict[str, dict[str, int]] = {soort: defaultdict(int) for soort in PER_SLEUTEL}
    for cijfer in cijfers:
        if cijfer.soort in details and cijfer.sleutel:
            details[cijfer.soort][cijfer.sleutel] += cijfer.aantal
    rijen = maandrijen(cijfers, bezoek.taal)
    return bezoek.render(
        "pagina/gebruik.html",
        fout="",
        van=eerste,
        tot=laatste,
        rijen=rijen,
        details={
            soort: sorted(tellingen.items(), key=lambda t: (-t[1], t[0]))
            for soort, tellingen in details.items()
        },
    )


@router.get("/beheer/gebruik.csv")
async def gebruik_csv(bezoek: BezoekDep, van: str = "", tot: str = "") -> Response:
    """The same CSV as `vloket rapport --van --tot`."""
    _beheerder(bezoek)
    periode = _periode(bezoek, van, tot)
    if isinstance(periode, str):
        raise PortalRefusal(bezoek.gettext("Dit lukt niet"), periode, status_code=400)
    eerste, laatste = periode
    cijfers: list[Cijfer] = await Gebruik(bezoek.portal.register.db).cijfers(eerste, laatste)
    return Response(
        csv_of(cijfers).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            **page_headers(),
            "Cache-Control": "private, no-store",
            "Content-Disposition": f'attachment; filename="gebruik-{eerste}-{laatste}.csv"',
        },
    )
