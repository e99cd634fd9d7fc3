"""Structured JSON logs and the correlation id that ties one request's lines together.

The id comes from the caller's `X-Correlation-Id` header when it is a sane token, is otherwise the
request's trace id (hub/telemetry.py), is bound to every log line written while the request runs,
and is echoed back. Every line written within a trace names its `trace_id` and `span_id`.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import MutableMapping
from typing import Any, Final, TextIO

import orjson
import structlog
from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connectors.sdk.http import correlation_id

HEADER: Final = "X-Correlation-Id"
_HEADER_BYTES: Final = HEADER.lower().encode("latin-1")
_SANE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

__all__ = ["HEADER", "CorrelationIdMiddleware", "configure_logging", "correlation_id"]


def _dumps(value: object, default: object = None) -> str:
    return orjson.dumps(value, default=str).decode()


def trace_ids(_: object, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: the current trace and span ids, on every line written within one."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event["trace_id"] = format(context.trace_id, "032x")
        event["span_id"] = format(context.span_id, "016x")
    return event


def configure_logging(*, level: str = "INFO", json_output: bool = True, stream: TextIO | None = None) -> None:
    """Route structlog and the standard library's logging into one stream (stderr by default)."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        trace_ids,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(serializer=_dumps)
        if json_output
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        # A line below the level is dropped before any processor runs (one per request otherwise).
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = name != "uvicorn.access"


def new_correlation_id() -> str:
    """The current trace's id (so that a log line, an error's correlation id and the trace of a
    request name the same thing), or a new random one outside any trace."""
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else uuid.uuid4().hex


class CorrelationIdMiddleware:
    """Pure ASGI middleware: binds the correlation id, echoes it, logs one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = structlog.get_logger("hub.request")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next(
            (value.decode("latin-1") for name, value in scope["headers"] if name == _HEADER_BYTES),
            None,
        )
        current = incoming if incoming and _SANE_ID.match(incoming) else new_correlation_id()
        token = correlation_id.set(current)
        structlog.contextvars.bind_contextvars(correlation_id=current)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (_HEADER_BYTES, current.encode("latin-1")),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.log.info(
                "request",
                method=scope.get("method"),
                path=scope.get("path"),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
            )
            structlog.contextvars.unbind_contextvars("correlation_id")
            correlation_id.reset(token)
