"""What callers send to the register: raw, unvalidated input for each action."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Final, TypeAlias, TypeVar

T = TypeVar("T")


class Unset(Enum):
    """Marks a field the caller did not send (as opposed to sending null to clear it)."""

    UNSET = "UNSET"


UNSET: Final = Unset.UNSET

Maybe: TypeAlias = T | Unset


@dataclass(frozen=True)
class Actor:
    """Who makes a change (for the history): the person and on whose behalf they act."""

    door: str
    namens: str | None = None


@dataclass(frozen=True)
class AdresInvoer:
    straatnaam: str | None = None
    huisnummer: str | None = None
    busnummer: str | None = None
    postcode: str | None = None
    gemeente: str | None = None
    land: str | None = None


@dataclass(frozen=True)
class AdresIdInvoer:
    broncode: str | None = None
    bronwaarde: str | None = None


@dataclass(frozen=True)
class ContactgegevenInvoer:
    contactgegeventype: str
    waarde: str
    beschrijving: str | None = None
    is_primair: bool = False


@dataclass(frozen=True)
class ContactgegevenWijziging:
    waarde: Maybe[str] = UNSET
    beschrijving: Maybe[str | None] = UNSET
    is_primair: Maybe[bool] = UNSET


@dataclass(frozen=True)
class LocatieInvoer:
    locatietype: str
    is_primair: bool = False
    naam: str | None = None
    adres: AdresInvoer | None = None
    adres_id: AdresIdInvoer | None = None


@dataclass(frozen=True)
class LocatieWijziging:
    locatietype: Maybe[str] = UNSET
    is_primair: Maybe[bool] = UNSET
    naam: Maybe[str | None] = UNSET
    adres: Maybe[AdresInvoer | None] = UNSET
    adres_id: Maybe[AdresIdInvoer | None] = UNSET


@dataclass(frozen=True)
class VertegenwoordigerInvoer:
    insz: str
    voornaam: str
    achternaam: str
    roepnaam: str | None = None
    rol: str | None = None
    is_primair: bool = False
    email: str | None = None
    telefoon: str | None = None
    mobiel: str | None = None
    social_media: str | None = None


@dataclass(frozen=True)
class VertegenwoordigerWijziging:
    voornaam: Maybe[str] = UNSET
    achternaam: Maybe[str] = UNSET
    roepnaam: Maybe[str | None] = UNSET
    rol: Maybe[str | None] = UNSET
    is_primair: Maybe[bool] = UNSET
    email: Maybe[str | None] = UNSET
    telefoon: Maybe[str | None] = UNSET
    mobiel: Maybe[str | None] = UNSET
    social_media: Maybe[str | None] = UNSET


@dataclass(frozen=True)
class DoelgroepInvoer:
    minimumleeftijd: int | None = None
    maximumleeftijd: int | None = None


@dataclass(frozen=True)
class RegistratieInvoer:
    naam: str
    korte_naam: str | None = None
    korte_beschrijving: str | None = None
    startdatum: date | None = None
    doelgroep: DoelgroepInvoer | None = None
    hoofdactiviteiten: list[str] = field(default_factory=list)
    werkingsgebieden: list[str] = field(default_factory=list)
    contactgegevens: list[ContactgegevenInvoer] = field(default_factory=list)
    locaties: list[LocatieInvoer] = field(default_factory=list)
    vertegenwoordigers: list[VertegenwoordigerInvoer] = field(default_factory=list)


@dataclass(frozen=True)
class BasisgegevensWijziging:
    naam: Maybe[str] = UNSET
    korte_naam: Maybe[str | None] = UNSET
    korte_beschrijving: Maybe[str | None] = UNSET
    roepnaam: Maybe[str | None] = UNSET
    startdatum: Maybe[date | None] = UNSET
    doelgroep: Maybe[DoelgroepInvoer | None] = UNSET
    hoofdactiviteiten: Maybe[list[str]] = UNSET
    werkingsgebieden: Maybe[list[str]] = UNSET
