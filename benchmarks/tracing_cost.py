"""What tracing costs per operation, in one process, with the hub's tracer provider (nothing
exported): an outbound HTTP call (to an in-process answer, so only the client's own work
counts), a Redis command (to the local server), and a GraphQL request through the whole app.

    .venv/bin/python benchmarks/tracing_cost.py [--calls 20000]

Each row is the best of three rounds, in microseconds per operation. "unrecorded" is a span
nobody records (no `HUB_OTEL_ENDPOINT`, no sampled caller); "recorded" one a caller's sampled
`traceparent` asks for, kept by a processor that drops it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import httpx
import redis.asyncio as redis
from opentelemetry import trace
from opentelemetry.instrumentation.httpx import AsyncOpenTelemetryTransport
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from connectors.sdk.http import Traced  # noqa: E402
from hub.settings import Settings  # noqa: E402
from hub.telemetry import configure_tracing, tracer  # noqa: E402

SAMPLED_CALLER = SpanContext(0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7, True, TraceFlags(1))
UNSAMPLED_CALLER = SpanContext(0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7, True, TraceFlags(0))


class Dropped(SpanProcessor):
    """Takes every recorded span and keeps none (what recording costs, without an exporter)."""

    def on_end(self, span: ReadableSpan) -> None:
        pass


def within(caller: SpanContext) -> AbstractContextManager[object]:
    """A request's span under a caller's trace, as the hub's server span would be."""
    return tracer.start_as_current_span(
        "request", context=trace.set_span_in_context(NonRecordingSpan(caller))
    )


async def per_operation(
    run: Callable[[], Awaitable[object]], count: int, scope: AbstractContextManager[object]
) -> float:
    best = float("inf")
    with scope:
        for _ in range(200):
            await run()
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(count):
                await run()
            best = min(best, (time.perf_counter() - started) / count * 1e6)
    return best


def answer(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


async def http_rows(count: int) -> list[tuple[str, float]]:
    rows = []
    for label, transport, caller in (
        ("httpx, no tracing", httpx.MockTransport(answer), None),
        (
            "httpx, OpenTelemetry's transport, unrecorded",
            AsyncOpenTelemetryTransport(httpx.MockTransport(answer)),
            UNSAMPLED_CALLER,
        ),
        ("httpx, the SDK's Traced, unrecorded", Traced(httpx.MockTransport(answer)), UNSAMPLED_CALLER),
        ("httpx, the SDK's Traced, recorded", Traced(httpx.MockTransport(answer)), SAMPLED_CALLER),
    ):
        async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as client:
            scope = within(caller) if caller else nullcontext()
            rows.append(
                (f"{label} (a call)", await per_operation(lambda c=client: c.get("/a"), count, scope))
            )
    return rows


async def redis_rows(count: int, url: str) -> list[tuple[str, float]]:
    rows = []
    for label, instrumented in (
        ("redis, no tracing", False),
        ("redis, OpenTelemetry's instrumentation, unrecorded", True),
    ):
        if instrumented:
            RedisInstrumentor().instrument()
        client = redis.Redis.from_url(url)
        try:
            rows.append(
                (
                    f"{label} (a GET)",
                    await per_operation(
                        lambda c=client: c.get("vloket:bench"),  # type: ignore[misc]
                        count,
                        within(UNSAMPLED_CALLER),
                    ),
                )
            )
        finally:
            await client.aclose()
        if instrumented:
            RedisInstrumentor().uninstrument()
    return rows


async def request_rows(count: int) -> list[tuple[str, float]]:
    from hub.app import create_app
    from registry.db import Database

    directory = Path(tempfile.mkdtemp(prefix="vloket-tracing-"))
    url = f"sqlite+aiosqlite:///{directory / 'hub.sqlite3'}"
    Database(url).migrate()
    settings = Settings(database_url=url, rate_limit_login="", rate_limit_events="", rate_limit_graphql="")
    app = create_app(settings)
    body = {"query": '{ vereniging(vCode: "V0001001") { vCode naam } }'}
    rows = []
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client,
    ):
        for label, flags in (("unrecorded", "00"), ("recorded", "01")):
            headers = {"traceparent": f"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-{flags}"}
            cost = await per_operation(
                lambda h=headers: client.post("/graphql", json=body, headers=h), count, nullcontext()
            )
            rows.append((f"GraphQL request through the app, {label}", cost))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000, help="operations per round (requests: a tenth)")
    parser.add_argument("--redis", default=os.environ.get("HUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    args = parser.parse_args()
    from hub.observability import configure_logging

    configure_logging(level="WARNING")
    configure_tracing(Settings()).add_span_processor(Dropped())
    rows = asyncio.run(http_rows(args.calls))
    rows += asyncio.run(redis_rows(args.calls // 2, args.redis))
    rows += asyncio.run(request_rows(max(200, args.calls // 10)))
    print(f"{'operation':62} {'µs each':>9}")
    for label, cost in rows:
        print(f"{label:62} {cost:9.1f}")


if __name__ == "__main__":
    main()
