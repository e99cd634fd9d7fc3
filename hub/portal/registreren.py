"""Portal pages: registering a new feitelijke vereniging, in a short wizard.

Three steps ask (1) the name, a short description and the start date, (2) the address and an
e-mail address, (3) the ages it is for and what it mainly does; the fourth shows everything
("Klopt dit?"). Each step is a POST form that carries the earlier answers in hidden fields: nothing
private reaches a URL and nothing is kept until the register accepts the registration.

Each step is checked by the register's own rules (`changes.registreer`, the dry run the register
itself makes before it allocates a vCode; nothing is stored), so a mistake shows at its step.
Registering goes through the register exactly as the GraphQL mutation `registreerFeitelijkeVereniging`
does: the person becomes a vertegenwoordiger, a suspected duplicate is asked about first
("Is dit uw vereniging?") and registered only when confirmed with the register's token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.auth.principal import Principal
from hub.portal.i18n import N_
from hub.portal.registratie_antwoorden import (
    OVERZICHT,
    STAPPEN,
    Antwoorden,
    Fouten,
    controleer,
    invoer_van,
    nummer,
)
from hub.portal.web import Bezoek, bezoek
from hub.registrant import met_registrant
from registry.associations.codes import HOOFDACTIVITEITEN
from registry.errors import PossibleDuplicate, RegisterError, ValidationFailed
from registry.toegangslog.service import Handeling

BezoekDep = Annotated[Bezoek, Depends(bezoek)]

BEVESTIGING_VERLOPEN = N_(
    "Uw bevestiging is verlopen of hoort bij andere gegevens. Kies opnieuw 'Registreren': "
    "we kijken dan opnieuw na of uw vereniging al in het register staat."
)
router = APIRouter(include_in_schema=False)


# --- the pages ----------------------------------------------------------------------------------


@router.get("/registreren", response_class=HTMLResponse)
async def begin(bezoek: BezoekDep) -> Response:
    bezoek.aangemeld()
    return _stap(bezoek, 1, Antwoorden(), wijzig=False)


@router.post("/registreren", response_class=HTMLResponse)
async def verder(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    persoon = bezoek.aangemeld()
    antwoorden = Antwoorden.uit(form)
    stap = nummer(form.get("stap"))
    wijzig = form.get("wijzig") == "1"
    knop = str(form.get("knop") or "volgende")
    if knop.startswith("wijzig-"):
        return _stap(bezoek, min(nummer(knop.removeprefix("wijzig-")), len(STAPPEN)), antwoorden, wijzig=True)
    if knop == "vorige":
        return _stap(bezoek, max(min(stap - 1, len(STAPPEN)), 1), antwoorden, wijzig=wijzig)
    if knop == "registreren":
        token = str(form.get("bevestigingstoken") or "") or None
        return await _registreer(bezoek, persoon, antwoorden, bevestigingstoken=token)
    if stap in STAPPEN:
        fouten = controleer(bezoek, antwoorden)
        if fouten.van_stap(stap):
            return _stap(bezoek, stap, antwoorden, wijzig=wijzig, fouten=fouten, status_code=400)
        if not wijzig and stap + 1 in STAPPEN:
            return _stap(bezoek, stap + 1, antwoorden, wijzig=False)
    return _overzicht(bezoek, antwoorden)


@router.get("/registreren/bestaat/{v_code}", response_class=HTMLResponse)
async def bestaat_al(bezoek: BezoekDep, v_code: str) -> Response:
    """'Ja, dit is onze vereniging': how to get access to it instead of registering it again."""
    persoon = bezoek.aangemeld()
    vereniging = await bezoek.portal.register.get(v_code.strip().upper())
    return bezoek.render(
        "pagina/registreren_bestaat.html",
        bestaande=vereniging,
        al_vertegenwoordiger=persoon.represents(vereniging),
    )


async def _registreer(
    bezoek: Bezoek, persoon: Principal, antwoorden: Antwoorden, *, bevestigingstoken: str | None
) -> Response:
    invoer, onleesbaar = invoer_van(antwoorden)
    if onleesbaar:
        return _geweigerd(
            bezoek, antwoorden, Fouten(velden={v: bezoek.gettext(t) for v, t in onleesbaar.items()})
        )
    try:
        geregistreerd = await bezoek.portal.register.registreer_feitelijke_vereniging(
            invoer=met_registrant(invoer, persoon), actor=persoon.actor(), bevestigingstoken=bevestigingstoken
        )
    except PossibleDuplicate as dubbel:
        return bezoek.render(
            "pagina/registreren_dubbel.html",
            status_code=409,
            kandidaten=dubbel.kandidaten,
            bevestigingstoken=dubbel.bevestigingstoken,
            verborgen=antwoorden.verborgen(),
            naam=invoer.naam.strip(),
        )
    except ValidationFailed as geweigerd:
        per_pad = bezoek.veldfouten(geweigerd)
        fouten = Fouten()
        if per_pad.pop("bevestigingstoken", None) is not None:
            fouten.algemeen.append(bezoek.gettext(BEVESTIGING_VERLOPEN))
        fouten.voeg_toe(per_pad)
        return _geweigerd(bezoek, antwoorden, fouten)
    await bezoek.log(geregistreerd.v_code, Handeling.GEWIJZIGD, "portaal: registratie")
    try:
        await bezoek.portal.authenticator.choose(persoon, geregistreerd.v_code)
    except RegisterError:
        # Registered, but the login did not name the person, so they are not its vertegenwoordiger.
        return bezoek.render(
            "pagina/bericht.html",
            titel=bezoek.gettext("Uw vereniging is geregistreerd"),
            bericht=bezoek.gettext(
                "Ze heeft het nummer %(vcode)s. Om namens haar te handelen, bel gratis 1700.",
                vcode=geregistreerd.v_code,
            ),
        )
    return bezoek.redirect("/")


def _geweigerd(bezoek: Bezoek, antwoorden: Antwoorden, fouten: Fouten) -> Response:
    """A refused registration: the first step with a problem, or the overview when the problem
    belongs to no field (an expired confirmation, for instance)."""
    stap = fouten.eerste_stap()
    if stap is None:
        return _overzicht(bezoek, antwoorden, algemeen=fouten.algemeen, status_code=400)
    return _stap(bezoek, stap, antwoorden, wijzig=True, fouten=fouten, status_code=400)


def _stap(
    bezoek: Bezoek,
    stap: int,
    antwoorden: Antwoorden,
    *,
    wijzig: bool,
    fouten: Fouten | None = None,
    status_code: int = 200,
) -> Response:
    return bezoek.render(
        "pagina/registreren.html",
        status_code=status_code,
        stap=stap,
        stappen=OVERZICHT,
        antwoorden=antwoorden,
        verborgen=antwoorden.verborgen(behalve=STAPPEN[stap]),
        fouten=(fouten or Fouten()).van_stap(stap),
        wijzig=wijzig,
        activiteiten=HOOFDACTIVITEITEN,
    )


def _overzicht(
    bezoek: Bezoek, antwoorden: Antwoorden, *, algemeen: Sequence[str] = (), status_code: int = 200
) -> Response:
    invoer, _ = invoer_van(antwoorden)
    return bezoek.render(
        "pagina/registreren_overzicht.html",
        status_code=status_code,
        stap=OVERZICHT,
        stappen=OVERZICHT,
        invoer=invoer,
        antwoorden=antwoorden,
        verborgen=antwoorden.verborgen(),
        activiteiten=HOOFDACTIVITEITEN,
        algemeen=" ".join(algemeen),
    )
