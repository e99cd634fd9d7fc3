"""What a service pushes becomes a notice: a dossier that waits for the association (again when
the action or its deadline changes), and a decision (the portal: tests/portal/test_meldingen.py)."""

from __future__ import annotations

from typing import Any

import httpx

from connectors.sdk.events import DOSSIER_BESLIST
from demo.personas import AN
from tests.events.test_inbound import gewijzigd, hub, push
from tests.utils.principals import PrincipalSwitch

__all__ = ["hub"]

MELDINGEN = """
query { vereniging(vCode: "V0001001") { meldingen {
    sleutel soort tekst deadline nieuw dienst { titel } dossier { bron dossierId titel link }
} } }
"""
VERBERG = 'mutation($s: String!) { verbergMelding(vCode: "V0001001", sleutel: $s) }'


async def meldingen(hub: httpx.AsyncClient) -> list[dict[str, Any]]:
    answer = await hub.post("/graphql", json={"query": MELDINGEN})
    assert "errors" not in answer.json(), answer.json()
    found: list[dict[str, Any]] = answer.json()["data"]["vereniging"]["meldingen"]
    return [m for m in found if m["dossier"] is not None]


async def test_a_pushed_action_becomes_a_notice_new_once_and_again_when_the_action_changes(
    hub: httpx.AsyncClient, principal: PrincipalSwitch
) -> None:
    principal.person(AN)
    await push(hub, gewijzigd("evt-1"), webhook_id="a")

    first, second = await meldingen(hub), await meldingen(hub)

    assert [(m["soort"], m["nieuw"], m["deadline"]) for m in first] == [("dossier_actie", True, "2027-01-15")]
    assert first[0]["dienst"] is None
    assert first[0]["dossier"] == {
        "bron": "kiosk",
        "dossierId": "KIOSK-2026-0001",
        "titel": "Subsidie jeugdwerking 2027",
        "link": "https://kiosk.example/dossiers/KIOSK-2026-0001",
    }
    assert "Bezorg het attest van de verzekering" in first[0]["tekst"]
    assert [m["nieuw"] for m in second] == [False]

    hidden = await hub.post("/graphql", json={"query": VERBERG, "variables": {"s": first[0]["sleutel"]}})
    assert hidden.json()["data"] == {"verbergMelding": True}
    assert await meldingen(hub) == []

    await push(
        hub, gewijzigd("evt-2", bijgewerkt_op="2026-12-06T15:00:00Z", deadline="2027-02-01"), webhook_id="b"
    )
    [again] = await meldingen(hub)
    assert (again["soort"], again["nieuw"], again["deadline"]) == ("dossier_actie", True, "2027-02-01")
    assert again["sleutel"] != first[0]["sleutel"]


async def test_a_pushed_decision_becomes_a_notice_and_the_action_notice_goes(
    hub: httpx.AsyncClient, principal: PrincipalSwitch
) -> None:
    principal.person(AN)
    await push(hub, gewijzigd("evt-1", bijgewerkt_op="2026-12-06T10:00:00Z"), webhook_id="a")
    beslist = {
        **gewijzigd("evt-2"),
        "type": DOSSIER_BESLIST,
        "data": {
            "vCode": "V0001001",
            "dossierId": "KIOSK-2026-0001",
            "beslissing": "toegekend",
            "link": "https://kiosk.example/beslissingen/1",
            "beslistOp": "2026-12-06T12:00:00Z",
        },
    }
    await push(hub, beslist, webhook_id="b")

    [melding] = await meldingen(hub)

    assert melding["soort"] == "dossier_beslist"
    assert "beslissing" in melding["tekst"]
