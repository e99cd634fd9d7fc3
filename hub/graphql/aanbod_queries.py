"""`Query.diensten` (search the published offerings, with cursor paging and facet counts),
`Query.dienst` (one published offering) and `Query.mijnDiensten` (a publisher's own, drafts
included)."""

from __future__ import annotations

import strawberry

from hub.graphql.aanbod import Dienst
from hub.graphql.arguments import Zoekterm
from hub.graphql.search import Facetwaarde, PageInfo
from hub.graphql.types import ContextInfo
from registry.offerings.bereik import bereik
from registry.offerings.publishers import uitgever
from registry.offerings.search import DienstenPagina, DienstFilter


@strawberry.type(description="Hoeveel aanbod elke waarde heeft, binnen de andere filters.")
class DienstFacetten:
    types: list[Facetwaarde]
    themas: list[Facetwaarde]
    besturen: list[Facetwaarde] = strawberry.field(description="Per bestuurscode.")


@strawberry.type
class DienstEdge:
    cursor: str
    node: Dienst


@strawberry.type
class DienstConnection:
    edges: list[DienstEdge]
    nodes: list[Dienst]
    page_info: PageInfo
    total_count: int
    facetten: DienstFacetten


def _connection(pagina: DienstenPagina) -> DienstConnection:
    edges = [DienstEdge(cursor=cursor, node=Dienst.van(dienst)) for cursor, dienst in pagina.diensten]

    def values(soort: str) -> list[Facetwaarde]:
        return [Facetwaarde(waarde=f.waarde, aantal=f.aantal) for f in pagina.facetten[soort]]

    return DienstConnection(
        edges=edges,
        nodes=[edge.node for edge in edges],
        page_info=PageInfo(
            has_next_page=pagina.heeft_volgende, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=pagina.totaal,
        facetten=DienstFacetten(types=values("type"), themas=values("thema"), besturen=values("bestuur")),
    )


@strawberry.type(description="Wie een aanbod zou zien: voor wie het is en welke verenigingen nu passen.")
class Bereik:
    omschrijving: str
    aantal_verenigingen: int = strawberry.field(
        description="Geregistreerde verenigingen waarbij het nu past."
    )
    voorbeelden: list[str] = strawberry.field(description="De namen van enkele ervan.")


@strawberry.type
class AanbodQuery:
    @strawberry.field(
        description=(
            "Zoek in het gepubliceerde aanbod: op woorden uit titel en beschrijving, thema, type, "
            "bestuurscode, gemeente (NIS-code of werkingsgebiedcode: aanbod dat daar, in de provincie "
            "of in heel Vlaanderen geldt) en of aanvragen nu kan."
        )
    )
    async def diensten(
        self,
        info: ContextInfo,
        zoekterm: Zoekterm = None,
        thema: str | None = None,
        type: str | None = None,
        bestuur: str | None = None,
        gemeente: str | None = None,
        open_nu: bool = False,
        first: int = 20,
        after: str | None = None,
    ) -> DienstConnection:
        filter = DienstFilter(
            zoekterm=zoekterm, thema=thema, type=type, bestuur=bestuur, gemeente=gemeente, open_nu=open_nu
        )
        return _connection(await info.context.diensten.zoek(filter, first=first, after=after))

    @strawberry.field(description="Eén gepubliceerd aanbod, op zijn id.")
    async def dienst(self, info: ContextInfo, id: strawberry.ID) -> Dienst:
        return Dienst.van(await info.context.diensten.get(str(id)))

    @strawberry.field(
        description="Het aanbod van de besturen waarvoor u aanbod beheert, nieuwste versie (ook drafts)."
    )
    async def mijn_diensten(self, info: ContextInfo) -> list[Dienst]:
        publisher = uitgever(info.context.principal)
        return [Dienst.van(d) for d in await info.context.diensten.van_uitgever(uitgever=publisher)]

    @strawberry.field(
        description=(
            "Voorbeeld vóór u publiceert: voor wie uw aanbod (de nieuwste versie, ook een draft) is en "
            "bij welke geregistreerde verenigingen het nu zou passen. Voor wie het aanbod beheert."
        )
    )
    async def bereik_van_dienst(self, info: ContextInfo, id: strawberry.ID) -> Bereik:
        publisher = uitgever(info.context.principal)
        dienst = await info.context.diensten.get_voor_uitgever(str(id), uitgever=publisher)
        found = await bereik(dienst, info.context.register.alle())
        return Bereik(
            omschrijving=found.omschrijving,
            aantal_verenigingen=found.aantal,
            voorbeelden=list(found.voorbeelden),
        )
