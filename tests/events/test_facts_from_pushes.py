"""A connector that pushes what it knows about an association (`gegevens.gewijzigd`) is read from
its last report: `gekendeGegevens` makes no call to it at query time, a newer report replaces an
older one, and a report that is not fit is refused naming the field, with nothing stored."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from connectors.sdk.events import GEGEVENS_GEWIJZIGD, MAX_FEITEN
from demo.personas import AN
from demo.services import WEBHOOK_SECRETS
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers
from tests.events.test_dossiers_from_pushes import with_pushing_kiosk
from tests.events.test_inbound import signed
from tests.profile.stack import World, ask, hub_for, token_for

PROFIEL = """
query { vereniging(vCode: "V0001001") { gekendeGegevens {
    feiten { naam waarde bron datum verouderd } conflicten { naam feiten { bron waarde } }
} } }
"""


def gemeld(
    event_id: str = "feiten-1",
    *,
    feiten: list[dict[str, Any]] | None = None,
    bijgewerkt_op: str = "2026-12-06T10:00:00Z",
    v_code: str = "V0001001",
    **data: Any,
) -> dict[str, Any]:
    if feiten is None:
        feiten = [
            {"naam": "rekeningnummer", "waarde": "BE68539007547034", "datum": "2026-11-30"},
            {"naam": "naam", "waarde": "Sportclub Anders"},
        ]
    return {
        "specversion": "1.0",
        "id": event_id,
        "source": "https://kiosk.example/verenigingen",
        "type": GEGEVENS_GEWIJZIGD,
        "subject": v_code,
        "datacontenttype": "application/json",
        "data": {"vCode": v_code, "bron": "KIOSK", "feiten": feiten, "bijgewerktOp": bijgewerkt_op, **data},
    }


@pytest.fixture
async def hub(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> AsyncIterator[httpx.AsyncClient]:
    async with await hub_for(world, settings, db, with_pushing_kiosk(world, pushes_facts=True)) as client:
        yield client


async def push(hub: httpx.AsyncClient, event: dict[str, Any], webhook_id: str) -> httpx.Response:
    body = json.dumps(event)
    return await hub.post("/events/kiosk", content=body, headers=signed(body, webhook_id=webhook_id))


async def profiel(world: World, hub: httpx.AsyncClient) -> dict[str, Any]:
    answer = await ask(hub, await token_for(world, AN.insz), PROFIEL)
    assert "errors" not in answer, answer["errors"]
    gegevens: dict[str, Any] = answer["data"]["vereniging"]["gekendeGegevens"]
    return gegevens


async def test_the_facts_of_a_pushing_service_come_from_its_report_without_asking_it(
    world: World, hub: httpx.AsyncClient
) -> None:
    assert (await push(hub, gemeld(), "msg-1")).status_code == 202

    gegevens = await profiel(world, hub)

    kiosk = [f for f in gegevens["feiten"] if f["bron"] == "KIOSK"]
    assert kiosk == [
        {
            "naam": "rekeningnummer",
            "waarde": "BE68539007547034",
            "bron": "KIOSK",
            "datum": "2026-11-30",
            "verouderd": False,
        },
        {"naam": "naam", "waarde": "Sportclub Anders", "bron": "KIOSK", "datum": None, "verouderd": False},
    ]
    # What KIOSK says of the name differs from the register's: shown as a conflict, not resolved.
    [conflict] = [c for c in gegevens["conflicten"] if c["naam"] == "naam"]
    assert {f["bron"] for f in conflict["feiten"]} == {"Verenigingsregister", "KIOSK"}
    # The systems that do not push were asked as before.
    assert {f["bron"] for f in gegevens["feiten"]} > {"Verenigingsregister", "KIOSK"}


async def test_a_newer_report_replaces_the_older_and_an_older_one_changes_nothing(
    world: World, hub: httpx.AsyncClient, db: Database
) -> None:
    assert (await push(hub, gemeld("f-2", bijgewerkt_op="2026-12-06T11:00:00Z"), "msg-2")).status_code == 202
    newer = gemeld(
        "f-3",
        feiten=[{"naam": "rekeningnummer", "waarde": "BE71096123456769"}],
        bijgewerkt_op="2026-12-06T12:00:00Z",
    )
    assert (await push(hub, newer, "msg-3")).status_code == 202
    older = gemeld("f-1", feiten=[], bijgewerkt_op="2026-12-06T09:00:00Z")
    late = await push(hub, older, "msg-1")

    assert (late.status_code, late.json()) == (202, {"aanvaard": 1, "dubbel": 0})
    kiosk = [(f["naam"], f["waarde"]) for f in (await profiel(world, hub))["feiten"] if f["bron"] == "KIOSK"]
    assert kiosk == [("rekeningnummer", "BE71096123456769")]
    # Every report stays in the history; only the newest is shown.
    [report] = await Dossiers(db).gemeld("V0001001", bronnen=["kiosk"])
    assert report.bijgewerkt_op.hour == 12


async def test_an_empty_report_says_the_service_knows_nothing_of_it_anymore(
    world: World, hub: httpx.AsyncClient
) -> None:
    assert (await push(hub, gemeld("f-1"), "msg-1")).status_code == 202
    empty = gemeld("f-2", feiten=[], bijgewerkt_op="2026-12-06T11:00:00Z")
    assert (await push(hub, empty, "msg-2")).status_code == 202

    assert all(f["bron"] != "KIOSK" for f in (await profiel(world, hub))["feiten"])


async def test_a_pushing_service_that_never_reported_shows_nothing_and_no_failure(
    world: World, hub: httpx.AsyncClient
) -> None:
    assert all(f["bron"] != "KIOSK" for f in (await profiel(world, hub))["feiten"])


@pytest.mark.parametrize(
    ("event", "veld"),
    [
        (
            gemeld(feiten=[{"naam": "iban", "waarde": "a"}, {"naam": "iban", "waarde": "b"}]),
            "[0].data",
        ),
        (gemeld(feiten=[{"naam": "iban", "waarde": "BE68\x00"}]), "[0].data.feiten[0].waarde"),
        (gemeld(feiten=[{"naam": "iban", "waarde": ""}]), "[0].data.feiten.0.waarde"),
        (gemeld(feiten=[{"naam": "x" * 81, "waarde": "a"}]), "[0].data.feiten.0.naam"),
        (gemeld(feiten=[{"naam": f"f{n}", "waarde": "a"} for n in range(MAX_FEITEN + 1)]), "[0].data.feiten"),
        (gemeld(bron=""), "[0].data.bron"),
        (gemeld(bijgewerkt_op="2999-01-01T00:00:00Z"), "[0].data.bijgewerktOp"),
        (gemeld(bijgewerkt_op="0001-01-01T00:00:00+14:00"), "[0].data.bijgewerktOp"),
        ({**gemeld(), "subject": "KIOSK-2026-0001"}, "[0].subject"),
        (gemeld(bron=" Verenigingsregister "), "[0].data.bron"),
        (gemeld(bron="   "), "[0].data.bron"),
        (gemeld(feiten=[{"naam": "IBAN", "waarde": "a"}, {"naam": "i-ban", "waarde": "b"}]), "[0].data"),
        (gemeld(feiten=[{"naam": "iban\u200b", "waarde": "a"}]), "[0].data.feiten.0.naam"),
    ],
    ids=[
        "name-twice",
        "nul",
        "empty-value",
        "long-name",
        "too-many",
        "no-source",
        "future",
        "year-one",
        "subject",
        "the-registers-name",
        "blank-source",
        "name-twice-but-for-case",
        "invisible-in-name",
    ],
)
async def test_a_report_that_is_not_fit_is_refused_naming_the_field_and_nothing_is_stored(
    hub: httpx.AsyncClient, db: Database, event: dict[str, Any], veld: str
) -> None:
    body = json.dumps([event])
    headers = signed(body, content_type="application/cloudevents-batch+json")

    answer = await hub.post("/events/kiosk", content=body, headers=headers)

    assert answer.status_code == 400, answer.text
    assert answer.json()["veld"] == veld
    assert await Dossiers(db).gemeld("V0001001", bronnen=["kiosk"]) == []


async def test_reports_are_ordered_by_the_instant_whatever_their_offset(
    world: World, hub: httpx.AsyncClient
) -> None:
    newer = gemeld(
        "f-1", feiten=[{"naam": "stand", "waarde": "nieuwer"}], bijgewerkt_op="2026-12-06T11:00:00Z"
    )
    # 12:30 in a zone two hours ahead is 10:30 UTC: older, though its clock reads later.
    older = gemeld(
        "f-2", feiten=[{"naam": "stand", "waarde": "ouder"}], bijgewerkt_op="2026-12-06T12:30:00+02:00"
    )
    assert (await push(hub, newer, "msg-1")).status_code == 202
    assert (await push(hub, older, "msg-2")).status_code == 202

    kiosk = [f["waarde"] for f in (await profiel(world, hub))["feiten"] if f["bron"] == "KIOSK"]
    assert kiosk == ["nieuwer"]


async def test_a_connector_that_does_not_push_facts_cannot_report_them(
    hub: httpx.AsyncClient, db: Database
) -> None:
    body = json.dumps(gemeld())
    headers = signed(body, secret=WEBHOOK_SECRETS["gemeente-gent"])

    answer = await hub.post("/events/gemeente-gent", content=body, headers=headers)

    assert answer.status_code == 400, answer.text
    assert answer.json()["veld"] == "type"
    assert "pushes_facts" in answer.json()["reden"]
    assert await Dossiers(db).gemeld("V0001001", bronnen=["gemeente-gent"]) == []


async def test_a_report_about_an_association_the_register_does_not_hold_is_refused(
    hub: httpx.AsyncClient, db: Database
) -> None:
    answer = await push(hub, gemeld(v_code="V9999999"), "msg-1")

    assert (answer.status_code, answer.json()["vCodes"]) == (422, ["V9999999"])
    assert await Dossiers(db).gemeld("V9999999", bronnen=["kiosk"]) == []
