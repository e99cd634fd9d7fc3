"""The subgraph connector as the hub configures it for the sandbox. The token exchange and the
call context are every connector's: `tests.connectors.hub_side`."""

from __future__ import annotations

import httpx

from connectors.graphql_subgraph import GraphQLSubgraph, SubgraphConfig

VELDEN = ("sportfederatie", "aantalLeden", "aansluitingsnummer", "verzekerdTot")


def subgraph(
    base_url: str,
    *,
    velden: tuple[str, ...] = VELDEN,
    datum_veld: str | None = "bijgewerktOp",
    transport: httpx.AsyncBaseTransport | None = None,
) -> GraphQLSubgraph:
    config = SubgraphConfig(
        name="sportfederatie",
        base_url=base_url,
        audience="sportfederatie",
        bron="Sportfederatie",
        velden=velden,
        datum_veld=datum_veld,
    )
    return GraphQLSubgraph(config, transport=transport)
