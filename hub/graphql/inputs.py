"""GraphQL input types and their translation into the register's commands.

Optional fields of the `Wijzig…` inputs distinguish "not sent" (left as it is) from `null`
(cleared).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import strawberry

from hub.graphql.bound import bounded
from registry.associations import commands, rules
from registry.associations.commands import UNSET, Maybe

T = TypeVar("T")


def optional(value: T | None) -> Maybe[T | None]:
    """UNSET when the client left the field out; else the value, None clearing it."""
    return UNSET if value is strawberry.UNSET else value


def required(value: T | None, *, null: T) -> Maybe[T]:
    """UNSET when the client left the field out; `null` (refused by the rules) when it sent null."""
    if value is strawberry.UNSET:
        return UNSET
    return null if value is None else value


@strawberry.input
class AdresInput:
    straatnaam: str
    huisnummer: str
    busnummer: str | None = None
    postcode: str
    gemeente: str
    land: str | None = None

    def command(self) -> commands.AdresInvoer:
        return commands.AdresInvoer(
            straatnaam=self.straatnaam,
            huisnummer=self.huisnummer,
            busnummer=self.busnummer,
            postcode=self.postcode,
            gemeente=self.gemeente,
            land=self.land,
        )


@strawberry.input(description="Verwijzing naar het adressenregister: broncode AR en de adres-URI.")
class AdresIdInput:
    broncode: str
    bronwaarde: str

    def command(self) -> commands.AdresIdInvoer:
        return commands.AdresIdInvoer(broncode=self.broncode, bronwaarde=self.bronwaarde)


@strawberry.input
class DoelgroepInput:
    minimumleeftijd: int | None = None
    maximumleeftijd: int | None = None

    def command(self) -> commands.DoelgroepInvoer:
        return commands.DoelgroepInvoer(
            minimumleeftijd=self.minimumleeftijd, maximumleeftijd=self.maximumleeftijd
        )


@strawberry.input
class ContactgegevenInput:
    contactgegeventype: str = strawberry.field(description="E-mail, Telefoon, Website of SocialMedia.")
    waarde: str
    beschrijving: str | None = None
    is_primair: bool = False

    def command(self) -> commands.ContactgegevenInvoer:
        return commands.ContactgegevenInvoer(
            contactgegeventype=self.contactgegeventype,
            waarde=self.waarde,
            beschrijving=self.beschrijving,
            is_primair=self.is_primair,
        )


@strawberry.input
class WijzigContactgegevenInput:
    waarde: str | None = strawberry.UNSET
    beschrijving: str | None = strawberry.UNSET
    is_primair: bool | None = strawberry.UNSET

    def command(self) -> commands.ContactgegevenWijziging:
        return commands.ContactgegevenWijziging(
            waarde=required(self.waarde, null=""),
            beschrijving=optional(self.beschrijving),
            is_primair=required(self.is_primair, null=False),
        )


@strawberry.input
class LocatieInput:
    locatietype: str = strawberry.field(description="Correspondentie of Activiteiten.")
    is_primair: bool = False
    naam: str | None = None
    adres: AdresInput | None = None
    adres_id: AdresIdInput | None = None

    def command(self) -> commands.LocatieInvoer:
        return commands.LocatieInvoer(
            locatietype=self.locatietype,
            is_primair=self.is_primair,
            naam=self.naam,
            adres=self.adres.command() if self.adres else None,
            adres_id=self.adres_id.command() if self.adres_id else None,
        )


@strawberry.input
class WijzigLocatieInput:
    locatietype: str | None = strawberry.UNSET
    is_primair: bool | None = strawberry.UNSET
    naam: str | None = strawberry.UNSET
    adres: AdresInput | None = strawberry.UNSET
    adres_id: AdresIdInput | None = strawberry.UNSET

    def command(self) -> commands.LocatieWijziging:
        return commands.LocatieWijziging(
            locatietype=required(self.locatietype, null=""),
            is_primair=required(self.is_primair, null=False),
            naam=optional(self.naam),
            adres=UNSET if self.adres is strawberry.UNSET else (self.adres.command() if self.adres else None),
            adres_id=(
                UNSET
                if self.adres_id is strawberry.UNSET
                else (self.adres_id.command() if self.adres_id else None)
            ),
        )


@strawberry.input
class VertegenwoordigerInput:
    insz: str = strawberry.field(description="Rijksregisternummer: 11 cijfers.")
    voornaam: str
    achternaam: str
    roepnaam: str | None = None
    rol: str | None = None
    is_primair: bool = False
    email: str | None = None
    telefoon: str | None = None
    mobiel: str | None = None
    social_media: str | None = None

    def command(self) -> commands.VertegenwoordigerInvoer:
        return commands.VertegenwoordigerInvoer(
            insz=self.insz,
            voornaam=self.voornaam,
            achternaam=self.achternaam,
            roepnaam=self.roepnaam,
            rol=self.rol,
            is_primair=self.is_primair,
            email=self.email,
            telefoon=self.telefoon,
            mobiel=self.mobiel,
            social_media=self.social_media,
        )


@strawberry.input
class WijzigVertegenwoordigerInput:
    voornaam: str | None = strawberry.UNSET
    achternaam: str | None = strawberry.UNSET
    roepnaam: str | None = strawberry.UNSET
    rol: str | None = strawberry.UNSET
    is_primair: bool | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    telefoon: str | None = strawberry.UNSET
    mobiel: str | None = strawberry.UNSET
    social_media: str | None = strawberry.UNSET

    def command(self) -> commands.VertegenwoordigerWijziging:
        return commands.VertegenwoordigerWijziging(
            voornaam=required(self.voornaam, null=""),
            achternaam=required(self.achternaam, null=""),
            roepnaam=optional(self.roepnaam),
            rol=optional(self.rol),
            is_primair=required(self.is_primair, null=False),
            email=optional(self.email),
            telefoon=optional(self.telefoon),
            mobiel=optional(self.mobiel),
            social_media=optional(self.social_media),
        )


@strawberry.input
class RegistreerFeitelijkeVerenigingInput:
    naam: str
    korte_naam: str | None = None
    korte_beschrijving: str | None = None
    startdatum: date | None = None
    doelgroep: DoelgroepInput | None = None
    hoofdactiviteiten_verenigingsloket: list[str] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_HOOFDACTIVITEITEN)
    )
    werkingsgebieden: list[str] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_WERKINGSGEBIEDEN)
    )
    contactgegevens: list[ContactgegevenInput] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_CONTACTGEGEVENS)
    )
    locaties: list[LocatieInput] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_LOCATIES)
    )
    vertegenwoordigers: list[VertegenwoordigerInput] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_VERTEGENWOORDIGERS)
    )

    def command(self) -> commands.RegistratieInvoer:
        return commands.RegistratieInvoer(
            naam=self.naam,
            korte_naam=self.korte_naam,
            korte_beschrijving=self.korte_beschrijving,
            startdatum=self.startdatum,
            doelgroep=self.doelgroep.command() if self.doelgroep else None,
            hoofdactiviteiten=list(self.hoofdactiviteiten_verenigingsloket),
            werkingsgebieden=list(self.werkingsgebieden),
            contactgegevens=[c.command() for c in self.contactgegevens],
            locaties=[loc.command() for loc in self.locaties],
            vertegenwoordigers=[v.command() for v in self.vertegenwoordigers],
        )


@strawberry.input
class WijzigBasisgegevensInput:
    naam: str | None = strawberry.UNSET
    korte_naam: str | None = strawberry.UNSET
    korte_beschrijving: str | None = strawberry.UNSET
    roepnaam: str | None = strawberry.UNSET
    startdatum: date | None = strawberry.UNSET
    doelgroep: DoelgroepInput | None = strawberry.UNSET
    hoofdactiviteiten_verenigingsloket: list[str] | None = strawberry.field(
        default=strawberry.UNSET, metadata=bounded(items=rules.MAX_HOOFDACTIVITEITEN)
    )
    werkingsgebieden: list[str] | None = strawberry.field(
        default=strawberry.UNSET, metadata=bounded(items=rules.MAX_WERKINGSGEBIEDEN)
    )

    def command(self) -> commands.BasisgegevensWijziging:
        return commands.BasisgegevensWijziging(
            naam=required(self.naam, null=""),
            korte_naam=optional(self.korte_naam),
            korte_beschrijving=optional(self.korte_beschrijving),
            roepnaam=optional(self.roepnaam),
            startdatum=optional(self.startdatum),
            doelgroep=(
                UNSET
                if self.doelgroep is strawberry.UNSET
                else (self.doelgroep.command() if self.doelgroep else None)
            ),
            hoofdactiviteiten=required(self.hoofdactiviteiten_verenigingsloket, null=[]),
            werkingsgebieden=required(self.werkingsgebieden, null=[]),
        )
