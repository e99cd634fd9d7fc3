"""`Query.verenigingen`: search with cursor paging (Relay-style connection) and facet counts."""

from __future__ import annotations

import strawberry

from hub.graphql.arguments import Filter, Zoekterm
from hub.graphql.types import ContextInfo, Vereniging
from registry.associations.search import Zoekopdracht, Zoekresultaat, zoek


@strawberry.type
class Facetwaarde:
    waarde: str
    aantal: int


@strawberry.type(description="Hoeveel verenigingen elke waarde heeft, binnen de andere filters.")
class Facetten:
    types: list[Facetwaarde]
    hoofdactiviteiten: list[Facetwaarde]
    werkingsgebieden: list[Facetwaarde]
    gemeenten: list[Facetwaarde]
    statussen: list[Facetwaarde]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class VerenigingEdge:
    cursor: str
    node: Vereniging


@strawberry.type
class VerenigingConnection:
    edges: list[VerenigingEdge]
    page_info: PageInfo
    totaal: int
    facetten: Facetten


def _facetten(resultaat: Zoekresultaat) -> Facetten:
    def values(soort: str) -> list[Facetwaarde]:
        return [Facetwaarde(waarde=f.waarde, aantal=f.aantal) for f in resultaat.facetten[soort]]

    return Facetten(
        types=values("type"),
        hoofdactiviteiten=values("hoofdactiviteit"),
        werkingsgebieden=values("werkingsgebied"),
        gemeenten=values("gemeente"),
        statussen=values("status"),
    )


async def verenigingen(
    info: ContextInfo,
    zoekterm: Zoekterm = None,
    gemeenten: Filter = None,
    postcodes: Filter = None,
    hoofdactiviteiten: Filter = None,
    werkingsgebieden: Filter = None,
    types: Filter = None,
    statussen: Filter = None,
    first: int = 20,
    after: str | None = None,
) -> VerenigingConnection:
    """Zoek verenigingen op een stuk van hun naam en op hun kenmerken."""
    register = info.context.register
    async with register.db.read() as session:
        resultaat = await zoek(
            session,
            Zoekopdracht(
                tekst=zoekterm,
                gemeenten=gemeenten or [],
                postcodes=postcodes or [],
                hoofdactiviteiten=hoofdactiviteiten or [],
                werkingsgebieden=werkingsgebieden or [],
                types=types or [],
                statussen=statussen or [],
                first=first,
                after=after,
            ),
            max_page_size=info.context.max_page_size,
        )
    edges = [VerenigingEdge(cursor=cursor, node=Vereniging(model=v)) for cursor, v in resultaat.verenigingen]
    return VerenigingConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=resultaat.heeft_volgende, end_cursor=edges[-1].cursor if edges else None
        ),
        totaal=resultaat.totaal,
        facetten=_facetten(resultaat),
    )
