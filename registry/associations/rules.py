"""The register's rules: turning raw input into valid parts, and the invariants of the whole.

Paths in field errors use the API's own (camelCase) field names so a client can point at them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Final

from registry.associations.codes import HOOFDACTIVITEITEN, NIET_VAN_TOEPASSING, werkingsgebieden
from registry.associations.commands import (
    AdresIdInvoer,
    AdresInvoer,
    ContactgegevenInvoer,
    DoelgroepInvoer,
    LocatieInvoer,
    VertegenwoordigerInvoer,
)
from registry.associations.identifiers import normalise_insz
from registry.associations.model import (
    Adres,
    AdresId,
    Contactgegeven,
    Contactgegeventype,
    Doelgroep,
    Locatie,
    Locatietype,
    Vertegenwoordiger,
)
from registry.text import fold
from registry.validation import Checks

PathOf = Callable[[int], str]
ADRESSENREGISTER = re.compile(r"^https?://data\.vlaanderen\.be/id/adres/\d+$")

MAX_NAAM = 250
MAX_KORTE_NAAM = 80
MAX_KORTE_BESCHRIJVING = 500
MAX_BESCHRIJVING_CONTACTGEGEVEN = 128

# How many parts an association can hold; a longer list is refused before its items are read.
MAX_CONTACTGEGEVENS = 50
MAX_LOCATIES = 50
MAX_VERTEGENWOORDIGERS = 50
MAX_HOOFDACTIVITEITEN = len(HOOFDACTIVITEITEN)
MAX_WERKINGSGEBIEDEN = 50
MAXIMA: Final[Mapping[str, int]] = MappingProxyType(
    {
        "contactgegevens": MAX_CONTACTGEGEVENS,
        "locaties": MAX_LOCATIES,
        "vertegenwoordigers": MAX_VERTEGENWOORDIGERS,
        "hoofdactiviteitenVerenigingsloket": MAX_HOOFDACTIVITEITEN,
        "werkingsgebieden": MAX_WERKINGSGEBIEDEN,
    }
)
"""The most items of each list, by the API's field name."""

EERSTE_DATUM = date(1000, 1, 1)
"""No association started (or stopped) before this day."""
BELGIE = frozenset({"belgie", "belgium", "belgique", "belgien", "be"})
BELGISCHE_POSTCODE = re.compile(r"[1-9][0-9]{3}")


def join(prefix: str, veld: str) -> str:
    return f"{prefix}.{veld}" if prefix else veld


def contactgegeven(
    checks: Checks, invoer: ContactgegevenInvoer, *, prefix: str, contactgegeven_id: int
) -> Contactgegeven | None:
    soort = checks.choice(join(prefix, "contactgegeventype"), invoer.contactgegeventype, Contactgegeventype)
    waarde = contactgegeven_waarde(checks, soort, invoer.waarde, veld=join(prefix, "waarde"))
    beschrijving = checks.text(
        join(prefix, "beschrijving"),
        invoer.beschrijving,
        max_length=MAX_BESCHRIJVING_CONTACTGEGEVEN,
    )
    if soort is None or waarde is None:
        return None
    return Contactgegeven(
        contactgegeven_id=contactgegeven_id,
        contactgegeventype=soort,
        waarde=waarde,
        beschrijving=beschrijving,
        is_primair=invoer.is_primair,
    )


def contactgegeven_waarde(
    checks: Checks, soort: Contactgegeventype | None, value: str | None, *, veld: str
) -> str | None:
    match soort:
        case Contactgegeventype.EMAIL:
            return checks.email(veld, value, required=True)
        case Contactgegeventype.TELEFOON:
            return checks.phone(veld, value, required=True)
        case Contactgegeventype.WEBSITE | Contactgegeventype.SOCIAL_MEDIA:
            return checks.url(veld, value, required=True)
        case None:
            return checks.text(veld, value, required=True)


def adres(checks: Checks, invoer: AdresInvoer, *, prefix: str) -> Adres | None:
    values = {
        veld: checks.text(join(prefix, veld), getattr(invoer, veld), required=True, max_length=120)
        for veld in ("straatnaam", "huisnummer", "postcode", "gemeente")
    }
    busnummer = checks.text(join(prefix, "busnummer"), invoer.busnummer, max_length=20)
    land = checks.text(join(prefix, "land"), invoer.land, max_length=80) or "België"
    postcode = values["postcode"]
    if postcode is not None and fold(land) in BELGIE and not BELGISCHE_POSTCODE.fullmatch(postcode):
        checks.fail(join(prefix, "postcode"), "ongeldige_postcode")
    if any(value is None for value in values.values()):
        return None
    return Adres(busnummer=busnummer, land=land, **{k: v for k, v in values.items() if v is not None})


def adres_id(checks: Checks, invoer: AdresIdInvoer, *, prefix: str) -> AdresId | None:
    broncode = (invoer.broncode or "").strip()
    bronwaarde = (invoer.bronwaarde or "").strip()
    if broncode != "AR" or not ADRESSENREGISTER.match(bronwaarde):
        checks.fail(prefix, "ongeldig_adresid")
        return None
    return AdresId(broncode=broncode, bronwaarde=bronwaarde)


def locatie(checks: Checks, invoer: LocatieInvoer, *, prefix: str, locatie_id: int) -> Locatie | None:
    soort = checks.choice(join(prefix, "locatietype"), invoer.locatietype, Locatietype)
    if soort is Locatietype.MAATSCHAPPELIJKE_ZETEL:
        checks.fail(join(prefix, "locatietype"), "locatietype_voorbehouden", waarde=soort.value)
        soort = None
    naam = checks.text(join(prefix, "naam"), invoer.naam, max_length=128)
    built_adres = adres(checks, invoer.adres, prefix=join(prefix, "adres")) if invoer.adres else None
    built_id = adres_id(checks, invoer.adres_id, prefix=join(prefix, "adresId")) if invoer.adres_id else None
    if invoer.adres is None and invoer.adres_id is None:
        checks.fail(join(prefix, "adres"), "adres_of_adresid")
        return None
    if soort is None or (built_adres is None and built_id is None):
        return None
    return Locatie(
        locatie_id=locatie_id,
        locatietype=soort,
        is_primair=invoer.is_primair,
        naam=naam,
        adres=built_adres,
        adres_id=built_id,
    )


def insz(checks: Checks, value: str | None, *, veld: str) -> str | None:
    cleaned = checks.text(veld, value, required=True, max_length=20)
    if cleaned is None:
        return None
    normalised = normalise_insz(cleaned)
    if normalised is None:
        checks.fail(veld, "ongeldig_insz")
    return normalised


def vertegenwoordiger(
    checks: Checks, invoer: VertegenwoordigerInvoer, *, prefix: str, vertegenwoordiger_id: int
) -> Vertegenwoordiger | None:
    nummer = insz(checks, invoer.insz, veld=join(prefix, "insz"))
    voornaam = checks.text(join(prefix, "voornaam"), invoer.voornaam, required=True, max_length=100)
    achternaam = checks.text(join(prefix, "achternaam"), invoer.achternaam, required=True, max_length=100)
    fields = {
        "roepnaam": checks.text(join(prefix, "roepnaam"), invoer.roepnaam, max_length=100),
        "rol": checks.text(join(prefix, "rol"), invoer.rol, max_length=100),
        "email": checks.email(join(prefix, "email"), invoer.email),
        "telefoon": checks.phone(join(prefix, "telefoon"), invoer.telefoon),
        "mobiel": checks.phone(join(prefix, "mobiel"), invoer.mobiel),
        "social_media": checks.url(join(prefix, "socialMedia"), invoer.social_media),
    }
    if nummer is None or voornaam is None or achternaam is None:
        return None
    return Vertegenwoordiger(
        vertegenwoordiger_id=vertegenwoordiger_id,
        insz=nummer,
        voornaam=voornaam,
        achternaam=achternaam,
        is_primair=invoer.is_primair,
        **fields,
    )


def doelgroep(checks: Checks, invoer: DoelgroepInvoer | None, *, prefix: str = "doelgroep") -> Doelgroep:
    if invoer is None:
        return Doelgroep()
    minimum = 0 if invoer.minimumleeftijd is None else invoer.minimumleeftijd
    maximum = 150 if invoer.maximumleeftijd is None else invoer.maximumleeftijd
    valid = True
    for veld, leeftijd in (("minimumleeftijd", minimum), ("maximumleeftijd", maximum)):
        if not 0 <= leeftijd <= 150:
            checks.fail(join(prefix, veld), "leeftijd_bereik")
            valid = False
    if valid and minimum > maximum:
        checks.fail(join(prefix, "minimumleeftijd"), "minimum_boven_maximum")
    return Doelgroep(minimumleeftijd=minimum, maximumleeftijd=maximum)


def not_in_future(checks: Checks, veld: str, value: date | None, *, today: date) -> date | None:
    """A date of the association's life: not in the future, and not before `EERSTE_DATUM`."""
    if value is not None and value > today:
        checks.fail(veld, "datum_in_toekomst")
    elif value is not None and value < EERSTE_DATUM:
        checks.fail(veld, "datum_buiten_bereik", van=EERSTE_DATUM.isoformat(), tot=today.isoformat())
    return value


def codes(
    checks: Checks, veld: str, values: Sequence[str], known: Sequence[str] | dict[str, str]
) -> tuple[str, ...]:
    seen: dict[str, None] = {}  # ordered, and a lookup costs the same however long the list
    for index, raw in enumerate(values):
        code = raw.strip().upper()
        if code not in known:
            checks.fail(f"{veld}[{index}]", "onbekende_code", waarde=raw)
        elif code in seen:
            checks.fail(f"{veld}[{index}]", "dubbele_code", waarde=code)
        else:
            seen[code] = None
    return tuple(seen)


def hoofdactiviteiten(checks: Checks, values: Sequence[str]) -> tuple[str, ...]:
    if not checks.at_most("hoofdactiviteitenVerenigingsloket", values, MAX_HOOFDACTIVITEITEN):
        return ()
    return codes(checks, "hoofdactiviteitenVerenigingsloket", values, HOOFDACTIVITEITEN)


def werkingsgebieden_van(checks: Checks, values: Sequence[str]) -> tuple[str, ...]:
    if not checks.at_most("werkingsgebieden", values, MAX_WERKINGSGEBIEDEN):
        return ()
    result = codes(checks, "werkingsgebieden", values, werkingsgebieden())
    if NIET_VAN_TOEPASSING in result and len(result) > 1:
        checks.fail("werkingsgebieden", "nvt_exclusief")
    return result


def check_contactgegevens(checks: Checks, items: Sequence[Contactgegeven], path_of: PathOf) -> None:
    primair: set[Contactgegeventype] = set()
    seen: set[tuple[Contactgegeventype, str]] = set()
    for index, item in enumerate(items):
        key = (item.contactgegeventype, item.waarde.casefold())
        if key in seen:
            checks.fail(
                join(path_of(index), "waarde"),
                "dubbel_contactgegeven",
                type=item.contactgegeventype.value,
                waarde=item.waarde,
            )
        seen.add(key)
        if item.is_primair:
            if item.contactgegeventype in primair:
                checks.fail(
                    join(path_of(index), "isPrimair"),
                    "meerdere_primair",
                    soort=f"contactgegeven van het type {item.contactgegeventype.value}",
                )
            primair.add(item.contactgegeventype)


def check_locaties(checks: Checks, items: Sequence[Locatie], path_of: PathOf) -> None:
    primair = correspondentie = False
    seen: set[tuple[object, ...]] = set()
    for index, item in enumerate(items):
        if item.place in seen:
            checks.fail(join(path_of(index), "adres"), "dubbele_locatie")
        seen.add(item.place)
        if item.is_primair:
            if primair:
                checks.fail(join(path_of(index), "isPrimair"), "meerdere_primair", soort="locatie")
            primair = True
        if item.locatietype is Locatietype.CORRESPONDENTIE:
            if correspondentie:
                checks.fail(join(path_of(index), "locatietype"), "meerdere_correspondentie")
            correspondentie = True


def check_vertegenwoordigers(checks: Checks, items: Sequence[Vertegenwoordiger], path_of: PathOf) -> None:
    primair = False
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.insz in seen:
            checks.fail(join(path_of(index), "insz"), "dubbele_insz")
        seen.add(item.insz)
        if item.is_primair:
            if primair:
                checks.fail(join(path_of(index), "isPrimair"), "meerdere_primair", soort="vertegenwoordiger")
            primair = True
