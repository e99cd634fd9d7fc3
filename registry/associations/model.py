"""The association as the register holds it (compatible with the Verenigingsregister model)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from registry.associations.codes import KBO_TYPES, Verenigingstype


class Bron(StrEnum):
    INITIATOR = "Initiator"
    KBO = "KBO"


class Contactgegeventype(StrEnum):
    EMAIL = "E-mail"
    TELEFOON = "Telefoon"
    WEBSITE = "Website"
    SOCIAL_MEDIA = "SocialMedia"


class Locatietype(StrEnum):
    CORRESPONDENTIE = "Correspondentie"
    ACTIVITEITEN = "Activiteiten"
    MAATSCHAPPELIJKE_ZETEL = "Maatschappelijke zetel volgens KBO"


class Status(StrEnum):
    ACTIEF = "Actief"
    GESTOPT = "Gestopt"


class Value(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
    )

    def document(self) -> dict[str, Any]:
        """The JSON form, in the register's own camelCase vocabulary."""
        return self.model_dump(mode="json", by_alias=True)


class Doelgroep(Value):
    minimumleeftijd: int = 0
    maximumleeftijd: int = 150


class Contactgegeven(Value):
    contactgegeven_id: int
    contactgegeventype: Contactgegeventype
    waarde: str
    beschrijving: str | None = None
    is_primair: bool = False
    bron: Bron = Bron.INITIATOR


class Adres(Value):
    straatnaam: str
    huisnummer: str
    busnummer: str | None = None
    postcode: str
    gemeente: str
    land: str = "België"

    def voorstelling(self) -> str:
        bus = f" bus {self.busnummer}" if self.busnummer else ""
        return f"{self.straatnaam} {self.huisnummer}{bus}, {self.postcode} {self.gemeente}, {self.land}"


class AdresId(Value):
    broncode: str
    bronwaarde: str


class Locatie(Value):
    locatie_id: int
    locatietype: Locatietype
    is_primair: bool = False
    naam: str | None = None
    adres: Adres | None = None
    adres_id: AdresId | None = None
    bron: Bron = Bron.INITIATOR

    @property
    def place(self) -> tuple[object, ...]:
        """What makes two locaties the same one (ids, bron and isPrimair aside); hashable."""
        return (self.locatietype, self.naam, self.adres, self.adres_id)


class Vertegenwoordiger(Value):
    vertegenwoordiger_id: int
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
    bron: Bron = Bron.INITIATOR


class Vereniging(Value):
    """The aggregate: every change replaces it whole and bumps `versie`."""

    v_code: str
    verenigingstype: Verenigingstype
    naam: str
    korte_naam: str | None = None
    korte_beschrijving: str | None = None
    roepnaam: str | None = None
    kbo_nummer: str | None = None
    rechtsvorm: str | None = None
    startdatum: date | None = None
    einddatum: date | None = None
    status: Status = Status.ACTIEF
    doelgroep: Doelgroep = Doelgroep()
    hoofdactiviteiten: tuple[str, ...] = Field(default=(), alias="hoofdactiviteitenVerenigingsloket")
    werkingsgebieden: tuple[str, ...] = ()
    contactgegevens: tuple[Contactgegeven, ...] = ()
    locaties: tuple[Locatie, ...] = ()
    vertegenwoordigers: tuple[Vertegenwoordiger, ...] = ()
    # Ids are never reused within an association, even after a removal.
    laatste_ids: dict[str, int] = {}
    versie: int = 0

    @property
    def uit_kbo(self) -> bool:
        return self.verenigingstype in KBO_TYPES

    @property
    def gemeenten(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(loc.adres.gemeente for loc in self.locaties if loc.adres))

    @property
    def postcodes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(loc.adres.postcode for loc in self.locaties if loc.adres))

    def next_id(self, soort: str) -> tuple[int, dict[str, int]]:
        nummer = self.laatste_ids.get(soort, 0) + 1
        return nummer, {**self.laatste_ids, soort: nummer}

    def represented_by(self, insz: str) -> bool:
        return any(v.insz == insz for v in self.vertegenwoordigers)


class Gebeurtenis(Value):
    """One change in the association's history: what, when, by whom, on whose behalf."""

    v_code: str
    versie: int
    gebeurtenis: str
    data: dict[str, Any]
    tijdstip: datetime
    door: str
    namens: str | None = None
