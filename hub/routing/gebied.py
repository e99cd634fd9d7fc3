"""Routing by area: a question about an association goes to the connectors whose area (`gebied`)
touches where the association is, not to all of them.

Places are municipalities, by NIS code (`44021`), and provinces, by werkingsgebied code (`BE23`).
An association is where its werkingsgebieden say (a municipality, or a whole province) and where
its locaties are (the municipality of each address the register can place by name). A connector
is competent where its `gebied` says, or in all of Flanders when it names nothing.

Their areas touch when they share a municipality, when one names a whole province the other lies
in or names too. An association the register can place nowhere is asked about only of the
connectors competent in all of Flanders (the decision says so).

Example::

    plaatsen = plaatsen_van(vereniging)
    asked = [c for c in connectors if raakt(gebied_van(c.config.gebied), plaatsen)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from registry.associations.codes import NIET_VAN_TOEPASSING, werkingsgebieden
from registry.associations.model import Vereniging

_PROVINCIE_NIS = {
    "10000": "BE21",
    "20001": "BE24",
    "30000": "BE25",
    "40000": "BE23",
    "70000": "BE22",
    "04000": "BE10",
}
"""The provinces (and Brussels) by their NIS code."""
_PROVINCIE_VAN_GEMEENTE = (
    ("21", "BE10"),
    ("23", "BE24"),
    ("24", "BE24"),
    ("1", "BE21"),
    ("3", "BE25"),
    ("4", "BE23"),
    ("7", "BE22"),
)
"""A municipality's province by the start of its NIS code (Brussels and Flanders)."""


@dataclass(frozen=True)
class Plaatsen:
    """Where an association, or a connector, is: municipalities by NIS code, provinces by code."""

    gemeenten: frozenset[str] = frozenset()
    provincies: frozenset[str] = frozenset()

    @property
    def leeg(self) -> bool:
        return not self.gemeenten and not self.provincies

    def omschrijving(self) -> str:
        return ", ".join([*sorted(self.provincies), *sorted(self.gemeenten)]) or "-"


def provincie_van(nis: str) -> str | None:
    """The province (code) a municipality's NIS code lies in; None outside Flanders and Brussels."""
    return next((provincie for begin, provincie in _PROVINCIE_VAN_GEMEENTE if nis.startswith(begin)), None)


def gebied_van(codes: Iterable[str]) -> Plaatsen | None:
    """A connector's area from its configured codes; None (all of Flanders) when there are none."""
    gemeenten: set[str] = set()
    provincies: set[str] = set()
    for code in codes:
        if code in _PROVINCIE_NIS:
            provincies.add(_PROVINCIE_NIS[code])
        elif code.isdigit():
            gemeenten.add(code)
        elif len(code) == 4:
            provincies.add(code)
        else:
            gemeenten.add(code[-5:])
    if not gemeenten and not provincies:
        return None
    return Plaatsen(frozenset(gemeenten), frozenset(provincies))


@cache
def _nis_op_naam() -> dict[str, str]:
    return {naam.casefold(): code[-5:] for code, naam in werkingsgebieden().items() if len(code) == 10}


def plaatsen_van(vereniging: Vereniging) -> Plaatsen:
    """Where the association is: its werkingsgebieden, and the municipality of each of its
    locaties whose address names a municipality the register knows."""
    gemeenten: set[str] = set()
    provincies: set[str] = set()
    for code in vereniging.werkingsgebieden:
        cleaned = code.strip().upper()
        if cleaned == NIET_VAN_TOEPASSING or not cleaned.startswith("BE"):
            continue
        if len(cleaned) == 4:
            provincies.add(cleaned)
        elif len(cleaned) == 10:
            gemeenten.add(cleaned[-5:])
    for locatie in vereniging.locaties:
        if locatie.adres is not None:
            nis = _nis_op_naam().get(locatie.adres.gemeente.strip().casefold())
            if nis is not None:
                gemeenten.add(nis)
    return Plaatsen(frozenset(gemeenten), frozenset(provincies))


def raakt(gebied: Plaatsen | None, plaatsen: Plaatsen) -> bool:
    """Whether a connector competent in `gebied` (None: all of Flanders) is asked about an
    association at `plaatsen`."""
    if gebied is None:
        return True
    if gebied.gemeenten & plaatsen.gemeenten or gebied.provincies & plaatsen.provincies:
        return True
    if any(provincie_van(nis) in plaatsen.provincies for nis in gebied.gemeenten):
        return True
    return any(provincie_van(nis) in gebied.provincies for nis in plaatsen.gemeenten)
