"""Bounds on what one GraphQL operation may ask, and caches for the documents clients repeat.

The schema has no cycles, so depth is bounded by the types themselves; the token limit bounds
introspection nesting and any other oversized document before it is parsed in full.

One extension does all of it: strawberry builds every extension afresh for each request and
enters each of its hooks, so four small ones cost four times the bookkeeping of one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, parse
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator
from strawberry.schema.schema import validate_document

MAX_ALIASES = 30
MAX_TOKENS = 4000
# Clients send the same few documents over and over: parsing and validating each once saves
# most of the per-request cost. Bounded, shared by every request.
CACHED_DOCUMENTS = 512
# One rule class for the life of the process: the validation cache keys on the rules in force.
_ALIAS_RULE = create_validator(MAX_ALIASES)

_parse = lru_cache(maxsize=CACHED_DOCUMENTS)(parse)
_validate = lru_cache(maxsize=CACHED_DOCUMENTS)(validate_document)


class DocumentLimits(SchemaExtension):
    """At most `MAX_TOKENS` tokens and `MAX_ALIASES` aliases per document; each distinct document
    parsed and validated once. A document that does not parse is left to the schema's own
    parse, so its syntax error is reported like any other (with its code)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS
        context.validation_rules = (*context.validation_rules, _ALIAS_RULE)
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:
            with suppress(GraphQLError):
                context.graphql_document = _parse(context.query, **context.parse_options)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document: Any = context.graphql_document
        if document is not None:
            context.pre_execution_errors = _validate(
                context.schema._schema, document, context.validation_rules
            )
        yield
