"""Routing by area: a question about an association goes to the connectors whose area (`gebied`)
touches where the association is, not to all of them.

Places are municipalities, by NIS code (`44021`), and provinces, by werkingsgebied code (`BE23`).
An association is where its werkingsgebieden say (a municipality, or a whole province) and where
its locaties are (the municipality of each address the register can place by name). A connector
is competent where its `gebied` says, or in all of Flanders when it names nothing.

Their areas touch when they share a municipality, when one names a whole province the other lies
in or names too. An association with a place the register cannot read (a locatie in a
municipality it cannot name, a werkingsgebied code that is no province or municipality) is asked
about of every connector, as is one with no place at all: no door is skipped because the hub
could not tell where the association is.

Example::

    plaatsen = plaatsen_van(vereniging)
    asked = [c for c in connectors if raakt(gebied_van(c.config.gebied), plaatsen)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

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
    onbekend: bool = False
    """Some place could not be read: every connector touches it."""

    @cached_property
    def provincies_van_gemeenten(self) -> frozenset[str]:
        """The provinces its municipalities lie in."""
        return frozenset(p for p in map(provincie_van, self.gemeenten) if p is not None)

    def omschrijving(self) -> str:
        shown = ", ".join([*sorted(self.provincies), *sorted(self.gemeenten)]) or "-"
        return f"{shown} (and a place not known: everyone asked)" if self.onbekend else shown


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
    onbekend = False
    for code in vereniging.werkingsgebieden:
        cleaned = code.strip().upper()
        if cleaned == NIET_VAN_TOEPASSING:
            continue
        if len(cleaned) == 4 and cleaned.startswith("BE") and cleaned[2:].isdigit():
            provincies.add(cleaned)
        elif len(cleaned) == 10 and cleaned.startswith("BE") and cleaned[2:].isdigit():
            gemeenten.add(cleaned[-5:])
        else:
            onbekend = True
    for locatie in vereniging.locaties:
        if locatie.adres is not None:
            nis = _nis_op_naam().get(locatie.adres.gemeente.strip().casefold())
            if nis is None:
                onbekend = True
            else:
                gemeenten.add(nis)
    # Nowhere known is not known either: every connector is asked.
    onbekend = onbekend or not (gemeenten or provincies)
    return Plaatsen(frozenset(gemeenten), frozenset(provincies), onbekend)


def raakt(gebied: Plaatsen | None, plaatsen: Plaatsen) -> bool:
    """Whether a connector competent in `gebied` (None: all of Flanders) is asked about an
    association at `plaatsen`."""
    if gebied is None or plaatsen.onbekend:
        return True
    if gebied.gemeenten & plaatsen.gemeenten or gebied.provincies & plaatsen.provincies:
        return True
    if gebied.provincies_van_gemeenten & plaatsen.provincies:
        return True
    return bool(gebied.provincies & plaatsen.provincies_van_gemeenten)
