"""Portal pages for notices by mail: a representative chooses, per association, at once, a daily
digest or never, at an address confirmed by a link first; every mail's unsubscribe link works
without logging in, with one click from the mail program (RFC 8058) or a button on its page.

The confirmation and unsubscribe links are signed (`hub.mail.berichten`); a link that does not
match, or a confirmation link older than 48 hours, changes nothing and says so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.auth.principal import ensure_represents
from hub.portal.meldingen import meldingen_pagina
from hub.portal.web import Bezoek, PortalRefusal, bezoek
from registry.errors import NotFound, ValidationFailed
from registry.meldingen.bevestiging import BEVESTIGING_GELDIG
from registry.meldingen.voorkeur import Voorkeur
from registry.toegangslog.service import Handeling

if TYPE_CHECKING:  # (hub.mail writes in the portal's words: it imports this package)
    from hub.mail.rondes import Berichtgever

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
MAX_LINK = 64
"""Longest `t` a link holds (signatures are 24 characters)."""
ID = re.compile(r"[0-9a-f]{32}")
"""A choice's id as the links carry it."""

router = APIRouter(include_in_schema=False)


def _mail(bezoek: Bezoek) -> Berichtgever:
    if bezoek.portal.mail is None:
        raise PortalRefusal(
            bezoek.gettext("Geen meldingen per e-mail"),
            bezoek.gettext("Dit loket verstuurt geen e-mails. U leest uw meldingen op de pagina Meldingen."),
            status_code=404,
        )
    return bezoek.portal.mail


@router.post("/meldingen/mail", response_class=HTMLResponse)
async def kies(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    mail = _mail(bezoek)
    vereniging = await bezoek.vereniging()
    persoon = ensure_represents(bezoek.persoon, vereniging)
    waarden = {naam: str(form.get(naam) or "")[:400] for naam in ("email", "frequentie", "taal")}
    if persoon.insz is None or not vereniging.represented_by(persoon.insz):
        # Mail runs without a login, so only while the register itself names the person.
        raise PortalRefusal(
            bezoek.gettext("Geen meldingen per e-mail"),
            bezoek.gettext(
                "Meldingen per e-mail zijn er voor de vertegenwoordigers die in het register staan. "
                "U leest de meldingen op deze pagina."
            ),
            status_code=403,
        )
    try:
        voorkeur = await mail.voorkeuren.zet(
            persoon.actor().door,
            vereniging.v_code,
            frequentie=waarden["frequentie"],
            email=waarden["email"] or None,
            taal=waarden["taal"] or bezoek.taal,
            via_register=True,
        )
    except ValidationFailed as refused:
        return await meldingen_pagina(
            bezoek, status_code=400, mail_fouten=bezoek.veldfouten(refused), mail_waarden=waarden
        )
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, "portaal: meldingen per e-mail")
    if voorkeur.bevestiging_nodig and bezoek.portal.mail_gevraagd is not None:
        await bezoek.portal.mail_gevraagd()
    return bezoek.redirect(
        f"/meldingen?mail={'bevestigen' if voorkeur.bevestiging_nodig else 'bewaard'}#mail"
    )


@router.get("/meldingen/mail/bevestig", response_class=HTMLResponse)
async def bevestig_pagina(bezoek: BezoekDep, v: str = "", t: str = "") -> Response:
    """The confirmation link opened: a button, so a link checker that opens every link in a
    mail confirms nothing."""
    mail = _mail(bezoek)
    voorkeur = await _te_bevestigen(bezoek, mail, v, t)
    if voorkeur.bevestigd:
        return _bericht(bezoek, bezoek.gettext("Uw e-mailadres was al bevestigd."), voorkeur)
    return bezoek.render(
        "pagina/bevestigen.html",
        v=voorkeur.id,
        t=t[:MAX_LINK],
        email=voorkeur.email,
        naam=await _naam(bezoek, voorkeur),
    )


@router.post("/meldingen/mail/bevestig", response_class=HTMLResponse)
async def bevestig(bezoek: BezoekDep, v: str = "", t: str = "") -> Response:
    """Confirm the address: the signed link is the proof, no login is needed."""
    mail = _mail(bezoek)
    voorkeur = await _te_bevestigen(bezoek, mail, v, t)
    if voorkeur.bevestigd:
        return _bericht(bezoek, bezoek.gettext("Uw e-mailadres was al bevestigd."), voorkeur)
    vereniging = await bezoek.portal.register.get(voorkeur.v_code)
    # What is noticeable now counts as had: mail tells what is new from here on.
    bekend = [m.sleutel for m in await mail.meldingen.actueel(vereniging)]
    await mail.voorkeuren.bevestig(voorkeur.id, voorkeur.aangevraagd_op, al_bekend=bekend)
    return _bericht(
        bezoek, bezoek.gettext("Uw e-mailadres is bevestigd."), await mail.voorkeuren.get(voorkeur.id)
    )


async def _te_bevestigen(bezoek: Bezoek, mail: Berichtgever, v: str, t: str) -> Voorkeur:
    voorkeur = await _voorkeur(bezoek, mail, v)
    if voorkeur.email is None or not mail.opsteller.bevestig_klopt(voorkeur, t[:MAX_LINK]):
        raise _link_klopt_niet(bezoek)
    if not voorkeur.bevestigd and mail.clock() - voorkeur.aangevraagd_op > BEVESTIGING_GELDIG:
        raise PortalRefusal(
            bezoek.gettext("Deze link is verlopen"),
            bezoek.gettext(
                "Een bevestigingslink werkt 48 uur. Kies uw adres opnieuw op de pagina Meldingen: "
                "dan krijgt u een nieuwe link."
            ),
            status_code=410,
        )
    return voorkeur


@router.get("/meldingen/mail/afmelden", response_class=HTMLResponse)
async def afmelden_pagina(bezoek: BezoekDep, v: str = "", t: str = "") -> Response:
    """The unsubscribe link opened in a browser: a button, so a link checker that opens every
    link in a mail does not unsubscribe anyone."""
    mail = _mail(bezoek)
    voorkeur = await _gekend(bezoek, mail, v, t)
    return bezoek.render(
        "pagina/afmelden.html",
        v=voorkeur.id,
        t=t[:MAX_LINK],
        gedaan=False,
        naam=await _naam(bezoek, voorkeur),
    )


@router.post("/meldingen/mail/afmelden", response_class=HTMLResponse)
async def afmelden(bezoek: BezoekDep, v: str = "", t: str = "") -> Response:
    """One-click unsubscribe (RFC 8058): the mail program posts `List-Unsubscribe=One-Click`
    without cookies; the signed link is the proof. The button on the page posts here too."""
    mail = _mail(bezoek)
    voorkeur = await _gekend(bezoek, mail, v, t)
    await mail.voorkeuren.afmelden(voorkeur.id)
    return bezoek.render(
        "pagina/afmelden.html", v=voorkeur.id, t=t[:MAX_LINK], gedaan=True, naam=await _naam(bezoek, voorkeur)
    )


async def _gekend(bezoek: Bezoek, mail: Berichtgever, v: str, t: str) -> Voorkeur:
    voorkeur = await _voorkeur(bezoek, mail, v)
    if not mail.opsteller.afmelden_klopt(voorkeur, t[:MAX_LINK]):
        raise _link_klopt_niet(bezoek)
    return voorkeur


async def _voorkeur(bezoek: Bezoek, mail: Berichtgever, v: str) -> Voorkeur:
    if not ID.fullmatch(v):
        raise _link_klopt_niet(bezoek)
    try:
        return await mail.voorkeuren.get(v)
    except NotFound:
        raise _link_klopt_niet(bezoek) from None


async def _naam(bezoek: Bezoek, voorkeur: Voorkeur) -> str:
    gevonden = (await bezoek.portal.register.get_many([voorkeur.v_code])).get(voorkeur.v_code)
    return gevonden.naam if gevonden is not None else voorkeur.v_code


def _link_klopt_niet(bezoek: Bezoek) -> PortalRefusal:
    return PortalRefusal(
        bezoek.gettext("Deze link klopt niet"),
        bezoek.gettext(
            "De link is niet volledig of hoort bij een oudere mail. Kopieer de hele link uit de mail, "
            "of kies uw meldingen per e-mail op de pagina Meldingen."
        ),
        status_code=404,
    )


def _bericht(bezoek: Bezoek, tekst: str, voorkeur: Voorkeur) -> Response:
    if voorkeur.mailt:
        tekst += " " + bezoek.gettext("Nieuwe meldingen komen naar %(email)s.", email=voorkeur.email or "")
    return bezoek.render("pagina/bericht.html", titel=bezoek.gettext("Meldingen per e-mail"), bericht=tekst)
