"""An offering of the feed as the hub's `Aanbod`: its id, its Dutch title and the first web
link among its channels, read from the member in expanded JSON-LD."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import TypeAdapter, ValidationError

from connectors.sdk import Aanbod, WebLink
from connectors.subsidy_catalog import contract
from connectors.subsidy_catalog.jsonld import Node
from connectors.subsidy_catalog.pagina import CatalogusPagina, Lid

TITEL = (f"{contract.DCT}title", *(f"{ns}name" for ns in contract.SCHEMA))
KANAAL = (f"{contract.CPSV}hasChannel", f"{contract.CV}hasChannel")
LINK = (*(f"{ns}url" for ns in contract.SCHEMA), f"{contract.DCAT}accessURL")
_LINK = TypeAdapter(WebLink)


def als_aanbod(lid: Lid, pagina: CatalogusPagina, *, bron: str) -> Aanbod | None:
    """The member as an offering; None when it has no id or no single Dutch title."""
    if lid.id is None or len(lid.knopen) != 1:
        return None
    [node] = lid.knopen
    titel = nederlandse_tekst(_eerste(node, TITEL))
    if titel is None:
        return None
    return Aanbod(id=lid.id, titel=titel, bron=bron, link=next(_links(node, pagina), None))


def nederlandse_tekst(waarden: list[object]) -> str | None:
    """The one Dutch text among language-tagged values (else the one without a language)."""
    talen = [(w.get("@language"), w.get("@value")) for w in waarden if isinstance(w, Mapping)]
    nederlands = [v for taal, v in talen if isinstance(taal, str) and taal.casefold().split("-")[0] == "nl"]
    kandidaten = nederlands or [v for taal, v in talen if taal is None]
    return kandidaten[0] if len(kandidaten) == 1 and isinstance(kandidaten[0], str) else None


def _links(node: Node, pagina: CatalogusPagina) -> Iterator[str]:
    """The valid web links of the node's channels, inline or elsewhere on the page."""
    elders = {lid.id: lid.knopen[0] for lid in pagina.leden if lid.id and len(lid.knopen) == 1}
    for kanaal in _eerste(node, KANAAL):
        if not isinstance(kanaal, Mapping):
            continue
        kanaal = elders.get(str(kanaal.get("@id")), kanaal) if set(kanaal) == {"@id"} else kanaal
        for link in _eerste(kanaal, LINK):
            waarde = link.get("@id", link.get("@value")) if isinstance(link, Mapping) else None
            try:
                yield _LINK.validate_python(waarde)
            except ValidationError:
                continue


def _eerste(node: Mapping[str, object], iris: tuple[str, ...]) -> list[object]:
    """The values of the first of `iris` the node has."""
    for iri in iris:
        waarde = node.get(iri)
        if isinstance(waarde, list) and waarde:
            return waarde
    return []
