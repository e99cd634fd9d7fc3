"""`Vereniging.meldingen` through GraphQL: an offering that newly fits, and a fitting offering's
deadline within 14 days, each new the first time it is shown, until put away."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hub.demo import AN, PIETER
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.offerings.model import Aanvraagperiode, Criteria
from registry.offerings.service import DienstenRegister
from tests.offerings.factories import OPERATOR, Klok, dienst_inhoud, leeg_register
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import PrincipalSwitch

MELDINGEN = """
query { vereniging(vCode: "V0001001") { meldingen { sleutel soort tekst deadline nieuw dienst { titel } } } }
"""
VERBERG = 'mutation($s: String!) { verbergMelding(vCode: "V0001001", sleutel: $s) }'
VANDAAG = date.today()


@pytest.fixture
async def klok(db: Database, seeded: VerenigingenRegister) -> Klok:
    """The catalog's clock, now; V0001001 (Liedekerke, HOSP and KECU, 16-99) is in the register."""
    klok = Klok(nu=datetime.now(UTC))
    await leeg_register(db, klok)
    return klok


async def publiceer(db: Database, klok: Klok, bron_id: str, titel: str, tot: date | None = None) -> None:
    diensten = DienstenRegister(db=db, clock=klok)
    inhoud = dienst_inhoud(titel=titel, criteria=Criteria(), aanvraagperiode=Aanvraagperiode(tot=tot))
    await diensten.importeer(inhoud, bron="test", bron_id=bron_id, uitgever=OPERATOR)


async def meldingen(graphql: GraphQLClient) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await graphql.data(MELDINGEN))["vereniging"]["meldingen"]
    return found


async def test_new_fitting_offerings_and_near_deadlines_are_noticed_new_only_once(
    graphql: GraphQLClient, principal: PrincipalSwitch, db: Database, klok: Klok
) -> None:
    klok.verzet(days=-60)
    await publiceer(db, klok, "oud", "Oud aanbod")
    await publiceer(db, klok, "oud-met-deadline", "Oude oproep", tot=VANDAAG + timedelta(days=3))
    klok.verzet(days=60)
    await publiceer(db, klok, "nieuw", "Nieuw aanbod", tot=VANDAAG + timedelta(days=40))
    principal.person(AN)

    first = await meldingen(graphql)
    second = await meldingen(graphql)

    assert [(m["soort"], m["dienst"]["titel"], m["nieuw"]) for m in first] == [
        ("deadline", "Oude oproep", True),
        ("nieuw_aanbod", "Nieuw aanbod", True),
    ]
    assert first[0]["deadline"] == (VANDAAG + timedelta(days=3)).isoformat()
    assert "over 3 dagen" in first[0]["tekst"]
    assert [m["nieuw"] for m in second] == [False, False]


async def test_a_notice_put_away_stays_away_and_a_stranger_cannot_touch_it(
    graphql: GraphQLClient, principal: PrincipalSwitch, db: Database, klok: Klok
) -> None:
    await publiceer(db, klok, "nieuw", "Nieuw aanbod")
    principal.person(AN)
    [melding] = await meldingen(graphql)

    principal.person(PIETER)
    refused = await graphql.error(VERBERG, {"s": melding["sleutel"]})
    principal.person(AN)
    assert (await graphql.data(VERBERG, {"s": melding["sleutel"]}))["verbergMelding"] is True
    after = await meldingen(graphql)
    unknown = await graphql.error(VERBERG, {"s": "nieuw:bestaat-niet"})

    assert refused["extensions"]["code"] in {"FORBIDDEN", "FORBIDDEN_ACTING_FOR_OTHER"}
    assert after == []
    assert unknown["extensions"]["code"] == "NOT_FOUND"


async def test_notices_are_private(graphql: GraphQLClient, principal: PrincipalSwitch, klok: Klok) -> None:
    principal.anonymous()

    error = await graphql.error(MELDINGEN)

    assert error["extensions"]["code"] == "UNAUTHENTICATED"
