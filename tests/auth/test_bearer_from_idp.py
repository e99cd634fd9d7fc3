"""Access tokens the dev IdP issues to the hub are accepted on `/graphql`, checked locally as JWTs
or by introspection; a token issued to another client is not."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from demo.devidp import create_devidp
from demo.personas import PIETER
from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.auth.stack import hub_settings, idp_config
from tests.devidp.login_flow import log_in
from tests.utils.servers import free_port, serving

HUB = "http://localhost:8996"
MIJ = "{ mij { insz namens { vCode } } }"


@pytest.fixture
def issuer() -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(create_devidp(idp_config(issuer=url, hub=HUB)), port=port):
        yield url


async def _token(issuer: str, client_index: int) -> str:
    client = idp_config(issuer=issuer, hub=HUB).clients[client_index]
    async with httpx.AsyncClient(follow_redirects=False) as browser, httpx.AsyncClient() as backend:
        login = await log_in(browser, backend, issuer, client, insz=PIETER.insz)
    return login.access_token


@pytest.mark.parametrize("introspection", [False, True], ids=["jwt", "introspection"])
async def test_a_token_issued_to_the_hub_is_the_person(
    introspection: bool, issuer: str, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    configured = hub_settings(settings, issuer=issuer, hub=HUB, oidc_introspection=introspection)
    app = create_app(configured, database=db)
    for_hub, for_sandbox = await _token(issuer, 0), await _token(issuer, 1)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=HUB) as api,
    ):
        accepted = await api.post(
            "/graphql", json={"query": MIJ}, headers={"Authorization": f"Bearer {for_hub}"}
        )
        refused = await api.post(
            "/graphql", json={"query": MIJ}, headers={"Authorization": f"Bearer {for_sandbox}"}
        )

    assert accepted.json() == {"data": {"mij": {"insz": PIETER.insz, "namens": {"vCode": "V0001002"}}}}
    assert refused.status_code == 401
