"""The sandbox subgraph itself: a federation v2 subgraph that answers only tokens made for it."""

from __future__ import annotations

import httpx

from tests.connectors.graphql_subgraph.conftest import World
from tests.devidp.login_flow import Login

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Vereniging { aantalLeden } } }"


async def ask(world: World, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {"query": ENTITIES, "variables": {"r": [{"__typename": "Vereniging", "vCode": "V0001002"}]}}
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{world.sandbox}/graphql", json=body, headers=headers)


async def test_the_sandbox_answers_an_entity_for_its_own_audience(world: World, sport_token: str) -> None:
    response = await ask(world, sport_token)

    assert response.json() == {"data": {"_entities": [{"aantalLeden": 112}]}}


async def test_the_sandbox_refuses_a_request_without_a_token(world: World) -> None:
    response = await ask(world, None)

    assert response.status_code == 401
    assert response.json() == {"detail": "a bearer token is required"}
    assert response.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


async def test_the_sandbox_refuses_the_persons_own_token(world: World, an_login: Login) -> None:
    response = await ask(world, an_login.access_token)

    assert response.status_code == 401
    assert "aud" in response.json()["detail"]


async def test_the_sandbox_extends_vereniging_by_its_key(world: World, sport_token: str) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            f"{world.sandbox}/graphql",
            json={"query": "{ _service { sdl } }"},
            headers={"Authorization": f"Bearer {sport_token}"},
        )

    sdl = response.json()["data"]["_service"]["sdl"]
    assert 'type Vereniging @key(fields: "vCode")' in sdl
    assert "federation/v2" in sdl
