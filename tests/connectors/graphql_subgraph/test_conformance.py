"""The SDK's standard conformance suite, run against the GraphQL subgraph connector."""

from __future__ import annotations

from connectors.graphql_subgraph.connector import GraphQLSubgraph, SubgraphConfig
from connectors.sdk import ConnectorConfigError
from connectors.sdk.testkit import FAILURES, ConformanceSuite, RemoteFailure, Responses, json_answer

ENTITY = {"data": {"_entities": [{"sportfederatie": "Sport Vlaanderen", "aantalLeden": 42}]}}
CLIENT_ERRORS = {"http-400", "http-404", "http-409", "http-422"}


class TestGraphQLSubgraph(ConformanceSuite):
    connector_class = GraphQLSubgraph
    config = SubgraphConfig(
        name="sportfederatie",
        base_url="http://subgraph.test",
        audience="sportfederatie",
        bron="Sportfederatie",
        velden=("sportfederatie", "aantalLeden"),
    )
    capabilities = ("ProfileFacts",)
    responses = Responses(gekende_gegevens=json_answer(ENTITY))
    # GraphQL over HTTP answers "not found" and refusals inside a 200; a 4xx from the endpoint
    # itself means the connector points at the wrong place or asks what the schema lacks.
    failures = (
        *(f for f in FAILURES if f.name not in CLIENT_ERRORS),
        *(RemoteFailure(f.name, f.answer, ConnectorConfigError) for f in FAILURES if f.name in CLIENT_ERRORS),
    )
