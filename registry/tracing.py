"""The trace a stored record belongs to, as a W3C `traceparent` (OpenTelemetry's API only: the
process that runs the register decides whether and where spans go)."""

from __future__ import annotations

from opentelemetry import propagate


def current_traceparent() -> str | None:
    """The `traceparent` of the span now current, for what is stored to be sent later (an
    outgoing event names the trace of the change it reports); None outside any trace."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")
