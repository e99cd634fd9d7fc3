"""A single action that must not repeat (starting a request), sent to one connector once: its
breaker is respected, nothing is retried or cached."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from connectors.sdk.connector import Connector
from connectors.sdk.context import CallContext
from connectors.sdk.errors import ConnectorError
from hub.routing.attempts import attempt
from hub.routing.guard import Breakers, guarded
from hub.routing.metrics import RoutingMetrics
from hub.routing.question import ContextFor
from hub.telemetry import tracer

T = TypeVar("T")


async def call_once(
    connector: Connector[Any],
    call: Callable[[Any, CallContext], Awaitable[T]],
    *,
    context_for: ContextFor,
    breakers: Breakers,
    metrics: RoutingMetrics,
) -> T:
    """One attempt, behind the connector's breaker and in a span of its own. The timeout is the
    connector's own, or the context's if shorter."""
    name = connector.name

    async def once() -> T:
        context = context_for(connector)
        timeout = min(connector.config.timeout_seconds, context.remaining())
        return await attempt(connector, call, context, within=timeout)

    try:
        with tracer.start_as_current_span(f"call {name}", attributes={"vloket.connector": name}):
            value = await guarded(name, once, breakers=breakers, metrics=metrics)
    except ConnectorError:
        metrics.answered(name, "failed")
        raise
    metrics.answered(name, "ok")
    return value
