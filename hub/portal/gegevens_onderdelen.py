"""Onze gegevens, the association's parts: contactgegevens, locaties and vertegenwoordigers
added, changed and removed one at a time, each through the register's own rules, with the
version the form was rendered from (`formulier.py`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response

from hub.portal import onderdelen
from hub.portal.formulier import (
    Formulier,
    terug,
    verschillen_tussen,
    versie_van,
    weigering,
    wijzig,
    wijzigbaar,
)
from hub.portal.onderdelen import Onderdeel, Waarden
from hub.portal.web import Bezoek, bezoek
from registry.associations.model import Vereniging, Vertegenwoordiger
from registry.errors import ValidationFailed, VersionConflict
from registry.toegangslog.service import Handeling

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
router = APIRouter(include_in_schema=False)


def _toon(
    bezoek: Bezoek,
    onderdeel: Onderdeel[Any],
    vereniging: Vereniging,
    *,
    item: Any,
    waarden: Waarden,
    formulier: Formulier,
) -> HTMLResponse:
    nummer = None if item is None else onderdeel.id_van(item)
    return bezoek.render(
        onderdeel.sjabloon,
        status_code=formulier.status_code,
        vereniging=vereniging,
        onderdeel=onderdeel,
        item=item,
        # A field a crafted form left out shows empty.
        waarden=defaultdict(str, waarden),
        formulier=formulier,
        # Beside a new part that met a conflict: those there are now.
        huidige=onderdeel.items(vereniging) if item is None else (),
        actie=f"/gegevens/{onderdeel.pad}/{'nieuw' if nummer is None else nummer}",
    )


@router.get("/gegevens/{pad}/nieuw", response_class=HTMLResponse)
async def nieuw_formulier(bezoek: BezoekDep, pad: str) -> Response:
    onderdeel = onderdelen.zoek(pad)
    vereniging = await wijzigbaar(bezoek, eigen_recht=onderdeel.eigen_recht)
    waarden = onderdelen.van({}, onderdeel.formvelden(nieuw=True))
    return _toon(
        bezoek,
        onderdeel,
        vereniging,
        item=None,
        waarden=waarden,
        formulier=Formulier(versie=vereniging.versie),
    )


@router.post("/gegevens/{pad}/nieuw", response_class=HTMLResponse)
async def toevoegen(bezoek: BezoekDep, pad: str) -> Response:
    onderdeel = onderdelen.zoek(pad)
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = versie_van(form)
    velden = onderdeel.formvelden(nieuw=True)
    waarden = onderdelen.lees(form, velden)
    try:
        await wijzig(
            bezoek, vereniging, versie, onderdeel.toevoegen(waarden), eigen_recht=onderdeel.eigen_recht
        )
    except ValidationFailed as refused:
        geweigerd = weigering(
            bezoek, refused, {*velden, *onderdeel.groepen}, prefix=onderdeel.foutprefix, versie=versie
        )
        return _toon(bezoek, onderdeel, vereniging, item=None, waarden=waarden, formulier=geweigerd)
    except VersionConflict:
        nu = await bezoek.portal.register.get(vereniging.v_code)
        conflict = Formulier(versie=nu.versie, conflict=True)
        return _toon(bezoek, onderdeel, nu, item=None, waarden=waarden, formulier=conflict)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, f"portaal: {onderdeel.naam} toegevoegd")
    return bezoek.redirect(terug(onderdeel.pad, f"{onderdeel.naam}-toegevoegd"))


@router.get("/gegevens/{pad}/{nummer}/wijzigen", response_class=HTMLResponse)
async def wijzig_formulier(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = onderdelen.zoek(pad)
    vereniging = await wijzigbaar(bezoek, eigen_recht=onderdeel.eigen_recht)
    item = onderdeel.zoek(vereniging, nummer)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, f"portaal: gegevens {onderdeel.naam}")
    waarden = onderdelen.van(item.document(), onderdeel.velden)
    formulier = Formulier(versie=vereniging.versie)
    return _toon(bezoek, onderdeel, vereniging, item=item, waarden=waarden, formulier=formulier)


@router.post("/gegevens/{pad}/{nummer}", response_class=HTMLResponse)
async def wijzigen(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = onderdelen.zoek(pad)
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = versie_van(form)
    waarden = onderdelen.lees(form, onderdeel.velden)
    try:
        await wijzig(
            bezoek, vereniging, versie, onderdeel.wijzigen(nummer, waarden), eigen_recht=onderdeel.eigen_recht
        )
    except ValidationFailed as refused:
        item = onderdeel.zoek(vereniging, nummer)
        velden = {*onderdeel.velden, *onderdeel.groepen}
        geweigerd = weigering(bezoek, refused, velden, prefix=onderdeel.foutprefix, versie=versie)
        return _toon(bezoek, onderdeel, vereniging, item=item, waarden=waarden, formulier=geweigerd)
    except VersionConflict:
        nu = await bezoek.portal.register.get(vereniging.v_code)
        item = onderdeel.zoek(nu, nummer)
        opgeslagen = onderdelen.van(item.document(), onderdeel.velden)
        conflict = Formulier(
            versie=nu.versie,
            conflict=True,
            verschillen=verschillen_tussen(onderdeel.velden, waarden, opgeslagen),
        )
        return _toon(bezoek, onderdeel, nu, item=item, waarden=waarden, formulier=conflict)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, f"portaal: {onderdeel.naam} gewijzigd")
    return bezoek.redirect(terug(onderdeel.pad, f"{onderdeel.naam}-gewijzigd"))


def _toon_verwijderen(
    bezoek: Bezoek,
    onderdeel: Onderdeel[Any],
    vereniging: Vereniging,
    item: Any,
    formulier: Formulier,
) -> HTMLResponse:
    return bezoek.render(
        "pagina/gegevens_verwijderen.html",
        status_code=formulier.status_code,
        vereniging=vereniging,
        onderdeel=onderdeel,
        item=item,
        formulier=formulier,
        actie=f"/gegevens/{onderdeel.pad}/{onderdeel.id_van(item)}/verwijderen",
    )


@router.get("/gegevens/{pad}/{nummer}/verwijderen", response_class=HTMLResponse)
async def verwijder_vraag(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = onderdelen.zoek(pad)
    vereniging = await wijzigbaar(bezoek, eigen_recht=onderdeel.eigen_recht)
    item = onderdeel.zoek(vereniging, nummer)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, f"portaal: gegevens {onderdeel.naam}")
    return _toon_verwijderen(bezoek, onderdeel, vereniging, item, Formulier(versie=vereniging.versie))


@router.post("/gegevens/{pad}/{nummer}/verwijderen", response_class=HTMLResponse)
async def verwijderen(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = onderdelen.zoek(pad)
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = versie_van(form)
    item = onderdeel.zoek(vereniging, nummer)
    try:
        await wijzig(
            bezoek, vereniging, versie, onderdeel.verwijderen(nummer), eigen_recht=onderdeel.eigen_recht
        )
    except ValidationFailed as refused:
        geweigerd = weigering(bezoek, refused, (), versie=versie)
        return _toon_verwijderen(bezoek, onderdeel, vereniging, item, geweigerd)
    except VersionConflict:
        nu = await bezoek.portal.register.get(vereniging.v_code)
        conflict = Formulier(versie=nu.versie, conflict=True)
        return _toon_verwijderen(bezoek, onderdeel, nu, onderdeel.zoek(nu, nummer), conflict)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, f"portaal: {onderdeel.naam} verwijderd")
    persoon = bezoek.aangemeld()
    if isinstance(item, Vertegenwoordiger) and item.insz == persoon.insz:
        # Who removed themselves no longer acts for this association: choose again.
        return bezoek.redirect("/kies")
    return bezoek.redirect(terug(onderdeel.pad, f"{onderdeel.naam}-verwijderd"))
