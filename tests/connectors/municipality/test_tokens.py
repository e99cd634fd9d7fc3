"""Each gemeente takes only a token made for its own audience: a token for Gent is a stranger's
at Liedekerke. A refused token is a setup fault, not something to retry."""

from __future__ import annotations

import httpx
import pytest

from connectors.municipality.connector import Gemeente
from connectors.sdk import ConnectorConfigError
from tests.connectors.hub_side import call_context
from tests.connectors.municipality.conftest import GemeentenWorld
from tests.devidp.login_flow import Login


async def test_a_token_for_gents_audience_is_refused_by_liedekerke(
    liedekerke: Gemeente, gent_token: str
) -> None:
    with pytest.raises(ConnectorConfigError, match="HTTP 401") as refused:
        await liedekerke.dossiers(call_context(gent_token))

    assert refused.value.service == "gemeente-liedekerke"
    assert not refused.value.retryable


async def test_the_same_person_gets_both_gemeenten_with_a_token_for_each(
    gent: Gemeente, gent_token: str, liedekerke: Gemeente, liedekerke_token: str
) -> None:
    assert await gent.gekende_gegevens(call_context(gent_token))
    with pytest.raises(ConnectorConfigError, match="HTTP 401"):
        await gent.gekende_gegevens(call_context(liedekerke_token))


async def test_the_persons_own_token_is_refused(gent: Gemeente, an_login: Login) -> None:
    with pytest.raises(ConnectorConfigError, match="HTTP 401"):
        await gent.dossiers(call_context(an_login.access_token))


async def test_the_api_answers_a_call_without_token_with_a_json_refusal(world: GemeentenWorld) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{world.gent.url}/api/verenigingen/V0001001/dossiers")

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Bearer realm="gemeente"')
    assert response.json() == {
        "code": "geen_token",
        "detail": "Deze vraag aan Gemeente Gent heeft geen bearer-token.",
    }
