"""The connected systems of the profile benchmark are real federation subgraphs: each resolves
`Vereniging` by its key with fields of its own, and with the hub they compose into the supergraph
the gateway serves, each subgraph at its own address."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import httpx

from benchmarks.slow_subgraph import slow_subgraph, velden
from tests.utils.composition import compose
from tests.utils.graphql import GraphQLClient

SERVICE_SDL = {"query": "{ _service { sdl } }"}


async def ask(n: int, body: Mapping[str, object]) -> httpx.Response:
    transport = httpx.ASGITransport(app=slow_subgraph(n))
    async with httpx.AsyncClient(transport=transport, base_url="http://bron.test") as client:
        return await client.post("/graphql", json=body)


async def test_a_system_resolves_vereniging_by_vcode_with_its_own_fields() -> None:
    query = (
        "query($r: [_Any!]!) { _entities(representations: $r) "
        "{ __typename ... on Vereniging { vCode sportfederatieBron2 aantalLedenBron2 } } }"
    )
    representations = [{"__typename": "Vereniging", "vCode": v} for v in ("V0001001", "V0001002")]

    response = await ask(2, {"query": query, "variables": {"r": representations}})

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "_entities": [
                {
                    "__typename": "Vereniging",
                    "vCode": v,
                    "sportfederatieBron2": "Sportfederatie 2",
                    "aantalLedenBron2": 42,
                }
                for v in ("V0001001", "V0001002")
            ]
        }
    }


async def test_the_systems_compose_with_the_hub_each_at_its_own_address(
    graphql: GraphQLClient, tmp_path: Path
) -> None:
    sdls = {"hub": (await graphql.data("{ _service { sdl } }"))["_service"]["sdl"]}
    for n in (1, 2, 3):
        sdls[f"bron{n}"] = (await ask(n, SERVICE_SDL)).json()["data"]["_service"]["sdl"]
    urls = {name: f"http://127.0.0.{n}:4000/graphql" for n, name in enumerate(sdls, start=1)}

    result = compose(tmp_path, sdls, urls)

    assert result["ok"], result["errors"]
    supergraph = result["supergraphSdl"]
    for n, name in enumerate(sdls, start=1):
        assert (
            f'{name.upper()} @join__graph(name: "{name}", url: "http://127.0.0.{n}:4000/graphql")'
            in supergraph
        )
    for n in (1, 2, 3):
        sportfederatie, aantal_leden = velden(n)
        assert f"  {sportfederatie}: String! @join__field(graph: BRON{n})\n" in supergraph
        assert f"  {aantal_leden}: Int! @join__field(graph: BRON{n})\n" in supergraph
