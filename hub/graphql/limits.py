"""Bounds on what one GraphQL operation may ask, so no single request can exhaust the hub.

The schema has no cycles, so depth is bounded by the types themselves; the token limit bounds
introspection nesting and any other oversized document before it is parsed in full."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, SchemaExtension

MAX_ALIASES = 30
MAX_TOKENS = 4000


def limits() -> list[Callable[[], SchemaExtension]]:
    """Extension factories: strawberry builds a fresh extension per request from each."""
    return [
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ]
