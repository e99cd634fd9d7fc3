"""How patient and how forgiving the fan-out is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoutingSettings:
    deadline_seconds: float = 3.0
    """One query waits this long for all services together."""
    attempts: int = 3
    """Tries per idempotent read, while the deadline allows."""
    backoff_initial: float = 0.05
    backoff_max: float = 0.5
    breaker_failures: int = 5
    """Consecutive failed calls after which a service is not called for a while."""
    breaker_cooldown_seconds: float = 30.0
    """How long the breaker stays open before one probe call may go through."""
    cache_ttl_seconds: float = 60.0
    """How long an answer is served without asking the service again."""
    stale_max_age_seconds: float = 86400.0
    """How long the last good answer is kept to serve, marked stale, when the service fails."""
    cache_write_delay_seconds: float = 0.05
    """Answers are written to the cache this long after they come, together: as a rule after the
    response that brought them has gone out, in one round trip for all that came meanwhile."""
    cache_timeout_seconds: float = 0.25
    """A cache slower than this counts as down for that read or write: the service is asked."""
