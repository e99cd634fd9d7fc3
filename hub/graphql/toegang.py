"""Writes the private reads and changes an operation made to the access log once it ends, so a
query touching a hundred fields costs one insert, not a hundred."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension

from hub.graphql.context import Context


class AccessLogWriter(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or not context.toegang:
            return
        entries = list(context.toegang.values())
        context.toegang.clear()
        await context.toegangslog.schrijf(entries)
