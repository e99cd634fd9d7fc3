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
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import prometheus_client
import structlog
from opentelemetry import trace
from pydantic import TypeAdapter

from connectors.sdk.connector import Connector
from connectors.sdk.context import CallContext
from connectors.sdk.errors import ConnectorConfigError, ConnectorError
from hub.routing.attempts import Call, Clock, Deadline, Draw, Sleep, attempt, with_retries
from hub.routing.breaker import BreakerState, CircuitBreaker
from hub.routing.cache import AnswerCache, Cached, CacheKey
from hub.routing.errors import (
    CircuitOpen,
    ConnectorCrashed,
    leaves_last_answer_valid,
    shows_service_answered,
    shows_service_unwell,
)
from hub.routing.metrics import RoutingMetrics
from hub.routing.results import Gathered, ServiceFailure, ServiceResult
from hub.routing.settings import RoutingSettings
from hub.store import Store
from hub.telemetry import tracer

T = TypeVar("T")

ContextFor = Callable[[Connector[Any]], CallContext]

log = structlog.get_logger("hub.routing")


@dataclass(frozen=True)
class _Question(Generic[T]):
    """One `gather`: what to ask, about which association, how to keep the answer, until when."""

    capability: str
    call: Call[T]
    context_for: ContextFor
    v_code: str
    adapter: TypeAdapter[T]
    deadline: Deadline
    use_cache: bool
    refresh: bool


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
        self._sleep = sleep
        self._draw = draw
        self._having: dict[type, list[Connector[Any]]] = {}
        self._breakers = {
            name: CircuitBreaker(
                failures=settings.breaker_failures, cooldown=settings.breaker_cooldown_seconds, clock=clock
            )
            for name in self._by_name
        }
        self._cache = AnswerCache(
            store,
            ttl=settings.cache_ttl_seconds,
            stale_max_age=settings.stale_max_age_seconds,
            patience=settings.cache_timeout_seconds,
            write_delay=settings.cache_write_delay_seconds,
            clock=clock,
        )
        self._metrics = RoutingMetrics(self._breaker_states)
        self.registry: prometheus_client.CollectorRegistry = self._metrics.registry

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
        return self._breaker(name).state.value

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
        question = _Question(
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
        answers = await asyncio.gather(*(self._ask(c, question) for c in asked))
        return Gathered(
            results=[a for a in answers if isinstance(a, ServiceResult)],
            failures=[a for a in answers if isinstance(a, ServiceFailure)],
        )

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

        async def once() -> T:
            context = context_for(connector)
            timeout = min(connector.config.timeout_seconds, context.remaining())
            return await attempt(connector, call, context, within=timeout)

        try:
            with tracer.start_as_current_span(f"call {name}", attributes={"vloket.connector": name}):
                value = await self._guarded(connector, once)
        except ConnectorError:
            self._metrics.answered(name, "failed")
            raise
        self._metrics.answered(name, "ok")
        return value

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

    async def _ask(
        self, connector: Connector[Any], question: _Question[T]
    ) -> ServiceResult[T] | ServiceFailure:
        """`_answer` in a span of its own: the connector, the capability, and how it went."""
        with tracer.start_as_current_span(
            f"{question.capability} {connector.name}",
            attributes={"vloket.connector": connector.name, "vloket.capability": question.capability},
        ) as span:
            answer = await self._answer(connector, question)
            if span.is_recording():
                if isinstance(answer, ServiceFailure):
                    span.set_status(trace.StatusCode.ERROR, answer.code)
                    span.set_attribute("vloket.outcome", "failed")
                else:
                    span.set_attribute("vloket.outcome", "stale" if answer.stale else "answered")
            return answer

    async def _answer(
        self, connector: Connector[Any], question: _Question[T]
    ) -> ServiceResult[T] | ServiceFailure:
        name = connector.name
        key = CacheKey(name, question.capability, connector.config.audience, question.v_code)
        if question.use_cache and not question.refresh:
            cached = await self._cache.fresh(key, question.adapter)
            if cached is not None:
                self._metrics.answered(name, "cached")
                return ServiceResult(
                    service=name, value=cached.value, stale=False, fetched_at=cached.fetched_at
                )
        try:
            value = await self._guarded(connector, lambda: self._read(connector, question))
        except ConnectorError as error:
            return await self._instead(key, question, error)
        answer = Cached(value=value, fetched_at=datetime.now(UTC))
        if question.use_cache:
            self._cache.remember(key, answer, question.adapter)
        self._metrics.answered(name, "ok")
        return ServiceResult(service=name, value=value, stale=False, fetched_at=answer.fetched_at)

    async def _read(self, connector: Connector[Any], question: _Question[T]) -> T:
        return await with_retries(
            connector,
            question.call,
            question.context_for(connector),
            deadline=question.deadline,
            settings=self.settings,
            on_retry=lambda: self._metrics.retried(connector.name),
            sleep=self._sleep,
            draw=self._draw,
        )

    async def _instead(
        self, key: CacheKey, question: _Question[T], error: ConnectorError
    ) -> ServiceResult[T] | ServiceFailure:
        """What stands in for an answer that did not come: the last good one, or the failure."""
        failure = ServiceFailure(service=key.service, code=error.code, message=str(error))
        if question.use_cache and leaves_last_answer_valid(error):
            last = await self._cache.last_good(key, question.adapter)
            if last is not None:
                self._metrics.answered(key.service, "stale")
                return ServiceResult(
                    service=key.service,
                    value=last.value,
                    stale=True,
                    fetched_at=last.fetched_at,
                    failure=failure,
                )
        self._metrics.answered(key.service, "failed")
        return failure

    async def _guarded(self, connector: Connector[Any], run: Callable[[], Awaitable[T]]) -> T:
        """`run` behind the connector's breaker, timed and counted; whatever it raises comes out
        as an SDK error, what is not one already logged with its traceback as a bug."""
        name = connector.name
        breaker = self._breaker(name)
        if not breaker.allow():
            self._metrics.failed(name, CircuitOpen.code)
            raise CircuitOpen(name, "not called for now: it failed too often lately")
        started = time.perf_counter()
        try:
            value = await run()
        except asyncio.CancelledError:
            breaker.abandoned()
            raise
        except ConnectorError as error:
            self._count_failure(breaker, error)
            raise
        except Exception as error:
            log.error("connector_crashed", service=name, exc_info=error)
            crashed = ConnectorCrashed(name, f"failed unexpectedly ({type(error).__name__})")
            self._count_failure(breaker, crashed)
            raise crashed from error
        finally:
            self._metrics.took(name, time.perf_counter() - started)
        breaker.succeeded()
        return value

    def _count_failure(self, breaker: CircuitBreaker, error: ConnectorError) -> None:
        if shows_service_unwell(error):
            breaker.failed()
        elif shows_service_answered(error):
            breaker.succeeded()
        else:  # ours to fix; it says nothing about the service
            breaker.abandoned()
        self._metrics.failed(error.service, error.code)
        log.warning("connector_failed", service=error.service, code=error.code, reason=error.reason)

    def _breaker(self, name: str) -> CircuitBreaker:
        breaker = self._breakers.get(name)
        if breaker is None:
            raise ConnectorConfigError(name, "no connector by this name is running")
        return breaker

    def _breaker_states(self) -> dict[str, BreakerState]:
        return {name: breaker.state for name, breaker in self._breakers.items()}
