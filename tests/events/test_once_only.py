"""Once-only, visibly: the demo's KIOSK and municipality sandboxes subscribe to the register's
changes, so a corrected contact detail reaches them without anyone telling them again; and their
receiving end refuses what the hub did not sign, as a real service's must."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
import orjson
import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from connectors.sdk.events import VERENIGING_GEDEELD, VERENIGING_GEWIJZIGD
from demo.personas import PIETER
from demo.sandboxes.settings import SandboxSettings
from demo.sandboxes.state import SandboxBase
from demo.services import WEBHOOK_SECRETS
from hub.events.engine import Engine, apply_schema
from hub.settings import Settings
from registry.associations import onderdelen
from registry.associations.commands import Actor, ContactgegevenWijziging
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.toegangslog.tables import toegang_table
from registry.uitgaand.outbox import GEDEELD, WORDT_GEDEELD
from registry.uitgaand.tables import uitgaand_table
from tests.profile.stack import World, ask, hub_for, token_for

pytestmark = pytest.mark.usefixtures("world")


def sandbox(world: World, port: int) -> SandboxBase[SandboxSettings]:
    found = world.services.apps[port].state.sandbox
    assert isinstance(found, SandboxBase)
    return found


@asynccontextmanager
async def jobs_running(engine: Engine | None) -> AsyncIterator[None]:
    """A worker of the job engine in this process while the block runs (none on SQLite)."""
    if engine is None:
        yield
        return
    worker = asyncio.create_task(
        engine.app.run_worker_async(install_signal_handlers=False, fetch_job_polling_interval=0.2)
    )
    try:
        yield
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)


def event(event_id: str, versie: int, email: str) -> bytes:
    return orjson.dumps(
        {
            "specversion": "1.0",
            "id": event_id,
            "source": "https://hub.example",
            "type": VERENIGING_GEWIJZIGD,
            "subject": "V0001001",
            "data": {
                "vCode": "V0001001",
                "versie": versie,
                "gebeurtenis": "ContactgegevenWerdGewijzigd",
                "gewijzigd": ["contactgegevens"],
                "waarden": {
                    "contactgegevens": [
                        {"contactgegeventype": "Telefoon", "waarde": "09 111 11 11", "isPrimair": False},
                        {"contactgegeventype": "E-mail", "waarde": email, "isPrimair": True},
                    ]
                },
            },
        }
    )


def signed(body: bytes, secret: str, message_id: str = "vloket-1") -> dict[str, str]:
    now = datetime.now(UTC)
    return {
        "content-type": "application/cloudevents+json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, body.decode()),
    }


async def test_a_corrected_email_reaches_the_subscribed_sandboxes(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    """On SQLite the hub's embedded worker delivers; on PostgreSQL a worker of the job engine."""
    kiosk, gent = sandbox(world, world.ports.kiosk), sandbox(world, world.ports.gent)
    store = db.url.render_as_string(hide_password=False)
    if db.dialect == "postgresql":
        await apply_schema(store)
    async with (
        await hub_for(world, settings, db, world.services.connectors) as hub,
        jobs_running(hub.app.state.bezorging.engine),
    ):
        register: VerenigingenRegister = hub.app.state.register
        current = await register.get("V0001001")
        email = next(c for c in current.contactgegevens if c.contactgegeventype == "E-mail")
        changed = await register.change(
            v_code="V0001001",
            versie=current.versie,
            actor=Actor(door="71032512357"),
            authorize=lambda _: None,
            apply=lambda vereniging, checks: onderdelen.wijzig_contactgegeven(
                vereniging,
                email.contactgegeven_id,
                ContactgegevenWijziging(waarde="nieuw@vrolijkebas.be"),
                checks=checks,
            ),
        )
        at_kiosk = await asyncio.to_thread(kiosk.contacten.wacht_op, "V0001001", changed.versie, timeout=60)
        at_gent = await asyncio.to_thread(gent.contacten.wacht_op, "V0001001", changed.versie, timeout=60)

    assert at_kiosk is not None
    assert at_gent is not None
    assert (at_kiosk.email, at_kiosk.versie) == ("nieuw@vrolijkebas.be", changed.versie)
    assert (at_gent.email, at_gent.versie) == ("nieuw@vrolijkebas.be", changed.versie)


START = """
mutation($d: String!, $g: [String!]!) {
  startAanvraag(vCode: "V0001002", dienst: $d, gedeeldeGegevens: $g) { link }
}
"""


async def test_what_a_representative_shares_at_the_start_of_a_request_reaches_that_service_only(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    """The sharing is in the outbox and the access log in one transaction; the service it went to
    hears of it durably (signed, once), and no other subscriber does."""
    kiosk, gent = sandbox(world, world.ports.kiosk), sandbox(world, world.ports.gent)
    if db.dialect == "postgresql":
        await apply_schema(db.url.render_as_string(hide_password=False))
    token = await token_for(world, PIETER.insz)
    async with (
        await hub_for(world, settings, db, world.services.connectors) as hub,
        jobs_running(hub.app.state.bezorging.engine),
    ):
        started = await ask(hub, token, START, d="kiosk/jeugdsport", g=["naam", "e-mail"])
        delingen = await asyncio.to_thread(kiosk.contacten.wacht_op_deling, "V0001002", timeout=60)
        versie = (await hub.app.state.register.get("V0001002")).versie

    assert "errors" not in started, started
    [deling] = delingen
    assert (deling.v_code, deling.versie, deling.dienst) == ("V0001002", versie, "kiosk/jeugdsport")
    assert [(g.naam, bool(g.waarde)) for g in deling.gedeeld] == [("naam", True), ("e-mail", True)]
    assert gent.contacten.delingen_van("V0001002") == []
    async with db.read() as session:
        logged = (
            await session.execute(
                select(toegang_table.c.handeling, toegang_table.c.onderdeel, toegang_table.c.door).where(
                    toegang_table.c.v_code == "V0001002", toegang_table.c.handeling == "gedeeld"
                )
            )
        ).all()
        outbox = (
            await session.execute(
                select(uitgaand_table.c.voor).where(
                    uitgaand_table.c.v_code == "V0001002", uitgaand_table.c.gebeurtenis == GEDEELD
                )
            )
        ).all()
    assert [(h, o, d) for h, o, d in logged] == [("gedeeld", "kiosk/jeugdsport: naam, e-mail", PIETER.insz)]
    assert [row.voor for row in outbox] == ["kiosk"]


async def _gedeeld_in_log_en_outbox(db: Database, v_code: str) -> tuple[list[str], list[str]]:
    async with db.read() as session:
        logged = (
            await session.execute(
                select(toegang_table.c.onderdeel)
                .where(toegang_table.c.v_code == v_code, toegang_table.c.handeling == "gedeeld")
                .order_by(toegang_table.c.id)
            )
        ).scalars()
        outbox = (
            await session.execute(
                select(uitgaand_table.c.gebeurtenis).where(
                    uitgaand_table.c.v_code == v_code, uitgaand_table.c.voor.is_not(None)
                )
            )
        ).scalars()
        return list(logged), list(outbox)


async def test_only_what_the_service_took_is_shared_and_a_refused_start_leaves_its_attempt_logged(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    """KIOSK's form takes the name and the e-mail, not the start date: the event, the access log
    and the answer name what went. A start the service refused sends no event, and its access
    log entry (written before the data left) says the service did not confirm it."""
    kiosk = sandbox(world, world.ports.kiosk)
    if db.dialect == "postgresql":
        await apply_schema(db.url.render_as_string(hide_password=False))
    token = await token_for(world, PIETER.insz)
    async with (
        await hub_for(world, settings, db, world.services.connectors) as hub,
        jobs_running(hub.app.state.bezorging.engine),
    ):
        started = await ask(hub, token, START, d="kiosk/jeugdsport", g=["naam", "startdatum", "e-mail"])
        delingen = await asyncio.to_thread(kiosk.contacten.wacht_op_deling, "V0001002", timeout=60)
        refused = await ask(hub, token, START, d="kiosk/onbestaande-regeling", g=["naam"])
        te_lang = await ask(hub, token, START, d="kiosk/" + "x" * 200, g=["naam"])
        vreemd = await ask(hub, token, START, d="kiosk/met spatie", g=["naam"])

    assert "errors" not in started, started
    assert [g.naam for g in delingen[0].gedeeld] == ["naam", "e-mail"]
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    logged, outbox = await _gedeeld_in_log_en_outbox(db, "V0001002")
    assert logged == [
        "kiosk/jeugdsport: naam, e-mail",
        "kiosk/onbestaande-regeling: naam (aanvraag niet bevestigd door de dienst)",
    ]
    assert outbox == [GEDEELD]
    for answer, code in ((te_lang, "te_lang"), (vreemd, "ongeldig_formaat")):
        [fout] = answer["errors"][0]["extensions"]["fouten"]
        assert (fout["veld"], fout["code"]) == ("dienst", code)


async def test_a_sharing_the_outbox_cannot_confirm_still_starts_and_stays_logged(
    world: World,
    settings: Settings,
    db: Database,
    seeded: VerenigingenRegister,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The access log holds the sharing before its data leaves: when the confirmation after the
    service accepted fails, the person still gets the link and the log still names the sharing."""

    async def store_away(*_: object, **__: object) -> None:
        raise ConnectionError("the store went away")

    token = await token_for(world, PIETER.insz)
    async with await hub_for(world, settings, db, world.services.connectors) as hub:
        monkeypatch.setattr(hub.app.state.profile.uitgaand, "gedeeld", store_away)
        started = await ask(hub, token, START, d="kiosk/jeugdsport", g=["naam", "startdatum"])

    assert "errors" not in started, started
    assert started["data"]["startAanvraag"]["link"].startswith(f"http://127.0.0.1:{world.ports.kiosk}/")
    logged, outbox = await _gedeeld_in_log_en_outbox(db, "V0001002")
    assert logged == ["kiosk/jeugdsport: naam, startdatum"]
    assert outbox == [WORDT_GEDEELD]  # held back: never delivered as it stands


async def test_a_sharing_read_by_the_sdk_is_checked_as_a_change_is(world: World) -> None:
    url = f"http://127.0.0.1:{world.ports.kiosk}/vloket/events"
    body = orjson.dumps(
        {
            "specversion": "1.0",
            "id": "41",
            "source": "https://hub.example",
            "type": VERENIGING_GEDEELD,
            "subject": "V0001001",
            "data": {
                "vCode": "V0001001",
                "versie": 3,
                "dienst": "kiosk/jeugdsport",
                "gedeeld": [{"naam": "naam", "waarde": "De Vrolijke Bas"}],
                "gedeeldOp": "2026-12-06T10:00:00Z",
            },
        }
    )
    broken = body.replace(b'"gedeeldOp":"2026-12-06T10:00:00Z"', b'"gedeeldOp":"gisteren"')
    async with httpx.AsyncClient() as client:
        first = await client.post(url, content=body, headers=signed(body, WEBHOOK_SECRETS["kiosk"]))
        again = await client.post(url, content=body, headers=signed(body, WEBHOOK_SECRETS["kiosk"]))
        malformed = await client.post(url, content=broken, headers=signed(broken, WEBHOOK_SECRETS["kiosk"]))

    assert [first.status_code, again.status_code, malformed.status_code] == [204, 204, 400]
    assert "gedeeldOp" in malformed.text
    [kept] = sandbox(world, world.ports.kiosk).contacten.delingen_van("V0001001")
    assert [(g.naam, g.waarde) for g in kept.gedeeld] == [("naam", "De Vrolijke Bas")]


async def test_the_sandbox_applies_each_event_once_and_never_goes_back(world: World) -> None:
    kiosk = sandbox(world, world.ports.kiosk)
    url = f"http://127.0.0.1:{world.ports.kiosk}/vloket/events"
    secret = WEBHOOK_SECRETS["kiosk"]
    async with httpx.AsyncClient() as client:
        first = await client.post(
            url, content=event("7", 5, "a@x.be"), headers=signed(event("7", 5, "a@x.be"), secret)
        )
        again = await client.post(
            url, content=event("7", 5, "b@x.be"), headers=signed(event("7", 5, "b@x.be"), secret)
        )
        older = await client.post(
            url, content=event("6", 4, "c@x.be"), headers=signed(event("6", 4, "c@x.be"), secret)
        )

    assert [first.status_code, again.status_code, older.status_code] == [204, 204, 204]
    contact = kiosk.contacten.van("V0001001")
    assert contact is not None
    assert (contact.email, contact.telefoon, contact.versie) == ("a@x.be", "09 111 11 11", 5)


async def test_the_sandbox_refuses_what_the_hub_did_not_sign(world: World) -> None:
    url = f"http://127.0.0.1:{world.ports.kiosk}/vloket/events"
    body = event("9", 9, "vals@x.be")
    async with httpx.AsyncClient() as client:
        forged = await client.post(url, content=body, headers=signed(body, WEBHOOK_SECRETS["gemeente-gent"]))
        unsigned = await client.post(
            url, content=body, headers={"content-type": "application/cloudevents+json"}
        )
        malformed = await client.post(url, content=b"{}", headers=signed(b"{}", WEBHOOK_SECRETS["kiosk"]))

    assert [forged.status_code, unsigned.status_code, malformed.status_code] == [401, 401, 400]
    assert sandbox(world, world.ports.kiosk).contacten.van("V0001001") is None


async def test_the_sandbox_refuses_a_body_larger_than_an_event_without_reading_it_whole(world: World) -> None:
    url = f"http://127.0.0.1:{world.ports.kiosk}/vloket/events"

    async def huge() -> AsyncIterator[bytes]:
        for _ in range(64):  # 4 MiB, sent without a length
            yield b" " * 65536

    async with httpx.AsyncClient() as client:
        declared = await client.post(
            url, content=b" " * (1024 * 1024 + 1), headers=signed(b"x", WEBHOOK_SECRETS["kiosk"])
        )
        streamed = await client.post(url, content=huge(), headers=signed(b"x", WEBHOOK_SECRETS["kiosk"]))

    assert (declared.status_code, streamed.status_code) == (413, 413)
