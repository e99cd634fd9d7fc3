"""A connector that pushes its dossiers' changes is read from the hub's copy: `Vereniging.dossiers`
makes no call to it at query time, and each dossier shows the history of its events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk import Connector
from connectors.sdk.events import CLOUDEVENTS_BATCH_JSON
from demo.personas import AN
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.events.test_inbound import SECRET, gewijzigd, signed
from tests.profile.stack import World, ask, hub_for, token_for
from tests.utils.servers import free_port

DOSSIERS = """
query { vereniging(vCode: "V0001001") { dossiers(first: 50) { items {
    id bron status actieNodig uiterlijk link historiek { omschrijving }
} totaal } } }
"""


def with_pushing_kiosk(world: World, **pushes: bool) -> list[Connector[Any]]:
    """The demo's connectors, KIOSK pushing (`pushes`: `pushes_dossiers`, `pushes_facts`) and
    configured at a port where nothing answers, so that a call to it would be a failure."""
    pushing = Kiosk(
        KioskConfig(name="kiosk", base_url=f"http://127.0.0.1:{free_port()}", webhook_secret=SECRET, **pushes)
    )
    return [pushing, *(c for c in world.services.connectors if c.name != "kiosk")]


@pytest.fixture
async def hub(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> AsyncIterator[httpx.AsyncClient]:
    async with await hub_for(world, settings, db, with_pushing_kiosk(world, pushes_dossiers=True)) as client:
        yield client


async def test_the_dossiers_of_a_pushing_service_come_from_the_copy_without_asking_it(
    world: World, hub: httpx.AsyncClient
) -> None:
    batch = [
        gewijzigd("evt-1", status="ingediend", bijgewerkt_op="2026-12-01T09:00:00Z", actieNodig=None),
        gewijzigd("evt-2", bijgewerkt_op="2026-12-06T10:00:00Z"),
    ]
    body = json.dumps(batch)
    pushed = await hub.post(
        "/events/kiosk", content=body, headers=signed(body, content_type=CLOUDEVENTS_BATCH_JSON)
    )
    assert pushed.status_code == 202

    answer = await ask(hub, await token_for(world, AN.insz), DOSSIERS)

    assert "errors" not in answer, answer["errors"]
    items = answer["data"]["vereniging"]["dossiers"]["items"]
    [kiosk] = [d for d in items if d["bron"] == "kiosk"]
    assert (kiosk["id"], kiosk["status"], kiosk["uiterlijk"]) == (
        "KIOSK-2026-0001",
        "actie_nodig",
        "2027-01-15",
    )
    assert kiosk["actieNodig"] == "Bezorg het attest van de verzekering"
    assert kiosk["link"] == "https://kiosk.example/dossiers/KIOSK-2026-0001"
    assert [h["omschrijving"] for h in kiosk["historiek"]] == [
        "Status: ingediend",
        "Status: actie nodig (Bezorg het attest van de verzekering)",
    ]
    # The municipalities, which do not push, were asked as before.
    assert {d["bron"] for d in items} > {"kiosk"}


async def test_a_pushing_service_with_nothing_pushed_yet_has_no_dossiers_and_no_failure(
    world: World, hub: httpx.AsyncClient
) -> None:
    answer = await ask(hub, await token_for(world, AN.insz), DOSSIERS)

    assert "errors" not in answer, answer["errors"]
    assert all(d["bron"] != "kiosk" for d in answer["data"]["vereniging"]["dossiers"]["items"])


PAGE = """
query($after: String) { vereniging(vCode: "V0001001") { dossiers(first: 2, after: $after) {
    items { id bron historiek { omschrijving } } volgende
} } }
"""


async def test_each_dossier_on_each_page_shows_its_own_history(world: World, hub: httpx.AsyncClient) -> None:
    statuses = {"KIOSK-A": ["ingediend"], "KIOSK-B": ["ingediend", "in_behandeling"], "KIOSK-C": []}
    batch = [
        gewijzigd(
            f"{dossier}-{n}",
            dossier_id=dossier,
            status=status,
            bijgewerkt_op=f"2026-12-0{n + 1}T09:00:00Z",
            actieNodig=None,
        )
        for dossier, steps in statuses.items()
        for n, status in enumerate([*steps, "beslist"])
    ]
    body = json.dumps(batch)
    pushed = await hub.post(
        "/events/kiosk", content=body, headers=signed(body, content_type=CLOUDEVENTS_BATCH_JSON)
    )
    assert pushed.status_code == 202
    token = await token_for(world, AN.insz)

    seen: dict[str, list[str]] = {}
    after: str | None = None
    for _ in range(20):  # every page, two dossiers each
        answer = await ask(hub, token, PAGE, after=after)
        assert "errors" not in answer, answer["errors"]
        dossiers = answer["data"]["vereniging"]["dossiers"]
        seen |= {
            d["id"]: [h["omschrijving"] for h in d["historiek"]]
            for d in dossiers["items"]
            if d["bron"] == "kiosk"
        }
        after = dossiers["volgende"]
        if after is None:
            break

    assert seen == {
        "KIOSK-A": ["Status: ingediend", "Status: beslist"],
        "KIOSK-B": ["Status: ingediend", "Status: in behandeling", "Status: beslist"],
        "KIOSK-C": ["Status: beslist"],
    }


WITHOUT_HISTORY = 'query { vereniging(vCode: "V0001001") { dossiers(first: 50) { items { id status } } } }'
HISTORY_IN_FRAGMENTS = """
query { vereniging(vCode: "V0001001") { dossiers(first: 50) { ...Lijst } } }
fragment Lijst on DossierLijst { items { id ... on Dossier { historiek { omschrijving } } } }
"""


async def test_the_history_is_read_only_when_it_is_asked_for(
    world: World, hub: httpx.AsyncClient, db: Database
) -> None:
    """A dossier's history grows with every event its service pushes: a question that does not
    ask for it does not read it (the soak's profile slowed as one association's events grew)."""
    body = json.dumps([gewijzigd("evt-1", status="ingediend", actieNodig=None), gewijzigd("evt-2")])
    pushed = await hub.post(
        "/events/kiosk", content=body, headers=signed(body, content_type=CLOUDEVENTS_BATCH_JSON)
    )
    assert pushed.status_code == 202
    token = await token_for(world, AN.insz)
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        without = await ask(hub, token, WITHOUT_HISTORY)
        read_without = [s for s in statements if "FROM dossier_gebeurtenis" in s]
        statements.clear()
        with_fragments = await ask(hub, token, HISTORY_IN_FRAGMENTS)
        read_with = [s for s in statements if "FROM dossier_gebeurtenis" in s]
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)

    assert "errors" not in without, without["errors"]
    assert "KIOSK-2026-0001" in [d["id"] for d in without["data"]["vereniging"]["dossiers"]["items"]]
    assert read_without == []
    assert "errors" not in with_fragments, with_fragments["errors"]
    [kiosk] = [
        d for d in with_fragments["data"]["vereniging"]["dossiers"]["items"] if d["id"] == "KIOSK-2026-0001"
    ]
    assert len(kiosk["historiek"]) == 2
    assert len(read_with) == 1
