"""Aanbod op maat: the published offerings that fit an association, why each fits, best first.

An offering fits when every criterion it restricts fits (an empty criterion restricts nothing):
the association's type is listed, it shares a hoofdactiviteit, its area overlaps, its age range
overlaps (bounds included).

Choices made here:
- Place is judged on the association's werkingsgebieden only, not on the gemeente of its
  locaties: the werkingsgebied is where the association says it is active, which is what an
  offering's geographic restriction is about, while an address often only says where a board
  member lives. An association whose werkingsgebied is `NVT` or empty therefore fits only
  offerings without a geographic restriction.
- An offering naming no werkingsgebieden holds where its administration governs (as in search,
  `gebieden.toepassingsgebieden`): a municipality's offering in that municipality, a province's
  in the province, the Flemish government's everywhere.
- Areas overlap when equal or when one lies in the other, in either direction: a province
  (NUTS2, `BE23`) holds every municipality whose code starts with it (`BE23444021`).
- `NVT` in an offering's werkingsgebieden names no place, and a doelgroep of all ages (0-150)
  excludes no one: neither restricts anything.
- An offering whose aanvraagperiode has not started yet still fits, so the association can
  prepare; one whose deadline (`tot`) has passed does not. Of several published versions of
  one Dienst only the newest counts.

Score: one point per restricted criterion that fits, except place, which counts two when the
offering holds in a municipality and one for a province; an offering for everyone scores 0.
Equal scores keep the nearest deadline first (none last), then the titel.

`Aanbodindex` is built once from the catalog: each criterion value maps to a bit mask over the
offerings, numbered in tie-break order, so one match is a few AND/OR operations on integers,
after which only the hits are explained.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from registry.associations.model import Doelgroep, Vereniging
from registry.offerings.model import Dienst, Dienststatus, Match, Reden
from registry.offerings.redenen import (
    JONGSTE,
    OUDSTE,
    PROVINCIECODE_LENGTE,
    Profiel,
    Uitleg,
    is_gemeente,
    plaatsen,
)
from registry.text import fold
from registry.validation import Checks


@dataclass(frozen=True, slots=True)
class _Aanbod:
    dienst: Dienst
    profiel: int
    """Its position in the index's list of distinct profiles."""
    deadline: date | None


class Aanbodindex:
    """The published offerings of a catalog, ready to be matched against any association.
    Build one per catalog version and share it; in a long-running process, `gc.freeze()` after
    building keeps the collector from walking the catalog on every full collection.

    >>> index = Aanbodindex(diensten)
    >>> index.match(vereniging, vandaag=date.today())[0].redenen
    """

    def __init__(self, diensten: Iterable[Dienst]) -> None:
        gekozen = sorted(_nieuwste_gepubliceerde(diensten), key=_volgorde)
        # Offerings written from one template share a profile, so a match explains each
        # profile once, however many offerings have it.
        nummers: dict[Profiel, int] = {}
        aanbod = [
            _Aanbod(
                dienst=dienst,
                profiel=nummers.setdefault(Profiel.van(dienst.inhoud), len(nummers)),
                deadline=dienst.inhoud.aanvraagperiode.tot,
            )
            for dienst in gekozen
        ]
        self._profielen = list(nummers)
        self._aanbod = aanbod
        self._deadlines = [a.deadline or date.max for a in aanbod]
        self._alle = (1 << len(aanbod)) - 1
        per_sleutel: dict[_Sleutel, list[int]] = defaultdict(list)
        for index, item in enumerate(aanbod):
            for sleutel in _sleutels(self._profielen[item.profiel]):
                per_sleutel[sleutel].append(index)
        self._masks = {sleutel: _mask(indices, len(aanbod)) for sleutel, indices in per_sleutel.items()}
        # _minimum_tot[x]: offerings whose minimum age is at most x; _maximum_vanaf[x]: whose
        # maximum age is at least x. Two ranges overlap when each starts before the other ends.
        self._minimum_tot = _cumulatief([self._masks.get(("minimum", age), 0) for age in _LEEFTIJDEN])
        self._maximum_vanaf = _cumulatief(
            [self._masks.get(("maximum", age), 0) for age in reversed(_LEEFTIJDEN)]
        )[::-1]

    def __len__(self) -> int:
        return len(self._aanbod)

    def match(self, vereniging: Vereniging, *, vandaag: date) -> list[Match]:
        """The offerings that fit `vereniging` and still take requests on `vandaag`, best first."""
        _check(vereniging, vandaag)
        gebieden = plaatsen(vereniging.werkingsgebieden)
        passend = (
            self._open_op(vandaag)
            & self._voor_type(vereniging)
            & self._voor_activiteiten(vereniging)
            & self._voor_gebieden(gebieden)
            & self._voor_leeftijden(vereniging.doelgroep)
        )
        uitleg = Uitleg(vereniging, gebieden)
        per_profiel: dict[int, tuple[tuple[Reden, ...], float]] = {}
        matches = []
        for index in _bits(passend):
            aanbod = self._aanbod[index]
            if aanbod.profiel not in per_profiel:
                per_profiel[aanbod.profiel] = uitleg.van(self._profielen[aanbod.profiel])
            waarom, score = per_profiel[aanbod.profiel]
            matches.append(Match(dienst=aanbod.dienst, score=score, redenen=waarom, deadline=aanbod.deadline))
        # stable: equal scores keep the index's deadline-then-titel order
        matches.sort(key=lambda m: -m.score)
        return matches

    def _open_op(self, vandaag: date) -> int:
        verlopen = bisect_left(self._deadlines, vandaag)
        return self._alle >> verlopen << verlopen

    def _voor_type(self, vereniging: Vereniging) -> int:
        eigen = self._masks.get(("type", vereniging.verenigingstype), 0)
        return self._masks.get(("vrij", "types"), 0) | eigen

    def _voor_activiteiten(self, vereniging: Vereniging) -> int:
        mask = self._masks.get(("vrij", "activiteiten"), 0)
        for code in vereniging.hoofdactiviteiten:
            mask |= self._masks.get(("activiteit", code.strip().upper()), 0)
        return mask

    def _voor_gebieden(self, gebieden: tuple[str, ...]) -> int:
        mask = self._masks.get(("vrij", "gebieden"), 0)
        for code in gebieden:
            mask |= self._masks.get(("gebied", code), 0)
            if is_gemeente(code):
                mask |= self._masks.get(("gebied", code[:PROVINCIECODE_LENGTE]), 0)
            else:
                mask |= self._masks.get(("gemeenten in", code), 0)
        return mask

    def _voor_leeftijden(self, doelgroep: Doelgroep) -> int:
        begint_op_tijd = self._minimum_tot[doelgroep.maximumleeftijd]
        eindigt_niet_te_vroeg = self._maximum_vanaf[doelgroep.minimumleeftijd]
        overlap = begint_op_tijd & eindigt_niet_te_vroeg
        return self._masks.get(("vrij", "leeftijden"), 0) | overlap


def match(vereniging: Vereniging, diensten: Iterable[Dienst], *, vandaag: date) -> list[Match]:
    """The published `diensten` that fit `vereniging` on `vandaag`, best first, each with its
    redenen. Build an `Aanbodindex` once instead when matching many associations."""
    return Aanbodindex(diensten).match(vereniging, vandaag=vandaag)


_LEEFTIJDEN = range(JONGSTE, OUDSTE + 1)
_Sleutel = tuple[str, str | int]


def _sleutels(profiel: Profiel) -> Iterator[_Sleutel]:
    """The masks an offering's profile puts it in: one per value of each criterion it
    restricts, or that criterion's `vrij` mask when it does not restrict it."""
    if not profiel.types:
        yield ("vrij", "types")
    yield from (("type", soort) for soort in profiel.types)
    if not profiel.hoofdactiviteiten:
        yield ("vrij", "activiteiten")
    yield from (("activiteit", code) for code in profiel.hoofdactiviteiten)
    if not profiel.gebieden:
        yield ("vrij", "gebieden")
    for code in profiel.gebieden:
        yield ("gebied", code)
        if is_gemeente(code):
            yield ("gemeenten in", code[:PROVINCIECODE_LENGTE])
    if profiel.leeftijden is None:
        yield ("vrij", "leeftijden")
    else:
        yield ("minimum", profiel.leeftijden[0])
        yield ("maximum", profiel.leeftijden[1])


def _nieuwste_gepubliceerde(diensten: Iterable[Dienst]) -> list[Dienst]:
    nieuwste: dict[str, Dienst] = {}
    checks = Checks()
    for dienst in diensten:
        if dienst.status is not Dienststatus.GEPUBLICEERD:
            continue
        doelgroep = dienst.inhoud.criteria.doelgroep
        if doelgroep is not None:
            _check_leeftijden(checks, doelgroep, f"diensten[{dienst.id}].inhoud.criteria.doelgroep")
        bekend = nieuwste.get(dienst.id)
        if bekend is None or dienst.versie > bekend.versie:
            nieuwste[dienst.id] = dienst
    checks.raise_if_any()
    return list(nieuwste.values())


def _volgorde(dienst: Dienst) -> tuple[date, str, str]:
    return (dienst.inhoud.aanvraagperiode.tot or date.max, fold(dienst.inhoud.titel), dienst.id)


def _check(vereniging: Vereniging, vandaag: date) -> None:
    checks = Checks()
    # a datetime is a date to the type checker, but compares with none of the deadlines
    if isinstance(vandaag, datetime):
        checks.fail("vandaag", "ongeldig_formaat", verwacht="een datum zonder uur")
    _check_leeftijden(checks, vereniging.doelgroep, "doelgroep")
    checks.raise_if_any()


def _check_leeftijden(checks: Checks, doelgroep: Doelgroep, veld: str) -> None:
    grenzen = (("minimumleeftijd", doelgroep.minimumleeftijd), ("maximumleeftijd", doelgroep.maximumleeftijd))
    buiten = [naam for naam, leeftijd in grenzen if not JONGSTE <= leeftijd <= OUDSTE]
    for naam in buiten:
        checks.fail(f"{veld}.{naam}", "leeftijd_bereik")
    if not buiten and doelgroep.minimumleeftijd > doelgroep.maximumleeftijd:
        checks.fail(f"{veld}.minimumleeftijd", "minimum_boven_maximum")


def _mask(indices: Iterable[int], size: int) -> int:
    bits = bytearray((size + 7) // 8)
    for index in indices:
        bits[index >> 3] |= 1 << (index & 7)
    return int.from_bytes(bits, "little")


def _cumulatief(masks: list[int]) -> list[int]:
    totaal = 0
    result = []
    for mask in masks:
        totaal |= mask
        result.append(totaal)
    return result


def _bits(mask: int) -> Iterator[int]:
    """The positions of the set bits, lowest first."""
    binary = format(mask, "b")[::-1]
    position = binary.find("1")
    while position >= 0:
        yield position
        position = binary.find("1", position + 1)
