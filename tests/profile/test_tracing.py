"""A profile query's trace, read from an in-memory exporter: the caller's `traceparent` continues
through the hub's request, its GraphQL operation, the routing decision, each connector asked and
each call it makes, to the connected systems (the demo's sandboxes on loopback), which see the
same trace; the statements the hub runs are in it too."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator, Sequence

import httpx
import pytest
from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor
from opentelemetry.sdk.trace.export import SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from demo.personas import AN
from hub.settings import Settings
from hub.telemetry import configure_tracing
from tests.profile.stack import World, token_for

TRACE_ID = 0x5E2A9C41D8F04B7A9E3C1D2B4A6F8E01
CALLER_SPAN = 0x1A2B3C4D5E6F7081
TRACEPARENT = f"00-{TRACE_ID:032x}-{CALLER_SPAN:016x}-01"

PROFIEL = """
query Profiel($v: ID!) { vereniging(vCode: $v) {
  gekendeGegevens { feiten { naam bron } }
  dossiers { totaal }
} }
"""


class Recorded(SpanProcessor):
    """Every span that ends goes to an in-memory exporter; a test waits until those it expects
    are there (the sandboxes end theirs in their own threads, after their answer left)."""

    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.changed = threading.Condition()

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        pass

    def on_end(self, span: ReadableSpan) -> None:
        with self.changed:
            if self.exporter.export([span]) is SpanExportResult.SUCCESS:
                self.changed.notify_all()

    def shutdown(self) -> None:
        self.exporter.shutdown()  # (the provider keeps its processors: this one records no more)

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return True

    def of_trace(self, trace_id: int) -> list[ReadableSpan]:
        return [s for s in self.exporter.get_finished_spans() if s.context and s.context.trace_id == trace_id]

    def wait_for(self, holds: Callable[[], bool], seconds: float = 15.0) -> bool:
        with self.changed:
            return self.changed.wait_for(holds, timeout=seconds)


@pytest.fixture
def recorded(settings: Settings) -> Iterator[Recorded]:
    processor = Recorded()
    configure_tracing(settings).add_span_processor(processor)
    yield processor
    processor.shutdown()


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent else None


def id_of(span: ReadableSpan) -> int:
    assert span.context is not None
    return int(span.context.span_id)


def attribute(span: ReadableSpan, name: str) -> object:
    return (span.attributes or {}).get(name)


def answered_at_the_other_side(spans: Sequence[ReadableSpan]) -> bool:
    """Every HTTP call made within the trace has the called system's span under it."""
    calls = [s for s in spans if s.kind is SpanKind.CLIENT and attribute(s, "db.system.name") is None]
    served_under = {parent_of(s) for s in spans if s.kind is SpanKind.SERVER}
    return bool(calls) and all(id_of(call) in served_under for call in calls)


async def test_a_profile_querys_trace_runs_from_the_caller_through_the_hub_to_every_system_asked(
    world: World, hub: httpx.AsyncClient, recorded: Recorded
) -> None:
    token = await token_for(world, AN.insz)

    response = await hub.post(
        "/graphql",
        json={"query": PROFIEL, "variables": {"v": "V0001001"}},
        headers={"Authorization": f"Bearer {token}", "traceparent": TRACEPARENT},
    )
    assert response.status_code == 200
    assert "errors" not in response.json()
    everywhere = await asyncio.to_thread(
        recorded.wait_for, lambda: answered_at_the_other_side(recorded.of_trace(TRACE_ID))
    )
    assert everywhere, "a call without the called system's span in the same trace"

    spans = recorded.of_trace(TRACE_ID)
    [request] = [s for s in spans if parent_of(s) == CALLER_SPAN]
    assert (request.kind, request.name) == (SpanKind.SERVER, "POST /graphql")
    assert response.headers["x-correlation-id"] == f"{TRACE_ID:032x}"  # the logs name the trace

    [operation] = [s for s in spans if s.name == "query Profiel"]
    assert parent_of(operation) == id_of(request)
    routed = {
        str(event.attributes["vloket.vraag"]): list(event.attributes["vloket.gevraagd"])  # type: ignore[arg-type]
        for event in operation.events
        if event.name == "routering" and event.attributes
    }
    assert set(routed) == {"ProfileFacts", "Dossiers"}

    for vraag, gevraagd in routed.items():
        assert gevraagd, f"{vraag} went to no connector"
        asked = {str(attribute(s, "vloket.connector")): s for s in spans if s.name.startswith(f"{vraag} ")}
        assert sorted(asked) == sorted(map(str, gevraagd))  # one span per connector asked, no other
        for name, span in asked.items():
            assert parent_of(span) == id_of(operation)
            assert attribute(span, "vloket.outcome") == "answered", name
            calls = [s for s in spans if parent_of(s) == id_of(span) and s.kind is SpanKind.CLIENT]
            assert calls, f"{name}: no HTTP call in its span"
            for call in calls:  # (each answered there in this trace: `answered_at_the_other_side`)
                [served] = [s for s in spans if s.kind is SpanKind.SERVER and parent_of(s) == id_of(call)]
                assert served.name.startswith(("GET /", "POST /"))

    statements = [s for s in spans if attribute(s, "db.system.name") is not None]
    assert statements, "no database statement in the trace"
    hub_spans = {id_of(request), id_of(operation)}
    assert any(parent_of(statement) in hub_spans for statement in statements)
