"""What the routing layer counts, per service, on a registry of its own (the app decides where
to expose it): calls by outcome, call latency, errors by code, and each breaker's state.

    vloket_routing_calls_total{service, outcome}      outcome: ok | cached | stale | failed
    vloket_routing_retries_total{service}
    vloket_routing_latency_seconds{service}           calls that went out to the service
    vloket_routing_errors_total{service, code}
    vloket_routing_breaker_state{service}             0 closed, 1 half-open, 2 open
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric

from hub.routing.breaker import BreakerState

BREAKER_LEVEL = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class BreakerStates:
    """Reads each breaker when scraped, so a cool-down that ran out shows as half-open at once."""

    def __init__(self, states: Callable[[], Mapping[str, BreakerState]]) -> None:
        self._states = states

    def describe(self) -> Iterator[Metric]:
        yield self._family()

    def collect(self) -> Iterator[Metric]:
        family = self._family()
        for service, state in self._states().items():
            family.add_metric([service], BREAKER_LEVEL[state])
        yield family

    @staticmethod
    def _family() -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "vloket_routing_breaker_state",
            "Circuit breaker per service: 0 closed, 1 half-open, 2 open.",
            labels=["service"],
        )


class RoutingMetrics:
    def __init__(self, breakers: Callable[[], Mapping[str, BreakerState]]) -> None:
        self.registry = CollectorRegistry()
        self._calls = Counter(
            "vloket_routing_calls",
            "Questions to a service, by outcome.",
            ["service", "outcome"],
            registry=self.registry,
        )
        self._retries = Counter(
            "vloket_routing_retries",
            "Repeated attempts after a transient failure.",
            ["service"],
            registry=self.registry,
        )
        self._latency = Histogram(
            "vloket_routing_latency_seconds",
            "Time a call to a service took, retries included.",
            ["service"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._errors = Counter(
            "vloket_routing_errors",
            "Failed calls, by error code.",
            ["service", "code"],
            registry=self.registry,
        )
        self.registry.register(BreakerStates(breakers))
        # Each service's series, looked up once: `labels()` checks and locks on every call, and
        # every profile query counts a few calls per service.
        self._counted: dict[tuple[str, str], Counter] = {}
        self._timed: dict[str, Histogram] = {}

    def answered(self, service: str, outcome: str) -> None:
        series = self._counted.get((service, outcome))
        if series is None:
            series = self._counted[service, outcome] = self._calls.labels(service=service, outcome=outcome)
        series.inc()

    def retried(self, service: str) -> None:
        self._retries.labels(service=service).inc()

    def took(self, service: str, seconds: float) -> None:
        series = self._timed.get(service)
        if series is None:
            series = self._timed[service] = self._latency.labels(service=service)
        series.observe(seconds)

    def failed(self, service: str, code: str) -> None:
        self._errors.labels(service=service, code=code).inc()
