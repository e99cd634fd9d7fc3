"""Duplicate suspicion on registration: the same name in the same gemeente needs a confirmation token.

Names are compared ignoring case, accents, punctuation and word order. The refusal lists the
candidates and carries a signed token, bound to that name and gemeente and valid for a while;
sending it along registers the association anyway.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from registry.associations.commands import Actor, AdresInvoer, LocatieInvoer, RegistratieInvoer
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.errors import FieldError, PossibleDuplicate, ValidationFailed
from tests.registry.test_register_rules import (
    STOP_VERENIGING,
    Json,
    aantal_verenigingen,
    assert_fout,
    in_days,
)
from tests.utils.factories import REGISTREER, registratie, registreer
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import AN, PrincipalSwitch
from tests.utils.services import TEST_SECRET

NAAM = "Hondenclub De Snuffelaars"


async def registered(
    graphql: GraphQLClient, principal: PrincipalSwitch, naam: str, gemeente: str, token: str | None = None
) -> Json:
    """AN registers `naam` in `gemeente` (with `token`, if given) successfully; the new association."""
    principal.person(AN)
    data = await graphql.data(REGISTREER, {"input": registratie(naam, gemeente), "token": token})
    vereniging: Json = data["registreerFeitelijkeVereniging"]
    return vereniging


async def suspected_duplicate(
    graphql: GraphQLClient, principal: PrincipalSwitch, naam: str, gemeente: str
) -> Json:
    """Registering `naam` in `gemeente` is refused as a possible duplicate, storing nothing."""
    before = await aantal_verenigingen(graphql)
    principal.person(AN)
    error = await graphql.error(REGISTREER, {"input": registratie(naam, gemeente)})
    assert error["extensions"]["code"] == "POSSIBLE_DUPLICATE", error
    assert await aantal_verenigingen(graphql) == before
    return error


async def refused_token(
    graphql: GraphQLClient, principal: PrincipalSwitch, naam: str, gemeente: str, token: str
) -> None:
    """Registering with `token` is refused as an invalid bevestigingstoken, storing nothing."""
    before = await aantal_verenigingen(graphql)
    principal.person(AN)
    error = await graphql.error(REGISTREER, {"input": registratie(naam, gemeente), "token": token})
    assert_fout(error, "bevestigingstoken", "ongeldig_token")
    assert await aantal_verenigingen(graphql) == before


@pytest.mark.parametrize(
    ("naam", "gemeente"),
    [
        pytest.param("snuffelaars, de HONDENCLUB", "Gent", id="case-punctuation-word-order"),
        pytest.param("Hóndenclub Dé Snüffelaars!", "Gent", id="accents"),
        pytest.param("De Snuffelaars - Hondenclub", "GENT", id="gemeente-in-capitals"),
    ],
)
async def test_same_name_in_same_gemeente_is_refused_as_possible_duplicate_with_candidates_and_token(
    graphql: GraphQLClient, principal: PrincipalSwitch, naam: str, gemeente: str
) -> None:
    first = await registreer(graphql, principal, naam=NAAM, gemeente="Gent")

    error = await suspected_duplicate(graphql, principal, naam, gemeente)

    assert error["extensions"]["kandidaten"] == [
        {"vCode": first["vCode"], "naam": NAAM, "gemeenten": ["Gent"]}
    ]
    assert isinstance(error["extensions"]["bevestigingstoken"], str)
    assert error["extensions"]["bevestigingstoken"]
    assert error["message"]


async def test_registering_again_with_the_confirmation_token_registers_a_new_association(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    first = await registreer(graphql, principal, naam=NAAM, gemeente="Gent")
    error = await suspected_duplicate(graphql, principal, "snuffelaars, de HONDENCLUB", "Gent")

    confirmed = await registered(
        graphql, principal, "snuffelaars, de HONDENCLUB", "Gent", error["extensions"]["bevestigingstoken"]
    )

    assert confirmed["vCode"] != first["vCode"]
    assert confirmed["naam"] == "snuffelaars, de HONDENCLUB"
    assert await aantal_verenigingen(graphql) == 2


async def test_same_name_in_another_gemeente_is_not_a_duplicate(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    first = await registreer(graphql, principal, naam=NAAM, gemeente="Gent")

    second = await registered(graphql, principal, NAAM, "Brugge")

    assert second["vCode"] != first["vCode"]


async def test_token_issued_for_another_name_is_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    await registreer(graphql, principal, naam=NAAM, gemeente="Gent")
    error = await suspected_duplicate(graphql, principal, NAAM, "Gent")

    await refused_token(
        graphql, principal, "Kaartclub De Azen", "Gent", error["extensions"]["bevestigingstoken"]
    )


async def test_token_issued_for_another_gemeente_is_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    await registreer(graphql, principal, naam=NAAM, gemeente="Gent")
    await registreer(graphql, principal, naam=NAAM, gemeente="Brugge")
    error = await suspected_duplicate(graphql, principal, NAAM, "Brugge")

    await refused_token(graphql, principal, NAAM, "Gent", error["extensions"]["bevestigingstoken"])


@pytest.mark.parametrize("token", ["not-a-token", "9999999999.c2lnbmF0dXJl", "", "."])
async def test_garbage_token_is_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch, token: str
) -> None:
    await registreer(graphql, principal, naam=NAAM, gemeente="Gent")

    await refused_token(graphql, principal, NAAM, "Gent", token)


async def test_stopped_association_is_not_a_duplicate_candidate(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    first = await registreer(graphql, principal, naam=NAAM, gemeente="Gent")
    await graphql.data(
        STOP_VERENIGING, {"vCode": first["vCode"], "versie": first["versie"], "einddatum": in_days(0)}
    )

    second = await registered(graphql, principal, NAAM, "Gent")

    assert second["vCode"] != first["vCode"]


# --- the token's lifetime, against a clock the test controls ---------------------------------------


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def in_gent(naam: str) -> RegistratieInvoer:
    adres = AdresInvoer(straatnaam="Kouter", huisnummer="1", postcode="9000", gemeente="Gent")
    return RegistratieInvoer(naam=naam, locaties=[LocatieInvoer(locatietype="Correspondentie", adres=adres)])


async def test_confirmation_token_expires(db: Database) -> None:
    issued = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    clock = Clock(issued)
    ttl = timedelta(hours=1)
    register = VerenigingenRegister(db=db, secret=TEST_SECRET, duplicate_token_ttl=ttl, clock=clock)
    actor = Actor(door=AN.insz)
    first = await register.registreer_feitelijke_vereniging(invoer=in_gent(NAAM), actor=actor)
    with pytest.raises(PossibleDuplicate) as duplicate:
        await register.registreer_feitelijke_vereniging(invoer=in_gent(NAAM), actor=actor)
    token = duplicate.value.bevestigingstoken

    clock.now = issued + ttl + timedelta(seconds=1)
    with pytest.raises(ValidationFailed) as expired:
        await register.registreer_feitelijke_vereniging(
            invoer=in_gent(NAAM), actor=actor, bevestigingstoken=token
        )
    clock.now = issued + ttl - timedelta(minutes=1)
    confirmed = await register.registreer_feitelijke_vereniging(
        invoer=in_gent(NAAM), actor=actor, bevestigingstoken=token
    )

    assert [v.v_code for v in duplicate.value.kandidaten] == [first.v_code]
    assert expired.value.fouten == [FieldError("bevestigingstoken", "ongeldig_token")]
    assert confirmed.v_code != first.v_code
