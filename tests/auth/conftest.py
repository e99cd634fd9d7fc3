"""The hub with its real identity layer, against a token issuer served over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.utils.graphql import GraphQLClient
from tests.utils.servers import free_port, serving
from tests.utils.services import require_redis
from tests.utils.token_forge import TokenForge


@pytest.fixture
def forge() -> Iterator[TokenForge]:
    port = free_port()
    issuer = TokenForge(issuer=f"http://127.0.0.1:{port}")
    with serving(issuer.app(), port=port):
        yield issuer


@pytest.fixture
def auth_settings(settings: Settings, forge: TokenForge) -> Settings:
    return settings.model_copy(
        update={
            "oidc_issuer": forge.issuer,
            "oidc_client_id": "vloket-hub",
            "oidc_jwks_refetch_seconds": 3600.0,
            "public_url": "http://hub.test",
        }
    )


@pytest.fixture
async def api(
    auth_settings: Settings, db: Database, seeded: VerenigingenRegister
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(auth_settings, database=db)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
    ):
        yield client


@pytest.fixture
def api_graphql(api: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(api)


@pytest.fixture
def real_redis_url(settings: Settings) -> str:
    """A real Redis, emptied for this test."""
    return require_redis(settings, empty=True)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def redis_url(request: pytest.FixtureRequest) -> str | None:
    """None (state kept in the process), or a real Redis emptied for this test."""
    return None if request.param == "memory" else str(request.getfixturevalue("real_redis_url"))
