"""What government knows about an association: the register's own facts and those the connected
systems report, side by side. Facts that disagree are shown as a conflict, never silently
resolved: the person sees which source says what and can correct it at that source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from connectors.sdk import Feit
from hub.routing import ServiceResult
from registry.associations.model import Contactgegeventype, Vereniging

REGISTER = "Verenigingsregister"


@dataclass(frozen=True)
class BronFeit:
    feit: Feit
    verouderd: bool = False
    """True when the source did not answer now and this is its last known answer."""


@dataclass(frozen=True)
class Conflict:
    naam: str
    feiten: tuple[BronFeit, ...]


@dataclass(frozen=True)
class GekendeGegevens:
    feiten: tuple[BronFeit, ...]
    conflicten: tuple[Conflict, ...]


def register_facts(vereniging: Vereniging, *, sinds: date | None) -> list[Feit]:
    """The register's own facts, in the names connectors use for the same things."""
    found = [("naam", vereniging.naam), ("vCode", vereniging.v_code)]
    if vereniging.kbo_nummer:
        found.append(("kboNummer", vereniging.kbo_nummer))
    if vereniging.startdatum:
        found.append(("startdatum", vereniging.startdatum.isoformat()))
    for soort, naam in (
        (Contactgegeventype.EMAIL, "e-mail"),
        (Contactgegeventype.TELEFOON, "telefoon"),
        (Contactgegeventype.WEBSITE, "website"),
    ):
        of_kind = [c for c in vereniging.contactgegevens if c.contactgegeventype == soort]
        chosen = next((c for c in of_kind if c.is_primair), of_kind[0] if of_kind else None)
        if chosen is not None:
            found.append((naam, chosen.waarde))
    adres = next(
        (
            loc.adres
            for loc in sorted(vereniging.locaties, key=lambda locatie: not locatie.is_primair)
            if loc.adres
        ),
        None,
    )
    if adres is not None:
        found.append(("adres", adres.voorstelling()))
    return [Feit(naam=naam, waarde=waarde, bron=REGISTER, datum=sinds) for naam, waarde in found]


_NOT_IN_NAME = re.compile(r"[^a-z0-9]")
_SPACE = re.compile(r"\s+")


def _name_key(naam: str) -> str:
    return _NOT_IN_NAME.sub("", naam.casefold())


def _value_key(waarde: str) -> str:
    return _SPACE.sub("", waarde.casefold())


def merge(register: list[Feit], reported: list[ServiceResult[list[Feit]]]) -> GekendeGegevens:
    feiten = [BronFeit(f) for f in register]
    feiten += [BronFeit(f, verouderd=result.stale) for result in reported for f in result.value]
    by_name: dict[str, list[BronFeit]] = {}
    for bron_feit in feiten:
        by_name.setdefault(_name_key(bron_feit.feit.naam), []).append(bron_feit)
    conflicten = [
        Conflict(naam=group[0].feit.naam, feiten=tuple(group))
        for group in by_name.values()
        if len({_value_key(b.feit.waarde) for b in group}) > 1
    ]
    return GekendeGegevens(feiten=tuple(feiten), conflicten=tuple(conflicten))
