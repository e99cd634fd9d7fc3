"""`Query.verenigingen`: name fragments, characteristics, cursor paging and facet counts."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from demo.verenigingen import seed
from registry.associations import search as search_module
from registry.associations.service import VerenigingenRegister
from tests.utils.graphql import GraphQLClient

SEARCH = """
query($zoekterm: String, $gemeenten: [String!], $postcodes: [String!], $hoofdactiviteiten: [String!],
      $werkingsgebieden: [String!], $types: [String!], $first: Int! = 20, $after: String) {
  verenigingen(zoekterm: $zoekterm, gemeenten: $gemeenten, postcodes: $postcodes,
               hoofdactiviteiten: $hoofdactiviteiten, werkingsgebieden: $werkingsgebieden, types: $types,
               first: $first, after: $after) {
    totaal
    edges { cursor node { vCode naam } }
    pageInfo { hasNextPage endCursor }
    facetten {
      types { waarde aantal } hoofdactiviteiten { waarde aantal } werkingsgebieden { waarde aantal }
      gemeenten { waarde aantal } statussen { waarde aantal }
    }
  }
}
"""


@pytest.fixture
async def demo(register: VerenigingenRegister) -> None:
    await seed(register)


async def search(graphql: GraphQLClient, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await graphql.data(SEARCH, variables))["verenigingen"]
    return result


def names(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["naam"] for edge in result["edges"]]


def facet(result: dict[str, Any], name: str) -> dict[str, int]:
    return {f["waarde"]: f["aantal"] for f in result["facetten"][name]}


@pytest.mark.usefixtures("demo")
async def test_name_fragment_ignores_case_and_accents(graphql: GraphQLClient) -> None:
    result = await search(graphql, zoekterm="COMITE")

    assert names(result) == ["Buurtcomité Rabot Leeft"]
    assert result["totaal"] == 1


@pytest.mark.usefixtures("demo")
async def test_every_word_of_the_fragment_must_match(graphql: GraphQLClient) -> None:
    assert names(await search(graphql, zoekterm="club de")) == ["Petanqueclub De Boule"]


@pytest.mark.usefixtures("demo")
async def test_filters_by_gemeente_postcode_activity_area_and_type(graphql: GraphQLClient) -> None:
    gent = await search(graphql, gemeenten=["gent"])
    oostende = await search(graphql, postcodes=["8400"])
    sport_in_leuven = await search(graphql, hoofdactiviteiten=["SPRT"], werkingsgebieden=["BE24224062"])
    vzw = await search(graphql, types=["VZW"])

    assert sorted(names(gent)) == ["Buurtcomité Rabot Leeft", "Gentse Fietsersbond", "Jeugdhuis De Kelder"]
    assert sorted(names(oostende)) == ["Vissen achter het net", "Zeilclub Noordzeewind"]
    assert names(sport_in_leuven) == ["Voetbalclub Sterrebeek United"]
    assert names(vzw) == ["Vissen achter het net"]


@pytest.mark.usefixtures("demo")
async def test_several_values_of_one_filter_widen_the_result(graphql: GraphQLClient) -> None:
    result = await search(graphql, gemeenten=["Gent", "Brugge"])

    assert result["totaal"] == 5


@pytest.mark.usefixtures("demo")
async def test_facets_count_within_the_other_filters(graphql: GraphQLClient) -> None:
    result = await search(graphql, gemeenten=["Liedekerke"])

    # The gemeente facet ignores its own filter, so a client can offer the other gemeenten.
    assert facet(result, "gemeenten")["Gent"] == 3
    assert facet(result, "gemeenten")["Liedekerke"] == 3
    # The other facets count only what is in Liedekerke.
    assert facet(result, "hoofdactiviteiten") == {"KECU": 2, "HOSP": 1, "LAVI": 1, "NMDW": 1}
    assert facet(result, "types") == {"FV": 3}
    assert facet(result, "statussen") == {"Actief": 3}


@pytest.mark.usefixtures("demo")
async def test_a_value_no_association_holds_finds_none_and_still_offers_the_others(
    graphql: GraphQLClient,
) -> None:
    result = await search(graphql, gemeenten=["Nergensdorp"], types=["FV"])

    assert result["totaal"] == 0
    assert result["edges"] == []
    # Counted within the other filters: the FV associations per gemeente, to choose from.
    assert facet(result, "gemeenten")["Liedekerke"] == 3
    assert facet(result, "types") == {}


@pytest.mark.usefixtures("demo")
async def test_filters_nobody_holds_on_two_characteristics_count_nothing_at_all(
    graphql: GraphQLClient,
) -> None:
    postcode = await search(graphql, postcodes=["0000"], gemeenten=["Gent"])
    twee = await search(graphql, gemeenten=["Nergensdorp"], hoofdactiviteiten=["GEEN"])

    for result in (postcode, twee):
        assert result["totaal"] == 0
        assert all(values == [] for values in result["facetten"].values())


@pytest.mark.usefixtures("demo")
async def test_each_facet_shows_its_most_frequent_values_up_to_a_bound(
    graphql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    alle = facet(await search(graphql), "gemeenten")
    monkeypatch.setattr(search_module, "MAX_FACETWAARDEN", 2)
    begrensd = await search(graphql)

    assert len(alle) > 2
    assert [f["aantal"] for f in begrensd["facetten"]["gemeenten"]] == sorted(alle.values(), reverse=True)[:2]


async def pages(graphql: GraphQLClient, **variables: Any) -> list[list[str]]:
    found: list[list[str]] = []
    after: str | None = None
    while True:
        page = await search(graphql, first=3, after=after, **variables)
        found.append([edge["node"]["vCode"] for edge in page["edges"]])
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


@pytest.mark.usefixtures("demo")
async def test_pages_are_the_same_read_in_name_order_or_sorted_out_of_what_was_found(
    graphql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL sorts a page out of all that was found when that is few, and reads names in
    order when it is many; SQLite always reads in order. Either way, the same pages."""
    questions: list[dict[str, Any]] = [
        {},
        {"zoekterm": "de"},
        {"zoekterm": "club"},
        {"gemeenten": ["Gent", "Liedekerke"]},
    ]
    by_found = [await pages(graphql, **question) for question in questions]
    monkeypatch.setattr(search_module, "PAGE_FROM_FOUND", -1)
    in_name_order = [await pages(graphql, **question) for question in questions]

    assert by_found == in_name_order
    assert [sum(map(len, found)) for found in by_found] == [22, 6, 5, 6]


@pytest.mark.usefixtures("demo")
async def test_cursor_paging_visits_every_association_once(graphql: GraphQLClient) -> None:
    seen: list[str] = []
    after: str | None = None
    pages = 0
    while True:
        page = await search(graphql, first=5, after=after)
        pages += 1
        seen += [edge["node"]["vCode"] for edge in page["edges"]]
        assert page["totaal"] == 22
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert pages == 5
    assert len(seen) == len(set(seen)) == 22


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("first", [0, -1, 101])
async def test_page_size_out_of_range_is_refused(graphql: GraphQLClient, first: int) -> None:
    error = await graphql.error(SEARCH, {"first": first})

    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert error["extensions"]["fouten"][0]["veld"] == "first"


def as_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    "after",
    [
        "not-a-cursor",
        as_cursor("[" * 5000),  # nested deeper than the JSON reader goes
        as_cursor('["\\ud800", "V0001001"]'),  # a lone surrogate
        as_cursor('["a\\u0000", "V0001001"]'),  # a NUL
    ],
    ids=["garbage", "deep", "surrogate", "nul"],
)
async def test_a_forged_cursor_is_refused(graphql: GraphQLClient, after: str) -> None:
    error = await graphql.error(SEARCH, {"after": after})

    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert error["extensions"]["fouten"][0]["veld"] == "after"


@pytest.mark.usefixtures("demo")
async def test_like_wildcards_in_the_fragment_are_taken_literally(graphql: GraphQLClient) -> None:
    assert (await search(graphql, zoekterm="%"))["totaal"] == 0
    assert (await search(graphql, zoekterm="_"))["totaal"] == 0
