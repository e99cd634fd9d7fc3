"""GraphQL over HTTP as its current specification has it: `application/graphql-response+json`
with 400 for a request that could not run, plain JSON as before for older clients, and the
graphql-http audit against a running hub."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from hub.app import create_app
from hub.settings import Settings
from tests.utils.servers import serving
from tests.utils.services import services_required

AUDIT = Path(__file__).resolve().parents[2] / "tools" / "graphql-http" / "audit.mjs"
NEW = {"accept": "application/graphql-response+json, application/json;q=0.9"}


async def test_a_document_that_does_not_parse_is_a_400_without_data(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{"}, headers=NEW)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/graphql-response+json"
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ nietBestaand }", {}),
        ("query($v: String!) { vereniging(vCode: $v) { naam } }", {"v": 7}),
        ("{ " + " ".join(f"a{n}: __typename" for n in range(100)) + " }", {}),
        ("query($q: String) { verenigingen(zoekterm: $q) { totaal } }", {"q": "a" * 201}),
    ],
    ids=["validation", "variables", "limit", "bounds"],
)
async def test_a_request_that_could_not_run_is_a_400_without_data(
    http: httpx.AsyncClient, query: str, variables: dict[str, object]
) -> None:
    response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=NEW)

    assert response.status_code == 400
    assert "data" not in response.json()
    assert response.json()["errors"]


async def test_an_error_in_a_field_is_a_200_with_data(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", json={"query": '{ __typename vereniging(vCode: "V0009999") { naam } }'}, headers=NEW
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json"
    assert response.json()["data"] is None
    assert response.json()["errors"][0]["path"] == ["vereniging"]


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "application/graphql-response+json;q=0"])
async def test_a_client_of_plain_json_gets_200_and_data_null_as_before(
    http: httpx.AsyncClient, accept: str | None
) -> None:
    headers = {"accept": accept} if accept else {}
    response = await http.post("/graphql", json={"query": "{ nietBestaand }"}, headers=headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["data"] is None


def test_the_graphql_over_http_audit_finds_no_failure_nor_warning(settings: Settings, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (AUDIT.parent / "node_modules" / "graphql-http").exists():
        message = "Node.js with tools/graphql-http installed (make graphql-http-tools) is needed"
        if services_required():
            pytest.fail(message)
        pytest.skip(message)
    url = f"sqlite+aiosqlite:///{tmp_path / 'hub.sqlite3'}"
    app = create_app(settings.model_copy(update={"database_url": url}))
    app.state.database.migrate()

    with serving(app) as base:
        completed = subprocess.run(  # noqa: S603 - our own script, our own URL
            [node, str(AUDIT), f"{base}/graphql"], capture_output=True, text=True, check=True, timeout=120
        )

    results = [json.loads(line) for line in completed.stdout.splitlines()]
    assert len(results) > 50
    assert [r for r in results if r["status"] in {"error", "warn"}] == []
    # What is left are the MAY checks for GET, which the hub refuses on purpose (no operation
    # from a link or an image with someone's session cookie).
    assert all("GET" in r["name"] for r in results if r["status"] == "notice")


async def test_an_operation_name_that_is_no_name_is_refused_without_echo(http: httpx.AsyncClient) -> None:
    name = "\u202e\x00\x1b[2J" + "A" * 200_000

    response = await http.post("/graphql", json={"query": "{ __typename }", "operationName": name})

    assert response.status_code == 400
    assert len(response.text) < 200
    assert "\u202e" not in response.text
