"""Changing a dossier at the service that holds it, through GraphQL over real HTTP: the hub passes
the change to KIOSK with a token exchanged for KIOSK, shows the result at once (not a cached
copy), logs the change, and answers KIOSK's refusals with its reason."""

from __future__ import annotations

from typing import Any

import httpx

from demo.personas import AN, PIETER
from tests.profile.stack import World, ask, token_for

WIJZIG = """
mutation($v: ID!, $b: String!, $d: String!, $w: DossierWijzigingInput!) {
  wijzigDossier(vCode: $v, bron: $b, dossierId: $d, wijziging: $w) {
    id bron contactpersoon historiek { omschrijving }
  }
}
"""
DOSSIERS = """
query($v: ID!) { vereniging(vCode: $v) {
  dossiers { items { id contactpersoon } }
  gekendeGegevens { feiten { naam waarde bron } }
  toegangslog(first: 10) { items { handeling onderdeel } }
} }
"""


def kiosk_feiten(body: dict[str, Any]) -> dict[str, str]:
    feiten = body["data"]["vereniging"]["gekendeGegevens"]["feiten"]
    return {f["naam"]: f["waarde"] for f in feiten if f["bron"] == "KIOSK"}


async def test_a_change_reaches_kiosk_shows_at_once_and_is_logged(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, AN.insz)
    before = await ask(hub, token, DOSSIERS, v="V0001001")  # fills the hub's cache
    wijziging = {
        "contactpersoon": "Sofie Peeters",
        "email": "sofie@vrolijkebas.be",
        "rekeningnummer": "be62 5100 0754 7061",
    }

    changed = await ask(hub, token, WIJZIG, v="V0001001", b="kiosk", d="KIOSK-2025-0101", w=wijziging)
    after = await ask(hub, token, DOSSIERS, v="V0001001")

    assert "errors" not in changed, changed
    dossier = changed["data"]["wijzigDossier"]
    assert (dossier["id"], dossier["bron"], dossier["contactpersoon"]) == (
        "KIOSK-2025-0101",
        "kiosk",
        "Sofie Peeters",
    )
    assert dossier["historiek"][-1]["omschrijving"] == "Rekeningnummer en contactpersoon gewijzigd"
    assert kiosk_feiten(before)["rekeningnummer"] != "BE62 5100 0754 7061"
    assert kiosk_feiten(after)["rekeningnummer"] == "BE62 5100 0754 7061"
    items = {d["id"]: d["contactpersoon"] for d in after["data"]["vereniging"]["dossiers"]["items"]}
    assert items["KIOSK-2025-0101"] == "Sofie Peeters"
    log = after["data"]["vereniging"]["toegangslog"]["items"]
    assert {"handeling": "gewijzigd", "onderdeel": "dossier kiosk/KIOSK-2025-0101"} in log


async def test_kiosk_refuses_a_rekeningnummer_from_the_advice_phase_on_and_nothing_changes(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, AN.insz)
    wijziging = {"contactpersoon": "Sofie Peeters", "rekeningnummer": "BE62 5100 0754 7061"}

    refused = await ask(hub, token, WIJZIG, v="V0001001", b="kiosk", d="KIOSK-2024-0342", w=wijziging)
    after = await ask(hub, token, DOSSIERS, v="V0001001")

    assert refused["data"] is None
    [error] = refused["errors"]
    assert error["extensions"] == {"code": "REJECTED_BY_SERVICE", "service": "kiosk"}
    assert "adviesfase" in error["message"]
    items = {d["id"]: d["contactpersoon"] for d in after["data"]["vereniging"]["dossiers"]["items"]}
    assert items["KIOSK-2024-0342"] != "Sofie Peeters"  # all or nothing


async def test_an_invalid_iban_or_email_is_refused_with_kiosks_reason(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, AN.insz)
    bad_iban = await ask(
        hub,
        token,
        WIJZIG,
        v="V0001001",
        b="kiosk",
        d="KIOSK-2025-0101",
        w={"rekeningnummer": "BE68 5390 0754 7035"},
    )
    bad_email = await ask(
        hub, token, WIJZIG, v="V0001001", b="kiosk", d="KIOSK-2025-0101", w={"email": "geen-adres"}
    )

    assert "geen geldig IBAN" in bad_iban["errors"][0]["message"]
    assert "geen geldig e-mailadres" in bad_email["errors"][0]["message"]
    assert {e["extensions"]["code"] for e in (*bad_iban["errors"], *bad_email["errors"])} == {
        "REJECTED_BY_SERVICE"
    }


async def test_nobody_changes_a_dossier_of_an_association_they_do_not_represent(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, PIETER.insz)

    body = await ask(hub, token, WIJZIG, v="V0001001", b="kiosk", d="KIOSK-2025-0101", w={"email": "x@y.be"})

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_service_that_cannot_change_dossiers_is_a_clear_error(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, AN.insz)

    body = await ask(hub, token, WIJZIG, v="V0001001", b="sportfederatie", d="1", w={"email": "x@y.be"})

    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "sportfederatie" in body["errors"][0]["message"]
