"""Portal pages: the association's notices (an offering that newly fits it, a deadline within 14
days), putting one away, and the access log (who viewed, changed or shared its private data).

Both are private: only a person who represents the association and acts for it sees them, the
same rule the GraphQL API applies (`ensure_represents`), and both readings are logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.auth.principal import ensure_may_change, ensure_may_grant, ensure_represents
from hub.portal.web import Bezoek, bezoek
from registry.errors import NotFound, ValidationFailed
from registry.meldingen.service import DEADLINE_DAGEN, Meldingsoort
from registry.toegangslog.service import Handeling

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
PER_PAGINA = 20
"""Access log entries on one page."""

router = APIRouter(include_in_schema=False)


@router.get("/meldingen", response_class=HTMLResponse)
async def meldingen(bezoek: BezoekDep, verborgen: str = "", mail: str = "") -> Response:
    return await meldingen_pagina(bezoek, gelukt=verborgen == "1", mail_bewaard=mail[:20])


async def meldingen_pagina(
    bezoek: Bezoek,
    *,
    gelukt: bool = False,
    fout: str = "",
    status_code: int = 200,
    mail_bewaard: str = "",
    mail_fouten: dict[str, str] | None = None,
    mail_waarden: dict[str, str] | None = None,
) -> Response:
    """The notices, and the choice of notices by mail (`mail_bewaard`: what was just saved,
    `mail_fouten`/`mail_waarden`: a refused choice, shown again with what is wrong)."""
    vereniging = await bezoek.vereniging()
    ensure_represents(bezoek.persoon, vereniging)
    voorkeur = None
    if bezoek.portal.mail is not None:
        voorkeur = await bezoek.portal.mail.voorkeuren.van(bezoek.aangemeld().actor().door, vereniging.v_code)
    alle = await bezoek.portal.meldingen.voor(vereniging)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: meldingen")
    return bezoek.render(
        "pagina/meldingen.html",
        status_code=status_code,
        vereniging=vereniging,
        dossiers=[m for m in alle if m.dossier is not None],
        deadlines=[m for m in alle if m.soort is Meldingsoort.DEADLINE],
        nieuw_aanbod=[m for m in alle if m.soort is Meldingsoort.NIEUW_AANBOD],
        deadline_dagen=DEADLINE_DAGEN,
        vandaag=bezoek.portal.register.today(),
        gelukt=gelukt,
        fout=fout,
        mail_beschikbaar=bezoek.portal.mail is not None,
        # Mail runs without a login, so only while the register itself names the person.
        mail_voor_mij=bezoek.persoon is not None
        and bezoek.persoon.insz is not None
        and vereniging.represented_by(bezoek.persoon.insz),
        voorkeur=voorkeur,
        mail_bewaard=mail_bewaard,
        mail_fouten=mail_fouten or {},
        mail_waarden=mail_waarden
        or {
            "email": (voorkeur.email if voorkeur else None) or "",
            "frequentie": voorkeur.frequentie.value if voorkeur else "direct",
            "taal": voorkeur.taal if voorkeur else bezoek.taal,
        },
    )


@router.post("/meldingen/verbergen", response_class=HTMLResponse)
async def verbergen(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    ensure_may_change(bezoek.persoon, vereniging)
    sleutel = str(form.get("sleutel") or "")
    try:
        await bezoek.portal.meldingen.verberg(vereniging.v_code, sleutel)
    except NotFound:
        fout = bezoek.gettext(
            "Die melding vinden we niet. Misschien is ze al weg. Hieronder staan uw meldingen."
        )
        return await meldingen_pagina(bezoek, fout=fout, status_code=404)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, f"portaal: melding {sleutel} verborgen")
    return bezoek.redirect("/meldingen?verborgen=1")


@router.get("/toegangslog", response_class=HTMLResponse)
async def toegangslog(bezoek: BezoekDep, after: str | None = None) -> Response:
    vereniging = await bezoek.vereniging()
    ensure_may_grant(bezoek.persoon, vereniging)  # it names people: not for mandatees
    try:
        pagina = await bezoek.portal.toegangslog.lees(vereniging.v_code, first=PER_PAGINA, after=after)
    except ValidationFailed:
        return bezoek.render(
            "pagina/bericht.html",
            status_code=400,
            titel=bezoek.gettext("Deze pagina bestaat niet"),
            bericht=bezoek.gettext(
                "De link naar deze pagina van het logboek klopt niet. "
                "Open 'Wie bekeek onze gegevens' opnieuw via het menu."
            ),
        )
    # Logged after reading, so the page shows the visits before this one.
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: toegangslog")
    return bezoek.render(
        "pagina/toegangslog.html",
        vereniging=vereniging,
        toegangen=pagina.items,
        volgende=pagina.volgende,
        eerste_pagina=after is None,
        bewaard=bezoek.portal.beleid.termijnen.toegangslog,
    )
