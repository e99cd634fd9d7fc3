"""Every response of the hub carries the browser protections the portal's pages have — GraphiQL,
the API documentation, the OpenAPI document, the pages' files, JSON answers, error pages — and
HSTS when people reach the hub over https."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from hub.app import create_app
from registry.db import Database
from tests.hub.pages import hub_client, hub_settings

HTML = {"Accept": "text/html"}
RESPONSES = [
    ("GET", "/graphql", HTML),
    ("POST", "/graphql", {}),
    ("GET", "/docs", {}),
    ("GET", "/openapi.json", {}),
    ("GET", "/api-pages/graphiql.js", {}),
    ("GET", "/api-pages/swagger-ui.css", {}),
    ("GET", "/healthz", {}),
    ("GET", "/readyz", {}),
    ("GET", "/metrics", {}),
    ("GET", "/bestaat-niet", {}),
    ("GET", "/bestaat-niet", HTML),
    ("GET", "/", HTML),
    ("GET", "/static/portal.css", {}),
]


async def ask(client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]) -> httpx.Response:
    body = {"query": "{ __typename }"} if method == "POST" else None
    return await client.request(method, path, headers=headers, json=body)


@pytest.mark.parametrize(("method", "path", "headers"), RESPONSES)
async def test_every_response_carries_the_protections(
    method: str, path: str, headers: dict[str, str], migrated_sqlite: Path, tmp_path: Path
) -> None:
    async with hub_client(hub_settings(), migrated_sqlite, tmp_path) as hub:
        response = await ask(hub, method, path, headers)

    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "base-uri 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


async def test_a_portal_page_keeps_its_own_policy(migrated_sqlite: Path, tmp_path: Path) -> None:
    provider = "https://idp.example"
    async with hub_client(hub_settings(oidc_issuer=provider), migrated_sqlite, tmp_path) as hub:
        page = await hub.get("/", headers=HTML)

    assert page.headers.get_list("content-security-policy") == [
        f"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self' {provider}"
    ]
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("method", "path", "headers"), RESPONSES)
async def test_hsts_on_every_response_when_the_public_url_is_https(
    method: str, path: str, headers: dict[str, str], migrated_sqlite: Path, tmp_path: Path
) -> None:
    settings = hub_settings(public_url="https://vloket.example")
    async with hub_client(settings, migrated_sqlite, tmp_path) as hub:
        response = await ask(hub, method, path, headers)

    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("public_url", ["http://127.0.0.1:8000", "http://vloket.intern:8080"])
async def test_no_hsts_when_the_public_url_is_plain_http(
    public_url: str, migrated_sqlite: Path, tmp_path: Path
) -> None:
    async with hub_client(hub_settings(public_url=public_url), migrated_sqlite, tmp_path) as hub:
        responses = [await ask(hub, method, path, headers) for method, path, headers in RESPONSES]

    assert [r.headers.get("strict-transport-security") for r in responses] == [None] * len(RESPONSES)
    assert {r.status_code for r in responses} <= {200, 404}


async def test_the_answer_to_an_unexpected_error_carries_them_too(
    migrated_sqlite: Path, tmp_path: Path
) -> None:
    """Starlette answers an unexpected error from outside every middleware."""
    settings = hub_settings(public_url="https://vloket.example")
    app = create_app(settings, database=Database(f"sqlite+aiosqlite:///{tmp_path / 'leeg.sqlite3'}"))

    async def kapot() -> None:
        raise RuntimeError("kapot")

    app.add_api_route("/kapot", kapot)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as hub:
        response = await hub.get("/kapot")

    assert response.status_code == 500
    assert response.json()["code"] == "INTERNAL_SERVER_ERROR"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
