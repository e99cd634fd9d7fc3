"""The hub's side of a call to the subgraph: the token it obtains by exchange, the context it
gives the connector, and the connector as configured for the sandbox."""

from __future__ import annotations

import time

import httpx

from connectors.graphql_subgraph import GraphQLSubgraph, SubgraphConfig
from connectors.sdk import CallContext
from hub.devidp import DevClient
from tests.devidp.client_calls import exchange

VELDEN = ("sportfederatie", "aantalLeden", "aansluitingsnummer", "verzekerdTot")


async def exchanged(
    backend: httpx.AsyncClient, issuer: str, client: DevClient, subject_token: str, audience: str
) -> str:
    response = await exchange(backend, issuer, client, subject_token, audience)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def call_context(token: str, *, v_code: str | None = "V0001001", seconds: float = 5.0) -> CallContext:
    """What the routing layer passes: the token provider hands out `token` and nothing else."""

    async def token_for_audience() -> str:
        return token

    return CallContext(
        v_code=v_code,
        person=None,
        token=token_for_audience,
        correlation_id=None,
        deadline=time.monotonic() + seconds,
    )


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
