"""One shape for every GraphQL error: a message in the caller's language and `extensions.code`.

Register errors say what is wrong (validation failures list each field). GraphQL's own parse and
validation errors get a code too. Anything unexpected is logged with the correlation id and
reaches the client masked, with that id to quote.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import structlog
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from hub.observability import correlation_id
from registry.errors import RegisterError
from registry.messages import Language, translate

log = structlog.get_logger("hub.graphql")


def is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, RegisterError | GraphQLError)


def log_unexpected(errors: list[GraphQLError]) -> None:
    for error in errors:
        original = error.original_error
        if original is not None and not is_expected(error):
            log.error(
                "unexpected error while resolving",
                path=error.path,
                exc_info=(type(original), original, original.__traceback__),
            )


def present(error: GraphQLError, language: Language) -> GraphQLError:
    original = error.original_error
    if isinstance(original, RegisterError):
        message, extensions = original.message(language), original.extensions(language)
    elif original is None or isinstance(original, GraphQLError):
        message = error.message
        extensions = {"code": "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_USER_INPUT"}
        extensions |= error.extensions or {}
    else:
        current = correlation_id.get() or "-"
        message = translate("INTERNAL_SERVER_ERROR", language, correlatie_id=current)
        extensions = {"code": "INTERNAL_SERVER_ERROR", "correlationId": current}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class ErrorPresentation(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result: Any = self.execution_context.result
        if result is not None and getattr(result, "errors", None):
            context = self.execution_context.context
            language: Language = getattr(context, "language", "nl")
            result.errors = [present(error, language) for error in result.errors]
