"""Routing by area: with a connector for each of 300 municipalities, a question about an
association active in one municipality goes to the connectors whose area touches it (and to
those competent in all of Flanders), not to all 300. The operator sees whom each question went
to in the answer's `extensions.routering`; nobody else does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from connectors.municipality.connector import Gemeente, GemeenteConfig
from connectors.sdk import Connector
from demo.personas import AN
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.events.test_inbound import SECRET, gewijzigd, signed
from tests.profile.stack import World, hub_for, token_for
from tests.utils.servers import free_port

OPERATOR_TOKEN = "operator-token-of-at-least-32-characters"
PROFIEL = """
query { vereniging(vCode: "V0001001") {
    gekendeGegevens { feiten { bron } }
    dossiers(first: 50) { items { bron } }
} }
"""
ELSEWHERE = [f"4{n:04d}" for n in range(1, 298)]
"""297 municipalities in Oost-Vlaanderen (NIS codes 4xxxx); V0001001 is active in Liedekerke
(23044, Vlaams-Brabant) only."""


def gemeente(nis: str, base_url: str, **config: Any) -> Gemeente:
    return Gemeente(
        GemeenteConfig(
            name=f"gemeente-{nis}", gemeente=f"Gemeente {nis}", nis_code=nis, base_url=base_url, **config
        )
    )


@pytest.fixture
async def hub(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> AsyncIterator[httpx.AsyncClient]:
    # Where nothing answers: a connector asked there would show as a failure in the answer.
    nowhere = f"http://127.0.0.1:{free_port()}"
    elsewhere: list[Connector[Any]] = [gemeente(nis, nowhere, gebied=[nis]) for nis in ELSEWHERE]
    pushing = gemeente("44099", nowhere, gebied=["44099"], webhook_secret=SECRET)
    connectors = [*world.services.connectors, *elsewhere, pushing]
    configured = settings.model_copy(update={"metrics_token": SecretStr(OPERATOR_TOKEN)})
    async with await hub_for(world, configured, db, connectors) as client:
        yield client


async def ask(hub: httpx.AsyncClient, token: str, **headers: str) -> dict[str, Any]:
    response = await hub.post(
        "/graphql", json={"query": PROFIEL}, headers={"Authorization": f"Bearer {token}", **headers}
    )
    answer: dict[str, Any] = response.json()
    return answer


async def test_with_300_municipalities_a_profile_asks_only_those_whose_area_touches_the_association(
    world: World, hub: httpx.AsyncClient
) -> None:
    answer = await ask(hub, await token_for(world, AN.insz), **{"X-Vloket-Operator": OPERATOR_TOKEN})

    assert "errors" not in answer, answer["errors"]
    routering = {r["vraag"]: r for r in answer["extensions"]["routering"]}
    assert set(routering) == {"ProfileFacts", "Dossiers"}
    for vraag in routering.values():
        assert vraag["vCode"] == "V0001001"
        assert "23044" in vraag["plaatsen"]
        assert len(vraag["gevraagd"]) <= 10
        assert vraag["buitenGebied"] >= len(ELSEWHERE)
        assert not any(name.startswith("gemeente-4") for name in vraag["gevraagd"])
    # The demo's systems competent in all of Flanders were asked and answered.
    assert {"gemeente-liedekerke", "gemeente-gent", "kiosk"} <= set(routering["Dossiers"]["gevraagd"])
    assert "sportfederatie" in routering["ProfileFacts"]["gevraagd"]


async def test_a_connector_outside_the_area_is_asked_once_the_hub_holds_dossiers_of_it_from_there(
    world: World, hub: httpx.AsyncClient
) -> None:
    body = json.dumps(gewijzigd(dossier_id="44099-0001"))
    pushed = await hub.post("/events/gemeente-44099", content=body, headers=signed(body))
    assert pushed.status_code == 202, pushed.text

    answer = await ask(hub, await token_for(world, AN.insz), **{"X-Vloket-Operator": OPERATOR_TOKEN})

    dossiers = next(r for r in answer["extensions"]["routering"] if r["vraag"] == "Dossiers")
    assert dossiers["metDossiers"] == ["gemeente-44099"]
    assert "gemeente-44099" in dossiers["gevraagd"]
    # It was asked: where nothing answers, its failure is in the answer, at `dossiers`.
    failed = {e["extensions"]["service"] for e in answer["errors"] if e["path"][-1] == "dossiers"}
    assert failed == {"gemeente-44099"}


@pytest.mark.parametrize("operator", [None, "not-the-operator-token-but-as-long-as-it"])
async def test_without_the_operator_token_the_answer_shows_no_routing(
    world: World, hub: httpx.AsyncClient, operator: str | None
) -> None:
    headers = {} if operator is None else {"X-Vloket-Operator": operator}

    answer = await ask(hub, await token_for(world, AN.insz), **headers)

    assert "errors" not in answer, answer["errors"]
    assert "extensions" not in answer
    assert answer["data"]["vereniging"]["dossiers"]["items"]
