"""Each service's guard: its circuit breaker, and a call run behind it, timed and counted, with
whatever it raises turned into an SDK error and told to the breaker for what it says about the
service (unwell, answered, or nothing: ours to fix)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

import structlog

from connectors.sdk.errors import ConnectorConfigError, ConnectorError
from hub.routing.attempts import Clock
from hub.routing.breaker import BreakerState, CircuitBreaker
from hub.routing.errors import CircuitOpen, ConnectorCrashed, shows_service_answered, shows_service_unwell
from hub.routing.metrics import RoutingMetrics
from hub.routing.settings import RoutingSettings

T = TypeVar("T")

log = structlog.get_logger("hub.routing")


class Breakers:
    """One circuit breaker per running connector, by name."""

    def __init__(self, names: Iterable[str], *, settings: RoutingSettings, clock: Clock) -> None:
        self._breakers = {
            name: CircuitBreaker(
                failures=settings.breaker_failures, cooldown=settings.breaker_cooldown_seconds, clock=clock
            )
            for name in names
        }

    def of(self, name: str) -> CircuitBreaker:
        breaker = self._breakers.get(name)
        if breaker is None:
            raise ConnectorConfigError(name, "no connector by this name is running")
        return breaker

    def states(self) -> dict[str, BreakerState]:
        return {name: breaker.state for name, breaker in self._breakers.items()}


async def guarded(
    name: str, run: Callable[[], Awaitable[T]], *, breakers: Breakers, metrics: RoutingMetrics
) -> T:
    """`run` behind the connector's breaker, timed and counted; whatever it raises comes out
    as an SDK error, what is not one already logged with its traceback as a bug."""
    breaker = breakers.of(name)
    if not breaker.allow():
        metrics.failed(name, CircuitOpen.code)
        raise CircuitOpen(name, "not called for now: it failed too often lately")
    started = time.perf_counter()
    try:
        value = await run()
    except asyncio.CancelledError:
        breaker.abandoned()
        raise
    except ConnectorError as error:
        _count_failure(breaker, error, metrics)
        raise
    except Exception as error:
        log.error("connector_crashed", service=name, exc_info=error)
        crashed = ConnectorCrashed(name, f"failed unexpectedly ({type(error).__name__})")
        _count_failure(breaker, crashed, metrics)
        raise crashed from error
    finally:
        metrics.took(name, time.perf_counter() - started)
    breaker.succeeded()
    return value


def _count_failure(breaker: CircuitBreaker, error: ConnectorError, metrics: RoutingMetrics) -> None:
    if shows_service_unwell(error):
        breaker.failed()
    elif shows_service_answered(error):
        breaker.succeeded()
    else:  # ours to fix; it says nothing about the service
        breaker.abandoned()
    metrics.failed(error.service, error.code)
    log.warning("connector_failed", service=error.service, code=error.code, reason=error.reason)
