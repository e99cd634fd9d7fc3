"""Answers of services kept in the `Store` (Redis or this process), so a repeated question is
not asked again within the TTL, and the last good answer can stand in when the service fails.

Each answer is written twice: a fresh copy that lives `cache_ttl_seconds`, and a last-good copy
that lives `stale_max_age_seconds`. The store's own expiry decides what is fresh, so replicas
with different clocks agree. With a TTL of 0 nothing is ever fresh: no fresh copy is written or
looked for, and only the last good answer is kept. A store that is down or slow makes the cache
miss, never the query fail or wait.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Generic, TypeVar
from urllib.parse import quote

import redis
import structlog
from pydantic import TypeAdapter

from hub.store import Store

T = TypeVar("T")

log = structlog.get_logger("hub.routing")

PREFIX = "routing:v1"


@dataclass(frozen=True)
class CacheKey:
    """Whose answer to what: the service, the capability asked, the token audience and the
    association (its vCode, `-` when none)."""

    service: str
    capability: str
    audience: str
    v_code: str

    def key(self, kind: str) -> str:
        return _store_key(kind, self.service, self.capability, self.audience, self.v_code)


@lru_cache(maxsize=4096)
def _store_key(kind: str, *parts: str) -> str:
    """Worked out once per association and service while it is asked about often: quoting is
    slow, and every answer is written under its key."""
    return ":".join((PREFIX, kind, *(quote(part, safe="") for part in parts)))


@dataclass(frozen=True)
class Cached(Generic[T]):
    value: T
    fetched_at: datetime


class AnswerCache:
    def __init__(self, store: Store, *, ttl: float, stale_max_age: float, patience: float) -> None:
        self._store = store
        self._ttl = ttl
        self._stale_max_age = stale_max_age
        self._patience = patience

    async def fresh(self, key: CacheKey, adapter: TypeAdapter[T]) -> Cached[T] | None:
        if self._ttl <= 0:
            return None
        return await self._read(key.key("fresh"), adapter)

    async def last_good(self, key: CacheKey, adapter: TypeAdapter[T]) -> Cached[T] | None:
        return await self._read(key.key("last"), adapter)

    async def remember(self, key: CacheKey, answer: Cached[T], adapter: TypeAdapter[T]) -> None:
        # The time goes on a line of its own before the value, so the value stays the adapter's
        # own JSON and is read back by the same adapter.
        data = answer.fetched_at.isoformat().encode("ascii") + b"\n" + adapter.dump_json(answer.value)
        last = self._store.set(key.key("last"), data, ttl=self._stale_max_age)
        try:
            async with asyncio.timeout(self._patience):
                if self._ttl > 0:
                    await asyncio.gather(last, self._store.set(key.key("fresh"), data, ttl=self._ttl))
                else:
                    await last
        except (redis.RedisError, OSError) as error:  # TimeoutError included
            log.warning("routing_cache_write_failed", service=key.service, error=str(error))

    async def forget(self, key: CacheKey) -> None:
        """Drop the fresh answer (after a change made through the hub): the next question goes
        to the service. The last good copy stays, to stand in when the service fails."""
        try:
            async with asyncio.timeout(self._patience):
                await self._store.delete(key.key("fresh"))
        except (redis.RedisError, OSError) as error:  # TimeoutError included
            log.warning("routing_cache_forget_failed", service=key.service, error=str(error))

    async def _read(self, key: str, adapter: TypeAdapter[T]) -> Cached[T] | None:
        try:
            async with asyncio.timeout(self._patience):
                data = await self._store.get(key)
        except (redis.RedisError, OSError) as error:  # TimeoutError included
            log.warning("routing_cache_read_failed", key=key, error=str(error))
            return None
        if data is None:
            return None
        stamp, _, body = data.partition(b"\n")
        try:
            return Cached(
                value=adapter.validate_json(body), fetched_at=datetime.fromisoformat(stamp.decode())
            )
        except ValueError as error:  # pydantic ValidationError included
            # Written by an older version with another shape: a miss, not an error.
            log.warning("routing_cache_entry_unreadable", key=key, error=str(error))
            return None
