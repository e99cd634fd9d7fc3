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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hub.auth.principal import Principal, ensure_represents
from hub.portal.i18n import N_
from hub.portal.web import Bezoek, bezoek, getal
from hub.profile.facts import REGISTER, BronFeit
from hub.wijziging import wijzig_namens
from registry.associations import changes
from registry.associations.codes import HOOFDACTIVITEITEN, NIET_VAN_TOEPASSING, werkingsgebieden
from registry.associations.commands import (
    UNSET,
    AdresInvoer,
    BasisgegevensWijziging,
    ContactgegevenInvoer,
    ContactgegevenWijziging,
    DoelgroepInvoer,
    LocatieInvoer,
    LocatieWijziging,
    Maybe,
    VertegenwoordigerInvoer,
    VertegenwoordigerWijziging,
)
from registry.associations.model import Contactgegeven, Locatie, Status, Vereniging, Vertegenwoordiger
from registry.associations.service import Apply
from registry.errors import NotFound, RegisterError, ValidationFailed, VersionConflict
from registry.toegangslog.service import Handeling

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
router = APIRouter(include_in_schema=False)

Waarde = str | bool | tuple[str, ...]
Waarden = dict[str, Waarde]
"""A form's values by field name (the register's own field names where it has one)."""

Item = TypeVar("Item", Contactgegeven, Locatie, Vertegenwoordiger)

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


class Soort(Enum):
    TEKST = "tekst"
    VLAG = "vlag"
    LIJST = "lijst"


# --- reading a form and a part as the same values ----------------------------------------------


def _lees(form: FormData, velden: Mapping[str, Soort]) -> Waarden:
    waarden: Waarden = {}
    for naam, soort in velden.items():
        gekozen = [str(v) for v in form.getlist(naam) if isinstance(v, str)]
        if soort is Soort.VLAG:
            waarden[naam] = "ja" in gekozen
        elif soort is Soort.LIJST:
            waarden[naam] = tuple(dict.fromkeys(v for v in gekozen if v))
        elif naam in form:
            waarden[naam] = gekozen[0] if gekozen else ""
    return waarden


def _van(document: Mapping[str, Any], velden: Mapping[str, Soort]) -> Waarden:
    """A part's stored values as its form shows them (an address flattened into its fields)."""
    plat = {**document, **(document.get("adres") or {})}
    waarden: Waarden = {}
    for naam, soort in velden.items():
        value = plat.get(naam)
        if soort is Soort.VLAG:
            waarden[naam] = bool(value)
        elif soort is Soort.LIJST:
            waarden[naam] = tuple(value or ())
        else:
            waarden[naam] = "" if value is None else str(value)
    return waarden


def _tekst(waarden: Waarden, naam: str) -> str:
    value = waarden.get(naam, "")
    return value if isinstance(value, str) else ""


def _vlag(waarden: Waarden, naam: str) -> bool:
    return waarden.get(naam) is True


def _lijst(waarden: Waarden, naam: str) -> list[str]:
    value = waarden.get(naam, ())
    return list(value) if isinstance(value, tuple) else []


def _gezonden(waarden: Waarden, naam: str) -> Maybe[str]:
    """A text field the form did not have is left as it is."""
    return _tekst(waarden, naam) if naam in waarden else UNSET


# --- the parts that are lists: contactgegevens, locaties, vertegenwoordigers -------------------


@dataclass(frozen=True)
class Onderdeel(Generic[Item]):
    """One kind of part: how its form reads, and which register action each form asks for."""

    naam: str
    """Singular, as the register names it (and the access log and success flag)."""
    pad: str
    """Plural: its URL under /gegevens/ and its section on the page."""
    velden: Mapping[str, Soort]
    nieuw_velden: Mapping[str, Soort]
    """Fields only a new part has (what the register does not let change afterwards)."""
    items: Callable[[Vereniging], Sequence[Item]]
    id_van: Callable[[Item], int]
    toevoegen: Callable[[Waarden], Apply]
    wijzigen: Callable[[int, Waarden], Apply]
    verwijderen: Callable[[int], Apply]
    groepen: tuple[str, ...] = ()
    """Fieldsets a refusal may point at as a whole (`veld-<naam>` in the form)."""
    foutprefix: str = ""

    @property
    def sjabloon(self) -> str:
        return f"pagina/gegevens_{self.naam}.html"

    def zoek(self, vereniging: Vereniging, nummer: int) -> Item:
        for item in self.items(vereniging):
            if self.id_van(item) == nummer:
                return item
        raise NotFound(self.naam, str(nummer))

    def formvelden(self, *, nieuw: bool) -> dict[str, Soort]:
        return {**self.nieuw_velden, **self.velden} if nieuw else dict(self.velden)


def _contactgegeven_toevoegen(w: Waarden) -> Apply:
    invoer = ContactgegevenInvoer(
        contactgegeventype=_tekst(w, "contactgegeventype"),
        waarde=_tekst(w, "waarde"),
        beschrijving=_tekst(w, "beschrijving"),
        is_primair=_vlag(w, "isPrimair"),
    )
    return lambda v, checks: changes.voeg_contactgegeven_toe(v, invoer, checks=checks)


def _contactgegeven_wijzigen(nummer: int, w: Waarden) -> Apply:
    wijziging = ContactgegevenWijziging(
        waarde=_tekst(w, "waarde"), beschrijving=_tekst(w, "beschrijving"), is_primair=_vlag(w, "isPrimair")
    )
    return lambda v, checks: changes.wijzig_contactgegeven(v, nummer, wijziging, checks=checks)


ADRES = ("straatnaam", "huisnummer", "busnummer", "postcode", "gemeente", "land")


def _adres(w: Waarden) -> AdresInvoer | None:
    """None when every address field is empty (the register then says what is missing)."""
    if not any(_tekst(w, veld).strip() for veld in ADRES):
        return None
    return AdresInvoer(**{veld: _tekst(w, veld) for veld in ADRES})


def _locatie_toevoegen(w: Waarden) -> Apply:
    invoer = LocatieInvoer(
        locatietype=_tekst(w, "locatietype"),
        is_primair=_vlag(w, "isPrimair"),
        naam=_tekst(w, "naam"),
        adres=_adres(w),
    )
    return lambda v, checks: changes.voeg_locatie_toe(v, invoer, checks=checks)


def _locatie_wijzigen(nummer: int, w: Waarden) -> Apply:
    adres = _adres(w)
    wijziging = LocatieWijziging(
        locatietype=_tekst(w, "locatietype"),
        is_primair=_vlag(w, "isPrimair"),
        naam=_tekst(w, "naam"),
        # Empty address fields leave the address as it is (one given by adresId, say).
        adres=UNSET if adres is None else adres,
    )
    return lambda v, checks: changes.wijzig_locatie(v, nummer, wijziging, checks=checks)


VERTEGENWOORDIGER_TEKST = ("voornaam", "achternaam", "roepnaam", "rol", "email", "telefoon", "mobiel")


def _vertegenwoordiger_toevoegen(w: Waarden) -> Apply:
    invoer = VertegenwoordigerInvoer(
        insz=_tekst(w, "insz"),
        is_primair=_vlag(w, "isPrimair"),
        social_media=_tekst(w, "socialMedia"),
        **{veld: _tekst(w, veld) for veld in VERTEGENWOORDIGER_TEKST},
    )
    return lambda v, checks: changes.voeg_vertegenwoordiger_toe(v, invoer, checks=checks)


def _vertegenwoordiger_wijzigen(nummer: int, w: Waarden) -> Apply:
    wijziging = VertegenwoordigerWijziging(
        is_primair=_vlag(w, "isPrimair"),
        social_media=_tekst(w, "socialMedia"),
        **{veld: _tekst(w, veld) for veld in VERTEGENWOORDIGER_TEKST},
    )
    return lambda v, checks: changes.wijzig_vertegenwoordiger(v, nummer, wijziging, checks=checks)


T, V = Soort.TEKST, Soort.VLAG
ONDERDELEN: dict[str, Onderdeel[Any]] = {
    o.pad: o
    for o in (
        Onderdeel[Contactgegeven](
            naam="contactgegeven",
            pad="contactgegevens",
            velden={"waarde": T, "beschrijving": T, "isPrimair": V},
            nieuw_velden={"contactgegeventype": T},
            items=lambda v: v.contactgegevens,
            id_van=lambda c: c.contactgegeven_id,
            toevoegen=_contactgegeven_toevoegen,
            wijzigen=_contactgegeven_wijzigen,
            verwijderen=lambda n: lambda v, c: changes.verwijder_contactgegeven(v, n, checks=c),
        ),
        Onderdeel[Locatie](
            naam="locatie",
            pad="locaties",
            velden={"locatietype": T, "naam": T, **dict.fromkeys(ADRES, T), "isPrimair": V},
            nieuw_velden={},
            items=lambda v: v.locaties,
            id_van=lambda loc: loc.locatie_id,
            toevoegen=_locatie_toevoegen,
            wijzigen=_locatie_wijzigen,
            verwijderen=lambda n: lambda v, c: changes.verwijder_locatie(v, n, checks=c),
            groepen=("adres",),
            foutprefix="adres.",
        ),
        Onderdeel[Vertegenwoordiger](
            naam="vertegenwoordiger",
            pad="vertegenwoordigers",
            velden={
                **dict.fromkeys(("voornaam", "achternaam", "roepnaam", "rol"), T),
                **dict.fromkeys(("email", "telefoon", "mobiel", "socialMedia"), T),
                "isPrimair": V,
            },
            nieuw_velden={"insz": T},
            items=lambda v: v.vertegenwoordigers,
            id_van=lambda v: v.vertegenwoordiger_id,
            toevoegen=_vertegenwoordiger_toevoegen,
            wijzigen=_vertegenwoordiger_wijzigen,
            verwijderen=lambda n: lambda v, c: changes.verwijder_vertegenwoordiger(v, n, checks=c),
        ),
    )
}


def _onderdeel(pad: str) -> Onderdeel[Any]:
    found = ONDERDELEN.get(pad)
    if found is None:
        raise NotFound("pagina", f"/gegevens/{pad}")
    return found


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
    waarden = _van({**document, **document["doelgroep"]}, BASISGEGEVENS)
    niet = [Vereniging.model_fields[n].alias or n for n in changes.KBO_BASISGEGEVENS]
    for naam in niet if vereniging.uit_kbo else ["roepnaam"]:
        del waarden[naam]
    return waarden


def _basis_uit(form: FormData) -> Waarden:
    waarden = _lees(form, BASISGEGEVENS)
    nieuw = form.get("werkingsgebiedNieuw")
    if isinstance(nieuw, str) and nieuw:
        waarden["werkingsgebieden"] = tuple(dict.fromkeys([*_lijst(waarden, "werkingsgebieden"), nieuw]))
    return waarden


def _basis_wijziging(w: Waarden) -> tuple[BasisgegevensWijziging | None, dict[str, str]]:
    """The change the form asks for, or what the portal could not read (a date, an age)."""
    fouten: dict[str, str] = {}
    startdatum: Maybe[date | None] = UNSET
    if "startdatum" in w:
        tekst = _tekst(w, "startdatum").strip()
        try:
            startdatum = date.fromisoformat(tekst) if tekst else None
        except ValueError:
            fouten["startdatum"] = ONGELDIGE_DATUM
    leeftijden: dict[str, int | None] = {}
    for veld in ("minimumleeftijd", "maximumleeftijd"):
        tekst = _tekst(w, veld).strip()
        leeftijd = getal(tekst, maximum=999)
        if tekst and leeftijd is None:
            fouten[veld] = ONGELDIGE_LEEFTIJD
        leeftijden[veld] = leeftijd
    if fouten:
        return None, fouten
    return BasisgegevensWijziging(
        naam=_gezonden(w, "naam"),
        korte_naam=_gezonden(w, "korteNaam"),
        korte_beschrijving=_gezonden(w, "korteBeschrijving"),
        roepnaam=_gezonden(w, "roepnaam"),
        startdatum=startdatum,
        doelgroep=DoelgroepInvoer(**leeftijden),
        hoofdactiviteiten=_lijst(w, "hoofdactiviteitenVerenigingsloket"),
        werkingsgebieden=_lijst(w, "werkingsgebieden"),
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
    onderdeel = _onderdeel(pad)
    vereniging, _ = await _vertegenwoordigd(bezoek)
    waarden = _van({}, onderdeel.formvelden(nieuw=True))
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
    onderdeel = _onderdeel(pad)
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = _versie(form)
    velden = onderdeel.formvelden(nieuw=True)
    waarden = _lees(form, velden)
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
    onderdeel = _onderdeel(pad)
    vereniging, _ = await _vertegenwoordigd(bezoek)
    item = onderdeel.zoek(vereniging, nummer)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, f"portaal: gegevens {onderdeel.naam}")
    waarden = _van(item.document(), onderdeel.velden)
    formulier = Formulier(versie=vereniging.versie)
    return _toon(bezoek, onderdeel, vereniging, item=item, waarden=waarden, formulier=formulier)


@router.post("/gegevens/{pad}/{nummer}", response_class=HTMLResponse)
async def wijzigen(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = _onderdeel(pad)
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = _versie(form)
    waarden = _lees(form, onderdeel.velden)
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
        opgeslagen = _van(item.document(), onderdeel.velden)
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
    onderdeel = _onderdeel(pad)
    vereniging, _ = await _vertegenwoordigd(bezoek)
    item = onderdeel.zoek(vereniging, nummer)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, f"portaal: gegevens {onderdeel.naam}")
    return _toon_verwijderen(bezoek, onderdeel, vereniging, item, Formulier(versie=vereniging.versie))


@router.post("/gegevens/{pad}/{nummer}/verwijderen", response_class=HTMLResponse)
async def verwijderen(bezoek: BezoekDep, pad: str, nummer: int) -> Response:
    onderdeel = _onderdeel(pad)
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
