"""The app around the API: health, readiness, correlation ids, JSON logs, masked failures."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry import baggage, propagate, trace
from opentelemetry import context as otel_context

from connectors.sdk.http import http_client
from demo.verenigingen import seed
from hub.app import create_app
from hub.observability import configure_logging
from hub.settings import Settings
from hub.telemetry import configure_tracing
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.utils.graphql import GraphQLClient


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """The hub's JSON log, written to a buffer for the test to read."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    buffer = io.StringIO()
    configure_logging(level="INFO", json_output=True, stream=buffer)
    yield buffer
    root.handlers, root.level = handlers, level


def log_lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


async def client_for(settings: Settings, db: Database) -> httpx.AsyncClient:
    app = create_app(settings, database=db)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test")


@pytest.fixture
async def broken_store(tmp_path: Path) -> AsyncIterator[Database]:
    """A store whose schema was never migrated: every query fails unexpectedly."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}")
    yield database
    await database.dispose()


async def test_healthz_answers_while_the_process_lives(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_database(http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok"}


async def test_readyz_is_unavailable_when_the_database_is_unreachable(settings: Settings) -> None:
    unreachable = Database("postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2")
    async with await client_for(settings, unreachable) as client:
        response = await client.get("/readyz")
    await unreachable.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


async def test_correlation_id_from_the_caller_is_echoed(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz", headers={"X-Correlation-Id": "req-42.a"})

    assert response.headers["x-correlation-id"] == "req-42.a"


@pytest.mark.parametrize("sent", [None, "", "has spaces", "x" * 200, "<script>"])
async def test_missing_or_unsafe_correlation_id_is_replaced_by_a_new_one(
    http: httpx.AsyncClient, sent: str | None
) -> None:
    headers = {} if sent is None else {"X-Correlation-Id": sent}

    first = await http.get("/healthz", headers=headers)
    second = await http.get("/healthz", headers=headers)

    generated = first.headers["x-correlation-id"]
    assert generated != sent
    assert len(generated) == 32
    assert generated != second.headers["x-correlation-id"]


async def test_each_request_is_one_json_log_line_with_its_correlation_id(
    http: httpx.AsyncClient, json_logs: io.StringIO
) -> None:
    await http.get("/healthz", headers={"X-Correlation-Id": "trace-me"})

    request_lines = [line for line in log_lines(json_logs) if line.get("event") == "request"]
    assert request_lines[-1]["correlation_id"] == "trace-me"
    assert request_lines[-1]["path"] == "/healthz"
    assert request_lines[-1]["status"] == 200
    assert {"timestamp", "level", "duration_ms"} <= request_lines[-1].keys()


async def test_a_callers_trace_is_named_in_the_log_line_and_becomes_the_correlation_id(
    http: httpx.AsyncClient, json_logs: io.StringIO
) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    for flags in ("01", "00"):  # recorded or not, the trace is the caller's
        response = await http.post(
            "/graphql",
            json={"query": "{ __typename }"},
            headers={"traceparent": f"00-{trace_id}-00f067aa0ba902b7-{flags}"},
        )

        assert response.headers["x-correlation-id"] == trace_id
        [line] = [line for line in log_lines(json_logs) if line.get("event") == "request"][-1:]
        assert (line["trace_id"], line["correlation_id"]) == (trace_id, trace_id)
        assert re.fullmatch(r"[0-9a-f]{16}", line["span_id"])
        assert line["span_id"] != "00f067aa0ba902b7"  # the hub's own span within it


async def test_unexpected_failure_is_masked_for_the_client_and_logged_with_its_correlation_id(
    settings: Settings, broken_store: Database, json_logs: io.StringIO
) -> None:
    async with await client_for(settings, broken_store) as client:
        response = await client.post(
            "/graphql",
            json={"query": '{ vereniging(vCode: "V0001001") { naam } }'},
            headers={"X-Correlation-Id": "broken-1"},
        )

    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "correlationId": "broken-1"}
    assert "broken-1" in error["message"]
    assert "no such table" not in response.text
    assert "Traceback" not in response.text
    incident = next(
        line for line in log_lines(json_logs) if line.get("event") == "unexpected error while resolving"
    )
    assert incident["correlation_id"] == "broken-1"
    assert "no such table" in incident["exception"]


async def test_unexpected_failure_message_follows_accept_language(
    settings: Settings, broken_store: Database
) -> None:
    async with await client_for(settings, broken_store) as client:
        response = await client.post(
            "/graphql",
            json={"query": '{ vereniging(vCode: "V0001001") { naam } }'},
            headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"},
        )

    assert response.json()["errors"][0]["message"].startswith("Something went wrong on our side")


async def test_graphql_syntax_and_schema_errors_carry_a_code(graphql: GraphQLClient) -> None:
    syntax = await graphql.error("{ vereniging(vCode: ")
    unknown_field = await graphql.error('{ vereniging(vCode: "V0001001") { geheim } }')

    assert syntax["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert unknown_field["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "geheim" in unknown_field["message"]


async def test_unknown_vereniging_is_not_found_in_the_callers_language(graphql: GraphQLClient) -> None:
    dutch = await graphql.error('{ vereniging(vCode: "V0009999") { naam } }')
    english = await graphql.error(
        '{ vereniging(vCode: "V0009999") { naam } }', headers={"Accept-Language": "en"}
    )

    assert dutch["extensions"]["code"] == english["extensions"]["code"] == "NOT_FOUND"
    assert dutch["message"] == "We vinden geen vereniging met id V0009999."
    assert english["message"] == "We cannot find a vereniging with id V0009999."


def test_production_refuses_the_development_secret_key() -> None:
    with pytest.raises(ValueError, match="HUB_SECRET_KEY"):
        Settings(environment="production")
    assert Settings(environment="production", secret_key="k" * 40).environment == "production"


async def test_operations_beyond_the_limits_are_refused_before_running(graphql: GraphQLClient) -> None:
    limits = Settings()
    aliases = " ".join(
        f'a{n}: vereniging(vCode: "V0001001") {{ naam }}' for n in range(limits.graphql_max_aliases + 1)
    )
    many_tokens = "{" + " a" * limits.graphql_max_tokens + "}"
    long_document = "{ __typename }" + "#" * limits.graphql_max_document_bytes

    too_many_aliases = await graphql.error("{ " + aliases + " }")
    too_many_tokens = await graphql.error(many_tokens)
    too_long = await graphql.error(long_document)

    assert too_many_aliases["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limiet": "aliases",
        "maximum": limits.graphql_max_aliases,
        "gemeten": limits.graphql_max_aliases + 1,
    }
    assert too_many_tokens["extensions"]["limiet"] == "tokens"
    assert "tokens" in too_many_tokens["message"]
    assert too_long["extensions"]["limiet"] == "bytes"
    assert too_long["extensions"]["gemeten"] == len(long_document)


async def test_a_body_that_is_not_json_is_refused_with_a_reason(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b'{"query": "{ __typename }"', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert "JSON" in response.text


async def test_answers_are_utf_8_json_with_accents_as_they_are(
    graphql: GraphQLClient, register: VerenigingenRegister
) -> None:
    await seed(register)
    response = await graphql.http.post(
        "/graphql", json={"query": '{ verenigingen(zoekterm: "comite") { edges { node { naam } } } }'}
    )

    assert response.headers["content-type"] == "application/json"
    assert "Buurtcomité Rabot Leeft".encode() in response.content
    assert response.json()["data"]["verenigingen"]["edges"] == [{"node": {"naam": "Buurtcomité Rabot Leeft"}}]


async def test_graphql_is_asked_by_post_only_the_ide_shown_on_get_when_enabled(
    settings: Settings, db: Database
) -> None:
    query = {"query": "{ __typename }"}
    async with await client_for(settings.model_copy(update={"graphql_ide": True}), db) as with_ide:
        page = await with_ide.get("/graphql", headers={"Accept": "text/html"})
        by_get = await with_ide.get("/graphql", params=query)
        by_put = await with_ide.put("/graphql", json=query)
        by_post = await with_ide.post("/graphql", json=query)
    async with await client_for(settings.model_copy(update={"graphql_ide": False}), db) as without:
        no_page = await without.get("/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "GraphiQL" in page.text
    assert by_get.status_code == 400
    assert "not allowed" in by_get.text
    assert by_put.status_code == 405
    assert by_post.json() == {"data": {"__typename": "Query"}}
    assert no_page.status_code == 404


async def test_an_invalid_token_is_refused_before_any_field_is_resolved(
    settings: Settings, db: Database
) -> None:
    async with await client_for(settings, db) as http:
        response = await http.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer not-a-token"}
        )

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"]
    assert "data" not in response.json()


async def test_the_openapi_document_describes_the_graphql_endpoint(http: httpx.AsyncClient) -> None:
    paths = (await http.get("/openapi.json")).json()["paths"]

    post = paths["/graphql"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["required"] == ["query"]
    assert set(post["responses"]) == {"200", "400", "401"}
    assert "get" in paths["/graphql"]
    assert "/healthz" in paths


async def test_a_callers_baggage_is_neither_read_nor_passed_on(settings: Settings) -> None:
    """Only the trace context crosses the hub: names and values a caller puts in `baggage` (a
    role, a user id) never reach a connected system, which might trust them."""
    configure_tracing(settings)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    context = propagate.extract({"traceparent": caller, "baggage": "role=admin"})
    with (
        trace.use_span(trace.get_current_span(context)),
        baggage_context(baggage.set_baggage("role", "admin")),  # (as if something had put it there)
    ):
        async with http_client(transport=httpx.MockTransport(answer)) as client:
            await client.get("http://service.test/x")

    assert baggage.get_all(context) == {}
    [request] = seen
    assert "baggage" not in request.headers
    assert request.headers["traceparent"].startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-")


@contextlib.contextmanager
def baggage_context(context: otel_context.Context) -> Iterator[None]:
    token = otel_context.attach(context)
    try:
        yield
    finally:
        otel_context.detach(token)
