"""`POST /events/{connector}/eigen`: a service that cannot speak CloudEvents pushes in its own
format, and its connector (`StatusEvents.map_push`) checks the signature and maps what it says to
the hub's events, which are then taken as any others: once, durably, or refused saying why."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers
from tests.connectors.testkit_connectors import CONFIG, PUSH_KEY, SIGNATURE, Gemeente, gemeente_push
from tests.utils.principals import PrincipalSwitch

URL = "/events/gemeente-liedekerke/eigen"


@pytest.fixture
async def hub(
    settings: Settings, db: Database, seeded: VerenigingenRegister, principal: PrincipalSwitch
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database=db, principal_resolver=principal, connectors=[Gemeente(CONFIG)])
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
    ):
        yield client


async def test_a_push_in_the_services_own_format_becomes_the_dossiers_copy(
    hub: httpx.AsyncClient, db: Database
) -> None:
    headers, body = gemeente_push()

    first = await hub.post(URL, content=body, headers=headers)
    again = await hub.post(URL, content=body, headers=headers)

    assert (first.status_code, first.json()) == (202, {"aanvaard": 1, "dubbel": 0})
    assert (again.status_code, again.json()) == (202, {"aanvaard": 1, "dubbel": 0})  # the same answer
    [kopie] = await Dossiers(db).van("V0001001")
    assert (kopie.bron, kopie.dossier_id, kopie.stand.status) == (
        "gemeente-liedekerke",
        "D-1",
        "in_behandeling",
    )
    assert len(kopie.historiek) == 1


@pytest.mark.parametrize(
    ("headers", "path"),
    [
        pytest.param({}, URL, id="unsigned"),
        pytest.param({SIGNATURE: "0" * 64}, URL, id="forged"),
        pytest.param(None, "/events/nobody/eigen", id="unknown-connector"),
    ],
)
async def test_what_the_service_did_not_sign_is_refused_and_nothing_stored(
    hub: httpx.AsyncClient, db: Database, headers: dict[str, str] | None, path: str
) -> None:
    signed, body = gemeente_push()

    answer = await hub.post(path, content=body, headers=signed if headers is None else headers)

    assert (answer.status_code, answer.json()["code"]) == (401, "EVENT_NOT_SIGNED")
    assert await Dossiers(db).van("V0001001") == []


@pytest.mark.parametrize(
    ("melding", "veld"),
    [
        pytest.param({"vCode": "V12"}, "body", id="mapping-refuses"),
        pytest.param({"titel": "Zaal\u202ehuur"}, "[0].data.titel", id="direction-override"),
        pytest.param({"id": "m\x00"}, "[0].id", id="control-character-in-id"),
    ],
)
async def test_a_signed_push_that_does_not_hold_is_refused_naming_the_field(
    hub: httpx.AsyncClient, db: Database, melding: dict[str, str], veld: str
) -> None:
    headers, body = gemeente_push(**melding)

    answer = await hub.post(URL, content=body, headers=headers)

    assert (answer.status_code, answer.json()["code"], answer.json()["veld"]) == (
        400,
        "EVENT_MALFORMED",
        veld,
    )
    assert await Dossiers(db).van("V0001001") == []


async def test_an_unknown_association_is_refused_with_422(hub: httpx.AsyncClient, db: Database) -> None:
    headers, body = gemeente_push(vCode="V0009999")

    answer = await hub.post(URL, content=body, headers=headers)

    assert answer.status_code == 422
    assert answer.json()["vCodes"] == ["V0009999"]


async def test_a_large_push_is_read_off_the_event_loop_and_taken(
    hub: httpx.AsyncClient, db: Database
) -> None:
    _, body = gemeente_push(titel="Zaalhuur " + "x" * 400)
    document = json.loads(body)
    document["meldingen"] = [{**document["meldingen"][0], "id": f"m-{n}"} for n in range(60)]
    large = json.dumps(document).encode()
    signature = {SIGNATURE: hmac.new(PUSH_KEY, large, hashlib.sha256).hexdigest()}

    answer = await hub.post(URL, content=large, headers=signature)

    assert len(large) > 16 * 1024
    assert (answer.status_code, answer.json()) == (202, {"aanvaard": 60, "dubbel": 0})
