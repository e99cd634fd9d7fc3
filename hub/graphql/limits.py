"""Bounds on what one GraphQL operation may ask, and caches for the documents clients repeat.

The schema has no cycles, so depth is bounded by the types themselves; the token limit bounds
introspection nesting and any other oversized document before it is parsed in full.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator

MAX_ALIASES = 30
MAX_TOKENS = 4000
# Clients send the same few documents over and over: parsing and validating each once saves
# most of the per-request cost. Bounded, shared by every request.
CACHED_DOCUMENTS = 512
# One rule class for the life of the process: the validation cache keys on the rules in force.
_ALIAS_RULE = create_validator(MAX_ALIASES)


class _ParserCache(ParserCache):
    """Parses each distinct document once. A document that does not parse is left to the
    schema's own parse, so its syntax error is reported like any other (with its code)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:
            with suppress(GraphQLError):
                context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        yield


def limits() -> list[Callable[[], SchemaExtension]]:
    """Extension factories: strawberry builds a fresh extension per request from each."""
    return [
        lambda: AddValidationRules([_ALIAS_RULE]),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: _ParserCache(maxsize=CACHED_DOCUMENTS),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
    ]
