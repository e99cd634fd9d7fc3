"""The connector against the sandbox subgraph over real HTTP, with tokens from the dev IdP."""

from __future__ import annotations

from contextlib import aclosing
from datetime import date

import httpx
import pytest

from connectors.sdk import ConnectorConfigError, Feit, NotFound, ProfileFacts
from tests.connectors.graphql_subgraph.conftest import HUB, World
from tests.connectors.graphql_subgraph.hub_side import VELDEN, subgraph
from tests.connectors.hub_side import call_context, exchanged
from tests.devidp.login_flow import Login


async def test_facts_of_an_affiliated_association_carry_the_source_and_its_date(
    world: World, sport_token: str
) -> None:
    async with aclosing(subgraph(world.sandbox)) as connector:
        feiten = await connector.gekende_gegevens(call_context(sport_token, v_code="V0001001"))

    bevestigd = date(2025, 9, 1)
    assert feiten == [
        Feit(
            naam="sportfederatie", waarde="Sportfederatie Scheldeland", bron="Sportfederatie", datum=bevestigd
        ),
        Feit(naam="aantalLeden", waarde="48", bron="Sportfederatie", datum=bevestigd),
        Feit(naam="aansluitingsnummer", waarde="SFS-20417", bron="Sportfederatie", datum=bevestigd),
        Feit(naam="verzekerdTot", waarde="2026-12-31", bron="Sportfederatie", datum=bevestigd),
    ]


async def test_facts_are_those_of_the_association_asked_for(world: World, sport_token: str) -> None:
    async with aclosing(subgraph(world.sandbox, velden=("sportfederatie",), datum_veld=None)) as connector:
        feiten = await connector.gekende_gegevens(call_context(sport_token, v_code="V0001002"))

    assert feiten == [
        Feit(naam="sportfederatie", waarde="Hengelsportfederatie Noordzee", bron="Sportfederatie")
    ]


async def test_the_connector_offers_profile_facts(world: World) -> None:
    async with aclosing(subgraph(world.sandbox)) as connector:
        assert isinstance(connector, ProfileFacts)


async def test_an_association_the_subgraph_does_not_know_is_not_found(world: World, sport_token: str) -> None:
    async with aclosing(subgraph(world.sandbox)) as connector:
        with pytest.raises(NotFound) as raised:
            await connector.gekende_gegevens(call_context(sport_token, v_code="V0009999"))

    assert raised.value.service == "sportfederatie"


async def test_a_token_for_another_audience_is_refused_as_a_configuration_error(
    world: World, backend: httpx.AsyncClient, an_login: Login
) -> None:
    kiosk_token = await exchanged(backend, world.issuer, HUB, an_login.access_token, "kiosk")
    async with aclosing(subgraph(world.sandbox)) as connector:
        with pytest.raises(ConnectorConfigError) as raised:
            await connector.gekende_gegevens(call_context(kiosk_token))

    assert "HTTP 401" in raised.value.reason
    assert "audience" in raised.value.reason


async def test_the_persons_own_token_is_refused(world: World, an_login: Login) -> None:
    async with aclosing(subgraph(world.sandbox)) as connector:
        with pytest.raises(ConnectorConfigError) as raised:
            await connector.gekende_gegevens(call_context(an_login.access_token))

    assert "HTTP 401" in raised.value.reason


async def test_a_field_the_subgraph_lacks_is_a_configuration_error_naming_it(
    world: World, sport_token: str
) -> None:
    async with aclosing(subgraph(world.sandbox, velden=("sportfederatie", "clubkleur"))) as connector:
        with pytest.raises(ConnectorConfigError) as raised:
            await connector.gekende_gegevens(call_context(sport_token))

    assert raised.value.reason.startswith("the subgraph refused the query")
    assert "clubkleur" in raised.value.reason


async def test_health_names_the_configured_fields_the_subgraph_lacks(world: World, sport_token: str) -> None:
    velden = ("sportfederatie", "clubkleur", "aantalLeden", "stamnummer")
    async with aclosing(subgraph(world.sandbox, velden=velden)) as connector:
        health = await connector.health(call_context(sport_token))

    assert health.reachable
    assert health.detail.endswith("lacks configured field(s): clubkleur, stamnummer")


async def test_health_confirms_every_configured_field(world: World, sport_token: str) -> None:
    async with aclosing(subgraph(world.sandbox)) as connector:
        health = await connector.health(call_context(sport_token))

    assert health.reachable
    assert health.detail == f"all {len(VELDEN) + 1} configured fields are on Vereniging"


async def test_health_without_a_token_reports_the_refusal(world: World) -> None:
    async with aclosing(subgraph(world.sandbox)) as connector:
        health = await connector.health()

    assert health.reachable
    assert "refused the token (HTTP 401" in health.detail
