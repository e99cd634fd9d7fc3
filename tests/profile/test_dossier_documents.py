"""A dossier's documents (issue: documents in dossiers): listed under their dossier in the API,
one question per service; downloaded through the hub from the service that holds them, with a
token exchanged for that service; private, and in the access log; KIOSK's sandbox offers a receipt
of every aanvraag and a decision letter once decided, as PDFs."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pypdf
import pytest

from demo.personas import AN, PIETER
from tests.profile.stack import World, ask, token_for

# The documents pass through the hub; no store holds them (the access log is tested on both).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
DOCUMENTEN = """
query($v: ID!) { vereniging(vCode: $v) { dossiers { items { id bron documenten {
  id titel soort mediatype datum downloadPad
} } } } }
"""
TOEGANGSLOG = (
    "query($v: ID!) { vereniging(vCode: $v) { toegangslog(first: 20) { items { handeling onderdeel } } } }"
)
PAD = "/verenigingen/{v}/dossiers/kiosk/{d}/documenten/{doc}"


def documenten(body: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    assert "errors" not in body, body
    return {d["id"]: d["documenten"] for d in body["data"]["vereniging"]["dossiers"]["items"]}


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


async def test_each_dossier_lists_its_documents_and_a_decision_letter_once_decided(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, PIETER.insz)

    found = documenten(await ask(hub, token, DOCUMENTEN, v="V0001002"))

    assert [(d["id"], d["soort"], d["mediatype"]) for d in found["KIOSK-2024-0198"]] == [
        ("ontvangstbewijs", "attest", "application/pdf"),
        ("beslissingsbrief", "beslissing", "application/pdf"),
    ]
    assert [d["id"] for d in found["KIOSK-2025-0044"]] == ["ontvangstbewijs"]  # not decided yet
    assert found["KIOSK-2024-0198"][1]["downloadPad"] == PAD.format(
        v="V0001002", d="KIOSK-2024-0198", doc="beslissingsbrief"
    )


async def test_a_document_downloads_through_the_hub_as_the_pdf_the_service_made_and_is_logged(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, PIETER.insz)
    pad = PAD.format(v="V0001002", d="KIOSK-2024-0198", doc="beslissingsbrief")

    response = await hub.get(pad, headers={"Authorization": f"Bearer {token}"})
    log = await ask(hub, token, TOEGANGSLOG, v="V0001002")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="KIOSK-2024-0198-beslissingsbrief.pdf"'
    )
    assert response.headers["cache-control"] == "private, no-store"
    text = text_of(response.content)
    assert "Beslissingsbrief" in text
    assert "KIOSK-2024-0198" in text
    assert "Toegekend: 2.500 euro" in text
    entries = {(e["handeling"], e["onderdeel"]) for e in log["data"]["vereniging"]["toegangslog"]["items"]}
    assert ("gedownload", "document kiosk/KIOSK-2024-0198/beslissingsbrief") in entries


async def test_a_document_is_refused_to_whoever_does_not_act_for_its_association(
    world: World, hub: httpx.AsyncClient
) -> None:
    an = await token_for(world, AN.insz)
    pad = PAD.format(v="V0001002", d="KIOSK-2024-0198", doc="beslissingsbrief")

    other = await hub.get(pad, headers={"Authorization": f"Bearer {an}"})
    anonymous = await hub.get(pad)
    # Through her own association, another's dossier: KIOSK finds no such dossier of hers.
    through_own = await hub.get(
        PAD.format(v="V0001001", d="KIOSK-2024-0198", doc="beslissingsbrief"),
        headers={"Authorization": f"Bearer {an}"},
    )

    assert (other.status_code, other.json()["code"]) == (403, "FORBIDDEN")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "UNAUTHENTICATED")
    assert (through_own.status_code, through_own.json()["code"]) == (404, "NOT_FOUND")
    assert through_own.json()["service"] == "kiosk"
    for refused in (other, anonymous, through_own):
        assert not refused.content.startswith(b"%PDF")


async def test_addresses_that_name_no_document_are_not_found(world: World, hub: httpx.AsyncClient) -> None:
    token = await token_for(world, PIETER.insz)
    headers = {"Authorization": f"Bearer {token}"}

    answers = [
        await hub.get(PAD.format(v="V0001002", d="KIOSK-2024-0198", doc="bestaat-niet"), headers=headers),
        await hub.get(
            "/verenigingen/V0001002/dossiers/onbekend/KIOSK-2024-0198/documenten/x", headers=headers
        ),
        await hub.get(PAD.format(v="V0001002", d="KIOSK-2024-0198", doc="x" * 121), headers=headers),
        await hub.get(PAD.format(v="V0001002", d="..%2F..", doc="x"), headers=headers),
        await hub.get(PAD.format(v="V9999999", d="KIOSK-2024-0198", doc="x"), headers=headers),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404, 404, 404]
    assert {a.headers["content-type"] for a in answers} == {"application/json"}


async def test_a_person_with_too_many_downloads_under_way_is_asked_to_wait(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, PIETER.insz)
    pad = PAD.format(v="V0001002", d="KIOSK-2024-0198", doc="beslissingsbrief")
    overdrachten = hub.app.state.profile.overdrachten  # type: ignore[attr-defined]
    overdrachten.per_persoon = 0  # as if all of this person's places were taken

    refused = await hub.get(pad, headers={"Authorization": f"Bearer {token}"})

    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert overdrachten.bezig("kiosk") == 0
