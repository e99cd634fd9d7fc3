"""Answers of services kept in the `Store` (Redis or this process), so a repeated question is
not asked again within the TTL, and the last good answer can stand in when the service fails.

Each answer is written twice: a fresh copy that lives `cache_ttl_seconds`, and a last-good copy
that lives `stale_max_age_seconds`. The store's own expiry decides what is fresh, so replicas
with different clocks agree. With a TTL of 0 nothing is ever fresh: no fresh copy is written or
looked for, and only the last good answer is kept. A store that is down or slow makes the cache
miss, never the query fail or wait.

Answers are written behind: held in this process for `write_delay` seconds, then written together
in one round trip. The query that brought them does not wait for the store, the write comes
after its response has gone out (unless that takes longer than the delay), and the answers of
many queries at once cost one write. Until it is written this process serves a held answer from
memory, so what one replica learnt it knows at once; other replicas see it once written.
`forget` waits for a write under way, so an answer from before a change never lands after the
change has removed it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
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


@dataclass(frozen=True)
class _Held:
    """An answer not yet written: kept `ttl` seconds counted from `since` (monotonic)."""

    service: str
    data: bytes
    ttl: float
    since: float

    def remaining(self, now: float) -> float:
        return self.ttl - (now - self.since)


class AnswerCache:
    def __init__(
        self,
        store: Store,
        *,
        ttl: float,
        stale_max_age: float,
        patience: float,
        write_delay: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`clock` (monotonic seconds) ages the answers held in this process until written."""
        self._store = store
        self._clock = clock
        self._ttl = ttl
        self._stale_max_age = stale_max_age
        self._patience = patience
        self._write_delay = write_delay
        self._held: dict[str, _Held] = {}
        """By store key: what is to be written, and until written what this process serves."""
        self._writing = asyncio.Lock()
        """One write at a time, in order: a later answer is never overwritten by an earlier one."""
        self._timer: asyncio.TimerHandle | None = None
        self._flushes: set[asyncio.Task[None]] = set()

    async def fresh(self, key: CacheKey, adapter: TypeAdapter[T]) -> Cached[T] | None:
        if self._ttl <= 0:
            return None
        return await self._read(key.key("fresh"), adapter)

    async def last_good(self, key: CacheKey, adapter: TypeAdapter[T]) -> Cached[T] | None:
        return await self._read(key.key("last"), adapter)

    def remember(self, key: CacheKey, answer: Cached[T], adapter: TypeAdapter[T]) -> None:
        """Keep `answer`; it is written within `write_delay` seconds, with the others then held."""
        # The time goes on a line of its own before the value, so the value stays the adapter's
        # own JSON and is read back by the same adapter.
        data = answer.fetched_at.isoformat().encode("ascii") + b"\n" + adapter.dump_json(answer.value)
        now = self._clock()
        self._held[key.key("last")] = _Held(key.service, data, self._stale_max_age, now)
        if self._ttl > 0:
            self._held[key.key("fresh")] = _Held(key.service, data, self._ttl, now)
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._write_delay, self._write_soon)

    async def flush(self) -> None:
        """Write every answer held now (at shutdown; the hub does so on its own otherwise)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        async with self._writing:
            held = dict(self._held)
            if not held:
                return
            now = self._clock()
            items = [(k, h.data, left) for k, h in held.items() if (left := h.remaining(now)) > 0]
            try:
                async with asyncio.timeout(self._patience):
                    await self._store.set_many(items)
            except (redis.RedisError, OSError) as error:  # TimeoutError included
                services = sorted({h.service for h in held.values()})
                log.warning("routing_cache_write_failed", services=services, error=str(error))
            finally:
                for k, h in held.items():
                    if self._held.get(k) is h:  # not replaced by a newer answer meanwhile
                        del self._held[k]

    async def forget(self, key: CacheKey) -> None:
        """Drop the fresh answer (after a change made through the hub): the next question goes
        to the service. The last good copy stays, to stand in when the service fails."""
        fresh = key.key("fresh")
        self._held.pop(fresh, None)
        # After a write under way, which may hold the old answer (it takes `patience` at most).
        async with self._writing:
            try:
                async with asyncio.timeout(self._patience):
                    await self._store.delete(fresh)
            except (redis.RedisError, OSError) as error:  # TimeoutError included
                log.warning("routing_cache_forget_failed", service=key.service, error=str(error))

    def _write_soon(self) -> None:
        self._timer = None
        flush = asyncio.ensure_future(self.flush())
        self._flushes.add(flush)  # held on to until done: the loop keeps only weak references
        flush.add_done_callback(self._flushes.discard)

    async def _read(self, key: str, adapter: TypeAdapter[T]) -> Cached[T] | None:
        held = self._held.get(key)
        if held is not None and held.remaining(self._clock()) > 0:
            data: bytes | None = held.data
        else:
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
