"""The router under test, over fake connectors, with its cache in this process or in a real Redis.

Redis tests skip when the server is unreachable, unless HUB_REQUIRE_SERVICES=1 (CI), where they
fail. Each test writes under a prefix of its own and removes it afterwards instead of emptying
the database, so it never disturbs another suite using the same Redis at the same time."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from typing import Any

import pytest
import redis
import structlog

from connectors.sdk import Connector, Dossier, Dossiers
from hub.routing import Gathered, Router, RoutingSettings
from hub.settings import Settings
from hub.store import MemoryStore, RedisStore, Store
from tests.routing.fakes import DOSSIERS, ManualClock, context_for
from tests.utils.services import require_redis

MakeRouter = Callable[..., Router]


@pytest.fixture
def real_redis_url(settings: Settings) -> str:
    return require_redis(settings, empty=False)


@pytest.fixture
def redis_prefix(real_redis_url: str) -> Iterator[str]:
    prefix = f"vloket-test-routing-{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(real_redis_url)
    for key in client.scan_iter(match=prefix + "*"):
        client.delete(key)
    client.close()


@pytest.fixture
def made() -> list[Router]:
    """The routers `make_router` made in this test."""
    return []


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def store(
    request: pytest.FixtureRequest, made: list[Router], clock: ManualClock
) -> AsyncIterator[Store]:
    """The store the answers are cached in: this process, or a real Redis. Closed after the
    routers have written what they still held."""
    chosen: Store
    if request.param == "memory":
        chosen = MemoryStore(clock=clock)
    else:
        url = str(request.getfixturevalue("real_redis_url"))
        chosen = RedisStore(url, prefix=str(request.getfixturevalue("redis_prefix")))
    yield chosen
    for router in made:
        await router.flush()
    await chosen.close()


@pytest.fixture(autouse=True)
def logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """What the router logged; kept here rather than rendered, as rendering the tracebacks of
    the crashes the tests provoke is slow."""
    with structlog.testing.capture_logs() as captured:
        yield captured


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def make_router(clock: ManualClock, made: list[Router]) -> AsyncIterator[MakeRouter]:
    """`make_router(*connectors, store=..., draw=..., **settings)`: a router, closed after the
    test. Its retries wait half their cap unless `draw` gives other fractions."""

    def make(
        *connectors: Connector[Any],
        store: Store | None = None,
        draw: Callable[[], float] = lambda: 0.5,
        **settings: Any,
    ) -> Router:
        router = Router(
            connectors,
            store=store or MemoryStore(clock=clock),
            settings=RoutingSettings(**settings),
            clock=clock,
            sleep=clock.sleep,
            draw=draw,
        )
        made.append(router)
        return router

    yield make
    for router in made:
        await router.aclose()


AskDossiers = Callable[..., Awaitable[Gathered[list[Dossier]]]]


@pytest.fixture
def ask_dossiers() -> AskDossiers:
    """`ask_dossiers(router, v_code="V0001001", **gather_options)`: every service's dossiers."""

    async def ask(router: Router, v_code: str = "V0001001", **options: Any) -> Gathered[list[Dossier]]:
        return await router.gather(
            Dossiers,
            lambda connector, context: connector.dossiers(context),
            context_for=lambda _: context_for(v_code),
            cache_key=v_code,
            adapter=DOSSIERS,
            **options,
        )

    return ask
