"""Onze gegevens: everything government knows about the association, grouped, each fact with its
source and date, and the register's data changed in place, one small form per part.

The register decides what may change: its rules refuse what only KBO may change, and the page
shows edit controls only where the register's model allows them (parts with bron KBO and the
KBO-held basisgegevens are shown read-only, with where to correct them). Every form carries the
version it was rendered from; when someone else changed the association meanwhile, the form
comes back (409) with the person's input kept, the new version, and what is stored now beside it.
The vCode acted on is always the active association, never a value from the form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hub.auth.principal import Principal, ensure_represents
from hub.portal import onderdelen
from hub.portal.i18n import N_
from hub.portal.onderdelen import Onderdeel, Soort, Waarde, Waarden
from hub.portal.web import Bezoek, bezoek, getal
from hub.profile.facts import REGISTER, BronFeit
from hub.wijziging import wijzig_namens
from registry.associations import changes
from registry.associations.codes import HOOFDACTIVITEITEN, NIET_VAN_TOEPASSING, werkingsgebieden
from registry.associations.commands import (
    UNSET,
    BasisgegevensWijziging,
    DoelgroepInvoer,
    Maybe,
)
from registry.associations.model import Status, Vereniging, Vertegenwoordiger
from registry.associations.service import Apply
from registry.errors import RegisterError, ValidationFailed, VersionConflict
from registry.toegangslog.service import Handeling

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
router = APIRouter(include_in_schema=False)

GELUKT: dict[str, str] = {
    "basisgegevens": N_("De basisgegevens zijn opgeslagen."),
    "contactgegeven-toegevoegd": N_("Het contactgegeven is toegevoegd."),
    "contactgegeven-gewijzigd": N_("Het contactgegeven is opgeslagen."),
    "contactgegeven-verwijderd": N_("Het contactgegeven is verwijderd."),
    "locatie-toegevoegd": N_("De locatie is toegevoegd."),
    "locatie-gewijzigd": N_("De locatie is opgeslagen."),
    "locatie-verwijderd": N_("De locatie is verwijderd."),
    "vertegenwoordiger-toegevoegd": N_("De vertegenwoordiger is toegevoegd."),
    "vertegenwoordiger-gewijzigd": N_("De vertegenwoordiger is opgeslagen."),
    "vertegenwoordiger-verwijderd": N_("De vertegenwoordiger is verwijderd."),
}
"""The success message after a change, by the flag in `/gegevens?gewijzigd=...` (never data)."""

ONGELDIGE_DATUM = N_("Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2015-09-01.")
ONGELDIGE_LEEFTIJD = N_("Schrijf een leeftijd in cijfers, bijvoorbeeld 12.")
NIET_VAN_TOEPASSING_TEKST = N_("Niet van toepassing")


# --- who acts, and changing through the register ----------------------------------------------


async def _vertegenwoordigd(bezoek: Bezoek) -> tuple[Vereniging, Principal]:
    """The active association, if the person (still) represents it; otherwise a 403 page."""
    vereniging = await bezoek.vereniging()
    return vereniging, ensure_represents(bezoek.persoon, vereniging)


async def _wijzig(bezoek: Bezoek, vereniging: Vereniging, versie: int, apply: Apply) -> Vereniging:
    """The same call as the GraphQL mutations make, on the active association only."""
    return await wijzig_namens(
        bezoek.portal.register, bezoek.aangemeld(), v_code=vereniging.v_code, versie=versie, apply=apply
    )


def _versie(form: FormData) -> int:
    """The version the form was rendered from; a missing one conflicts like an old one."""
    return getal(form.get("versie")) or 0


@dataclass
class Formulier:
    """What a form page shows besides the values: refusals, or a conflict with what is stored."""

    versie: int
    fouten: dict[str, str] = field(default_factory=dict)
    algemeen: str = ""
    conflict: bool = False
    verschillen: list[tuple[str, Waarde, Waarde]] = field(default_factory=list)
    """Per field that differs: what the person typed and what is stored now."""

    @property
    def status_code(self) -> int:
        return 409 if self.conflict else 400 if self.fouten or self.algemeen else 200


def _geweigerd(
    bezoek: Bezoek, refused: RegisterError, velden: Collection[str], *, prefix: str = "", versie: int
) -> Formulier:
    """The register's messages next to the fields they name; the rest above the form."""
    per_veld: dict[str, str] = {}
    overige: list[str] = []
    for pad, melding in bezoek.veldfouten(refused, prefix).items():
        veld = re.sub(r"\[\d+\]$", "", pad)
        if veld in velden:
            per_veld[veld] = f"{per_veld[veld]} {melding}" if veld in per_veld else melding
        else:
            overige.append(melding)
    if not per_veld and not overige:
        overige.append(bezoek.fout(refused))
    return Formulier(versie=versie, fouten=per_veld, algemeen=" ".join(overige))


def _verschillen(velden: Collection[str], ingevuld: Waarden, nu: Waarden) -> list[tuple[str, Waarde, Waarde]]:
    return [(v, ingevuld.get(v, ""), nu.get(v, "")) for v in velden if ingevuld.get(v, "") != nu.get(v, "")]


def _terug(sectie: str, vlag: str) -> str:
    return f"/gegevens?gewijzigd={vlag}#{sectie}"


# --- the page ----------------------------------------------------------------------------------


@router.get("/gegevens", response_class=HTMLResponse)
async def gegevens(bezoek: BezoekDep, gewijzigd: str = "") -> Response:
    vereniging, persoon = await _vertegenwoordigd(bezoek)
    gewijzigd_op: datetime | None = None

    async def sinds() -> datetime | None:  # read while the connected systems are asked
        nonlocal gewijzigd_op
        gewijzigd_op = await _gewijzigd_op(bezoek, vereniging.v_code)
        return gewijzigd_op

    gekend, failures = await bezoek.portal.profile.gekende_gegevens(persoon, vereniging, sinds=sinds)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: gegevens")
    bronnen: dict[str, list[BronFeit]] = {}
    for feit in gekend.feiten:
        if feit.feit.bron != REGISTER:
            bronnen.setdefault(feit.feit.bron, []).append(feit)
    return bezoek.render(
        "pagina/gegevens.html",
        vereniging=vereniging,
        gewijzigd_op=gewijzigd_op,
        wijzigbaar=vereniging.status is Status.ACTIEF,
        kbo_velden=set(changes.KBO_BASISGEGEVENS) if vereniging.uit_kbo else set(),
        gebieden=werkingsgebieden(),
        bronnen=bronnen,
        conflicten=gekend.conflicten,
        # A service that does not know the association has nothing to say about it: no failure.
        storingen=bezoek.storingen([f for f in failures if f.code != "NOT_FOUND"]),
        gelukt=GELUKT.get(gewijzigd, ""),
    )


async def _gewijzigd_op(bezoek: Bezoek, v_code: str) -> datetime | None:
    return (await bezoek.portal.register.gewijzigd_op([v_code])).get(v_code)


# --- basisgegevens -----------------------------------------------------------------------------

BASISGEGEVENS: dict[str, Soort] = {
    **dict.fromkeys(("naam", "korteNaam", "korteBeschrijving", "roepnaam", "startdatum"), Soort.TEKST),
    **dict.fromkeys(("minimumleeftijd", "maximumleeftijd"), Soort.TEKST),
    **dict.fromkeys(("hoofdactiviteitenVerenigingsloket", "werkingsgebieden"), Soort.LIJST),
}


def _basis_van(vereniging: Vereniging) -> Waarden:
    """The basisgegevens the register lets this association change, as its form shows them:
    for one from KBO not those KBO holds, and the roepnaam only for one from KBO."""
    document = vereniging.document()
    waarden = onderdelen.van({**document, **document["doelgroep"]}, BASISGEGEVENS)
    niet = [Vereniging.model_fields[n].alias or n for n in changes.KBO_BASISGEGEVENS]
    for naam in niet if vereniging.uit_kbo else ["roepnaam"]:
        del waarden[naam]
    return waarden


def _basis_uit(form: FormData) -> Waarden:
    waarden = onderdelen.lees(form, BASISGEGEVENS)
    nieuw = form.get("werkingsgebiedNieuw")
    if isinstance(nieuw, str) and nieuw:
        waarden["werkingsgebieden"] = tuple(
            dict.fromkeys([*onderdelen.lijst(waarden, "werkingsgebieden"), nieuw])
        )
    return waarden


def _basis_wijziging(w: Waarden) -> tuple[BasisgegevensWijziging | None, dict[str, str]]:
    """The change the form asks for, or what the portal could not read (a date, an age)."""
    fouten: dict[str, str] = {}
    startdatum: Maybe[date | None] = UNSET
    if "startdatum" in w:
        tekst = onderdelen.tekst(w, "startdatum").strip()
        try:
            startdatum = date.fromisoformat(tekst) if tekst else None
        except ValueError:
            fouten["startdatum"] = ONGELDIGE_DATUM
    leeftijden: dict[str, int | None] = {}
    for veld in ("minimumleeftijd", "maximumleeftijd"):
        tekst = onderdelen.tekst(w, veld).strip()
        leeftijd = getal(tekst, maximum=999)
        if tekst and leeftijd is None:
            fouten[veld] = ONGELDIGE_LEEFTIJD
        leeftijden[veld] = leeftijd
    if fouten:
        return None, fouten
    return BasisgegevensWijziging(
        naam=onderdelen.gezonden(w, "naam"),
        korte_naam=onderdelen.gezonden(w, "korteNaam"),
        korte_beschrijving=onderdelen.gezonden(w, "korteBeschrijving"),
        roepnaam=onderdelen.gezonden(w, "roepnaam"),
        startdatum=startdatum,
        doelgroep=DoelgroepInvoer(**leeftijden),
        hoofdactiviteiten=onderdelen.lijst(w, "hoofdactiviteitenVerenigingsloket"),
        werkingsgebieden=onderdelen.lijst(w, "werkingsgebieden"),
    ), {}


def _toon_basis(
    bezoek: Bezoek, vereniging: Vereniging, waarden: Waarden, formulier: Formulier
) -> HTMLResponse:
    return bezoek.render(
        "pagina/gegevens_basisgegevens.html",
        status_code=formulier.status_code,
        vereniging=vereniging,
        waarden=defaultdict(str, waarden),
        bewerkbaar=set(_basis_van(vereniging)),
        formulier=formulier,
        hoofdactiviteiten=list(HOOFDACTIVITEITEN),
        gebieden=werkingsgebieden(),
        gebieden_keuzes=[
            (code, bezoek.gettext(NIET_VAN_TOEPASSING_TEKST) if code == NIET_VAN_TOEPASSING else naam)
            for code, naam in werkingsgebieden().items()
        ],
    )


@router.get("/gegevens/basisgegevens/wijzigen", response_class=HTMLResponse)
async def basisgegevens_formulier(bezoek: BezoekDep) -> Response:
    vereniging, _ = await _vertegenwoordigd(bezoek)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: gegevens basisgegevens")
    return _toon_basis(bezoek, vereniging, _basis_van(vereniging), Formulier(versie=vereniging.versie))


@router.post("/gegevens/basisgegevens", response_class=HTMLResponse)
async def basisgegevens_bewaren(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = _versie(form)
    waarden = _basis_uit(form)
    wijziging, onleesbaar = _basis_wijziging(waarden)
    if wijziging is None:
        return _toon_basis(bezoek, vereniging, waarden, Formulier(versie=versie, fouten=onleesbaar))
    try:
        await _wijzig(
            bezoek,
            vereniging,
            versie,
            lambda v, checks: changes.wijzig_basisgegevens(
                v, wijziging, today=bezoek.portal.register.today(), checks=checks
            ),
        )
    except ValidationFailed as refused:
        velden = set(_basis_van(vereniging))
        geweigerd = _geweigerd(bezoek, refused, velden, prefix="doelgroep.", versie=versie)
        return _toon_basis(bezoek, vereniging, waarden, geweigerd)
    except VersionConflict:
        nu = await bezoek.portal.register.get(vereniging.v_code)
        opgeslagen = _basis_van(nu)
        verschillen = _verschillen(opgeslagen, waarden, opgeslagen)
        conflict = Formulier(versie=nu.versie, conflict=True, verschillen=verschillen)
        return _toon_basis(bezoek, nu, waarden, conflict)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, "portaal: basisgegevens gewijzigd")
    return bezoek.redirect(_terug("basisgegevens", "basisgegevens"))


# --- contactgegevens, locaties, vertegenwoordigers -------------------------------------------------


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
    vereniging, _ = await _vertegenwoordigd(bezoek)
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
    versie = _versie(form)
    velden = onderdeel.formvelden(nieuw=True)
    waarden = onderdelen.lees(form, velden)
    try:
        await _wijzig(bezoek, vereniging, versie, onderdeel.toevoegen(waarden))
    except ValidationFailed as refused:
        geweigerd = _geweigerd(
            bezoek, refused, {*velden, *onderdeel.groepen}, prefix=onderdeel.foutprefix, versie=versie
        )
        return _toon(bezoek, onderdeel, vereniging, item=None, waarden=waarden, formulier=geweigerd)
    except VersionConflict:
        nu = await bezoek.portal.register.get(vereniging.v_code)
        conflict = Formulier(versie=nu.versie, conflict=True)
        return _toon(bezoek, onderdeel, nu, item=None, waarden=waarden, formulier=conflict)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, f"portaal: {onderdeel.naam} toegevoegd")
    return bezoek.redirect(_terug(onderdeel.pad, f"{onderdeel.naam}-toegevoegd"))


@router.get("/gegevens/{pad}/{nummer}/wijzigen", response_class=HTMLResponse)
async def wijzig_formulier(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = onderdelen.zoek(pad)
    vereniging, _ = await _vertegenwoordigd(bezoek)
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
    versie = _versie(form)
    waarden = onderdelen.lees(form, onderdeel.velden)
    try:
        await _wijzig(bezoek, vereniging, versie, onderdeel.wijzigen(nummer, waarden))
    except ValidationFailed as refused:
        item = onderdeel.zoek(vereniging, nummer)
        velden = {*onderdeel.velden, *onderdeel.groepen}
        geweigerd = _geweigerd(bezoek, refused, velden, prefix=onderdeel.foutprefix, versie=versie)
        return _toon(bezoek, onderdeel, vereniging, item=item, waarden=waarden, formulier=geweigerd)
    except VersionConflict:
        nu = await bezoek.portal.register.get(vereniging.v_code)
        item = onderdeel.zoek(nu, nummer)
        opgeslagen = onderdelen.van(item.document(), onderdeel.velden)
        conflict = Formulier(
            versie=nu.versie, conflict=True, verschillen=_verschillen(onderdeel.velden, waarden, opgeslagen)
        )
        return _toon(bezoek, onderdeel, nu, item=item, waarden=waarden, formulier=conflict)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, f"portaal: {onderdeel.naam} gewijzigd")
    return bezoek.redirect(_terug(onderdeel.pad, f"{onderdeel.naam}-gewijzigd"))


def _toon_verwijderen(
    bezoek: Bezoek, onderdeel: Onderdeel[Any], vereniging: Vereniging, item: Any, formulier: Formulier
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
    vereniging, _ = await _vertegenwoordigd(bezoek)
    item = onderdeel.zoek(vereniging, nummer)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, f"portaal: gegevens {onderdeel.naam}")
    return _toon_verwijderen(bezoek, onderdeel, vereniging, item, Formulier(versie=vereniging.versie))


@router.post("/gegevens/{pad}/{nummer}/verwijderen", response_class=HTMLResponse)
async def verwijderen(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = onderdelen.zoek(pad)
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = _versie(form)
    item = onderdeel.zoek(vereniging, nummer)
    try:
        await _wijzig(bezoek, vereniging, versie, onderdeel.verwijderen(nummer))
    except ValidationFailed as refused:
        geweigerd = _geweigerd(bezoek, refused, (), versie=versie)
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
    return bezoek.redirect(_terug(onderdeel.pad, f"{onderdeel.naam}-verwijderd"))
