"""Answers are kept per service, capability, audience and association: asked again only after
the TTL, and when the service fails the last good answer stands in, marked stale. Each test runs
with the cache in this process and in a real Redis, except those that let time pass: they move
the router's clock, which the store in this process follows and Redis does not; for Redis, a test
reads the expiry it was given instead."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping, Sequence
from typing import Any

import pytest
import redis

from connectors.sdk import ConnectorUnavailable, Dossiers, NotFound
from hub.routing import LoginRefused
from hub.store import MemoryStore, RedisStore, Store
from tests.routing.conftest import AskDossiers, MakeRouter
from tests.routing.fakes import DossierService, ManualClock, answers, fails, never

ONCE = {"attempts": 1}


def down() -> ConnectorUnavailable:
    return ConnectorUnavailable("kiosk", "connection refused")


async def test_a_cached_answer_is_served_without_asking_the_service_again(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), answers("Iets anders"))
    router = make_router(kiosk, store=store)

    first = await ask_dossiers(router)
    again = await ask_dossiers(router)

    assert kiosk.calls == 1
    assert again.results == first.results
    assert again.results[0].stale is False


@pytest.mark.parametrize("written", [False, True], ids=["held", "written"])
async def test_after_the_ttl_the_service_is_asked_again(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock, written: bool
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), answers("Jeugdkamp"))
    router = make_router(kiosk, cache_ttl_seconds=0.2)

    await ask_dossiers(router)
    if written:
        await router.flush()
    clock.advance(0.19)
    meanwhile = await ask_dossiers(router)
    clock.advance(0.01)
    later = await ask_dossiers(router)

    assert kiosk.calls == 2
    assert [d.titel for d in meanwhile.results[0].value] == ["Sportkamp"]
    assert [d.titel for d in later.results[0].value] == ["Jeugdkamp"]


@pytest.mark.redis
async def test_redis_is_told_to_expire_each_copy_after_its_own_age(
    make_router: MakeRouter, ask_dossiers: AskDossiers, real_redis_url: str, redis_prefix: str
) -> None:
    store = RedisStore(real_redis_url, prefix=redis_prefix)
    router = make_router(DossierService("kiosk"), store=store, cache_ttl_seconds=60)
    try:
        await ask_dossiers(router)
        await router.flush()
    finally:
        await store.close()

    client = redis.Redis.from_url(real_redis_url)
    try:
        expiries = {
            key.decode().removeprefix(redis_prefix).split(":")[2]: client.pttl(key)
            for key in client.scan_iter(match=redis_prefix + "*")
        }
    finally:
        client.close()
    assert sorted(expiries) == ["fresh", "last"]
    assert 0 < expiries["fresh"] <= 60_000
    assert 60_000 < expiries["last"] <= 86_400_000


async def test_when_the_service_fails_its_last_good_answer_stands_in_marked_stale(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), fails(down()))
    router = make_router(kiosk, cache_ttl_seconds=0.2, **ONCE)

    first = (await ask_dossiers(router)).results[0]
    await router.flush()
    clock.advance(0.2)
    gathered = await ask_dossiers(router)

    assert kiosk.calls == 2
    assert gathered.failures == []
    [stale] = gathered.results
    assert stale.stale is True
    assert stale.value == first.value
    assert stale.fetched_at == first.fetched_at
    assert stale.failure is not None
    assert (stale.failure.service, stale.failure.code) == ("kiosk", "SERVICE_UNAVAILABLE")


async def test_with_a_ttl_of_zero_every_question_is_asked_and_the_last_good_answer_still_stands_in(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), answers("Jeugdkamp"), fails(down()))
    router = make_router(kiosk, store=store, cache_ttl_seconds=0, **ONCE)

    await ask_dossiers(router)
    second = (await ask_dossiers(router)).results[0]
    third = await ask_dossiers(router)

    assert kiosk.calls == 3
    assert [d.titel for d in second.value] == ["Jeugdkamp"]
    [stale] = third.results
    assert stale.stale is True
    assert stale.value == second.value


async def test_an_open_breaker_serves_the_last_good_answer_too(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), fails(down()))
    router = make_router(kiosk, store=store, breaker_failures=1, **ONCE)

    await ask_dossiers(router)
    await ask_dossiers(router, refresh=True)
    gathered = await ask_dossiers(router, refresh=True)

    assert kiosk.calls == 2
    [stale] = gathered.results
    assert stale.stale is True
    assert stale.failure is not None
    assert stale.failure.code == "CIRCUIT_OPEN"


async def test_no_stale_answer_once_it_is_older_than_the_stale_max_age(
    make_router: MakeRouter, ask_dossiers: AskDossiers, clock: ManualClock
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), fails(down()))
    router = make_router(kiosk, cache_ttl_seconds=0.1, stale_max_age_seconds=0.2, **ONCE)

    await ask_dossiers(router)
    await router.flush()
    clock.advance(0.2)
    gathered = await ask_dossiers(router)

    assert gathered.results == []
    assert [f.code for f in gathered.failures] == ["SERVICE_UNAVAILABLE"]


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (NotFound("kiosk", "vereniging onbekend"), "NOT_FOUND"),
        (LoginRefused("kiosk", "token exchange: invalid_grant"), "TOKEN_REFUSED"),
    ],
    ids=["association-unknown-there", "login-refused"],
)
async def test_an_answer_that_is_no_outage_is_not_covered_by_an_old_answer(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store, error: Exception, code: str
) -> None:
    """An association the service no longer knows, or a person whose login the IdP refuses:
    what was true before must not stand in for either."""
    kiosk = DossierService("kiosk", answers("Sportkamp"), fails(error))
    router = make_router(kiosk, store=store, **ONCE)

    await ask_dossiers(router)
    gathered = await ask_dossiers(router, refresh=True)

    assert gathered.results == []
    assert [f.code for f in gathered.failures] == [code]


async def test_two_associations_do_not_share_answers(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store
) -> None:
    kiosk = DossierService("kiosk", answers("Van V0001001"), answers("Van V0001002"))
    router = make_router(kiosk, store=store)

    await ask_dossiers(router, "V0001001")
    other = await ask_dossiers(router, "V0001002")
    first_again = await ask_dossiers(router, "V0001001")

    assert kiosk.calls == 2
    assert [d.titel for d in other.results[0].value] == ["Van V0001002"]
    assert [d.titel for d in first_again.results[0].value] == ["Van V0001001"]


async def test_replicas_share_answers_for_the_same_audience_but_not_across_audiences(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store
) -> None:
    replica_one = DossierService("kiosk", answers("Sportkamp"), audience="kiosk-api")
    replica_two = DossierService("kiosk", answers("Niet gevraagd"), audience="kiosk-api")
    other_audience = DossierService("kiosk", answers("Voor een ander publiek"), audience="kiosk-intern")
    watched = WatchedStore(store)

    await ask_dossiers(make_router(replica_one, store=watched, cache_write_delay_seconds=0.01))
    await watched.written.wait()  # written behind, on its own
    shared = await ask_dossiers(make_router(replica_two, store=store))
    separate = await ask_dossiers(make_router(other_audience, store=store))

    assert (replica_one.calls, replica_two.calls, other_audience.calls) == (1, 0, 1)
    assert [d.titel for d in shared.results[0].value] == ["Sportkamp"]
    assert [d.titel for d in separate.results[0].value] == ["Voor een ander publiek"]


class WatchedStore:
    """Another store, whose writes it notes and signals; a write can be held until released."""

    def __init__(self, inner: Store, *, hold: bool = False) -> None:
        self.inner = inner
        self.writes: list[list[str]] = []
        self.written = asyncio.Event()
        self.writing = asyncio.Event()
        self.release = asyncio.Event()
        if not hold:
            self.release.set()

    async def get(self, key: str) -> bytes | None:
        return await self.inner.get(key)

    async def set(self, key: str, value: bytes, *, ttl: float) -> None:
        await self.set_many([(key, value, ttl)])

    async def set_many(self, items: Sequence[tuple[str, bytes, float]]) -> None:
        self.writes.append([key for key, _, _ in items])
        self.writing.set()
        await self.release.wait()
        await self.inner.set_many(items)
        self.written.set()

    async def delete(self, key: str) -> None:
        await self.inner.delete(key)

    async def add(self, key: str, value: bytes, *, ttl: float) -> bool:
        return await self.inner.add(key, value, ttl=ttl)

    async def take(self, key: str) -> bytes | None:
        return await self.inner.take(key)

    async def delete_if(self, key: str, value: bytes) -> None:
        await self.inner.delete_if(key, value)

    async def close(self) -> None:
        await self.inner.close()


async def test_answers_are_written_behind_together_and_served_from_memory_until_then(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"))
    gemeente = DossierService("gemeente", answers("Zaalhuur"))
    store = WatchedStore(MemoryStore())
    router = make_router(kiosk, gemeente, store=store, cache_write_delay_seconds=3600)

    await ask_dossiers(router, "V0001001")
    await ask_dossiers(router, "V0001002")
    held = await ask_dossiers(router, "V0001001")
    written_before_the_delay = list(store.writes)
    await router.flush()  # what the delay's end does on its own

    assert (kiosk.calls, gemeente.calls) == (2, 2)
    assert [d.titel for r in held.results for d in r.value] == ["Sportkamp", "Zaalhuur"]
    assert written_before_the_delay == []
    assert len(store.writes) == 1  # four answers, a fresh and a last-good copy each: one write
    assert len(store.writes[0]) == 8
    assert await store.get(store.writes[0][0]) is not None


async def test_a_change_forgets_an_answer_that_was_being_written_when_it_came(
    make_router: MakeRouter, ask_dossiers: AskDossiers
) -> None:
    kiosk = DossierService("kiosk", answers("Voor de wijziging"), answers("Na de wijziging"))
    store = WatchedStore(MemoryStore(), hold=True)
    router = make_router(kiosk, store=store, cache_write_delay_seconds=0.01)

    await ask_dossiers(router)
    await store.writing.wait()  # the write has started, and is held
    forgetting = asyncio.ensure_future(router.forget("kiosk", [Dossiers], "V0001001"))
    await asyncio.sleep(0)  # let it begin
    waited_for_the_write = not forgetting.done()
    store.release.set()
    await forgetting
    elsewhere = await ask_dossiers(make_router(kiosk, store=store))

    assert waited_for_the_write
    assert len(store.writes) == 1
    assert kiosk.calls == 2
    assert [d.titel for d in elsewhere.results[0].value] == ["Na de wijziging"]


async def test_with_the_cache_down_every_question_goes_to_the_service_once_its_answer_is_dropped(
    make_router: MakeRouter, ask_dossiers: AskDossiers, logs: list[MutableMapping[str, Any]]
) -> None:
    unreachable = RedisStore("redis://127.0.0.1:9/0")
    kiosk = DossierService("kiosk", answers("Sportkamp"), answers("Jeugdkamp"))
    router = make_router(kiosk, store=unreachable)

    try:
        await ask_dossiers(router)
        await router.flush()
        again = await ask_dossiers(router)
        await router.flush()
    finally:
        await unreachable.close()

    assert kiosk.calls == 2
    assert [d.titel for d in again.results[0].value] == ["Jeugdkamp"]
    failed = [e for e in logs if e["event"] == "routing_cache_write_failed"]
    assert [e["services"] for e in failed] == [["kiosk"], ["kiosk"]]


async def test_without_the_cache_nothing_is_read_or_kept(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), answers("Sportkamp"), fails(down()))
    router = make_router(kiosk, store=store, **ONCE)

    await ask_dossiers(router, use_cache=False)
    await ask_dossiers(router, use_cache=False)
    gathered = await ask_dossiers(router)

    assert kiosk.calls == 3
    assert [f.code for f in gathered.failures] == ["SERVICE_UNAVAILABLE"]


async def test_a_refresh_asks_the_service_and_keeps_its_new_answer(
    make_router: MakeRouter, ask_dossiers: AskDossiers, store: Store
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"), answers("Jeugdkamp"))
    router = make_router(kiosk, store=store)

    await ask_dossiers(router)
    await ask_dossiers(router, refresh=True)
    cached = await ask_dossiers(router)

    assert kiosk.calls == 2
    assert [d.titel for d in cached.results[0].value] == ["Jeugdkamp"]


class HangingStore(MemoryStore):
    """A cache that never answers a read."""

    async def get(self, key: str) -> bytes | None:
        await never()
        return await super().get(key)


async def test_a_slow_cache_is_not_waited_for(
    make_router: MakeRouter, ask_dossiers: AskDossiers, logs: list[MutableMapping[str, Any]]
) -> None:
    kiosk = DossierService("kiosk", answers("Sportkamp"))
    router = make_router(kiosk, store=HangingStore(), cache_timeout_seconds=0.05)

    gathered = await ask_dossiers(router)

    assert [e["event"] for e in logs if e["event"].startswith("routing_cache")] == [
        "routing_cache_read_failed"
    ]
    assert [r.service for r in gathered.results] == ["kiosk"]
    assert kiosk.calls == 1


@pytest.mark.redis
async def test_more_calls_at_once_than_redis_connections_wait_for_one(
    real_redis_url: str, redis_prefix: str
) -> None:
    store = RedisStore(real_redis_url, prefix=redis_prefix, max_connections=2)
    try:
        await store.set("keuze", b"V0001001", ttl=60)
        read = await asyncio.gather(*(store.get("keuze") for _ in range(40)))
    finally:
        await store.close()

    assert read == [b"V0001001"] * 40
