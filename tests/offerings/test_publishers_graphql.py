"""Publishing offerings through GraphQL: a publisher manages only the offerings of the
administration their role names, anonymous callers nothing; the public sees published ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from demo.personas import GRIET, JEF, SOFIE, Persona
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.offerings.model import Bestuur, Criteria
from registry.offerings.service import DienstenRegister
from tests.offerings.factories import GENT, LIEDEKERKE, SPORT_VLAANDEREN, dienst_inhoud, leeg_register
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import PrincipalSwitch

DIENST_FIELDS = """
    id versie status titel beschrijving type themas voorwaarden procedure kosten bewijsstukken
    benodigdeGegevens bron bronId gewijzigdOp gepubliceerdOp
    bestuur { niveau code naam }
    criteria { verenigingstypes { code naam } hoofdactiviteiten { code naam } werkingsgebieden { code naam }
               doelgroep { minimumleeftijd maximumleeftijd } }
    aanvraagperiode { van tot }
    kanaal { digitaal link connector connectorDienst uitleg }
    contact { naam email telefoon website }
"""
MAAK = f"mutation($inhoud: DienstInput!) {{ maakDienst(inhoud: $inhoud) {{ {DIENST_FIELDS} }} }}"
WIJZIG = f"""mutation($id: ID!, $versie: Int!, $inhoud: DienstInput!) {{
  wijzigDienst(id: $id, versie: $versie, inhoud: $inhoud) {{ {DIENST_FIELDS} }} }}"""
PUBLICEER = f"mutation($id: ID!) {{ publiceerDienst(id: $id) {{ {DIENST_FIELDS} }} }}"
ARCHIVEER = f"mutation($id: ID!) {{ archiveerDienst(id: $id) {{ {DIENST_FIELDS} }} }}"
DIENST = f"query($id: ID!) {{ dienst(id: $id) {{ {DIENST_FIELDS} }} }}"
MIJN = "{ mijnDiensten { id versie status titel bestuur { code } } }"
ZOEK = "{ diensten { totalCount nodes { id versie titel } } }"


@pytest.fixture
async def diensten(db: Database) -> DienstenRegister:
    return await leeg_register(db)


def als(principal: PrincipalSwitch, persona: Persona) -> None:
    principal.person(persona, rollen=frozenset(persona.rollen))


def invoer(bestuur: Bestuur = GENT, **overrides: Any) -> dict[str, Any]:
    return dienst_inhoud(bestuur=bestuur, **overrides).document()


async def maak(graphql: GraphQLClient, bestuur: Bestuur = GENT, **overrides: Any) -> dict[str, Any]:
    created: dict[str, Any] = (await graphql.data(MAAK, {"inhoud": invoer(bestuur, **overrides)}))[
        "maakDienst"
    ]
    return created


@pytest.mark.usefixtures("diensten")
async def test_a_gent_publisher_creates_changes_publishes_and_archives_its_own_offering(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    als(principal, GRIET)
    draft = await maak(graphql, titel="Gentse buurtpremie")
    published = (await graphql.data(PUBLICEER, {"id": draft["id"]}))["publiceerDienst"]
    changed = (
        await graphql.data(
            WIJZIG, {"id": draft["id"], "versie": 1, "inhoud": invoer(titel="Gentse buurtpremie 2027")}
        )
    )["wijzigDienst"]
    mine = (await graphql.data(MIJN))["mijnDiensten"]
    principal.anonymous()
    public = (await graphql.data(DIENST, {"id": draft["id"]}))["dienst"]
    found = (await graphql.data(ZOEK))["diensten"]
    als(principal, GRIET)
    archived = (await graphql.data(ARCHIVEER, {"id": draft["id"]}))["archiveerDienst"]

    assert (draft["status"], draft["versie"], draft["bestuur"]["code"]) == ("draft", 1, "44021")
    assert (published["status"], published["versie"]) == ("gepubliceerd", 1)
    assert (changed["status"], changed["versie"]) == ("draft", 2)
    assert [(d["versie"], d["status"]) for d in mine] == [(2, "draft")]
    assert (public["versie"], public["titel"]) == (1, "Gentse buurtpremie")
    assert found == {
        "totalCount": 1,
        "nodes": [{"id": draft["id"], "versie": 1, "titel": "Gentse buurtpremie"}],
    }
    assert archived["status"] == "gearchiveerd"


@pytest.mark.usefixtures("diensten")
async def test_the_dienst_type_shows_every_field_of_the_offering(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    als(principal, SOFIE)

    created = await maak(graphql, bestuur=SPORT_VLAANDEREN)

    assert created["bestuur"] == {"niveau": "Vlaams", "code": "OVO002949", "naam": "Sport Vlaanderen"}
    assert created["criteria"] == {
        "verenigingstypes": [],
        "hoofdactiviteiten": [{"code": "SPRT", "naam": "Sport"}],
        "werkingsgebieden": [],
        "doelgroep": {"minimumleeftijd": 6, "maximumleeftijd": 18},
    }
    assert created["aanvraagperiode"] == {"van": "2020-01-01", "tot": "2099-12-31"}
    assert created["kanaal"] == {
        "digitaal": True,
        "link": "https://kiosk.sport.vlaanderen/subsidie",
        "connector": None,
        "connectorDienst": None,
        "uitleg": None,
    }
    assert created["contact"]["email"] == "subsidies@sport.vlaanderen"
    assert created["themas"] == ["CultuurSportVrijeTijd"]
    assert created["benodigdeGegevens"] == ["naam", "vCode", "rekeningnummer"]
    assert (created["bron"], created["gepubliceerdOp"]) == (None, None)


async def _attempt(graphql: GraphQLClient, actie: str, dienst_id: str, bestuur: Bestuur) -> dict[str, Any]:
    variables: dict[str, Any] = {"id": dienst_id}
    query = {"publiceer": PUBLICEER, "archiveer": ARCHIVEER}.get(actie)
    if actie == "maak":
        query, variables = MAAK, {"inhoud": invoer(bestuur)}
    elif actie == "wijzig":
        query, variables = WIJZIG, {"id": dienst_id, "versie": 1, "inhoud": invoer(bestuur, titel="Gekaapt")}
    assert query is not None
    return await graphql.error(query, variables)


@pytest.mark.usefixtures("diensten")
@pytest.mark.parametrize(("eigenaar", "bestuur"), [(JEF, LIEDEKERKE), (SOFIE, SPORT_VLAANDEREN)])
@pytest.mark.parametrize("actie", ["maak", "wijzig", "publiceer", "archiveer"])
async def test_a_gent_publisher_cannot_manage_another_administrations_offering(
    graphql: GraphQLClient, principal: PrincipalSwitch, eigenaar: Persona, bestuur: Bestuur, actie: str
) -> None:
    als(principal, eigenaar)
    theirs = await maak(graphql, bestuur=bestuur)

    als(principal, GRIET)
    error = await _attempt(graphql, actie, theirs["id"], bestuur)

    als(principal, eigenaar)
    after = (await graphql.data(MIJN))["mijnDiensten"]
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert f"{bestuur.naam} ({bestuur.code})" in error["message"]
    assert [(d["id"], d["versie"], d["status"]) for d in after] == [(theirs["id"], 1, "draft")]


@pytest.mark.usefixtures("diensten")
async def test_a_gent_publisher_cannot_hand_its_offering_to_liedekerke(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    als(principal, GRIET)
    own = await maak(graphql)

    error = await _attempt(graphql, "wijzig", own["id"], LIEDEKERKE)

    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert "Liedekerke (23044)" in error["message"]
    assert [d["bestuur"]["code"] for d in (await graphql.data(MIJN))["mijnDiensten"]] == ["44021"]


@pytest.mark.usefixtures("diensten")
@pytest.mark.parametrize("actie", ["maak", "wijzig", "publiceer", "archiveer", "mijn"])
async def test_an_anonymous_caller_cannot_manage_offerings(
    graphql: GraphQLClient, principal: PrincipalSwitch, actie: str
) -> None:
    als(principal, GRIET)
    own = await maak(graphql)
    principal.anonymous()

    attempts: dict[str, Callable[[], Awaitable[dict[str, Any]]]] = {
        "mijn": lambda: graphql.error(MIJN),
    }
    error = await attempts.get(actie, lambda: _attempt(graphql, actie, own["id"], GENT))()

    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    als(principal, GRIET)
    assert [(d["versie"], d["status"]) for d in (await graphql.data(MIJN))["mijnDiensten"]] == [(1, "draft")]


@pytest.mark.usefixtures("diensten")
async def test_a_person_without_a_publisher_role_may_not_create_offerings(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    principal.person(GRIET)  # logged in, but without the role claim

    error = await graphql.error(MAAK, {"inhoud": invoer()})

    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert (await graphql.data(MIJN))["mijnDiensten"] == []


@pytest.mark.usefixtures("diensten")
async def test_invalid_input_lists_every_problem_at_its_path_in_the_callers_language(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    als(principal, GRIET)
    inhoud = invoer(titel=" ")
    inhoud["type"] = "Subsidie"
    inhoud["criteria"]["hoofdactiviteiten"] = ["SPRT", "VOETBAL"]

    error = await graphql.error(MAAK, {"inhoud": inhoud}, headers={"accept-language": "en"})

    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert {(f["veld"], f["code"]) for f in error["extensions"]["fouten"]} == {
        ("type", "onbekende_keuze"),
        ("titel", "verplicht"),
        ("criteria.hoofdactiviteiten[1]", "onbekende_code"),
    }
    assert "Fill in this field." in [f["melding"] for f in error["extensions"]["fouten"]]
    assert (await graphql.data(MIJN))["mijnDiensten"] == []


@pytest.mark.usefixtures("diensten")
async def test_a_change_from_an_older_version_is_a_version_conflict(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    als(principal, GRIET)
    own = await maak(graphql)
    await graphql.data(WIJZIG, {"id": own["id"], "versie": 1, "inhoud": invoer(titel="Eerst")})

    error = await graphql.error(WIJZIG, {"id": own["id"], "versie": 1, "inhoud": invoer(titel="Te laat")})

    assert error["extensions"] == {"code": "VERSION_CONFLICT", "verwachteVersie": 1, "actueleVersie": 2}


@pytest.mark.usefixtures("diensten")
async def test_an_unpublished_offering_is_not_found_by_the_public(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    als(principal, GRIET)
    draft = await maak(graphql)
    principal.anonymous()

    error = await graphql.error(DIENST, {"id": draft["id"]})

    assert error["extensions"] == {"code": "NOT_FOUND"}


BEREIK = "query($id: ID!) { bereikVanDienst(id: $id) { omschrijving aantalVerenigingen voorbeelden } }"


async def test_a_publisher_previews_who_would_see_a_draft_before_publishing(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    diensten: DienstenRegister,
    seeded: VerenigingenRegister,
) -> None:
    als(principal, JEF)
    draft = await maak(graphql, LIEDEKERKE, criteria=Criteria(hoofdactiviteiten=("KECU",)))
    voor_iedereen = await maak(graphql, LIEDEKERKE, criteria=Criteria())

    preview = (await graphql.data(BEREIK, {"id": draft["id"]}))["bereikVanDienst"]
    breder = (await graphql.data(BEREIK, {"id": voor_iedereen["id"]}))["bereikVanDienst"]
    als(principal, GRIET)
    refused = await graphql.error(BEREIK, {"id": draft["id"]})

    assert preview["omschrijving"] == (
        "Voor alle verenigingen, met hoofdactiviteit Kunsten, Erfgoed & Cultuur, actief in Liedekerke."
    )
    assert preview["aantalVerenigingen"] == 1
    assert preview["voorbeelden"] == ["FWA De vrolijke BA's"]  # Liedekerke, KECU
    assert (breder["aantalVerenigingen"], breder["voorbeelden"]) == (1, ["FWA De vrolijke BA's"])
    assert refused["extensions"]["code"] == "FORBIDDEN"
