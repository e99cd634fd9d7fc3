"""Where an offering applies, and which areas a place falls in, as werkingsgebied codes.

An offering applies in the werkingsgebieden its criteria name. Naming none, it applies where its
administration governs: everywhere (`OVERAL`) for the Flemish government, the province or the
municipality otherwise. A municipality code (`BE23444021`) starts with its province's (`BE23`)
and ends with its NIS code (`44021`).
"""

from __future__ import annotations

from functools import cache
from typing import Final

from registry.associations.codes import NIET_VAN_TOEPASSING, werkingsgebieden
from registry.offerings.model import Bestuur, Bestuursniveau, DienstInhoud

OVERAL: Final = "*"
"""Applies in all of Flanders."""

_PROVINCIE = 4
_GEMEENTE = 10


@cache
def _gemeenten_op_nis() -> dict[str, str]:
    return {code[-5:]: code for code in werkingsgebieden() if len(code) == _GEMEENTE}


def werkingsgebied(code: str) -> str | None:
    """The werkingsgebied code of a province or municipality given by that code or by its NIS
    code; None when we do not know the place."""
    cleaned = code.strip().upper()
    if cleaned.isdigit():
        return _gemeenten_op_nis().get(cleaned)
    if cleaned in werkingsgebieden() and cleaned != NIET_VAN_TOEPASSING:
        return cleaned
    return None


def toepassingsgebieden(inhoud: DienstInhoud) -> tuple[str, ...]:
    """Where the offering applies: its criteria's werkingsgebieden, or its administration's."""
    if inhoud.criteria.werkingsgebieden:
        return inhoud.criteria.werkingsgebieden
    return _gebied_van(inhoud.bestuur)


def _gebied_van(bestuur: Bestuur) -> tuple[str, ...]:
    if bestuur.niveau is Bestuursniveau.VLAAMS:
        return (OVERAL,)
    gebied = werkingsgebied(bestuur.code)
    return () if gebied is None else (gebied,)


def omvattende_gebieden(plaats: str) -> tuple[str, ...] | None:
    """The codes an offering must name (one of) to apply at `plaats`, a NIS code or a province
    or municipality code: the place, its province, and all of Flanders. None for an unknown
    place."""
    gebied = werkingsgebied(plaats)
    if gebied is None:
        return None
    if len(gebied) == _PROVINCIE:
        return (gebied, OVERAL)
    return (gebied, gebied[:_PROVINCIE], OVERAL)
