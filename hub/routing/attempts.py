"""Calling one connector: one attempt cut off at its timeout, and for idempotent reads the
repetition of transient failures with jittered backoff, never past the query's deadline."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.stop import stop_base
from tenacity.wait import wait_exponential

from connectors.sdk.connector import Connector
from connectors.sdk.context import CallContext
from connectors.sdk.errors import ConnectorUnavailable
from hub.routing.errors import ConnectorTimeout, NoTimeLeft
from hub.routing.settings import RoutingSettings

T = TypeVar("T")

Call = Callable[[Any, CallContext], Awaitable[T]]
"""What to ask a connector: `lambda connector, context: connector.dossiers(context)`."""


Clock = Callable[[], float]
"""Monotonic seconds: `time.monotonic` in the hub, a clock the test moves in tests."""

Sleep = Callable[[float], Awaitable[None]]
"""How a retry waits: `asyncio.sleep` in the hub."""

Draw = Callable[[], float]
"""A random number in [0, 1]: `random.random` in the hub, a sequence the test chose in tests."""


@dataclass(frozen=True)
class Deadline:
    """A moment on `clock`, which is `time.monotonic()` (as `CallContext.deadline` is) unless a
    test hands the router a clock of its own."""

    at: float
    clock: Clock = time.monotonic

    @classmethod
    def after(cls, seconds: float, clock: Clock = time.monotonic) -> Deadline:
        return cls(clock() + seconds, clock)

    def remaining(self) -> float:
        return max(0.0, self.at - self.clock())


class JitteredBackoff:
    """Full jitter: the wait before retry n is drawn anew between 0 and a cap that doubles from
    `initial` (1, 2, 4 … × initial) up to `maximum`, so that callers that failed together do not
    all come back together. `draw` gives the fraction of the cap."""

    def __init__(self, *, initial: float, maximum: float, draw: Draw = random.random) -> None:
        self._cap = wait_exponential(multiplier=initial, max=maximum)
        self._draw = draw

    def __call__(self, retry_state: RetryCallState) -> float:
        return self._cap(retry_state) * self._draw()


class _WaitEndsPast(stop_base):
    def __init__(self, deadline: Deadline) -> None:
        self._deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.upcoming_sleep >= self._deadline.remaining()


async def attempt(connector: Connector[Any], call: Call[T], context: CallContext, *, within: float) -> T:
    """One call, cancelled after `within` seconds (then `ConnectorTimeout`)."""
    if within <= 0:
        raise NoTimeLeft(connector.name, "not asked: no time was left before the deadline")
    bounded = replace(context, deadline=min(context.deadline, time.monotonic() + within))
    try:
        async with asyncio.timeout(within):
            return await call(connector, bounded)
    except TimeoutError as error:
        raise ConnectorTimeout(connector.name, f"no answer within {within:.2f} s") from error


async def with_retries(
    connector: Connector[Any],
    call: Call[T],
    context: CallContext,
    *,
    deadline: Deadline,
    settings: RoutingSettings,
    on_retry: Callable[[], None],
    sleep: Sleep = asyncio.sleep,
    draw: Draw = random.random,
) -> T:
    """`attempt`, repeated while the connector is unavailable, attempts remain, and the wait
    before the next one ends before the deadline. Each attempt gets the connector's own timeout
    or what is left until the deadline, whichever is shorter.

    The first attempt is made before tenacity is set up, since most calls succeed at once; when
    it fails, tenacity is handed that failure as its own first attempt, so that waits, stops and
    counting are exactly as if it had made it."""

    own: float = connector.config.timeout_seconds

    def within() -> float:
        return min(own, deadline.remaining())

    try:
        return await attempt(connector, call, context, within=within())
    except ConnectorUnavailable as error:
        first: ConnectorUnavailable | None = error
    retrying = AsyncRetrying(
        retry=retry_if_exception_type(ConnectorUnavailable),
        stop=stop_after_attempt(settings.attempts) | _WaitEndsPast(deadline),
        wait=JitteredBackoff(initial=settings.backoff_initial, maximum=settings.backoff_max, draw=draw),
        before_sleep=lambda _: on_retry(),
        sleep=sleep,
        reraise=True,
    )
    async for trying in retrying:
        with trying:
            if first is not None:
                failed, first = first, None
                raise failed
            return await attempt(connector, call, context, within=within())
    raise AssertionError("tenacity either returns or reraises")  # pragma: no cover
