"""Bounds on what one GraphQL operation may ask, and caches for the documents clients repeat.

The schema has no cycles, so depth is bounded by the types themselves; the token limit bounds
introspection nesting and any other oversized document before it is parsed in full.
"""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
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


def limits() -> list[Callable[[], SchemaExtension]]:
    """Extension factories: strawberry builds a fresh extension per request from each."""
    return [
        lambda: AddValidationRules([_ALIAS_RULE]),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
    ]
