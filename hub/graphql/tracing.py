"""A span per GraphQL operation (strawberry's extension hook around the whole operation): its
type and name, and its errors as the span's status. Resolvers get no spans of their own: the
routing decisions, the connectors asked and the statements run within them have theirs
(hub/profile/routering.py, hub/routing/router.py, hub/telemetry.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from opentelemetry import trace
from strawberry.extensions import SchemaExtension

from hub.telemetry import tracer


class OperationSpan(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        with tracer.start_as_current_span("graphql", kind=trace.SpanKind.INTERNAL) as span:
            yield
            if span.is_recording():
                self._describe(span)

    def _describe(self, span: trace.Span) -> None:
        execution = self.execution_context
        kind = "graphql"
        if execution.graphql_document is not None:
            # (no operation of that name in the document: an error the answer names)
            with contextlib.suppress(RuntimeError):
                kind = execution.operation_type.value
        name = (execution.operation_name or "")[:100]
        span.update_name(f"{kind} {name}".strip())
        span.set_attribute("graphql.operation.type", kind)
        if name:
            span.set_attribute("graphql.operation.name", name)
        errors = execution.pre_execution_errors or (execution.result.errors if execution.result else None)
        if errors:
            span.set_attribute("graphql.errors", len(errors))
            span.set_status(trace.StatusCode.ERROR, errors[0].message[:200])
