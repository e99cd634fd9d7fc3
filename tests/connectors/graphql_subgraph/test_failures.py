"""What the connector makes of a subgraph that is down, broken or answers oddly: the SDK error
that tells the hub what to do. Odd answers come from an `httpx.MockTransport`."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import aclosing

import httpx
import pytest

from connectors.sdk import ConnectorConfigError, ConnectorUnavailable, Feit, NotFound
from tests.connectors.graphql_subgraph.hub_side import subgraph
from tests.connectors.hub_side import call_context
from tests.utils.servers import free_port

TOKEN = "token-for-sportfederatie"

Answer = Callable[[httpx.Request], httpx.Response]


def answering(answer: Answer) -> httpx.MockTransport:
    return httpx.MockTransport(answer)


def graphql(body: object, status: int = 200) -> Answer:
    return lambda _: httpx.Response(status, json=body)


def entity(**fields: object) -> dict[str, object]:
    return {"data": {"_entities": [fields]}}


async def facts(answer: Answer, *, velden: tuple[str, ...] = ("sportfederatie", "aantalLeden")) -> list[Feit]:
    connector = subgraph("http://subgraph.test", velden=velden, datum_veld=None, transport=answering(answer))
    async with aclosing(connector):
        return await connector.gekende_gegevens(call_context(TOKEN, seconds=2.0))


async def test_the_call_carries_the_exchanged_token_the_representation_and_the_deadline() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=entity(sportfederatie="Sportfederatie Scheldeland", aantalLeden=48))

    await facts(answer)

    (request,) = seen
    sent = json.loads(request.content)
    assert request.url.path == "/graphql"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent["variables"] == {"r": [{"__typename": "Vereniging", "vCode": "V0001001"}]}
    assert (
        "_entities(representations: $r) { ... on Vereniging { sportfederatie aantalLeden } }" in sent["query"]
    )
    assert request.extensions["timeout"]["read"] <= 2.0  # the context's deadline, not the 5 s default


async def test_fields_without_a_value_give_no_fact() -> None:
    feiten = await facts(graphql(entity(sportfederatie=None, aantalLeden=48)))

    assert [feit.naam for feit in feiten] == ["aantalLeden"]


async def test_a_field_that_failed_alone_leaves_the_other_facts() -> None:
    body = entity(sportfederatie="Sportfederatie Scheldeland", aantalLeden=None)
    body["errors"] = [{"message": "ledenbestand onbereikbaar", "path": ["_entities", 0, "aantalLeden"]}]

    feiten = await facts(graphql(body))

    assert [(feit.naam, feit.waarde) for feit in feiten] == [("sportfederatie", "Sportfederatie Scheldeland")]


async def test_a_subgraph_that_is_down_is_unavailable() -> None:
    connector = subgraph(f"http://127.0.0.1:{free_port()}")
    async with aclosing(connector):
        with pytest.raises(ConnectorUnavailable):
            await connector.gekende_gegevens(call_context(TOKEN))
        health = await connector.health()

    assert not health.reachable
    assert "ConnectError" in health.detail


@pytest.mark.parametrize("status", [500, 502, 503, 429])
async def test_a_server_error_is_unavailable(status: int) -> None:
    with pytest.raises(ConnectorUnavailable) as raised:
        await facts(lambda _: httpx.Response(status, text="kapot"))

    assert f"HTTP {status}" in raised.value.reason
    assert raised.value.retryable


async def test_an_answer_that_is_not_json_is_unavailable() -> None:
    with pytest.raises(ConnectorUnavailable) as raised:
        await facts(lambda _: httpx.Response(200, text="<html>onderhoud</html>"))

    assert "not a GraphQL response" in raised.value.reason


async def test_an_answer_without_data_is_unavailable() -> None:
    with pytest.raises(ConnectorUnavailable) as raised:
        await facts(graphql({"errors": [{"message": "database weg", "path": ["_entities"]}], "data": None}))

    assert "database weg" in raised.value.reason


async def test_an_entity_that_failed_to_resolve_is_unavailable_not_unknown() -> None:
    body = {"data": {"_entities": [None]}, "errors": [{"message": "time-out", "path": ["_entities", 0]}]}

    with pytest.raises(ConnectorUnavailable) as raised:
        await facts(graphql(body))

    assert "time-out" in raised.value.reason


async def test_a_null_entity_without_errors_is_not_found() -> None:
    with pytest.raises(NotFound):
        await facts(graphql({"data": {"_entities": [None]}}))


async def test_a_query_refused_with_http_400_is_a_configuration_error_with_its_message() -> None:
    body = {"errors": [{"message": "Cannot query field 'stamnummer' on type 'Vereniging'."}]}

    with pytest.raises(ConnectorConfigError) as raised:
        await facts(graphql(body, status=400), velden=("stamnummer",))

    assert "Cannot query field 'stamnummer'" in raised.value.reason


async def test_a_token_refused_inside_the_graphql_answer_is_a_configuration_error() -> None:
    body = {"data": None, "errors": [{"message": "wie ben jij?", "extensions": {"code": "UNAUTHENTICATED"}}]}

    with pytest.raises(ConnectorConfigError) as raised:
        await facts(graphql(body))

    assert "wie ben jij?" in raised.value.reason


async def test_a_wrong_graphql_path_is_a_configuration_error() -> None:
    with pytest.raises(ConnectorConfigError) as raised:
        await facts(lambda _: httpx.Response(404, json={"detail": "Not Found"}))

    assert "graphql_path" in raised.value.reason


async def test_a_configured_date_field_that_holds_no_date_is_a_configuration_error() -> None:
    transport = answering(
        graphql(entity(sportfederatie="Sportfederatie Scheldeland", aansluitingsnummer="SFS-1"))
    )
    connector = subgraph(
        "http://subgraph.test",
        velden=("sportfederatie",),
        datum_veld="aansluitingsnummer",
        transport=transport,
    )
    async with aclosing(connector):
        with pytest.raises(ConnectorConfigError) as raised:
            await connector.gekende_gegevens(call_context(TOKEN))

    assert "datum_veld" in raised.value.reason


async def test_no_call_is_made_when_the_deadline_has_passed() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=entity(sportfederatie="x"))

    connector = subgraph("http://subgraph.test", transport=answering(answer))
    async with aclosing(connector):
        with pytest.raises(ConnectorUnavailable):
            await connector.gekende_gegevens(call_context(TOKEN, seconds=-1.0))

    assert seen == []
