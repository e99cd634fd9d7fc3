"""Short-lived shared state (sessions, pending logins, caches) behind one small interface: Redis
when `HUB_REDIS_URL` is set, so every replica sees the same state; otherwise this process."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

import redis.asyncio as redis

SWEEP_INTERVAL = 30.0
_DELETE_IF = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class Store(Protocol):
    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, *, ttl: float) -> None: ...

    async def set_many(self, items: Sequence[tuple[str, bytes, float]]) -> None:
        """Set each `(key, value, ttl)`, all in one round trip."""
        ...

    async def delete(self, key: str) -> None: ...

    async def add(self, key: str, value: bytes, *, ttl: float) -> bool:
        """Set only when absent; True when this call set it (a lock across replicas)."""
        ...

    async def take(self, key: str) -> bytes | None:
        """Get and delete in one step: of two concurrent takers only one gets the value."""
        ...

    async def delete_if(self, key: str, value: bytes) -> None:
        """Delete only while the key still holds `value` (release a lock one still owns)."""
        ...

    async def close(self) -> None: ...


class MemoryStore:
    """Kept in this process, at most `max_items` entries: past that the oldest go first, so no
    stream of requests (logins started and never finished) can make the process grow."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, max_items: int = 100_000) -> None:
        self._items: dict[str, tuple[float, bytes]] = {}
        self._clock = clock
        self._swept_at = clock()
        self.max_items = max_items

    async def get(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None:
            return None
        expires, value = item
        if expires <= self._clock():
            self._items.pop(key, None)
            return None
        return value

    async def set(self, key: str, value: bytes, *, ttl: float) -> None:
        self._purge()
        self._items.pop(key, None)  # a key set again counts as new
        while len(self._items) >= self.max_items:
            del self._items[next(iter(self._items))]
        self._items[key] = (self._clock() + ttl, value)

    async def set_many(self, items: Sequence[tuple[str, bytes, float]]) -> None:
        for key, value, ttl in items:
            await self.set(key, value, ttl=ttl)

    async def delete(self, key: str) -> None:
        self._items.pop(key, None)

    async def add(self, key: str, value: bytes, *, ttl: float) -> bool:
        if await self.get(key) is not None:
            return False
        await self.set(key, value, ttl=ttl)
        return True

    async def take(self, key: str) -> bytes | None:
        value = await self.get(key)
        self._items.pop(key, None)
        return value

    async def delete_if(self, key: str, value: bytes) -> None:
        if await self.get(key) == value:
            self._items.pop(key, None)

    async def close(self) -> None:
        self._items.clear()

    def _purge(self) -> None:
        # A full sweep at most every SWEEP_INTERVAL: abandoned entries (logins never finished)
        # do not pile up, and writes stay cheap between sweeps.
        now = self._clock()
        if now - self._swept_at < SWEEP_INTERVAL:
            return
        self._swept_at = now
        for key in [k for k, (expires, _) in self._items.items() if expires <= now]:
            del self._items[key]


class RedisStore:
    """At most `max_connections` connections at once; a call that finds them all in use waits
    up to `wait` seconds for one (a busy moment), rather than failing at once as redis-py's
    default pool does (`Too many connections`: with 50 profiles at once, each asking the cache
    per service and reading the person's choice, that failed requests)."""

    def __init__(
        self, url: str, *, prefix: str = "vloket:", max_connections: int = 100, wait: float = 5.0
    ) -> None:
        pool = redis.BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=wait)
        self._redis = redis.Redis.from_pool(pool)
        self._prefix = prefix

    async def get(self, key: str) -> bytes | None:
        return _bytes(await self._redis.get(self._prefix + key))

    async def set(self, key: str, value: bytes, *, ttl: float) -> None:
        await self._redis.set(self._prefix + key, value, px=_millis(ttl))

    async def set_many(self, items: Sequence[tuple[str, bytes, float]]) -> None:
        if not items:
            return
        async with self._redis.pipeline(transaction=False) as pipeline:
            for key, value, ttl in items:
                pipeline.set(self._prefix + key, value, px=_millis(ttl))
            await pipeline.execute()

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def add(self, key: str, value: bytes, *, ttl: float) -> bool:
        return bool(await self._redis.set(self._prefix + key, value, px=_millis(ttl), nx=True))

    async def take(self, key: str) -> bytes | None:
        return _bytes(await self._redis.getdel(self._prefix + key))

    async def delete_if(self, key: str, value: bytes) -> None:
        await self._redis.eval(_DELETE_IF, 1, self._prefix + key, value)

    async def close(self) -> None:
        await self._redis.aclose()


def _millis(ttl: float) -> int:
    """A TTL in seconds as Redis's PX: whole milliseconds, at least one (0 would be refused)."""
    return max(1, int(ttl * 1000))


def _bytes(value: bytes | str | None) -> bytes | None:
    return value.encode("utf-8") if isinstance(value, str) else value


def open_store(redis_url: str | None) -> Store:
    return RedisStore(redis_url) if redis_url else MemoryStore()
