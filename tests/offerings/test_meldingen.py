"""`Vereniging.meldingen` through GraphQL: an offering that newly fits, and a fitting offering's
deadline within 14 days, each new the first time it is shown, until put away."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from demo.personas import AN, PIETER
from registry import kalender
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.meldingen.service import Meldingen
from registry.offerings.model import Aanvraagperiode, Criteria
from registry.offerings.op_maat import AanbodOpMaat
from registry.offerings.service import DienstenRegister
from tests.offerings.factories import OPERATOR, Klok, dienst_inhoud, leeg_register
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import PrincipalSwitch

MELDINGEN = """
query { vereniging(vCode: "V0001001") { meldingen { sleutel soort tekst deadline nieuw dienst { titel } } } }
"""
VERBERG = 'mutation($s: String!) { verbergMelding(vCode: "V0001001", sleutel: $s) }'


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
    vandaag = kalender.vandaag(klok.nu)
    klok.verzet(days=-60)
    await publiceer(db, klok, "oud", "Oud aanbod")
    await publiceer(db, klok, "oud-met-deadline", "Oude oproep", tot=vandaag + timedelta(days=3))
    klok.verzet(days=60)
    await publiceer(db, klok, "nieuw", "Nieuw aanbod", tot=vandaag + timedelta(days=40))
    principal.person(AN)

    first = await meldingen(graphql)
    second = await meldingen(graphql)

    assert [(m["soort"], m["dienst"]["titel"], m["nieuw"]) for m in first] == [
        ("deadline", "Oude oproep", True),
        ("nieuw_aanbod", "Nieuw aanbod", True),
    ]
    assert first[0]["deadline"] == (vandaag + timedelta(days=3)).isoformat()
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

    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert after == []
    assert unknown["extensions"]["code"] == "NOT_FOUND"


async def test_notices_are_private(graphql: GraphQLClient, principal: PrincipalSwitch, klok: Klok) -> None:
    principal.anonymous()

    error = await graphql.error(MELDINGEN)

    assert error["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("nu", "wanneer"),
    [
        (datetime(2026, 11, 23, 22, 30, tzinfo=UTC), "over 3 dagen"),  # 23:30 in Brussels
        (datetime(2026, 11, 23, 23, 30, tzinfo=UTC), "over 2 dagen"),  # already the 24th there
        (datetime(2026, 6, 25, 22, 30, tzinfo=UTC), "morgen"),  # summer time: 00:30 on the 26th
    ],
)
async def test_days_to_a_deadline_are_counted_in_belgian_days(
    db: Database, seeded: VerenigingenRegister, nu: datetime, wanneer: str
) -> None:
    klok = Klok(nu=nu)
    diensten = await leeg_register(db, klok)
    deadline = date(2026, 11, 26) if nu.month == 11 else date(2026, 6, 27)
    await publiceer(db, klok, "oproep", "Oproep", tot=deadline)
    meldingen = Meldingen(db=db, op_maat=AanbodOpMaat(diensten), clock=klok)

    [melding] = [m for m in await meldingen.voor(await seeded.get("V0001001")) if m.soort == "deadline"]

    assert melding.deadline == deadline
    assert f"({wanneer})" in melding.tekst
