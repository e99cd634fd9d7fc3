"""Traces across hops, on OpenTelemetry.

Every process of the hub (`vloket serve`, `vloket worker`) has one tracer provider. Each request
gets a span (a caller's W3C `traceparent` continues its trace), and inside it the GraphQL
operation, the routing decision, each connector asked, each outbound HTTP call (which carries
`traceparent` on to the connected system: `connectors.sdk.http.Traced`) and each SQL statement,
when the trace is recorded; each Redis command when spans are exported. Each job of the job
engine is a span too, and every event the hub sends names the trace of the change it reports
(hub/events/outgoing_event.py; its delivery's span: hub/events/webhook_post.py).

With `HUB_OTEL_ENDPOINT` set, recorded spans go by OTLP/HTTP to that collector (in a thread of
their own, never on the event loop), new traces sampled at `HUB_OTEL_SAMPLE_RATIO`. Unset, no
span is recorded unless a caller's sampled trace asks for it, and none leaves the process; the
trace ids are made all the same, so the JSON log lines, the correlation id and the calls to
connected systems still name one trace.

Example::

    provider = configure_tracing(settings)          # once per process; later calls get the same
    instrument_app(app)                              # a span per request
    with tracer.start_as_current_span("verdeel"):    # a span of one's own
        ...
"""

from __future__ import annotations

import functools
import os
import socket
import weakref
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final, ParamSpec, TypeVar

from fastapi import FastAPI
from opentelemetry import propagate, trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased, TraceIdRatioBased
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExceptionContext

from hub.settings import Settings

tracer: Final = trace.get_tracer("hub")
"""The hub's own spans (through the process's provider, once it is configured)."""

P = ParamSpec("P")
R = TypeVar("R")


def job_span(name: str) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """A task of the job engine run in a span of its own (`job <name>`)."""

    def wrap(task: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(task)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with tracer.start_as_current_span(
                f"job {name}", kind=trace.SpanKind.CONSUMER, attributes={"vloket.job": name}
            ):
                return await task(*args, **kwargs)

        return run

    return wrap


NOT_TRACED: Final = "/healthz$,/readyz$,/metrics$,/static/"
"""Paths whose requests get no span: probes, the scraper, static files."""


def configure_tracing(settings: Settings, *, role: str = "") -> TracerProvider:
    """The process's tracer provider, made and installed on the first call (later calls, such as
    a second app in one process, get the same one). `role` ends the service name (`worker`)."""
    # The trace context only: a caller's `baggage` (any names and values it likes) is neither
    # read nor passed on to the connected systems, which might trust it.
    propagate.set_global_textmap(TraceContextTextMapPropagator())
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        return current
    name = settings.otel_service_name + (f"-{role}" if role else "")
    resource = Resource.create(
        {"service.name": name, "service.instance.id": f"{socket.gethostname()}-{os.getpid()}"}
    )
    endpoint = settings.otel_endpoint
    root = TraceIdRatioBased(settings.otel_sample_ratio) if endpoint else ALWAYS_OFF
    provider = TracerProvider(resource=resource, sampler=ParentBased(root))
    if endpoint:
        # Imported only here: the exporter's protobuf modules cost start-up time when unused.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.redis import RedisInstrumentor
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        exporter = OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces", timeout=5)
        provider.add_span_processor(BatchSpanProcessor(exporter))
        # A span per Redis command of every client, through the instrumentation's own switch;
        # only when spans leave the process: it costs about 0.05 ms a command even unrecorded
        # (`benchmarks/tracing_cost.py`).
        RedisInstrumentor().instrument()
    trace.set_tracer_provider(provider)
    return provider


def flush_spans() -> None:
    """Send what is recorded and not yet sent (at shutdown), when spans are recorded."""
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        current.force_flush(timeout_millis=5_000)


def instrument_app(app: FastAPI) -> None:
    """A server span per request, continuing the caller's `traceparent`; no separate spans for
    reading the body and writing the answer (they would double the spans per request)."""
    FastAPIInstrumentor.instrument_app(app, exclude_spans=["receive", "send"], excluded_urls=NOT_TRACED)


_TRACED: Final[weakref.WeakSet[Engine]] = weakref.WeakSet()
_SPANS: Final = "vloket.spans"
"""Key in a connection's `info` of the spans of its statements under way."""


def trace_statements(engine: Engine) -> None:
    """A client span per SQL statement on `engine`, within a recorded trace only (a statement
    outside any request or job starts no trace of its own). On SQLAlchemy's public events:
    OpenTelemetry's SQLAlchemy instrumentation does not take SQLAlchemy 2.1 yet. Once per
    engine, however many apps share it."""
    if engine in _TRACED:
        return
    _TRACED.add(engine)
    system = engine.dialect.name

    @event.listens_for(engine, "before_cursor_execute")
    def before(connection: Connection, _c: Any, statement: str, _p: Any, _x: Any, _m: bool) -> None:
        if not trace.get_current_span().is_recording():
            return
        span = tracer.start_span(
            statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL",
            kind=trace.SpanKind.CLIENT,
            attributes={"db.system.name": system, "db.query.text": statement[:2000]},
        )
        connection.info.setdefault(_SPANS, []).append(span)

    @event.listens_for(engine, "after_cursor_execute")
    def after(connection: Connection, *_: Any) -> None:
        spans = connection.info.get(_SPANS)
        if spans:
            spans.pop().end()

    @event.listens_for(engine, "handle_error")
    def failed(context: ExceptionContext) -> None:
        spans = context.connection.info.get(_SPANS) if context.connection is not None else None
        if spans:
            span = spans.pop()
            span.record_exception(context.original_exception)
            span.set_status(trace.StatusCode.ERROR, type(context.original_exception).__name__)
            span.end()


def context_of(traceparent: str | None) -> Any:
    """The trace context a stored `traceparent` names, to continue it (None: a new trace)."""
    if not traceparent:
        return None
    carrier: MutableMapping[str, str] = {"traceparent": traceparent}
    return propagate.extract(carrier)
