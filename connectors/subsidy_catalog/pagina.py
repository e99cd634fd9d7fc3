"""One page of the catalog feed as the feed says it: its members in expanded JSON-LD (what a
member means, whatever its context calls it), which are there and which were removed, the
newest modification time, the next page, and the problems with members that cannot be read.

Reading a page is CPU work (JSON-LD expansion): the connector runs `lees_pagina` off the event
loop. Example::

    pagina = lees_pagina(document, url="https://catalogus.example/catalogus?limiet=100")
    for lid in pagina.leden:
        print(lid.positie, lid.id, lid.soort, lid.gewijzigd)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from connectors.subsidy_catalog import contract
from connectors.subsidy_catalog.jsonld import Node, Onleesbaar, Uitbreider


class PaginaOnbruikbaar(Exception):
    """The page as a whole cannot be read (no `@graph`, a context that cannot be had...)."""


class Soort(StrEnum):
    DIENST = "dienst"
    TOMBSTONE = "tombstone"
    ANDER = "ander"
    """Another node (an organisation, a contact point) the offerings may refer to."""
    ONLEESBAAR = "onleesbaar"
    """A member that could not be expanded: see the page's `problemen`."""


@dataclass(frozen=True)
class Lid:
    """One member of a page."""

    positie: int
    """Its place on the page, from 1."""
    id: str | None
    """Its IRI; for an unreadable member the `@id` as written, if any."""
    soort: Soort
    gewijzigd: datetime | None
    knopen: tuple[Node, ...]
    """The member in expanded JSON-LD (normally one node); empty when it could not be read."""


@dataclass(frozen=True)
class Probleem:
    """A problem with one member: where (`record 3 (https://...)`), which property, what."""

    plaats: str
    veld: str
    melding: str

    def __str__(self) -> str:
        return (
            f"{self.plaats}, {self.veld}: {self.melding}" if self.veld else f"{self.plaats}: {self.melding}"
        )


@dataclass(frozen=True)
class CatalogusPagina:
    leden: tuple[Lid, ...]
    volgende: str | None
    problemen: tuple[Probleem, ...] = ()

    @property
    def aanwezig(self) -> frozenset[str]:
        """The ids of the members this page lists as there (anything but a tombstone), readable
        or not: nothing the feed still lists is taken for removed."""
        return frozenset(lid.id for lid in self.leden if lid.id and lid.soort is not Soort.TOMBSTONE)

    @property
    def verwijderd(self) -> frozenset[str]:
        """The ids of the offerings this page says were removed."""
        return frozenset(lid.id for lid in self.leden if lid.id and lid.soort is Soort.TOMBSTONE)

    @property
    def laatst_gewijzigd(self) -> datetime | None:
        return max((lid.gewijzigd for lid in self.leden if lid.gewijzigd), default=None)


def lees_pagina(document: Mapping[str, object], *, url: str) -> CatalogusPagina:
    """The page `document`, fetched from `url`; `PaginaOnbruikbaar` when it cannot be read."""
    graph = document.get("@graph")
    if not isinstance(graph, list):
        raise PaginaOnbruikbaar("de pagina heeft geen @graph met haar leden")
    if len(graph) > contract.MAX_LIMIET:  # more than any page may hold: the work stays bounded
        raise PaginaOnbruikbaar(f"de pagina telt {len(graph)} leden; de grens is {contract.MAX_LIMIET}")
    uitbreider = Uitbreider(document.get("@context"), base=url)
    shell = {k: v for k, v in document.items() if k not in {"@context", "@graph"}}
    try:
        volgende = _volgende(uitbreider.breid_uit(shell))  # empty or not: the context is checked
    except Onleesbaar as error:
        raise PaginaOnbruikbaar(str(error)) from error
    leden: list[Lid] = []
    problemen: list[Probleem] = []
    for positie, member in enumerate(graph, start=1):
        lid, probleem = _lid(uitbreider, positie, member)
        leden.append(lid)
        problemen += probleem
    return CatalogusPagina(leden=tuple(leden), volgende=volgende, problemen=tuple(problemen))


def _lid(uitbreider: Uitbreider, positie: int, member: object) -> tuple[Lid, list[Probleem]]:
    ruw_id = member.get("@id") if isinstance(member, Mapping) else None
    ruw_id = ruw_id if isinstance(ruw_id, str) else None
    try:
        if not isinstance(member, Mapping):
            raise Onleesbaar("", "verwacht een object (een dienst)")
        knopen = uitbreider.breid_uit(member)
        if len(knopen) != 1:
            raise Onleesbaar("", "verwacht één knoop met eigenschappen die de context kent")
    except Onleesbaar as error:
        lid = Lid(positie, ruw_id, Soort.ONLEESBAAR, None, ())
        return lid, [Probleem(_plaats(positie, ruw_id), error.veld, error.melding)]
    [node] = knopen
    node_id = node.get("@id") if isinstance(node.get("@id"), str) else None
    types = set(_lijst(node.get("@type")))
    soort = (
        Soort.TOMBSTONE
        if contract.TOMBSTONE_IRI in types
        else Soort.DIENST
        if not types or contract.DIENST_IRI in types
        else Soort.ANDER
    )
    gewijzigd = _tijdstip(node.get(contract.GEWIJZIGD_IRI))
    lid = Lid(positie, str(node_id) if node_id else None, soort, gewijzigd, (node,))
    if gewijzigd is None and soort is not Soort.ANDER:
        melding = "verwacht het tijdstip van de laatste wijziging, met tijdzone"
        return lid, [Probleem(_plaats(positie, lid.id), contract.GEWIJZIGD, melding)]
    return lid, []


def _plaats(positie: int, node_id: str | None) -> str:
    return f"record {positie} ({node_id})" if node_id else f"record {positie}"


def _lijst(waarde: object) -> list[object]:
    return list(waarde) if isinstance(waarde, list) else [] if waarde is None else [waarde]


def _volgende(knopen: Sequence[Node]) -> str | None:
    """The `hydra:next` link of the page's `hydra:view`, if any."""
    for knoop in knopen:
        for view in _lijst(knoop.get(contract.VIEW_IRI)):
            for link in _lijst(view.get(contract.NEXT_IRI) if isinstance(view, Mapping) else None):
                waarde = link.get("@id", link.get("@value")) if isinstance(link, Mapping) else None
                if isinstance(waarde, str):
                    return waarde
    return None


def _tijdstip(waarde: object) -> datetime | None:
    items = _lijst(waarde)
    item = items[0] if len(items) == 1 else None
    tekst = item.get("@value") if isinstance(item, Mapping) else None
    if not isinstance(tekst, str):
        return None
    try:
        tijdstip = datetime.fromisoformat(tekst)
    except ValueError:
        return None
    return tijdstip if tijdstip.tzinfo is not None else None
