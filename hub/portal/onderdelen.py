"""The parts of an association's register data that the portal's Onze gegevens page edits:
how a form's fields read as values, how a stored part shows as the same values, and, for the
parts that are lists (contactgegevens, locaties, vertegenwoordigers), which register action each
form asks for."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from starlette.datastructures import FormData

from registry.associations import onderdelen
from registry.associations.commands import (
    UNSET,
    AdresInvoer,
    ContactgegevenInvoer,
    ContactgegevenWijziging,
    LocatieInvoer,
    LocatieWijziging,
    Maybe,
    VertegenwoordigerInvoer,
    VertegenwoordigerWijziging,
)
from registry.associations.model import Contactgegeven, Locatie, Vereniging, Vertegenwoordiger
from registry.associations.service import Apply
from registry.errors import NotFound

Waarde = str | bool | tuple[str, ...]
Waarden = dict[str, Waarde]
"""A form's values by field name (the register's own field names where it has one)."""

Item = TypeVar("Item", Contactgegeven, Locatie, Vertegenwoordiger)


class Soort(Enum):
    TEKST = "tekst"
    VLAG = "vlag"
    LIJST = "lijst"


# --- reading a form and a part as the same values ----------------------------------------------


def lees(form: FormData, velden: Mapping[str, Soort]) -> Waarden:
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


def van(document: Mapping[str, Any], velden: Mapping[str, Soort]) -> Waarden:
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


def tekst(waarden: Waarden, naam: str) -> str:
    value = waarden.get(naam, "")
    return value if isinstance(value, str) else ""


def vlag(waarden: Waarden, naam: str) -> bool:
    return waarden.get(naam) is True


def lijst(waarden: Waarden, naam: str) -> list[str]:
    value = waarden.get(naam, ())
    return list(value) if isinstance(value, tuple) else []


def gezonden(waarden: Waarden, naam: str) -> Maybe[str]:
    """A text field the form did not have is left as it is."""
    return tekst(waarden, naam) if naam in waarden else UNSET


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
    def eigen_recht(self) -> bool:
        """Whether changing it is for a representative in their own right only (who represents
        the association): never for one acting through a mandate it granted."""
        return self.naam == "vertegenwoordiger"

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
        contactgegeventype=tekst(w, "contactgegeventype"),
        waarde=tekst(w, "waarde"),
        beschrijving=tekst(w, "beschrijving"),
        is_primair=vlag(w, "isPrimair"),
    )
    return lambda v, checks: onderdelen.voeg_contactgegeven_toe(v, invoer, checks=checks)


def _contactgegeven_wijzigen(nummer: int, w: Waarden) -> Apply:
    wijziging = ContactgegevenWijziging(
        waarde=tekst(w, "waarde"), beschrijving=tekst(w, "beschrijving"), is_primair=vlag(w, "isPrimair")
    )
    return lambda v, checks: onderdelen.wijzig_contactgegeven(v, nummer, wijziging, checks=checks)


ADRES = ("straatnaam", "huisnummer", "busnummer", "postcode", "gemeente", "land")


def _adres(w: Waarden) -> AdresInvoer | None:
    """None when every address field is empty (the register then says what is missing)."""
    if not any(tekst(w, veld).strip() for veld in ADRES):
        return None
    return AdresInvoer(**{veld: tekst(w, veld) for veld in ADRES})


def _locatie_toevoegen(w: Waarden) -> Apply:
    invoer = LocatieInvoer(
        locatietype=tekst(w, "locatietype"),
        is_primair=vlag(w, "isPrimair"),
        naam=tekst(w, "naam"),
        adres=_adres(w),
    )
    return lambda v, checks: onderdelen.voeg_locatie_toe(v, invoer, checks=checks)


def _locatie_wijzigen(nummer: int, w: Waarden) -> Apply:
    adres = _adres(w)
    wijziging = LocatieWijziging(
        locatietype=tekst(w, "locatietype"),
        is_primair=vlag(w, "isPrimair"),
        naam=tekst(w, "naam"),
        # Empty address fields leave the address as it is (one given by adresId, say).
        adres=UNSET if adres is None else adres,
    )
    return lambda v, checks: onderdelen.wijzig_locatie(v, nummer, wijziging, checks=checks)


VERTEGENWOORDIGER_TEKST = ("voornaam", "achternaam", "roepnaam", "rol", "email", "telefoon", "mobiel")


def _vertegenwoordiger_toevoegen(w: Waarden) -> Apply:
    invoer = VertegenwoordigerInvoer(
        insz=tekst(w, "insz"),
        is_primair=vlag(w, "isPrimair"),
        social_media=tekst(w, "socialMedia"),
        **{veld: tekst(w, veld) for veld in VERTEGENWOORDIGER_TEKST},
    )
    return lambda v, checks: onderdelen.voeg_vertegenwoordiger_toe(v, invoer, checks=checks)


def _vertegenwoordiger_wijzigen(nummer: int, w: Waarden) -> Apply:
    wijziging = VertegenwoordigerWijziging(
        is_primair=vlag(w, "isPrimair"),
        social_media=tekst(w, "socialMedia"),
        **{veld: tekst(w, veld) for veld in VERTEGENWOORDIGER_TEKST},
    )
    return lambda v, checks: onderdelen.wijzig_vertegenwoordiger(v, nummer, wijziging, checks=checks)


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
            verwijderen=lambda n: lambda v, c: onderdelen.verwijder_contactgegeven(v, n, checks=c),
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
            verwijderen=lambda n: lambda v, c: onderdelen.verwijder_locatie(v, n, checks=c),
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
            verwijderen=lambda n: lambda v, c: onderdelen.verwijder_vertegenwoordiger(v, n, checks=c),
        ),
    )
}


def zoek(pad: str) -> Onderdeel[Any]:
    found = ONDERDELEN.get(pad)
    if found is None:
        raise NotFound("pagina", f"/gegevens/{pad}")
    return found
