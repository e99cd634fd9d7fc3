"""The KIOSK sandbox's caseworker: a dossier set to "action needed" or decided there is pushed to
the hub at once, signed, and the association sees it as a notice; each event it sends validates
against the published JSON Schema; bad input on its page is refused saying what is wrong."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from demo.personas import AN
from demo.sandboxes.kiosk.state import Sandbox
from hub.app import create_app
from hub.settings import Settings
from tests.events.demo_hub import demo_hub_settings
from tests.events.test_meldingen_from_pushes import MELDINGEN
from tests.events.test_schemas import DOCS
from tests.profile.stack import World, token_for
from tests.utils.servers import serving

pytestmark = pytest.mark.usefixtures("world")


@pytest.fixture
async def hub_url(
    world: World, settings: Settings, tmp_path: Path, migrated_sqlite: Path
) -> AsyncIterator[str]:
    """The hub on the port the sandboxes push to, with the demo's connectors, on SQLite."""
    configured = await demo_hub_settings(world, settings, tmp_path, migrated_sqlite)
    with serving(create_app(configured, connectors=world.services.connectors), port=world.ports.hub) as base:
        yield base


def kiosk(world: World) -> tuple[str, Sandbox]:
    app = world.services.apps[world.ports.kiosk]
    return f"http://127.0.0.1:{world.ports.kiosk}", app.state.sandbox


async def dossier_notices(hub_url: str, world: World) -> list[dict[str, Any]]:
    token = await token_for(world, AN.insz)
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{hub_url}/graphql", json={"query": MELDINGEN}, headers={"Authorization": f"Bearer {token}"}
        )
    body = answer.json()
    assert "errors" not in body, body
    return [m for m in body["data"]["vereniging"]["meldingen"] if m["dossier"] is not None]


async def test_an_action_and_a_decision_set_by_the_caseworker_become_notices(
    hub_url: str, world: World
) -> None:
    base, sandbox = kiosk(world)
    uiterlijk = date.today() + timedelta(days=14)
    async with httpx.AsyncClient(base_url=base) as client:
        page = await client.get("/behandelaar")
        asked = await client.post(
            "/behandelaar/dossiers/KIOSK-2025-0101/actie",
            data={"omschrijving": "Bezorg het attest van de verzekering", "uiterlijk": uiterlijk.isoformat()},
        )
        decided = await client.post(
            "/behandelaar/dossiers/KIOSK-2025-0087/beslissing",
            data={"beslissing": "toegekend", "toelichting": "Volledig toegekend."},
        )
        after = await client.get(asked.headers["location"])

    assert page.status_code == 200
    assert "KIOSK-2025-0101" in page.text
    assert (asked.status_code, asked.headers["location"]) == (303, "/behandelaar?gepusht=202")
    assert (decided.status_code, decided.headers["location"]) == (303, "/behandelaar?gepusht=202")
    assert "aan het V-loket bezorgd" in after.text
    notices = await dossier_notices(hub_url, world)
    by_dossier = {m["dossier"]["dossierId"]: m for m in notices}
    assert by_dossier["KIOSK-2025-0101"]["soort"] == "dossier_actie"
    assert by_dossier["KIOSK-2025-0101"]["deadline"] == uiterlijk.isoformat()
    assert "Bezorg het attest van de verzekering" in by_dossier["KIOSK-2025-0101"]["tekst"]
    assert by_dossier["KIOSK-2025-0087"]["soort"] == "dossier_beslist"
    assert sandbox.store.dossier("KIOSK-2025-0101").actie is not None


async def test_every_event_the_sandbox_sends_validates_against_its_schema(hub_url: str, world: World) -> None:
    base, sandbox = kiosk(world)
    async with httpx.AsyncClient(base_url=base) as client:
        await client.post(
            "/behandelaar/dossiers/KIOSK-2024-0342/actie",
            data={
                "omschrijving": "Vul het budget aan",
                "uiterlijk": (date.today() + timedelta(days=3)).isoformat(),
            },
        )
        await client.post(
            "/behandelaar/dossiers/KIOSK-2025-0044/beslissing", data={"beslissing": "afgewezen"}
        )

    assert [event["type"] for event in sandbox.gepusht] == [
        "be.vlaanderen.vloket.dossier.gewijzigd",
        "be.vlaanderen.vloket.dossier.beslist",
    ]
    for event in sandbox.gepusht:
        schema = jsonschema.Draft202012Validator(
            json.loads((DOCS / f"{event['type']}.schema.json").read_text("utf-8"))
        )
        assert list(schema.iter_errors(event)) == []


@pytest.mark.parametrize(
    ("path", "data", "status", "said"),
    [
        (
            "KIOSK-2025-0101/actie",
            {"omschrijving": " ", "uiterlijk": "2099-01-01"},
            422,
            "Beschrijf wat nodig is",
        ),
        ("KIOSK-2025-0101/actie", {"omschrijving": "x", "uiterlijk": "2000-01-01"}, 422, "in het verleden"),
        ("KIOSK-2025-0101/actie", {"omschrijving": "x", "uiterlijk": "morgen"}, 422, "jjjj-mm-dd"),
        ("KIOSK-2025-0101/actie", {"omschrijving": "x" * 301, "uiterlijk": "2099-01-01"}, 422, "1 tot 300"),
        ("KIOSK-9999-0001/actie", {"omschrijving": "x", "uiterlijk": "2099-01-01"}, 404, "geen dossier"),
        ("KIOSK-2025-0101/beslissing", {"beslissing": "misschien"}, 422, "Kies een beslissing"),
    ],
)
async def test_bad_input_on_the_caseworker_page_changes_nothing_and_says_why(
    hub_url: str, world: World, path: str, data: dict[str, str], status: int, said: str
) -> None:
    base, sandbox = kiosk(world)
    before = sandbox.store.dossier("KIOSK-2025-0101")
    async with httpx.AsyncClient(base_url=base) as client:
        refused = await client.post(f"/behandelaar/dossiers/{path}", data=data)

    assert refused.status_code == status
    assert said in refused.text
    assert sandbox.store.dossier("KIOSK-2025-0101") == before
    assert sandbox.gepusht == []


async def test_a_decided_dossier_is_not_decided_again_nor_posted_from_elsewhere(
    hub_url: str, world: World
) -> None:
    base, sandbox = kiosk(world)
    async with httpx.AsyncClient(base_url=base) as client:
        await client.post(
            "/behandelaar/dossiers/KIOSK-2025-0087/beslissing", data={"beslissing": "toegekend"}
        )
        again = await client.post(
            "/behandelaar/dossiers/KIOSK-2025-0087/beslissing", data={"beslissing": "afgewezen"}
        )
        elsewhere = await client.post(
            "/behandelaar/dossiers/KIOSK-2025-0101/beslissing",
            data={"beslissing": "afgewezen"},
            headers={"Origin": "https://evil.example"},
        )

    assert again.status_code == 409
    assert "al beslist" in again.text
    assert elsewhere.status_code == 403
    assert len(sandbox.gepusht) == 1
