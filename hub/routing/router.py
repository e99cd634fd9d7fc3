"""The fan-out: one question to every connector that can answer it, in parallel, under one
deadline, so that a slow or failing service costs its own answer and nothing else.

Per connector: the cache first; then, unless its breaker is open, the call with retries of
transient failures; on success the answer is remembered, on failure the last good answer stands
in, marked stale. A single action that must not repeat (starting a request) goes to one
connector through `call_one`: its breaker is respected, nothing is retried or cached.

Example::

    router = Router(connectors, store=MemoryStore())
    gathered = await router.gather(
        Dossiers,
        lambda connector, context: connector.dossiers(context),
        context_for=context_for,
        cache_key="V0001001",
        adapter=TypeAdapter(list[Dossier]),
    )
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any, TypeVar

import prometheus_client
import structlog
from pydantic import TypeAdapter

from connectors.sdk.connector import Connector
from connectors.sdk.context import CallContext
from connectors.sdk.errors import ConnectorConfigError
from hub.routing.attempts import Clock, Deadline, Draw, Sleep
from hub.routing.cache import AnswerCache, CacheKey
from hub.routing.gathering import Gatherer
from hub.routing.guard import Breakers
from hub.routing.metrics import RoutingMetrics
from hub.routing.question import ContextFor, Question
from hub.routing.results import Gathered
from hub.routing.settings import RoutingSettings
from hub.routing.single_call import call_once
from hub.store import Store

T = TypeVar("T")

log = structlog.get_logger("hub.routing")


class Router:
    def __init__(
        self,
        connectors: Sequence[Connector[Any]],
        *,
        store: Store,
        settings: RoutingSettings = RoutingSettings(),  # noqa: B008 - frozen, safe to share
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        draw: Draw = random.random,
    ) -> None:
        """`clock` drives the query deadlines, the breakers' cool-down and the age of answers held
        for the cache; `sleep` is how a retry waits, `draw` the random fraction of its cap it
        waits. Tests hand in a clock they move, a sleep that moves it and the fractions, so
        that no test waits for real time to pass or depends on chance."""
        self.connectors: list[Connector[Any]] = list(connectors)
        self._by_name = {connector.name: connector for connector in self.connectors}
        if len(self._by_name) != len(self.connectors):
            raise ValueError("two connectors have the same name")
        self.settings = settings
        self._clock = clock
        self._having: dict[type, list[Connector[Any]]] = {}
        self._breakers = Breakers(self._by_name, settings=settings, clock=clock)
        self._cache = AnswerCache(
            store,
            ttl=settings.cache_ttl_seconds,
            stale_max_age=settings.stale_max_age_seconds,
            patience=settings.cache_timeout_seconds,
            write_delay=settings.cache_write_delay_seconds,
            clock=clock,
        )
        self._metrics = RoutingMetrics(self._breakers.states)
        self.registry: prometheus_client.CollectorRegistry = self._metrics.registry
        self._gatherer = Gatherer(
            cache=self._cache,
            breakers=self._breakers,
            metrics=self._metrics,
            settings=settings,
            sleep=sleep,
            draw=draw,
        )

    def having(self, capability: type) -> list[Connector[Any]]:
        """The connectors implementing `capability` (a runtime-checkable Protocol). Worked out
        once per capability: checking a Protocol with `isinstance` is slow, and the connectors
        do not change while the hub runs."""
        found = self._having.get(capability)
        if found is None:
            found = [connector for connector in self.connectors if isinstance(connector, capability)]
            self._having[capability] = found
        return list(found)

    def breaker_state(self, name: str) -> str:
        """`closed`, `open` or `half_open`."""
        return self._breakers.of(name).state.value

    async def gather(
        self,
        capability: type,
        call: Callable[[Any, CallContext], Awaitable[T]],
        *,
        context_for: ContextFor,
        cache_key: str,
        adapter: TypeAdapter[T],
        deadline_seconds: float | None = None,
        use_cache: bool = True,
        refresh: bool = False,
        skip: Collection[str] = (),
        only: Collection[str] | None = None,
    ) -> Gathered[T]:
        """Ask every connector with `capability` (but those named in `skip`; of those named in
        `only`, when given), all at once, and wait at most the deadline.

        `cache_key` is the association's vCode (`-` for none). `use_cache=False` leaves the cache
        out entirely (no read, no write, no stale answer); `refresh=True` only skips reading a
        fresh answer, so the service is asked, and still remembers and falls back."""
        seconds = self.settings.deadline_seconds if deadline_seconds is None else deadline_seconds
        question = Question(
            capability=capability.__name__,
            call=call,
            context_for=context_for,
            v_code=cache_key,
            adapter=adapter,
            deadline=Deadline.after(seconds, self._clock),
            use_cache=use_cache,
            refresh=refresh,
        )
        asked = [
            c for c in self.having(capability) if c.name not in skip and (only is None or c.name in only)
        ]
        return await self._gatherer.gather(asked, question)

    async def call_one(
        self,
        name: str,
        call: Callable[[Any, CallContext], Awaitable[T]],
        *,
        context_for: ContextFor,
    ) -> T:
        """Call one connector once, for an action that must not happen twice (start a request).
        Raises the SDK errors; `CircuitOpen` (a `ConnectorUnavailable`, code CIRCUIT_OPEN) when
        its breaker is open. The timeout is the connector's own, or the context's if shorter."""
        connector = self._by_name.get(name)
        if connector is None:
            raise ConnectorConfigError(name, "no connector by this name is running")
        return await call_once(
            connector, call, context_for=context_for, breakers=self._breakers, metrics=self._metrics
        )

    async def forget(self, name: str, capabilities: Sequence[type], v_code: str) -> None:
        """Forget `name`'s cached answers to `capabilities` about `v_code`: they changed."""
        connector = self._by_name.get(name)
        if connector is None:
            return
        audience = connector.config.audience
        await asyncio.gather(
            *(self._cache.forget(CacheKey(name, c.__name__, audience, v_code)) for c in capabilities)
        )

    async def flush(self) -> None:
        """Write the answers held back for the cache now, rather than within
        `cache_write_delay_seconds`, so that other replicas see them."""
        await self._cache.flush()

    async def aclose(self) -> None:
        """Write the answers held back, then close every connector's HTTP client."""
        await self._cache.flush()
        closed = await asyncio.gather(*(c.aclose() for c in self.connectors), return_exceptions=True)
        for connector, outcome in zip(self.connectors, closed, strict=True):
            if isinstance(outcome, Exception):
                log.warning("connector_close_failed", service=connector.name, error=str(outcome))
