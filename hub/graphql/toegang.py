"""The answer to an operation goes out only once the private reads and changes it made are
committed to the access log, and with no data when they cannot be. The entries noted so far are
written together, in an insert shared with other requests' (group commit): when the operation
ends, and earlier, while it waits on connected systems (`Context.schrijf_toegang`)."""

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
