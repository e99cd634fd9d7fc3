"""`POST /events/{connector}`: a service pushes dossier events, signed per Standard Webhooks, and
the hub takes each once, durably, or refuses it with nothing stored."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from standardwebhooks import Webhook

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk.events import (
    CLOUDEVENTS_BATCH_JSON,
    CLOUDEVENTS_JSON,
    DOCUMENT_BESCHIKBAAR,
    DOSSIER_BESLIST,
    DOSSIER_GEWIJZIGD,
    MAX_BODY_BYTES,
)
from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers
from tests.utils.principals import PrincipalSwitch

SECRET = "whsec_" + base64.b64encode(b"kiosk-test-secret-of-32-bytes!!!").decode()
SCRAPER_TOKEN = "scraper-token-of-at-least-32-characters"
OTHER_SECRET = "whsec_" + base64.b64encode(b"somebody-elses-secret-32-bytes!!").decode()


def gewijzigd(
    event_id: str = "evt-1",
    *,
    v_code: str = "V0001001",
    dossier_id: str = "KIOSK-2026-0001",
    status: str = "actie_nodig",
    bijgewerkt_op: str = "2026-12-06T10:00:00Z",
    **data: Any,
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": event_id,
        "source": "https://kiosk.example/dossiers",
        "type": DOSSIER_GEWIJZIGD,
        "subject": dossier_id,
        "time": bijgewerkt_op,
        "datacontenttype": "application/json",
        "data": {
            "vCode": v_code,
            "dossierId": dossier_id,
            "titel": "Subsidie jeugdwerking 2027",
            "status": status,
            "actieNodig": "Bezorg het attest van de verzekering",
            "deadline": "2027-01-15",
            "verwachteBeslissing": None,
            "link": f"https://kiosk.example/dossiers/{dossier_id}",
            "bijgewerktOp": bijgewerkt_op,
            **data,
        },
    }


def signed(
    body: bytes | str,
    *,
    webhook_id: str = "msg-1",
    secret: str = SECRET,
    at: datetime | None = None,
    content_type: str = CLOUDEVENTS_JSON,
) -> dict[str, str]:
    moment = at or datetime.now(UTC)
    text = body.decode() if isinstance(body, bytes) else body
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, moment, text),
        "content-type": content_type,
    }


@pytest.fixture
async def hub(
    settings: Settings, db: Database, seeded: VerenigingenRegister, principal: PrincipalSwitch
) -> AsyncIterator[httpx.AsyncClient]:
    kiosk = Kiosk(KioskConfig(name="kiosk", base_url="http://kiosk.test", webhook_secret=SECRET))
    configured = settings.model_copy(update={"metrics_token": SecretStr(SCRAPER_TOKEN)})
    app = create_app(configured, database=db, principal_resolver=principal, connectors=[kiosk])
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
    ):
        yield client


async def push(hub: httpx.AsyncClient, document: object, **signing: Any) -> httpx.Response:
    body = json.dumps(document)
    return await hub.post("/events/kiosk", content=body, headers=signed(body, **signing))


async def test_a_pushed_event_is_taken_and_becomes_the_dossiers_copy(
    hub: httpx.AsyncClient, db: Database
) -> None:
    answer = await push(hub, gewijzigd())

    assert answer.status_code == 202
    assert answer.json() == {"aanvaard": 1, "dubbel": 0}
    [kopie] = await Dossiers(db).van("V0001001")
    assert (kopie.bron, kopie.dossier_id, kopie.stand.status) == ("kiosk", "KIOSK-2026-0001", "actie_nodig")
    assert kopie.stand.actie_nodig == "Bezorg het attest van de verzekering"
    assert kopie.stand.deadline == date(2027, 1, 15)
    assert kopie.bijgewerkt_op == datetime(2026, 12, 6, 10, tzinfo=UTC)
    [gebeurtenis] = await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001")
    assert (gebeurtenis.type, gebeurtenis.data["titel"]) == (DOSSIER_GEWIJZIGD, "Subsidie jeugdwerking 2027")


async def test_the_same_webhook_id_again_gets_the_same_answer_and_no_second_effect(
    hub: httpx.AsyncClient, db: Database
) -> None:
    first = await push(hub, gewijzigd())
    again = await push(hub, gewijzigd())

    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == first.json() == {"aanvaard": 1, "dubbel": 0}
    assert len(await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001")) == 1


async def test_one_delivery_sent_twice_at_once_is_taken_once(hub: httpx.AsyncClient, db: Database) -> None:
    answers = await asyncio.gather(push(hub, gewijzigd()), push(hub, gewijzigd()))

    assert [a.status_code for a in answers] == [202, 202]
    assert [a.json() for a in answers] == [{"aanvaard": 1, "dubbel": 0}] * 2
    assert len(await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001")) == 1


async def test_an_event_taken_before_in_another_delivery_counts_as_a_duplicate(
    hub: httpx.AsyncClient, db: Database
) -> None:
    await push(hub, gewijzigd(), webhook_id="msg-1")
    batch = [
        gewijzigd("evt-1"),
        gewijzigd("evt-2", bijgewerkt_op="2026-12-06T11:00:00Z", status="in_behandeling"),
    ]

    answer = await push(hub, batch, webhook_id="msg-2", content_type=CLOUDEVENTS_BATCH_JSON)

    assert (answer.status_code, answer.json()) == (202, {"aanvaard": 1, "dubbel": 1})
    [kopie] = await Dossiers(db).van("V0001001")
    assert kopie.stand.status == "in_behandeling"
    assert [g.id for g in await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001")] == ["evt-1", "evt-2"]


async def test_older_news_goes_into_the_history_but_never_rolls_the_copy_back(
    hub: httpx.AsyncClient, db: Database
) -> None:
    await push(
        hub, gewijzigd("evt-new", status="beslist", bijgewerkt_op="2026-12-06T12:00:00Z"), webhook_id="a"
    )
    await push(
        hub, gewijzigd("evt-old", status="ingediend", bijgewerkt_op="2026-12-01T09:00:00Z"), webhook_id="b"
    )

    [kopie] = await Dossiers(db).van("V0001001")
    assert kopie.stand.status == "beslist"
    assert [g.id for g in await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001")] == ["evt-old", "evt-new"]


async def test_a_decision_sets_the_status_and_a_document_only_adds_to_the_history(
    hub: httpx.AsyncClient, db: Database
) -> None:
    await push(hub, gewijzigd(), webhook_id="a")
    beslist = {
        **gewijzigd("evt-b"),
        "type": DOSSIER_BESLIST,
        "data": {
            "vCode": "V0001001",
            "dossierId": "KIOSK-2026-0001",
            "beslissing": "toegekend",
            "link": "https://kiosk.example/beslissingen/1",
            "beslistOp": "2026-12-06T13:00:00+01:00",
        },
    }
    document = {
        **gewijzigd("evt-d"),
        "type": DOCUMENT_BESCHIKBAAR,
        "data": {
            "vCode": "V0001001",
            "dossierId": "KIOSK-2026-0001",
            "documentId": "DOC-1",
            "titel": "Beslissingsbrief",
            "link": "https://kiosk.example/documenten/DOC-1",
            "beschikbaarOp": "2026-12-06T13:05:00+01:00",
        },
    }
    answer = await push(hub, [beslist, document], webhook_id="b", content_type=CLOUDEVENTS_BATCH_JSON)

    assert (answer.status_code, answer.json()) == (202, {"aanvaard": 2, "dubbel": 0})
    [kopie] = await Dossiers(db).van("V0001001")
    assert (kopie.stand.status, kopie.stand.actie_nodig, kopie.stand.deadline) == ("beslist", None, None)
    types = [g.type for g in await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001")]
    assert types == [DOSSIER_GEWIJZIGD, DOSSIER_BESLIST, DOCUMENT_BESCHIKBAAR]


@pytest.mark.parametrize(
    ("secret", "off_by"),
    [
        pytest.param(OTHER_SECRET, timedelta(0), id="forged"),
        pytest.param(SECRET, timedelta(minutes=-6), id="stale"),
        pytest.param(SECRET, timedelta(minutes=6), id="from-the-future"),
    ],
)
async def test_a_wrongly_signed_event_is_refused_and_nothing_stored(
    hub: httpx.AsyncClient, db: Database, secret: str, off_by: timedelta
) -> None:
    # Signed now, off by more than the 5 minutes a signature holds (the hub's own clock).
    answer = await push(hub, gewijzigd(), secret=secret, at=datetime.now(UTC) + off_by)

    assert answer.status_code == 401
    assert answer.json()["code"] == "EVENT_NOT_SIGNED"
    assert await Dossiers(db).van("V0001001") == []
    assert await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001") == []


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="unsigned"),
        pytest.param(
            {"webhook-id": "m", "webhook-timestamp": "x", "webhook-signature": "v1,AAAA"}, id="bad-time"
        ),
        pytest.param(
            {"webhook-id": "m", "webhook-timestamp": "1", "webhook-signature": "nonsense"}, id="bad-sig"
        ),
        pytest.param(
            {"webhook-id": "m" * 256, "webhook-timestamp": "1", "webhook-signature": "v1,A"}, id="long-id"
        ),
    ],
)
async def test_an_unsigned_or_mangled_signature_is_refused(
    hub: httpx.AsyncClient, db: Database, headers: dict[str, str]
) -> None:
    answer = await hub.post(
        "/events/kiosk",
        content=json.dumps(gewijzigd()),
        headers={**headers, "content-type": CLOUDEVENTS_JSON},
    )

    assert answer.status_code == 401
    assert await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001") == []


async def test_a_connector_that_does_not_exist_is_refused_like_a_bad_signature(
    hub: httpx.AsyncClient,
) -> None:
    body = json.dumps(gewijzigd())

    answer = await hub.post("/events/gemeente-gent", content=body, headers=signed(body))

    assert (answer.status_code, answer.json()["code"]) == (401, "EVENT_NOT_SIGNED")


@pytest.mark.parametrize(
    ("document", "veld"),
    [
        pytest.param(gewijzigd(v_code="V12"), "data.vCode", id="vcode"),
        pytest.param(gewijzigd(status="vergeten"), "data.status", id="status"),
        pytest.param(gewijzigd(link="javascript:alert(1)"), "data.link", id="link"),
        pytest.param(gewijzigd(bijgewerktOp="2026-12-06T10:00:00"), "data.bijgewerktOp", id="naive-time"),
        pytest.param(gewijzigd(titel="x" * 501), "data.titel", id="long-title"),
        pytest.param(gewijzigd(bijgewerktOp="9999-12-31T23:59:59Z"), "data.bijgewerktOp", id="far-future"),
        pytest.param({**gewijzigd(), "type": "com.example.other"}, "type", id="type"),
        pytest.param({**gewijzigd(), "specversion": "0.3"}, "specversion", id="specversion"),
        pytest.param({k: v for k, v in gewijzigd().items() if k != "source"}, "source", id="no-source"),
        pytest.param({**gewijzigd(), "subject": "KIOSK-OTHER"}, "subject", id="subject"),
        pytest.param({**gewijzigd(), "time": "yesterday"}, "time", id="time"),
        pytest.param({**gewijzigd(), "id": "e" * 300}, "id", id="long-id"),
        pytest.param([gewijzigd()], "body", id="a-list-as-one-event"),
    ],
)
async def test_a_malformed_event_is_refused_naming_the_field(
    hub: httpx.AsyncClient, db: Database, document: object, veld: str
) -> None:
    answer = await push(hub, document)

    assert answer.status_code == 400
    assert (answer.json()["code"], answer.json()["veld"]) == ("EVENT_MALFORMED", veld)
    assert veld in answer.json()["message"]
    assert await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001") == []


async def test_one_bad_event_in_a_batch_refuses_the_whole_batch_naming_its_position(
    hub: httpx.AsyncClient, db: Database
) -> None:
    batch = [gewijzigd("evt-1"), gewijzigd("evt-2", status="onbekend")]

    answer = await push(hub, batch, content_type=CLOUDEVENTS_BATCH_JSON)

    assert (answer.status_code, answer.json()["veld"]) == (400, "[1].data.status")
    assert await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001") == []


async def test_a_batch_holds_at_most_a_hundred_events(hub: httpx.AsyncClient) -> None:
    batch = [gewijzigd(f"evt-{n}") for n in range(101)]

    answer = await push(hub, batch, content_type=CLOUDEVENTS_BATCH_JSON)

    assert (answer.status_code, answer.json()["veld"]) == (400, "body")
    assert "1 to 100" in answer.json()["message"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param("[" * 100_000 + "]" * 100_000, id="deeply-nested"),
        pytest.param('"\\ud800"', id="lone-surrogate"),
    ],
)
async def test_a_body_that_is_no_event_is_refused(hub: httpx.AsyncClient, body: str) -> None:
    answer = await hub.post("/events/kiosk", content=body, headers=signed(body))

    assert answer.status_code == 400
    assert answer.json()["veld"] == "body"


async def test_an_unknown_association_is_refused_with_422_and_nothing_stored(
    hub: httpx.AsyncClient, db: Database
) -> None:
    batch = [gewijzigd("evt-1"), gewijzigd("evt-2", v_code="V0999999", dossier_id="KIOSK-X")]

    answer = await push(hub, batch, content_type=CLOUDEVENTS_BATCH_JSON)

    assert answer.status_code == 422
    assert answer.json()["vCodes"] == ["V0999999"]
    assert await Dossiers(db).van("V0001001") == []
    # Refused, the delivery is not remembered: sent again, corrected, it is taken.
    corrected = await push(hub, [gewijzigd("evt-1")], content_type=CLOUDEVENTS_BATCH_JSON)
    assert (corrected.status_code, corrected.json()) == (202, {"aanvaard": 1, "dubbel": 0})


async def test_another_media_type_is_refused_with_415(hub: httpx.AsyncClient) -> None:
    answer = await push(hub, gewijzigd(), content_type="application/json")

    assert (answer.status_code, answer.json()["code"]) == (415, "EVENT_MEDIA_TYPE")


async def test_a_body_over_a_megabyte_is_refused_before_it_is_read(hub: httpx.AsyncClient) -> None:
    body = json.dumps(gewijzigd(titel="x")) + " " * MAX_BODY_BYTES

    answer = await hub.post("/events/kiosk", content=body, headers=signed(body))

    assert answer.status_code == 413
    assert answer.json()["maximum"] == MAX_BODY_BYTES


async def test_a_body_under_a_megabyte_but_over_the_forms_limit_is_taken(
    hub: httpx.AsyncClient, settings: Settings
) -> None:
    padding = " " * (settings.max_body_bytes + 1)
    body = json.dumps(gewijzigd()) + padding

    answer = await hub.post("/events/kiosk", content=body, headers=signed(body))

    assert answer.status_code == 202


async def test_refusals_speak_the_senders_language(hub: httpx.AsyncClient) -> None:
    body = json.dumps(gewijzigd())
    headers = {**signed(body, secret=OTHER_SECRET), "accept-language": "en"}

    answer = await hub.post("/events/kiosk", content=body, headers=headers)

    assert answer.json()["message"].startswith("This message was not accepted")


async def test_metrics_count_events_by_connector_and_outcome(hub: httpx.AsyncClient) -> None:
    await push(hub, [gewijzigd("evt-1")], webhook_id="a", content_type=CLOUDEVENTS_BATCH_JSON)
    await push(
        hub, [gewijzigd("evt-1"), gewijzigd("evt-2")], webhook_id="b", content_type=CLOUDEVENTS_BATCH_JSON
    )
    await push(
        hub, [gewijzigd("evt-1"), gewijzigd("evt-2")], webhook_id="b", content_type=CLOUDEVENTS_BATCH_JSON
    )
    await push(hub, gewijzigd(), secret=OTHER_SECRET)
    body = json.dumps(gewijzigd())
    for name in ("gemeente-a", "gemeente-b"):
        await hub.post(f"/events/{name}", content=body, headers=signed(body))

    metrics = (await hub.get("/metrics", headers={"Authorization": f"Bearer {SCRAPER_TOKEN}"})).text

    counted = {
        line.split(" ")[0]: float(line.split(" ")[1])
        for line in metrics.splitlines()
        if line.startswith("vloket_events_inbound_total")
    }
    assert counted == {
        'vloket_events_inbound_total{connector="kiosk",outcome="accepted"}': 2.0,
        'vloket_events_inbound_total{connector="kiosk",outcome="duplicate"}': 1.0,
        'vloket_events_inbound_total{connector="kiosk",outcome="repeated"}': 1.0,
        'vloket_events_inbound_total{connector="kiosk",outcome="event_not_signed"}': 1.0,
        'vloket_events_inbound_total{connector="-",outcome="event_not_signed"}': 2.0,
    }


@pytest.mark.parametrize(
    ("document", "veld"),
    [
        pytest.param(gewijzigd("a\u0000b"), "id", id="nul-in-id"),
        pytest.param(gewijzigd("\udfff"), "id", id="lone-surrogate-in-id"),
        pytest.param(gewijzigd(titel="a\u0000b"), "data.titel", id="nul-in-title"),
        pytest.param(gewijzigd(actieNodig="stuur \u202eeht attest"), "data.actieNodig", id="bidi-override"),
        pytest.param(
            {**gewijzigd(), "source": "https://kiosk.example/\u0007"}, "source", id="bell-in-source"
        ),
    ],
)
async def test_text_no_store_can_hold_the_same_is_refused_naming_the_field(
    hub: httpx.AsyncClient, db: Database, document: object, veld: str
) -> None:
    answer = await push(hub, document)

    assert (answer.status_code, answer.json()["veld"]) == (400, veld)
    assert await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001") == []


async def test_an_event_with_more_fields_than_any_type_has_is_refused_at_once(hub: httpx.AsyncClient) -> None:
    event = gewijzigd()
    event["data"] |= {f"extra{n}": n for n in range(50_000)}

    answer = await push(hub, event)

    assert (answer.status_code, answer.json()["veld"]) == (400, "data")


async def test_a_decision_before_any_state_is_kept_and_older_news_does_not_undo_it(
    hub: httpx.AsyncClient, db: Database
) -> None:
    beslist = {
        **gewijzigd("evt-b"),
        "type": DOSSIER_BESLIST,
        "data": {
            "vCode": "V0001001",
            "dossierId": "KIOSK-2026-0001",
            "beslissing": "afgewezen",
            "link": "https://kiosk.example/beslissingen/9",
            "beslistOp": "2026-12-06T12:00:00Z",
        },
    }
    await push(hub, beslist, webhook_id="a")
    await push(hub, gewijzigd("evt-old", bijgewerkt_op="2026-12-06T10:00:00Z"), webhook_id="b")

    [kopie] = await Dossiers(db).van("V0001001")
    assert (kopie.stand.status, kopie.stand.link) == ("beslist", "https://kiosk.example/beslissingen/9")
    assert len(kopie.historiek) == 2


async def test_a_dossier_stays_with_its_association_when_news_names_another(
    hub: httpx.AsyncClient, db: Database
) -> None:
    await push(hub, gewijzigd("evt-1"), webhook_id="a")
    await push(
        hub, gewijzigd("evt-2", v_code="V0001002", bijgewerkt_op="2026-12-06T15:00:00Z"), webhook_id="b"
    )

    assert [k.dossier_id for k in await Dossiers(db).van("V0001001")] == ["KIOSK-2026-0001"]
    assert await Dossiers(db).van("V0001002") == []


async def test_two_deliveries_over_the_same_dossiers_in_opposite_orders_both_go_through(
    hub: httpx.AsyncClient, db: Database
) -> None:
    forward = [gewijzigd(f"a{n}", dossier_id=f"D-{n:02}") for n in range(30)]
    backward = [
        gewijzigd(f"b{n}", dossier_id=f"D-{n:02}", bijgewerkt_op="2026-12-06T15:00:00Z") for n in range(30)
    ]
    backward.reverse()

    answers = await asyncio.gather(
        push(hub, forward, webhook_id="one", content_type=CLOUDEVENTS_BATCH_JSON),
        push(hub, backward, webhook_id="two", content_type=CLOUDEVENTS_BATCH_JSON),
    )

    assert [a.status_code for a in answers] == [202, 202]
    assert len(await Dossiers(db).van("V0001001")) == 30


async def test_a_batch_that_repeats_an_event_id_is_refused_naming_both(
    hub: httpx.AsyncClient, db: Database
) -> None:
    batch = [gewijzigd("dup-1"), gewijzigd("dup-2"), gewijzigd("dup-1", status="afgesloten")]

    answer = await push(hub, batch, content_type=CLOUDEVENTS_BATCH_JSON)

    assert (answer.status_code, answer.json()["veld"]) == (400, "[2].id")
    assert "[0]" in answer.json()["message"]
    assert await Dossiers(db).historiek("kiosk", "KIOSK-2026-0001") == []
