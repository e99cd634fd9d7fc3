"""A circuit breaker per service: after a run of failed calls the service is left alone for a
cool-down, then one probe call decides whether it is back.

closed ──N consecutive failures──► open ──cool-down──► half_open ──probe succeeds──► closed
                                     ▲                      │
                                     └───probe fails────────┘
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(self, *, failures: int, cooldown: float, clock: Callable[[], float]) -> None:
        if failures < 1:
            raise ValueError("a breaker needs at least one failure to open")
        self._threshold = failures
        self._cooldown = cooldown
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> BreakerState:
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self._cooldown:
            self._state = BreakerState.HALF_OPEN
            self._probing = False
        return self._state

    def allow(self) -> bool:
        """Whether a call may go out now; in half-open, only the one probe may. A caller that is
        allowed must report the outcome with `succeeded` or `failed` (or `abandoned`)."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.OPEN or self._probing:
            return False
        self._probing = True
        return True

    def succeeded(self) -> None:
        self._failures = 0
        self._probing = False
        self._state = BreakerState.CLOSED

    def failed(self) -> None:
        self._failures += 1
        state = self.state
        # A call that went out before the breaker opened does not prolong the cool-down.
        if state is BreakerState.HALF_OPEN or (
            state is BreakerState.CLOSED and self._failures >= self._threshold
        ):
            self._open()

    def abandoned(self) -> None:
        """The call was cancelled by its caller before it told anything about the service."""
        self._probing = False

    def _open(self) -> None:
        self._state = BreakerState.OPEN
        self._opened_at = self._clock()
        self._probing = False
