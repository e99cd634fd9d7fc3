"""Writes the private reads and changes an operation made to the access log once it ends, so a
query touching a hundred fields costs one insert, not a hundred; the answer goes out only once
the entries are committed, and with no data when they cannot be."""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from hub.graphql.context import Context
from registry.toegangslog.service import AccessLogUnavailable


class AccessLogWriter(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or not context.toegang:
            return
        entries = list(context.toegang.values())
        context.toegang.clear()
        try:
            await context.toegangslog.schrijf(entries)
        except AccessLogUnavailable as refused:
            # What was read is not answered: nothing private leaves without its log entry.
            result = self.execution_context.result
            if result is not None:
                result.data = None
                error = GraphQLError(
                    refused.message(context.language), extensions=refused.extensions(context.language)
                )
                result.errors = [error]
