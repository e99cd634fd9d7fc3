"""The answer to an operation goes out only once the private reads and changes it made are
committed to the access log, and with no data when they cannot be. The writes start as the
resolvers note them (`Context.record`: all noted in one step of the resolvers in one insert, and
requests' inserts committed together), so that they run while the request waits on connected
systems."""

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
        if not isinstance(context, Context):
            return
        try:
            await context.toegang_geschreven()
        except AccessLogUnavailable as refused:
            # What was read is not answered: nothing private leaves without its log entry, nor
            # what the fields that read it met on the way (their services' failures, whom the
            # questions went to), which the extensions that run after this one would add.
            context.service_failures.clear()
            context.routeringen.clear()
            result = self.execution_context.result
            if result is not None:
                result.data = None
                error = GraphQLError(
                    refused.message(context.language), extensions=refused.extensions(context.language)
                )
                result.errors = [error]
