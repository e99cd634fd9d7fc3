"""`Vereniging.aanbod` through GraphQL: the published offerings that fit the association, best
first, with why, the deadline and how to start them; a newly published offering shows at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from registry.associations.model import Doelgroep
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.kalender import vandaag
from registry.offerings.model import Aanvraagperiode, Criteria, Kanaal
from registry.offerings.service import DienstenRegister
from tests.offerings.factories import GENT, LIEDEKERKE, OPERATOR, dienst_inhoud, leeg_register
from tests.utils.graphql import GraphQLClient

AANBOD = """
query($first: Int!, $after: String) { vereniging(vCode: "V0001001") {
  aanbod(first: $first, after: $after) {
    totaal volgende
    items { dienst { titel bestuur { code } } redenen { criterium uitleg } deadline startDienst }
  }
} }
"""


@pytest.fixture
async def diensten(db: Database, seeded: VerenigingenRegister) -> DienstenRegister:
    """V0001001, "FWA De vrolijke BA's", is active in Liedekerke, does HOSP and KECU, 16-99."""
    return await leeg_register(db)


async def publiceer(diensten: DienstenRegister, bron_id: str, **inhoud: Any) -> None:
    await diensten.importeer(dienst_inhoud(**inhoud), bron="test", bron_id=bron_id, uitgever=OPERATOR)


async def aanbod(graphql: GraphQLClient, first: int = 20, after: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = (await graphql.data(AANBOD, {"first": first, "after": after}))["vereniging"][
        "aanbod"
    ]
    return data


async def test_only_fitting_offerings_come_best_first_with_why_and_how_to_start(
    graphql: GraphQLClient, diensten: DienstenRegister
) -> None:
    binnenkort = vandaag() + timedelta(days=5)
    await publiceer(
        diensten,
        "liedekerke-zaal",
        titel="Zaal huren in Liedekerke",
        bestuur=LIEDEKERKE,
        criteria=Criteria(hoofdactiviteiten=("KECU",)),
        aanvraagperiode=Aanvraagperiode(tot=binnenkort),
        kanaal=Kanaal(connector="liedekerke", connector_dienst="zaal"),
    )
    await publiceer(diensten, "voor-iedereen", titel="Vrijwilligersverzekering", criteria=Criteria())
    await publiceer(diensten, "gent", titel="Feestzaal in Gent", bestuur=GENT, criteria=Criteria())
    await publiceer(diensten, "sport", titel="Sportkampen", criteria=Criteria(hoofdactiviteiten=("SPRT",)))
    await publiceer(
        diensten,
        "kinderen",
        titel="Speelpleinwerking",
        criteria=Criteria(doelgroep=Doelgroep(minimumleeftijd=3, maximumleeftijd=12)),
    )
    await publiceer(
        diensten,
        "voorbij",
        titel="Voorbije oproep",
        criteria=Criteria(),
        aanvraagperiode=Aanvraagperiode(tot=vandaag() - timedelta(days=1)),
    )

    found = await aanbod(graphql)

    assert [i["dienst"]["titel"] for i in found["items"]] == [
        "Zaal huren in Liedekerke",
        "Vrijwilligersverzekering",
    ]
    assert found["totaal"] == 2
    best = found["items"][0]
    assert best["deadline"] == binnenkort.isoformat()
    assert best["startDienst"] == "liedekerke/zaal"
    redenen = {r["criterium"]: r["uitleg"] for r in best["redenen"]}
    assert "Liedekerke" in redenen["werkingsgebieden"]
    assert "Kunsten, Erfgoed & Cultuur" in redenen["hoofdactiviteiten"]
    assert found["items"][1]["startDienst"] is None


async def test_the_list_pages_and_a_new_offering_shows_at_once(
    graphql: GraphQLClient, diensten: DienstenRegister
) -> None:
    for n in range(3):
        await publiceer(diensten, f"algemeen-{n}", titel=f"Aanbod {n}", criteria=Criteria())

    first = await aanbod(graphql, first=2)
    rest = await aanbod(graphql, first=2, after=first["volgende"])
    await publiceer(diensten, "nieuw", titel="Nieuw aanbod", criteria=Criteria())
    again = await aanbod(graphql, first=10)

    assert [len(first["items"]), len(rest["items"]), rest["volgende"]] == [2, 1, None]
    assert first["totaal"] == 3
    assert again["totaal"] == 4
    assert "Nieuw aanbod" in {i["dienst"]["titel"] for i in again["items"]}


async def test_a_bad_page_size_or_cursor_is_a_clear_error(
    graphql: GraphQLClient, diensten: DienstenRegister
) -> None:
    too_many = await graphql.error(AANBOD, {"first": 100_000})
    bad_cursor = await graphql.error(AANBOD, {"first": 5, "after": "niet-van-hier"})

    assert too_many["extensions"]["fouten"][0]["veld"] == "first"
    assert bad_cursor["extensions"]["fouten"][0]["veld"] == "after"
