"""Searching the published offerings: free text, thema, type, administration, place, open now,
facet counts and cursor paging; through the register and through `Query.diensten`."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from registry.db import Database
from registry.errors import ValidationFailed
from registry.offerings.model import Aanvraagperiode, Bestuur, Bestuursniveau, Criteria, Dienst, Diensttype
from registry.offerings.search import DienstenPagina, DienstFilter
from registry.offerings.service import DienstenRegister
from tests.offerings.factories import (
    GENT,
    LIEDEKERKE,
    OPERATOR,
    SPORT_VLAANDEREN,
    Klok,
    dienst_inhoud,
    leeg_register,
)
from tests.utils.graphql import GraphQLClient

OOST_VLAANDEREN = Bestuur(niveau=Bestuursniveau.PROVINCIAAL, code="BE23", naam="Provincie Oost-Vlaanderen")


@pytest.fixture
async def diensten(db: Database) -> DienstenRegister:
    return await leeg_register(db, Klok())  # today is 2 March 2026


async def gepubliceerd(diensten: DienstenRegister, titel: str, **overrides: Any) -> Dienst:
    dienst = await diensten.maak(dienst_inhoud(titel=titel, **overrides), uitgever=OPERATOR)
    return await diensten.publiceer(dienst.id, uitgever=OPERATOR)


async def zoek(
    diensten: DienstenRegister, first: int = 50, after: str | None = None, **filter: Any
) -> DienstenPagina:
    return await diensten.zoek(DienstFilter(**filter), first=first, after=after)


async def titels(diensten: DienstenRegister, **filter: Any) -> list[str]:
    return [d.inhoud.titel for _, d in (await zoek(diensten, **filter)).diensten]


async def test_free_text_searches_title_and_description_ignoring_case_and_accents(
    diensten: DienstenRegister,
) -> None:
    await gepubliceerd(diensten, "Subsidie jeugdsport", beschrijving="Voor clubs met een eigen café.")
    await gepubliceerd(diensten, "Uitleendienst", beschrijving="Tenten en podia lenen.")

    assert await titels(diensten, zoekterm="CAFE") == ["Subsidie jeugdsport"]
    assert await titels(diensten, zoekterm="jeugdsport clubs") == ["Subsidie jeugdsport"]
    assert await titels(diensten, zoekterm="jeugdsport tenten") == []
    assert await titels(diensten, zoekterm="100%_") == []


async def test_filters_on_thema_type_and_administration(diensten: DienstenRegister) -> None:
    await gepubliceerd(diensten, "Vlaamse sportsubsidie")
    await gepubliceerd(
        diensten, "Gentse fuifvergunning", bestuur=GENT, type=Diensttype.TOELATING, themas=("Feest",)
    )
    await gepubliceerd(diensten, "Gentse sportpremie", bestuur=GENT)

    assert await titels(diensten, thema="feest") == ["Gentse fuifvergunning"]
    assert await titels(diensten, type="toelating") == ["Gentse fuifvergunning"]
    assert await titels(diensten, bestuur=" ovo002949 ") == ["Vlaamse sportsubsidie"]
    assert await titels(diensten, bestuur="44021", type="FinancieelVoordeel") == ["Gentse sportpremie"]


async def test_a_place_finds_what_applies_there_in_its_province_or_in_all_of_flanders(
    diensten: DienstenRegister,
) -> None:
    await gepubliceerd(diensten, "Heel Vlaanderen")
    await gepubliceerd(diensten, "Gent zelf", bestuur=GENT)
    await gepubliceerd(diensten, "Oost-Vlaanderen", bestuur=OOST_VLAANDEREN)
    await gepubliceerd(diensten, "Liedekerke zelf", bestuur=LIEDEKERKE)
    await gepubliceerd(
        diensten, "Vlaams maar in Vlaams-Brabant", criteria=Criteria(werkingsgebieden=("BE24",))
    )
    await gepubliceerd(
        diensten,
        "Vlaams maar in Gent",
        bestuur=SPORT_VLAANDEREN,
        criteria=Criteria(werkingsgebieden=("BE23444021",)),
    )

    gent = ["Gent zelf", "Heel Vlaanderen", "Oost-Vlaanderen", "Vlaams maar in Gent"]
    assert await titels(diensten, gemeente="44021") == gent
    assert await titels(diensten, gemeente="be23444021") == gent
    assert await titels(diensten, gemeente="BE24123044") == [
        "Heel Vlaanderen",
        "Liedekerke zelf",
        "Vlaams maar in Vlaams-Brabant",
    ]


async def test_an_unknown_place_is_refused_at_its_field(diensten: DienstenRegister) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await zoek(diensten, gemeente="99999")

    assert [(f.veld, f.code) for f in refused.value.fouten] == [("gemeente", "onbekende_code")]


async def test_open_now_keeps_offerings_whose_period_contains_today(diensten: DienstenRegister) -> None:
    await gepubliceerd(
        diensten, "Loopt", aanvraagperiode=Aanvraagperiode(van=date(2026, 1, 1), tot=date(2026, 3, 2))
    )
    await gepubliceerd(diensten, "Altijd", aanvraagperiode=Aanvraagperiode())
    await gepubliceerd(diensten, "Voorbij", aanvraagperiode=Aanvraagperiode(tot=date(2026, 3, 1)))
    await gepubliceerd(diensten, "Straks", aanvraagperiode=Aanvraagperiode(van=date(2026, 3, 3)))

    assert await titels(diensten, open_nu=True) == ["Altijd", "Loopt"]
    assert len(await titels(diensten)) == 4


async def test_facets_count_each_value_within_the_other_filters(diensten: DienstenRegister) -> None:
    await gepubliceerd(diensten, "A", themas=("Sport", "Jeugd"))
    await gepubliceerd(diensten, "B", themas=("Sport",), type=Diensttype.ADVIES_BEGELEIDING)
    await gepubliceerd(diensten, "C", themas=("Cultuur",), bestuur=GENT)
    draft = await diensten.maak(dienst_inhoud(titel="D", themas=("Sport",)), uitgever=OPERATOR)
    assert draft.status.value == "draft"

    pagina = await zoek(diensten, thema="Sport")

    def counts(soort: str) -> dict[str, int]:
        return {f.waarde: f.aantal for f in pagina.facetten[soort]}

    assert pagina.totaal == 2
    assert counts("type") == {"FinancieelVoordeel": 1, "AdviesBegeleiding": 1}
    assert counts("bestuur") == {"OVO002949": 2}
    assert counts("thema") == {"Sport": 2, "Jeugd": 1, "Cultuur": 1}


async def test_a_facet_filtered_on_still_counts_its_other_values(diensten: DienstenRegister) -> None:
    await gepubliceerd(diensten, "A")
    await gepubliceerd(diensten, "B", type=Diensttype.ADVIES_BEGELEIDING)
    await gepubliceerd(diensten, "C", bestuur=GENT)
    await gepubliceerd(diensten, "D", bestuur=GENT, type=Diensttype.ADVIES_BEGELEIDING)

    pagina = await zoek(diensten, type="AdviesBegeleiding", bestuur="44021")

    def counts(soort: str) -> dict[str, int]:
        return {f.waarde: f.aantal for f in pagina.facetten[soort]}

    assert [d.inhoud.titel for _, d in pagina.diensten] == ["D"]
    assert pagina.totaal == 1
    assert counts("type") == {"FinancieelVoordeel": 1, "AdviesBegeleiding": 1}
    assert counts("bestuur") == {"OVO002949": 1, "44021": 1}


async def test_paging_visits_every_result_once_in_title_order(diensten: DienstenRegister) -> None:
    for titel in ["Gamma", "alfa", "Beta", "Épsilon", "Delta", "Zeta", "Eta"]:
        await gepubliceerd(diensten, titel)

    seen: list[str] = []
    after = None
    pages = 0
    while True:
        pagina = await zoek(diensten, first=3, after=after)
        seen += [d.inhoud.titel for _, d in pagina.diensten]
        pages += 1
        assert pagina.totaal == 7
        if not pagina.heeft_volgende:
            break
        after = pagina.diensten[-1][0]

    assert pages == 3
    assert seen == ["alfa", "Beta", "Delta", "Épsilon", "Eta", "Gamma", "Zeta"]


@pytest.mark.parametrize(
    ("paging", "veld"),
    [
        ({"first": 0}, "first"),
        ({"first": 101}, "first"),
        ({"after": "geen-cursor"}, "after"),
        ({"after": "WzFd"}, "after"),
    ],
)
async def test_bad_paging_is_refused_at_its_field(
    diensten: DienstenRegister, paging: dict[str, Any], veld: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await zoek(diensten, **paging)

    assert [f.veld for f in refused.value.fouten] == [veld]


async def test_an_unknown_type_is_refused_at_its_field(diensten: DienstenRegister) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await zoek(diensten, type="Subsidie")

    assert [(f.veld, f.code) for f in refused.value.fouten] == [("type", "onbekende_keuze")]


DIENSTEN = """
query($zoekterm: String, $gemeente: String, $openNu: Boolean! = false, $first: Int! = 20, $after: String) {
  diensten(zoekterm: $zoekterm, gemeente: $gemeente, openNu: $openNu, first: $first, after: $after) {
    totalCount
    edges { cursor node { titel bestuur { code } } }
    nodes { titel }
    pageInfo { hasNextPage endCursor }
    facetten { types { waarde aantal } themas { waarde aantal } besturen { waarde aantal } }
  }
}
"""


async def test_query_diensten_pages_through_published_offerings_with_facets(
    diensten: DienstenRegister, graphql: GraphQLClient
) -> None:
    await gepubliceerd(diensten, "Gentse premie", bestuur=GENT)
    await gepubliceerd(diensten, "Vlaamse subsidie")
    await gepubliceerd(diensten, "Liedekerkse premie", bestuur=LIEDEKERKE)

    first = (await graphql.data(DIENSTEN, {"gemeente": "44021", "first": 1}))["diensten"]
    second = (await graphql.data(DIENSTEN, {"gemeente": "44021", "after": first["pageInfo"]["endCursor"]}))[
        "diensten"
    ]

    assert first["totalCount"] == 2
    assert first["nodes"] == [{"titel": "Gentse premie"}]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["facetten"]["besturen"] == [
        {"waarde": "44021", "aantal": 1},
        {"waarde": "OVO002949", "aantal": 1},
    ]
    assert [e["node"]["titel"] for e in second["edges"]] == ["Vlaamse subsidie"]
    assert second["pageInfo"] == {"hasNextPage": False, "endCursor": second["edges"][-1]["cursor"]}


async def test_query_diensten_refuses_an_unknown_place_like_any_register_error(
    diensten: DienstenRegister, graphql: GraphQLClient
) -> None:
    error = await graphql.error(DIENSTEN, {"gemeente": "Atlantis"})

    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert error["extensions"]["fouten"][0]["veld"] == "gemeente"
