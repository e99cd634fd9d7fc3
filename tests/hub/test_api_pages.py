"""GraphiQL, /docs and /openapi.json: served from the hub's own files, on by default except in
production, switched by `HUB_GRAPHQL_IDE` and `HUB_API_DOCS`; off, they answer 404."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from hub.api_pages import ApiPages
from hub.settings import Settings
from tests.hub.pages import hub_client, hub_settings

HTML = {"Accept": "text/html"}
PAGES = {"graphiql": ("/graphql", HTML), "docs": ("/docs", {}), "openapi": ("/openapi.json", {})}


async def statuses(hub: httpx.AsyncClient) -> dict[str, int]:
    answers = {name: await hub.get(path, headers=headers) for name, (path, headers) in PAGES.items()}
    return {name: answer.status_code for name, answer in answers.items()}


async def test_the_pages_are_served_outside_production(migrated_sqlite: Path, tmp_path: Path) -> None:
    for environment in ("development", "test"):
        async with hub_client(hub_settings(environment=environment), migrated_sqlite, tmp_path) as hub:
            assert await statuses(hub) == {"graphiql": 200, "docs": 200, "openapi": 200}, environment


async def test_the_pages_are_off_by_default_in_production(migrated_sqlite: Path, tmp_path: Path) -> None:
    async with hub_client(hub_settings(environment="production"), migrated_sqlite, tmp_path) as hub:
        answered = await statuses(hub)
        files = [
            (await hub.get(f"/api-pages/{name}")).status_code for name in ("graphiql.js", "docs-start.js")
        ]
        redoc = await hub.get("/redoc")
        operation = await hub.post("/graphql", json={"query": "{ __typename }"})

    assert answered == {"graphiql": 404, "docs": 404, "openapi": 404}
    assert files == [404, 404]
    assert redoc.status_code == 404
    assert operation.json() == {"data": {"__typename": "Query"}}


async def test_each_page_is_switched_on_its_own(migrated_sqlite: Path, tmp_path: Path) -> None:
    ide_only = hub_settings(environment="production", graphql_ide=True)
    docs_only = hub_settings(environment="development", graphql_ide=False, api_docs=True)
    async with hub_client(ide_only, migrated_sqlite, tmp_path) as hub:
        assert await statuses(hub) == {"graphiql": 200, "docs": 404, "openapi": 404}
    async with hub_client(docs_only, migrated_sqlite, tmp_path) as hub:
        assert await statuses(hub) == {"graphiql": 404, "docs": 200, "openapi": 200}


def test_the_switches_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_ENVIRONMENT", "production")
    monkeypatch.setenv("HUB_SECRET_KEY", "production-secret-of-at-least-32-characters")
    monkeypatch.setenv("HUB_GRAPHQL_IDE", "true")
    by_default = Settings(graphql_ide=None)
    monkeypatch.setenv("HUB_API_DOCS", "false")
    switched = Settings()

    assert (by_default.serves_graphql_ide, by_default.serves_api_docs) == (False, False)
    assert (switched.serves_graphql_ide, switched.serves_api_docs) == (True, False)


@pytest.mark.parametrize(("path", "headers"), [("/graphql", HTML), ("/docs", {})])
async def test_a_page_loads_only_the_hubs_own_files_and_no_inline_code(
    path: str, headers: dict[str, str], migrated_sqlite: Path, tmp_path: Path
) -> None:
    async with hub_client(hub_settings(), migrated_sqlite, tmp_path) as hub:
        page = await hub.get(path, headers=headers)
        sources = re.findall(r'(?:src|href)="([^"]*)"', page.text)
        files = {source: await hub.get(source) for source in sources}

    assert "<script>" not in page.text
    assert "<style" not in page.text
    assert " style=" not in page.text
    assert sources
    assert all(source.startswith("/api-pages/") for source in sources), sources
    for source, file in files.items():
        assert file.status_code == 200, source
        kind = "text/css" if source.endswith(".css") else "javascript"
        assert kind in file.headers["content-type"], source


async def test_a_page_whose_files_are_not_installed_says_how_to_install_them(tmp_path: Path) -> None:
    pages = ApiPages(graphql_ide=True, api_docs=True, vendor_dir=tmp_path / "absent")
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    pages.install(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        docs = await client.get("/docs")
        script = await client.get("/api-pages/swagger-ui.js")
        own_script = await client.get("/api-pages/docs-start.js")
    ide = pages.graphiql()

    assert docs.status_code == 503
    assert "make api-pages-tools" in docs.text
    assert "swagger-ui-dist/swagger-ui-bundle.js" in docs.text
    assert ide.status_code == 503
    assert script.status_code == 404
    assert own_script.status_code == 200


async def test_only_the_files_the_pages_load_are_served(migrated_sqlite: Path, tmp_path: Path) -> None:
    async with hub_client(hub_settings(), migrated_sqlite, tmp_path) as hub:
        answers = [
            (await hub.get(f"/api-pages/{name}")).status_code
            for name in ("package.json", "..%2Fpackage.json", "react", "graphiql.min.js", "index.html")
        ]

    assert answers == [404] * len(answers)
