"""Rate limits: past `HUB_RATE_LIMIT_GRAPHQL` a person's GraphQL requests, past
`HUB_RATE_LIMIT_LOGIN` an IP's logins and past `HUB_RATE_LIMIT_EVENTS` an IP's pushes get 429
with `Retry-After` and the limit in the error; the count is shared through Redis by every
replica; a Redis that does not answer lets requests through."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.auth.conftest import real_redis_url
from tests.utils.principals import AN, PIETER, PrincipalSwitch
from tests.utils.servers import free_port

__all__ = ["real_redis_url"]

PUBLIC = '{ vereniging(vCode: "V0001001") { naam } }'
Hub = Callable[..., AsyncIterator[httpx.AsyncClient]]


@pytest.fixture
async def hubs(
    settings: Settings, db: Database, seeded: VerenigingenRegister, principal: PrincipalSwitch
) -> AsyncIterator[Callable[..., Any]]:
    """Makes in-process hubs with the given settings, each asked by its own client."""
    async with AsyncExitStack() as stack:

        async def make(**overrides: Any) -> httpx.AsyncClient:
            configured = settings.model_copy(update=overrides)
            app = create_app(configured, database=db, principal_resolver=principal)
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://hub.test")
            )

        yield make


async def graphql(hub: httpx.AsyncClient, language: str = "nl") -> httpx.Response:
    return await hub.post("/graphql", json={"query": PUBLIC}, headers={"Accept-Language": language})


async def test_past_the_limit_a_persons_graphql_gets_429_with_retry_after_and_the_limit(
    hubs: Callable[..., Any], principal: PrincipalSwitch
) -> None:
    hub = await hubs(rate_limit_graphql="3/minute")
    principal.person(AN)

    answers = [await graphql(hub) for _ in range(3)]
    refused = await graphql(hub, "en")

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["limiet"] == "3 per 1 minute"
    assert error["extensions"]["retryAfter"] == int(refused.headers["retry-after"])
    assert error["message"].startswith("You asked too many times in a row (at most 3 per 1 minute)")
    # Another person is counted apart; anonymous requests are counted per IP.
    principal.person(PIETER)
    assert (await graphql(hub)).status_code == 200
    principal.anonymous()
    assert [(await graphql(hub)).status_code for _ in range(4)] == [200, 200, 200, 429]


async def test_past_the_limit_an_ip_gets_429_on_logging_in_and_on_pushing_events(
    hubs: Callable[..., Any],
) -> None:
    hub = await hubs(rate_limit_login="2/minute", rate_limit_events="1/minute")

    logins = [(await hub.get("/auth/login")).status_code for _ in range(2)]
    login_refused = await hub.get("/auth/callback?code=x&state=y")
    pushed = await hub.post("/events/kiosk", content=b"{}")
    push_refused = await hub.post("/events/kiosk", content=b"{}")

    assert 429 not in logins
    assert login_refused.status_code == 429
    assert login_refused.json()["errors"][0]["extensions"]["limiet"] == "2 per 1 minute"
    assert pushed.status_code != 429
    assert push_refused.status_code == 429
    assert "retry-after" in push_refused.headers
    # GraphQL is counted apart (its own limit, untouched here).
    assert (await graphql(hub)).status_code == 200


@pytest.mark.redis
async def test_replicas_sharing_redis_count_together(
    hubs: Callable[..., Any], principal: PrincipalSwitch, real_redis_url: str
) -> None:
    one = await hubs(rate_limit_graphql="2/minute", redis_url=real_redis_url)
    other = await hubs(rate_limit_graphql="2/minute", redis_url=real_redis_url)
    principal.person(AN)

    assert (await graphql(one)).status_code == 200
    assert (await graphql(other)).status_code == 200
    assert (await graphql(one)).status_code == 429
    assert (await graphql(other)).status_code == 429


async def test_when_redis_does_not_answer_requests_go_through(
    hubs: Callable[..., Any], principal: PrincipalSwitch
) -> None:
    hub = await hubs(rate_limit_graphql="1/minute", redis_url=f"redis://127.0.0.1:{free_port()}/0")
    principal.person(AN)

    assert [(await graphql(hub)).status_code for _ in range(3)] == [200, 200, 200]


async def test_an_empty_limit_counts_nothing(hubs: Callable[..., Any], principal: PrincipalSwitch) -> None:
    hub = await hubs(rate_limit_graphql="")
    principal.person(AN)

    assert {(await graphql(hub)).status_code for _ in range(5)} == {200}


@pytest.mark.parametrize("value", ["lots", "3/fortnight", "-1/minute", "3/minute;x"])
def test_a_limit_that_is_none_is_refused_at_start_naming_the_setting(settings: Settings, value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment="test", rate_limit_login=value)

    assert "rate_limit_login" in str(refused.value)
    assert "not a rate limit such as 30/minute" in str(refused.value)
