"""Server-side sessions, in this process or in Redis: timeouts, what the store holds, and one
session served by any replica."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence

import httpx
import pytest
import redis

from demo.devidp import create_devidp
from demo.personas import AN
from hub.app import create_app
from hub.auth.oidc import TokenResponse
from hub.auth.resolver import SESSION_COOKIE
from hub.auth.sessions import TOUCH_INTERVAL, SessionEnded, SessionManager
from hub.settings import Settings
from hub.store import MemoryStore, Store, open_store
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.auth.stack import hub_settings, idp_config
from tests.devidp.login_flow import submit_login
from tests.utils.servers import free_port, serving

TOKENS = TokenResponse(access_token="a", refresh_token="r", id_token="i", expires_in=300)
MIJ = "{ mij { insz } }"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def manager(redis_url: str | None, clock: Clock) -> SessionManager:
    return SessionManager(open_store(redis_url), idle=1800, absolute=8 * 3600, clock=clock)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def sessions(redis_url: str | None, clock: Clock) -> AsyncIterator[SessionManager]:
    made = manager(redis_url, clock)
    yield made
    await made.store.close()


@pytest.fixture
async def sessions_in_redis(real_redis_url: str, clock: Clock) -> AsyncIterator[SessionManager]:
    made = manager(real_redis_url, clock)
    yield made
    await made.store.close()


@pytest.fixture
async def store(redis_url: str | None) -> AsyncIterator[Store]:
    made = open_store(redis_url)
    yield made
    await made.close()


async def test_a_session_ends_after_the_idle_time(sessions: SessionManager, clock: Clock) -> None:
    session = await sessions.create(claims={"sub": "an"}, tokens=TOKENS)

    clock.now += 1799
    alive = await sessions.load(session.id)
    clock.now += 1799  # idle counted from the last request, which was written back
    still = await sessions.load(session.id)
    clock.now += 1801
    gone = await sessions.load(session.id)

    assert alive is not None
    assert still is not None
    assert gone is None


async def test_a_session_ends_after_the_absolute_time_however_active(
    sessions: SessionManager, clock: Clock
) -> None:
    session = await sessions.create(claims={"sub": "an"}, tokens=TOKENS)

    for _ in range(int(8 * 3600 / TOUCH_INTERVAL / 20)):
        clock.now += TOUCH_INTERVAL * 20
        assert await sessions.load(session.id) is not None
    clock.now += 8 * 3600
    gone = await sessions.load(session.id)

    assert gone is None


async def test_an_ended_session_cannot_be_loaded(sessions: SessionManager) -> None:
    session = await sessions.create(claims={"sub": "an"}, tokens=TOKENS)

    await sessions.end(session.id)

    assert await sessions.load(session.id) is None


@pytest.mark.redis
async def test_redis_holds_no_usable_session_id(
    sessions_in_redis: SessionManager, real_redis_url: str
) -> None:
    session = await sessions_in_redis.create(claims={"sub": "an"}, tokens=TOKENS)

    client = redis.Redis.from_url(real_redis_url, decode_responses=True)
    keys = [str(key) for key in client.keys("*")]
    values = "".join(str(client.get(key) or "") for key in keys)
    client.close()

    assert any(key.startswith("vloket:sessie:") for key in keys)
    assert not any(session.id in key for key in keys)
    assert session.id not in values


async def test_of_two_concurrent_takers_only_one_gets_a_pending_login(store: Store) -> None:
    await store.set("aanmelding:s", b"pending", ttl=60)

    taken = await asyncio.gather(*(store.take("aanmelding:s") for _ in range(10)))

    assert taken.count(b"pending") == 1


@pytest.mark.redis
async def test_any_replica_serves_a_session_kept_in_redis(
    settings: Settings, db: Database, seeded: VerenigingenRegister, real_redis_url: str
) -> None:
    redis_url = real_redis_url
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    first, second = "http://localhost:8101", "http://localhost:8102"
    with serving(create_devidp(idp_config(issuer=issuer, hub=first)), port=port):
        replicas = [
            create_app(hub_settings(settings, issuer=issuer, hub=url, redis_url=redis_url), database=db)
            for url in (first, second)
        ]
        mounts = {
            url: httpx.ASGITransport(app=app) for url, app in zip((first, second), replicas, strict=True)
        }
        async with (
            replicas[0].router.lifespan_context(replicas[0]),
            replicas[1].router.lifespan_context(replicas[1]),
            httpx.AsyncClient(mounts=mounts, follow_redirects=False, timeout=10) as browser,
        ):
            start = await browser.get(f"{first}/auth/login")
            page = await browser.get(start.headers["location"])
            back = await submit_login(browser, page, insz=AN.insz)
            assert (await browser.get(back.headers["location"])).status_code == 303
            assert browser.cookies.get(SESSION_COOKIE)

            on_second = await browser.post(
                f"{second}/graphql", json={"query": MIJ}, headers={"Origin": second}
            )

    assert on_second.json() == {"data": {"mij": {"insz": AN.insz}}}


class LockWatchingStore:
    """A store that tells, for each refresh lock it finds already taken, who wanted it (the
    would-be owner), so that a test can hold a refresh until the others wait for it."""

    def __init__(self, inner: Store, on_taken: Callable[[bytes], None]) -> None:
        self.inner = inner
        self.on_taken = on_taken

    async def get(self, key: str) -> bytes | None:
        return await self.inner.get(key)

    async def set(self, key: str, value: bytes, *, ttl: float) -> None:
        await self.inner.set(key, value, ttl=ttl)

    async def set_many(self, items: Sequence[tuple[str, bytes, float]]) -> None:
        await self.inner.set_many(items)

    async def delete(self, key: str) -> None:
        await self.inner.delete(key)

    async def add(self, key: str, value: bytes, *, ttl: float) -> bool:
        added = await self.inner.add(key, value, ttl=ttl)
        if not added:
            self.on_taken(value)
        return added

    async def take(self, key: str) -> bytes | None:
        return await self.inner.take(key)

    async def delete_if(self, key: str, value: bytes) -> None:
        await self.inner.delete_if(key, value)

    async def close(self) -> None:
        await self.inner.close()


async def test_concurrent_requests_of_one_session_refresh_once(redis_url: str | None, clock: Clock) -> None:
    """Five requests with the session as loaded before its token was refreshed. The refresh
    answers only once each of the other four has come: waiting for it (the lock was taken), or
    wrongly refreshing too."""
    arrived: set[bytes | str] = set()
    everyone = asyncio.Event()

    def arrive(who: bytes | str) -> None:
        arrived.add(who)
        if len(arrived) == 5:
            everyone.set()

    sessions = SessionManager(
        LockWatchingStore(open_store(redis_url), on_taken=arrive), idle=1800, absolute=8 * 3600, clock=clock
    )
    session = await sessions.create(claims={"sub": "an"}, tokens=TOKENS)
    clock.now += 290  # within the refresh margin of the 300 s token
    used: list[str] = []

    async def refresh(refresh_token: str) -> tuple[TokenResponse, dict[str, object] | None]:
        used.append(refresh_token)
        arrive(f"refresh {len(used)}")
        await everyone.wait()
        return TokenResponse(
            access_token=f"a{len(used)}", refresh_token=f"r{len(used)}", expires_in=300
        ), None

    copies = [await sessions.load(session.id) for _ in range(5)]
    try:
        tokens = await asyncio.gather(*(sessions.access_token(c, refresh) for c in copies if c))
        stored = await sessions.load(session.id)
    finally:
        await sessions.store.close()

    assert used == ["r"]
    assert set(tokens) == {"a1"}
    assert stored is not None
    assert stored.refresh_token == "r1"


async def test_a_refresh_brings_the_claims_as_the_provider_says_now(
    sessions: SessionManager, clock: Clock
) -> None:
    session = await sessions.create(
        claims={"sub": "an", "vloket_rol_3d": ["Vertegenwoordiger:V0001003"]}, tokens=TOKENS
    )
    clock.now += 290

    async def refresh(_: str) -> tuple[TokenResponse, dict[str, object] | None]:
        return TokenResponse(access_token="a2", refresh_token="r2", id_token="i2", expires_in=300), {
            "sub": "an"
        }

    await sessions.access_token(session, refresh)
    stored = await sessions.load(session.id)

    assert stored is not None
    assert stored.claims == {"sub": "an"}  # the mandate the provider withdrew is gone


async def test_a_refresh_naming_another_person_ends_the_session(
    sessions: SessionManager, clock: Clock
) -> None:
    session = await sessions.create(claims={"sub": "an"}, tokens=TOKENS)
    clock.now += 290

    async def refresh(_: str) -> tuple[TokenResponse, dict[str, object] | None]:
        return TokenResponse(access_token="a2", expires_in=300), {"sub": "lotte"}

    with pytest.raises(SessionEnded):
        await sessions.access_token(session, refresh)

    assert await sessions.load(session.id) is None


async def test_marking_a_session_seen_never_restores_a_rotated_refresh_token(
    sessions: SessionManager, clock: Clock
) -> None:
    session = await sessions.create(claims={"sub": "an"}, tokens=TOKENS)
    stale = await sessions.load(session.id)
    clock.now += 290

    async def refresh(_: str) -> tuple[TokenResponse, dict[str, object] | None]:
        return TokenResponse(access_token="a2", refresh_token="r2", expires_in=300), None

    await sessions.access_token(session, refresh)
    assert stale is not None
    stale.namens = "V0001001"
    await sessions.save(stale)  # a request that loaded the session before the refresh
    stored = await sessions.load(session.id)

    assert stored is not None
    assert (stored.refresh_token, stored.namens) == ("r2", "V0001001")


async def test_a_lock_is_released_only_by_its_owner(store: Store) -> None:
    await store.add("lock", b"mine", ttl=60)

    await store.delete_if("lock", b"theirs")
    kept = await store.get("lock")
    await store.delete_if("lock", b"mine")

    assert kept == b"mine"
    assert await store.get("lock") is None


async def test_the_store_in_process_keeps_at_most_its_number_of_entries() -> None:
    store = MemoryStore(max_items=3)

    for n in range(10):
        await store.set(f"aanmelding:{n}", b"x", ttl=600)

    assert [await store.get(f"aanmelding:{n}") for n in range(10)] == [None] * 7 + [b"x"] * 3
