"""One shape for every GraphQL error: a message in the caller's language and `extensions.code`.

Register errors say what is wrong (validation failures list each field). GraphQL's own parse and
validation errors get a code too. Anything unexpected is logged with the correlation id and
reaches the client masked, with that id to quote.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

import structlog
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from connectors.sdk import ConnectorError
from hub.observability import correlation_id
from registry.errors import RegisterError
from registry.i18n import Language
from registry.message_keys import MessageKey
from registry.messages import translate

log = structlog.get_logger("hub.graphql")

MAX_MESSAGE = 500
"""Characters of a message: graphql-core's own quote names and values from the document, which
can be as long as the document."""


def is_expected(error: GraphQLError) -> bool:
    """Answers, not incidents. A connected service's failure is one too: the routing layer
    already logged and counted it (with the traceback when a connector crashed)."""
    original = error.original_error
    return original is None or isinstance(original, RegisterError | GraphQLError | ConnectorError)


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
    elif isinstance(original, ConnectorError):
        message, extensions = service_message(original.code, original.service, original.reason, language)
    elif original is None or isinstance(original, GraphQLError):
        message = error.message
        extensions = {"code": "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_USER_INPUT"}
        extensions |= error.extensions or {}
    else:
        current = correlation_id.get() or "-"
        message = translate("INTERNAL_SERVER_ERROR", language, correlatie_id=current)
        extensions = {"code": "INTERNAL_SERVER_ERROR", "correlationId": current}
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


SERVICE_MESSAGES: Final[dict[str, MessageKey]] = {
    "SERVICE_UNAVAILABLE": "SERVICE_UNAVAILABLE",
    "TIMEOUT": "TIMEOUT",
    "CIRCUIT_OPEN": "CIRCUIT_OPEN",
    "REJECTED_BY_SERVICE": "REJECTED_BY_SERVICE",
    "NOT_FOUND": "SERVICE_NOT_FOUND",
    "TOKEN_REFUSED": "TOKEN_REFUSED",
    "CONNECTOR_CONFIG_ERROR": "CONNECTOR_CONFIG_ERROR",
}
"""The message for each code a connector's error (`connectors.sdk.errors`) or the routing layer
gives; any other code (a crash, `INTERNAL_ERROR`) reads as `SERVICE_INTERNAL_ERROR`."""


def service_message(code: str, service: str, reason: str, language: Language) -> tuple[str, dict[str, Any]]:
    """A connected service's failure: plain words, and `{code, service}` to act on."""
    key = SERVICE_MESSAGES.get(code, "SERVICE_INTERNAL_ERROR")
    return translate(key, language, service=service, reden=reason), {"code": code, "service": service}


def failure_errors(context: object, language: Language) -> list[GraphQLError]:
    """The failures connected services reported while the operation ran, each at its field."""
    reported = getattr(context, "service_failures", [])
    errors = []
    for path, failure in reported:
        message, extensions = service_message(failure.code, failure.service, failure.message, language)
        errors.append(GraphQLError(message, path=path, extensions=extensions))
    return errors


class ErrorPresentation(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result: Any = self.execution_context.result
        context = self.execution_context.context
        language: Language = getattr(context, "language", "nl")
        if result is not None and getattr(result, "errors", None):
            result.errors = [present(error, language) for error in result.errors]
        failures = failure_errors(context, language)
        if result is not None and failures:
            result.errors = [*(result.errors or []), *failures]
