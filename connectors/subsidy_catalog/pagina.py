"""One page of the catalog feed as it arrives (`PaginaDocument`, checked on arrival: a page
that is not this shape is an unusable answer) and what the sync needs of it: the offerings,
which are there and which were removed, the newest modification time, and the next page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from registry.offerings.importing import Fout, Gelezen, jsonld_records
from registry.offerings.importing.jsonld import DIENST_TYPES
from registry.offerings.importing.jsonld_waarden import Knoop, Onduidelijk, code, lokale_naam


class PaginaDocument(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    graph: list[dict[str, Any]] = Field(alias="@graph")

    def volgende(self) -> str | None:
        """The `hydra:next` link of the page's `hydra:view`, if any."""
        for sleutel, view in (self.model_extra or {}).items():
            if lokale_naam(sleutel) != "view" or not isinstance(view, Mapping):
                continue
            for naam, waarde in view.items():
                link = waarde.get("@id") if isinstance(waarde, Mapping) else waarde
                if lokale_naam(naam) == "next" and isinstance(link, str):
                    return link
        return None


@dataclass(frozen=True)
class CatalogusPagina:
    nodes: list[dict[str, Any]]
    volgende: str | None
    aanwezig: frozenset[str]
    """The ids of the offerings on this page, valid or not."""
    verwijderd: frozenset[str]
    """The ids of the offerings this page says were removed."""
    laatst_gewijzigd: datetime | None
    fouten: list[Fout] = field(default_factory=list)
    """Problems with the feed itself, such as a missing modification time."""

    @classmethod
    def van(cls, document: PaginaDocument) -> CatalogusPagina:
        aanwezig: set[str] = set()
        verwijderd: set[str] = set()
        tijdstippen: list[datetime] = []
        fouten: list[Fout] = []
        for index, node in enumerate(document.graph, start=1):
            knoop = Knoop(node, {})
            if knoop.id is None:
                continue
            types = set(knoop.types)
            if "tombstone" in types:
                verwijderd.add(knoop.id)
            elif not types or types & DIENST_TYPES:
                aanwezig.add(knoop.id)
            tijdstip = _gewijzigd(knoop)
            if tijdstip is None:
                melding = "verwacht het tijdstip van de laatste wijziging, met tijdzone"
                fouten.append(Fout(f"record {index} ({knoop.id})", "dct:modified", melding))
            else:
                tijdstippen.append(tijdstip)
        return cls(
            nodes=document.graph,
            volgende=document.volgende(),
            aanwezig=frozenset(aanwezig),
            verwijderd=frozenset(verwijderd),
            laatst_gewijzigd=max(tijdstippen, default=None),
            fouten=fouten,
        )

    def gelezen(self) -> Iterator[Gelezen]:
        """The page's offerings, or their problems (tombstones are skipped)."""
        yield from ([fout] for fout in self.fouten)
        yield from jsonld_records({"@graph": self.nodes})


def _gewijzigd(knoop: Knoop) -> datetime | None:
    try:
        eigenschap = knoop.eigenschap("modified")
    except Onduidelijk:
        return None
    waarde = code(eigenschap.waarde) if eigenschap else None
    if not isinstance(waarde, str):
        return None
    try:
        tijdstip = datetime.fromisoformat(waarde)
    except ValueError:
        return None
    return tijdstip if tijdstip.tzinfo is not None else None
