"""What the hub measures of a document before running it (`measure.py`), the cache of documents
(`document_cache.py`), and the margin every legitimate document keeps to the limits."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    get_introspection_query,
    parse,
    validate,
)

import tests.utils.factories
import tests.utils.graphql
from hub.graphql.document_cache import DocumentCache, document_key, weight_of
from hub.graphql.measure import Measurer
from hub.graphql.measure_parts import CAP
from hub.graphql.schema import input_bounds, limits_of
from hub.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = Settings()
LIMITS = limits_of(SETTINGS)


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return input_bounds(SETTINGS).schema


def measurer(schema: GraphQLSchema, **bounds: int) -> Measurer:
    return Measurer(schema, replace(LIMITS.bounds, **bounds))


NESTED = "{ verenigingen(first: 100) { edges { node { naam locaties { naam } } } } }"


def fan_out(n: int) -> str:
    fragments = "\n".join(f"fragment F{k} on Query {{ ...F{k + 1} ...F{k + 1} }}" for k in range(n))
    return f"query {{ ...F0 }}\n{fragments}\nfragment F{n} on Query {{ __typename }}"


@pytest.mark.parametrize("n", [8, 20, 60, 400])
def test_each_fragment_is_measured_once_however_often_it_is_spread(schema: GraphQLSchema, n: int) -> None:
    measures = measurer(schema, max_fields=CAP).measure(parse(fan_out(n)))

    assert measures.fields == min(2**n, CAP)
    assert measures.visited == 2 * n + 2  # every written selection once


def test_measuring_stops_once_a_part_is_over_the_limit(schema: GraphQLSchema) -> None:
    measures = measurer(schema).measure(parse(fan_out(60)))

    # Each level doubles the fields: the tenth reaches 1024, past the 1000 allowed, and the
    # fifty levels below it are never walked (2 selections a level, and the query's own).
    assert LIMITS.bounds.max_fields == 1000
    assert (measures.fields, measures.visited) == (1024, 2 * 10 + 1)


def test_cost_weighs_list_fields_by_the_page_they_ask(schema: GraphQLSchema) -> None:
    small = measurer(schema).measure(parse("{ verenigingen(first: 2) { edges { node { naam } } } }"))
    large = measurer(schema).measure(parse("{ verenigingen(first: 100) { edges { node { naam } } } }"))
    nested = measurer(schema).measure(parse(NESTED))

    # The list itself, then per item asked: edges, node and naam; nested, also each item's
    # locaties, counted at the list size a field without `first` is assumed to have.
    assert LIMITS.bounds.default_list_size == 10
    assert (small.cost, large.cost, nested.cost) == (1 + 2 * 3, 1 + 100 * 3, 1 + 100 * (3 + 10 * 2))


def test_repeats_count_the_same_name_in_one_place_through_fragments(schema: GraphQLSchema) -> None:
    measures = measurer(schema).measure(
        parse("{ __typename ...A ...A } fragment A on Query { __typename __typename }")
    )

    assert (measures.repeats, measures.repeated) == (5, "__typename")


def test_a_document_naming_what_the_schema_lacks_is_irregular(schema: GraphQLSchema) -> None:
    assert measurer(schema).measure(parse("{ nietBestaand }")).irregular
    assert measurer(schema).measure(parse("{ ...A } fragment A on Query { ...A }")).irregular
    assert not measurer(schema).measure(parse("{ __typename }")).irregular


def _readme_documents() -> Iterator[str]:
    yield from re.findall(r"query: '(.*?)'", (ROOT / "README.md").read_text("utf-8"))


def _written_documents(folder: str) -> Iterator[str]:
    """Every string written in the Python files of `folder` that reads as a GraphQL operation."""
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.strip()
                if text.startswith(("{", "query", "mutation", "fragment")):
                    yield node.value
    for module in (tests.utils.factories, tests.utils.graphql):
        yield from (value for value in vars(module).values() if isinstance(value, str))


def _legitimate(schema: GraphQLSchema) -> Iterator[str]:
    yield get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    yield from _readme_documents()
    for candidate in (*_written_documents("tests"), *_written_documents("benchmarks")):
        try:
            document = parse(candidate)
        except GraphQLError:
            continue
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operations and not validate(schema, document):
            yield candidate


def test_every_legitimate_document_stays_well_within_the_limits(schema: GraphQLSchema) -> None:
    documents = list(_legitimate(schema))
    over: list[tuple[str, str, int, int]] = []
    for text in documents:
        measures = measurer(schema).measure(parse(text, max_tokens=LIMITS.max_tokens // 2))
        sizes = {
            "bytes": (len(text.encode()), LIMITS.max_document_bytes),
            "fields": (measures.fields, LIMITS.bounds.max_fields),
            "depth": (measures.depth, LIMITS.bounds.max_depth),
            "aliases": (measures.aliases, LIMITS.bounds.max_aliases),
            "cost": (measures.cost, LIMITS.bounds.max_cost),
            "repeats": (measures.repeats, LIMITS.bounds.max_repeats),
        }
        over += [
            (text[:80], name, value, limit) for name, (value, limit) in sizes.items() if value > limit / 2
        ]

    assert len(documents) > 50  # the collection found the documents the tests use
    assert over == []


def test_the_cache_stays_within_its_bytes_however_many_documents_come() -> None:
    cache: DocumentCache[str] = DocumentCache(1_000_000)
    texts = [f"{{ __typename }} # {n} " + "x" * 1000 for n in range(5000)]

    for text in texts:
        cache.put(document_key(text), text, weight_of(text))

    assert cache.used <= 1_000_000
    assert 0 < len(cache) <= 1_000_000 // weight_of(texts[0])
    assert cache.get(document_key(texts[-1])) == texts[-1]
    assert cache.get(document_key(texts[0])) is None


def test_the_cache_keeps_what_is_used_and_drops_the_least_recently_used() -> None:
    cache: DocumentCache[int] = DocumentCache(3 * weight_of("x") * 8)
    keys = [document_key(str(n)) for n in range(25)]
    cache.put(keys[0], 0, weight_of("x"))

    for n in range(1, 25):
        assert cache.get(keys[0]) == 0  # used all along
        cache.put(keys[n], n, weight_of("x"))

    assert cache.get(keys[0]) == 0
    assert cache.get(keys[1]) is None


def test_a_document_heavier_than_an_eighth_of_the_cache_is_not_kept() -> None:
    cache: DocumentCache[str] = DocumentCache(800_000)
    heavy = "{ __typename }" + " " * 1_000

    cache.put(document_key(heavy), heavy, weight_of(heavy))

    assert len(cache) == 0
