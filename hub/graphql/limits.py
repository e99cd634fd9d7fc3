"""Bounds on what one GraphQL operation may ask, checked before anything of it runs, and the
cache of what was worked out per document.

For each distinct document, once: its size in bytes and tokens (before and while parsing), its
measures (fields, depth, aliases, cost, repeats: `measure.py`, linear however far fragments
would expand it), then graphql-core's validation, with its pairwise field-merging rule replaced
by a linear one (`overlap.py`). For each request: the values its variables carry, against the
maxima the schema declares (`input_bounds.py`). A refusal names the limit and what was measured,
in the caller's language, and nothing of the operation runs.

One extension does all of it: strawberry builds every extension afresh for each request and
enters each of its hooks, so several small ones cost several times the bookkeeping of one. It
uses only what strawberry documents for extensions: the execution context's document, its
validation rules and errors, and its result (set before execution to answer without running).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import structlog
from graphql import (
    DocumentNode,
    ExecutionResult,
    FloatValueNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    IntValueNode,
    OverlappingFieldsCanBeMergedRule,
    Visitor,
    get_operation_ast,
    parse,
    specified_rules,
    visit,
)
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension

from hub.graphql.document_cache import DocumentCache, document_key, weight_of
from hub.graphql.document_measures import Bounds
from hub.graphql.input_bounds import InputBounds, Plan
from hub.graphql.measure import Measurer
from hub.graphql.overlap import fields_can_merge_rule
from registry.errors import RegisterError, ValidationFailed
from registry.message_keys import MessageKey

log = structlog.get_logger("hub.graphql")

_PLACEHOLDER: Final = parse("{ __typename }")
MAX_DIGITS: Final = 40
"""The longest number a document may write: more than any Int or Float can hold."""
_NAME: Final = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
"""Stands in for a document that was refused before it was parsed: strawberry needs one to go
on to validation, where the refusal is given as the operation's errors."""


class QueryTooComplex(RegisterError):
    """A document over one of the limits: which (`limiet`), the limit and what was measured."""

    code = "QUERY_TOO_COMPLEX"
    MESSAGES: Final[dict[str, MessageKey]] = {
        "bytes": "QUERY_TOO_COMPLEX_bytes",
        "tokens": "QUERY_TOO_COMPLEX_tokens",
        "digits": "QUERY_TOO_COMPLEX_digits",
        "fields": "QUERY_TOO_COMPLEX_fields",
        "depth": "QUERY_TOO_COMPLEX_depth",
        "aliases": "QUERY_TOO_COMPLEX_aliases",
        "cost": "QUERY_TOO_COMPLEX_cost",
        "repeats": "QUERY_TOO_COMPLEX_repeats",
    }
    """The message for each limit."""

    def __init__(self, limiet: str, maximum: int, gemeten: int, veld: str | None = None) -> None:
        self.message_key = self.MESSAGES[limiet]
        super().__init__(limiet=limiet, maximum=maximum, gemeten=gemeten, veld=veld or "")

    def extensions(self, language: Any) -> dict[str, Any]:
        return {
            "code": self.code,
            "limiet": self.params["limiet"],
            "maximum": self.params["maximum"],
            "gemeten": self.params["gemeten"],
        }


@dataclass(frozen=True, slots=True)
class Limits:
    """Every limit on a GraphQL request (the `HUB_GRAPHQL_*` settings)."""

    max_document_bytes: int
    max_tokens: int
    bounds: Bounds
    cache_bytes: int
    check_budget: int
    """Selections the field-merging check may look at before it gives up."""


@dataclass(slots=True)
class _Prepared:
    document: DocumentNode
    errors: list[GraphQLError] | None = None
    """The document's refusal or validation errors; None until validated."""
    plans: dict[str | None, Plan] = field(default_factory=dict)


class DocumentGuard:
    """What every request's extension shares: the schema's shape, the measures, the input
    bounds and the cache. One per schema."""

    def __init__(self, schema: GraphQLSchema, limits: Limits, inputs: InputBounds) -> None:
        self.limits = limits
        self.measurer = Measurer(schema, limits.bounds)
        self.inputs = inputs
        self.cache: DocumentCache[_Prepared] = DocumentCache(limits.cache_bytes)
        merging = fields_can_merge_rule(limits.check_budget)
        others = tuple(rule for rule in specified_rules if rule is not OverlappingFieldsCanBeMergedRule)
        self.rules: tuple[type[ASTValidationRule], ...] = (*others, merging)
        self.rules_for_irregular: tuple[type[ASTValidationRule], ...] = others

    def extension(self) -> DocumentLimits:
        return DocumentLimits(self)


class DocumentLimits(SchemaExtension):
    def __init__(self, guard: DocumentGuard) -> None:
        super().__init__()
        self.guard = guard
        self.prepared: _Prepared | None = None
        self.refusal: list[GraphQLError] | None = None
        self.key = b""
        self.weight = 0

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query:
            self._prepare(query)
            if self.prepared is not None:
                context.graphql_document = self.prepared.document
            elif self.refusal is not None:
                context.graphql_document = _placeholder(context.operation_name)
        yield

    def _prepare(self, query: str) -> None:
        limits = self.guard.limits
        size = len(query.encode("utf-8", "surrogatepass"))
        if size > limits.max_document_bytes:
            self.refusal = [_error(QueryTooComplex("bytes", limits.max_document_bytes, size))]
            return
        self.key, self.weight = document_key(query), weight_of(query)
        self.prepared = self.guard.cache.get(self.key)
        if self.prepared is not None:
            return
        try:
            document = parse(query, max_tokens=limits.max_tokens)
        except GraphQLSyntaxError as error:
            too_long = "tokens" in error.message and str(limits.max_tokens) in error.message
            refused = QueryTooComplex("tokens", limits.max_tokens, limits.max_tokens + 1)
            self.refusal = [_error(refused) if too_long else error]
            return
        self.prepared = _Prepared(document)
        digits = _longest_number(document)
        if digits > MAX_DIGITS:  # graphql-core would convert it, and Python refuses past 4300
            self.prepared.errors = [_error(QueryTooComplex("digits", MAX_DIGITS, digits))]
        self.guard.cache.put(self.key, self.prepared, self.weight)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        prepared = self.prepared
        if self.refusal is not None:
            context.pre_execution_errors = self.refusal
        elif prepared is not None and prepared.errors is not None:
            context.pre_execution_errors = prepared.errors
        elif prepared is not None:
            try:
                measures = self.guard.measurer.measure(prepared.document)
            except Exception as error:  # a defect here must not answer unmasked: see errors.py
                log.exception("measuring a document failed")
                prepared.errors = [GraphQLError("measuring failed", original_error=error)]
                context.pre_execution_errors = prepared.errors
                yield
                return
            exceeded = measures.exceeded(self.guard.limits.bounds)
            if exceeded:
                prepared.errors = [
                    _error(QueryTooComplex(name, limit, value, measures.repeated))
                    for name, limit, value in exceeded
                ]
                context.pre_execution_errors = prepared.errors
            else:
                guard = self.guard
                context.validation_rules = guard.rules_for_irregular if measures.irregular else guard.rules
        yield
        if prepared is not None and prepared.errors is None:
            prepared.errors = list(context.pre_execution_errors or [])

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        prepared = self.prepared
        if prepared is not None and context.graphql_document is prepared.document:
            name = context.operation_name
            plan = prepared.plans.get(name)
            if plan is None:
                operation = get_operation_ast(prepared.document, name)
                if operation is not None:
                    plan = prepared.plans[name] = self.guard.inputs.plan(prepared.document, operation)
            errors = plan.check(context.variables, self.guard.inputs) if plan is not None else []
            if errors:
                context.result = ExecutionResult(data=None, errors=[_error(ValidationFailed(errors))])
        yield


def _longest_number(document: DocumentNode) -> int:
    """The most characters of any number written in `document`."""
    longest = 0

    class Numbers(Visitor):
        def enter_int_value(self, node: IntValueNode, *_args: object) -> None:
            nonlocal longest
            longest = max(longest, len(node.value))

        def enter_float_value(self, node: FloatValueNode, *_args: object) -> None:
            nonlocal longest
            longest = max(longest, len(node.value))

    visit(document, Numbers())
    return longest


def _placeholder(operation_name: str | None) -> DocumentNode:
    """A document with the operation the request names, so that the refusal is what answers."""
    if operation_name and _NAME.fullmatch(operation_name):
        return parse(f"query {operation_name} {{ __typename }}")
    return _PLACEHOLDER


def _error(original: RegisterError) -> GraphQLError:
    return GraphQLError(str(original), original_error=original)
