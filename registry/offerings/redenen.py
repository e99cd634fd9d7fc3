"""Why an offering fits an association, and how well: one Reden per criterion the offering
restricts, in plain Dutch that names the actual places, activities, types and ages (by their
names in the code lists, never their codes), and the score those criteria add up to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from registry.associations.codes import (
    HOOFDACTIVITEITEN,
    NIET_VAN_TOEPASSING,
    VERENIGINGSTYPE_NAMEN,
    Verenigingstype,
    naam_van_werkingsgebied,
)
from registry.associations.model import Doelgroep, Vereniging
from registry.offerings.gebieden import OVERAL, toepassingsgebieden
from registry.offerings.model import DienstInhoud, Reden

PROVINCIECODE_LENGTE: Final = 4
"""A province is a NUTS2 code (`BE23`); a municipality code (`BE23444021`) starts with it."""

JONGSTE: Final = 0
OUDSTE: Final = 150
GEWICHT_GEMEENTE: Final = 2
GEWICHT_PROVINCIE: Final = 1


class Criterium(StrEnum):
    """The criterion a Reden is about: the names of the `Criteria` fields, plus `algemeen` for an
    offering without any restriction."""

    WERKINGSGEBIEDEN = "werkingsgebieden"
    HOOFDACTIVITEITEN = "hoofdactiviteiten"
    VERENIGINGSTYPES = "verenigingstypes"
    DOELGROEP = "doelgroep"
    ALGEMEEN = "algemeen"


VOOR_IEDEREEN: Final = Reden(criterium=Criterium.ALGEMEEN, uitleg="Voor alle verenigingen.")


@dataclass(frozen=True, slots=True)
class Profiel:
    """What an offering asks of an association, normalised: the criteria it restricts."""

    types: frozenset[str]
    hoofdactiviteiten: frozenset[str]
    gebieden: tuple[str, ...]
    leeftijden: tuple[int, int] | None

    @classmethod
    def van(cls, inhoud: DienstInhoud) -> Profiel:
        """Place as search sees it too: the criteria's werkingsgebieden, or, naming none, where
        the administration governs (a municipality's offering is for that municipality)."""
        criteria = inhoud.criteria
        doelgroep = criteria.doelgroep
        leeftijden: tuple[int, int] | None = None
        # a doelgroep of all ages excludes no one
        if doelgroep is not None and (
            doelgroep.minimumleeftijd > JONGSTE or doelgroep.maximumleeftijd < OUDSTE
        ):
            leeftijden = (doelgroep.minimumleeftijd, doelgroep.maximumleeftijd)
        return cls(
            types=frozenset(criteria.verenigingstypes),
            hoofdactiviteiten=frozenset(code.strip().upper() for code in criteria.hoofdactiviteiten),
            gebieden=plaatsen(code for code in toepassingsgebieden(inhoud) if code != OVERAL),
            leeftijden=leeftijden,
        )


class Uitleg:
    """Explains and scores profiles for one association; profiles sharing a criterion value
    share its Reden."""

    def __init__(self, vereniging: Vereniging, gebieden: tuple[str, ...]) -> None:
        self._doelgroep = vereniging.doelgroep
        self._activiteiten = frozenset(code.strip().upper() for code in vereniging.hoofdactiviteiten)
        self._gebieden = gebieden
        self._type = verenigingstype(vereniging.verenigingstype)
        self._per_activiteiten: dict[frozenset[str], Reden] = {}
        self._per_gebieden: dict[tuple[str, ...], tuple[Reden, int]] = {}
        self._per_leeftijden: dict[tuple[int, int], Reden] = {}

    def van(self, profiel: Profiel) -> tuple[tuple[Reden, ...], float]:
        """The redenen a fitting profile fits for, and its score. Place counts two when the
        offering holds in a municipality, one for a province; every other criterion one."""
        gevonden: list[Reden] = []
        score = 0
        if profiel.gebieden:
            reden, gewicht = self._gebied(profiel.gebieden)
            gevonden.append(reden)
            score += gewicht
        if profiel.hoofdactiviteiten:
            gevonden.append(self._activiteit(profiel.hoofdactiviteiten & self._activiteiten))
            score += 1
        if profiel.types:
            gevonden.append(self._type)
            score += 1
        if profiel.leeftijden is not None:
            gevonden.append(self._leeftijden(profiel.leeftijden))
            score += 1
        return tuple(gevonden) or (VOOR_IEDEREEN,), float(score)

    def _gebied(self, aanbod: tuple[str, ...]) -> tuple[Reden, int]:
        if aanbod not in self._per_gebieden:
            paren = [
                (eigen, daar)
                for daar in aanbod
                for eigen in self._gebieden
                if binnen(eigen, daar) or binnen(daar, eigen)
            ]
            gemeentelijk = any(is_gemeente(daar) for _, daar in paren)
            gewicht = GEWICHT_GEMEENTE if gemeentelijk else GEWICHT_PROVINCIE
            self._per_gebieden[aanbod] = (werkingsgebieden(paren), gewicht)
        return self._per_gebieden[aanbod]

    def _activiteit(self, gemeenschappelijk: frozenset[str]) -> Reden:
        if gemeenschappelijk not in self._per_activiteiten:
            self._per_activiteiten[gemeenschappelijk] = hoofdactiviteiten(gemeenschappelijk)
        return self._per_activiteiten[gemeenschappelijk]

    def _leeftijden(self, leeftijden: tuple[int, int]) -> Reden:
        if leeftijden not in self._per_leeftijden:
            self._per_leeftijden[leeftijden] = doelgroep(leeftijden, self._doelgroep)
        return self._per_leeftijden[leeftijden]


def plaatsen(codes: Iterable[str]) -> tuple[str, ...]:
    """The places among werkingsgebied `codes`, normalised; `NVT` is not a place."""
    genormaliseerd = (code.strip().upper() for code in codes)
    return tuple(dict.fromkeys(code for code in genormaliseerd if code and code != NIET_VAN_TOEPASSING))


def is_gemeente(code: str) -> bool:
    return len(code) > PROVINCIECODE_LENGTE


def binnen(kleiner: str, groter: str) -> bool:
    """True when area `kleiner` lies in area `groter` (or is it)."""
    return kleiner == groter or (not is_gemeente(groter) and kleiner.startswith(groter))


def opsomming(namen: Sequence[str], voegwoord: str = "en") -> str:
    """`A`, `A en B`, `A, B en C`."""
    if len(namen) <= 1:
        return "".join(namen)
    return f"{', '.join(namen[:-1])} {voegwoord} {namen[-1]}"


def plaatsnaam(code: str) -> str:
    """The area's name as it reads inside a sentence: `Gent`, `de provincie Oost-Vlaanderen`."""
    naam = naam_van_werkingsgebied(code)
    if naam.startswith("Provincie "):
        return "de provincie " + naam.removeprefix("Provincie ")
    if naam.endswith("Gewest"):
        return "het " + naam
    return naam


def verenigingstype(soort: Verenigingstype) -> Reden:
    naam = VERENIGINGSTYPE_NAMEN[soort]
    return Reden(
        criterium=Criterium.VERENIGINGSTYPES,
        uitleg=f"Voor verenigingen van het type {naam[0].lower()}{naam[1:]}, zoals de uwe.",
    )


def hoofdactiviteiten(gemeenschappelijk: Iterable[str]) -> Reden:
    namen = sorted(HOOFDACTIVITEITEN.get(code, code) for code in gemeenschappelijk)
    return Reden(
        criterium=Criterium.HOOFDACTIVITEITEN,
        uitleg=f"Voor verenigingen met hoofdactiviteit {opsomming(namen, 'of')}.",
    )


def leeftijden(minimum: int, maximum: int) -> str:
    if minimum <= JONGSTE and maximum >= OUDSTE:
        return "alle leeftijden"
    if minimum <= JONGSTE:
        return f"tot en met {maximum} jaar"
    if maximum >= OUDSTE:
        return f"{minimum} jaar en ouder"
    return f"{minimum} tot en met {maximum} jaar"


def doelgroep(aanbod: tuple[int, int], vereniging: Doelgroep) -> Reden:
    eigen = leeftijden(vereniging.minimumleeftijd, vereniging.maximumleeftijd)
    return Reden(
        criterium=Criterium.DOELGROEP,
        uitleg=f"Voor een doelgroep van {leeftijden(*aanbod)}; uw vereniging richt zich op {eigen}.",
    )


def werkingsgebieden(paren: Sequence[tuple[str, str]]) -> Reden:
    """`paren` are (the association's area, the offering's area) that overlap."""
    zelfde = [eigen for eigen, aanbod in paren if eigen == aanbod]
    # the association's area lies in the (larger) area where the offering holds
    erin: dict[str, list[str]] = {}
    # the offering holds in a (smaller) area inside the association's own
    omvat: dict[str, list[str]] = {}
    for eigen, aanbod in paren:
        if eigen != aanbod and binnen(eigen, aanbod):
            erin.setdefault(aanbod, []).append(eigen)
        elif eigen != aanbod:
            omvat.setdefault(eigen, []).append(aanbod)
    zinnen = []
    if zelfde:
        zinnen.append(f"Uw vereniging is actief in {_plaatsen(zelfde)}, waar deze dienst geldt.")
    zinnen += [
        f"Uw vereniging is actief in {_plaatsen(eigen)}, in {plaatsnaam(aanbod)} waar deze dienst geldt."
        for aanbod, eigen in erin.items()
    ]
    zinnen += [
        f"Deze dienst geldt in {_plaatsen(aanbod)}, binnen uw werkingsgebied {plaatsnaam(eigen)}."
        for eigen, aanbod in omvat.items()
    ]
    return Reden(criterium=Criterium.WERKINGSGEBIEDEN, uitleg=" ".join(zinnen))


def _plaatsen(codes: Iterable[str]) -> str:
    return opsomming([plaatsnaam(code) for code in dict.fromkeys(codes)])
