"""Gathering one question from many services at once, under one deadline: per service the cache
first; then, unless its breaker is open, the call with retries of transient failures; on success
the answer is remembered, on failure the last good answer stands in, marked stale."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from opentelemetry import trace

from connectors.sdk.connector import Connector
from connectors.sdk.errors import ConnectorError
from hub.routing.attempts import Draw, Sleep, with_retries
from hub.routing.cache import AnswerCache, Cached, CacheKey
from hub.routing.errors import leaves_last_answer_valid
from hub.routing.guard import Breakers, guarded
from hub.routing.metrics import RoutingMetrics
from hub.routing.question import Question
from hub.routing.results import Gathered, ServiceFailure, ServiceResult
from hub.routing.settings import RoutingSettings
from hub.telemetry import tracer

T = TypeVar("T")


class Gatherer:
    def __init__(
        self,
        *,
        cache: AnswerCache,
        breakers: Breakers,
        metrics: RoutingMetrics,
        settings: RoutingSettings,
        sleep: Sleep,
        draw: Draw,
    ) -> None:
        self._cache = cache
        self._breakers = breakers
        self._metrics = metrics
        self._settings = settings
        self._sleep = sleep
        self._draw = draw

    async def gather(self, asked: Sequence[Connector[Any]], question: Question[T]) -> Gathered[T]:
        """Ask every connector in `asked` at once; each appears once in the answer."""
        answers = await asyncio.gather(*(self._ask(c, question) for c in asked))
        return Gathered(
            results=[a for a in answers if isinstance(a, ServiceResult)],
            failures=[a for a in answers if isinstance(a, ServiceFailure)],
        )

    async def _ask(
        self, connector: Connector[Any], question: Question[T]
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
        self, connector: Connector[Any], question: Question[T]
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
            value = await guarded(
                name,
                lambda: self._read(connector, question),
                breakers=self._breakers,
                metrics=self._metrics,
            )
        except ConnectorError as error:
            return await self._instead(key, question, error)
        answer = Cached(value=value, fetched_at=datetime.now(UTC))
        if question.use_cache:
            self._cache.remember(key, answer, question.adapter)
        self._metrics.answered(name, "ok")
        return ServiceResult(service=name, value=value, stale=False, fetched_at=answer.fetched_at)

    async def _read(self, connector: Connector[Any], question: Question[T]) -> T:
        return await with_retries(
            connector,
            question.call,
            question.context_for(connector),
            deadline=question.deadline,
            settings=self._settings,
            on_retry=lambda: self._metrics.retried(connector.name),
            sleep=self._sleep,
            draw=self._draw,
        )

    async def _instead(
        self, key: CacheKey, question: Question[T], error: ConnectorError
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
