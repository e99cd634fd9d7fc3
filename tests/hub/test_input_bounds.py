"""Every list and string a request sends is bounded by the schema's declared maxima, checked
before any resolver runs, and refused as `VALIDATION_FAILED` naming where and the maximum."""

from __future__ import annotations

from typing import Any

import pytest

from hub.graphql.schema import input_bounds
from hub.settings import Settings
from tests.utils.factories import REGISTREER
from tests.utils.graphql import GraphQLClient

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Vereniging { naam } } }"


def test_every_list_argument_and_list_input_declares_its_maximum() -> None:
    assert input_bounds(Settings()).undeclared() == []


async def test_a_deeply_nested_representation_is_refused(graphql: GraphQLClient) -> None:
    nested: Any = "V0001001"
    for _ in range(20):
        nested = [nested]

    error = await graphql.error(ENTITIES, {"r": [{"__typename": "Vereniging", "vCode": nested}]})

    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert error["extensions"]["fouten"][0]["veld"] == "$r[0]"
    assert error["extensions"]["fouten"][0]["code"] == "te_diep"


async def test_a_representation_with_many_values_is_refused(graphql: GraphQLClient) -> None:
    wide = {"__typename": "Vereniging", "vCode": "V0001001", **{f"k{n}": n for n in range(500)}}

    error = await graphql.error(ENTITIES, {"r": [wide]})

    assert error["extensions"]["fouten"][0]["code"] == "te_veel"


async def test_a_string_over_its_maximum_is_refused_where_it_is_written(
    graphql: GraphQLClient,
) -> None:
    term = "a" * 201

    error = await graphql.error(f'{{ verenigingen(zoekterm: "{term}") {{ totaal }} }}')

    assert error["extensions"]["fouten"] == [
        {"veld": "zoekterm", "code": "te_lang", "melding": "Gebruik hoogstens 200 tekens."}
    ]


async def test_an_input_with_more_keys_than_its_type_has_fields_is_refused(graphql: GraphQLClient) -> None:
    invoer = {f"veld{n}": n for n in range(5000)}

    error = await graphql.error(REGISTREER, {"input": invoer})

    assert error["extensions"]["fouten"][0]["veld"] == "$input"
    assert error["extensions"]["fouten"][0]["code"] == "te_veel"


async def test_many_offending_values_give_a_bounded_list_of_errors(graphql: GraphQLClient) -> None:
    query = "query($v: [String!]) { verenigingen(gemeenten: $v) { totaal } }"

    error = await graphql.error(query, {"v": ["x" * 121] * 50})

    assert len(error["extensions"]["fouten"]) == 20
    assert error["extensions"]["fouten"][0]["veld"] == "$v[0]"


@pytest.mark.parametrize(
    "representation",
    [
        "x",
        1,
        [],
        {},
        {"__typename": "Nope"},
        {"__typename": "Mij"},
        {"__typename": "Query"},
        {"__typename": "Vereniging"},
        {"__typename": "Vereniging", "vCode": 7},
    ],
)
async def test_a_representation_that_names_no_entity_or_lacks_its_key_is_refused(
    graphql: GraphQLClient, representation: object
) -> None:
    error = await graphql.error(ENTITIES, {"r": [representation] * 3})

    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert error["extensions"]["fouten"][0]["veld"].startswith("$r[0]")


@pytest.mark.parametrize(
    ("term", "code"),
    [("a\x00b", "controleteken"), ("\x1b[2J", "controleteken"), ("kaas\u202e", "richtingsteken")],
)
async def test_a_string_argument_holding_a_control_character_is_refused(
    graphql: GraphQLClient, term: str, code: str
) -> None:
    verenigingen = await graphql.error(
        "query($q: String) { verenigingen(zoekterm: $q) { totaal } }", {"q": term}
    )
    dienst = await graphql.error("query($i: ID!) { dienst(id: $i) { titel } }", {"i": term})

    assert verenigingen["extensions"]["fouten"][0]["code"] == code
    assert dienst["extensions"]["fouten"][0]["veld"] == "$i"


async def test_a_number_of_thousands_of_digits_is_refused_before_it_is_read(graphql: GraphQLClient) -> None:
    error = await graphql.error("{ verenigingen(first: " + "9" * 5000 + ") { totaal } }")

    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limiet": "digits",
        "maximum": 40,
        "gemeten": 5000,
    }


async def test_a_refused_document_is_refused_whatever_operation_it_names(graphql: GraphQLClient) -> None:
    document = "query Big { __typename }" + "#" * 40_000

    body = await graphql.http.post("/graphql", json={"query": document, "operationName": "Big"})

    assert body.json()["errors"][0]["extensions"]["limiet"] == "bytes"
