"""A subscription as a connector author configures it and a vendor receives it: the SDK's config
model refuses what cannot work, and its reader refuses what is forged or malformed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from pydantic import ValidationError
from standardwebhooks import Webhook

from connectors.sdk.connector import ConnectorConfig
from connectors.sdk.events import ONDERDELEN, VERENIGING_GEWIJZIGD
from connectors.sdk.subscription import ForgedEvent, MalformedEvent, read_vereniging_gewijzigd
from registry.uitgaand.outbox import ONDERDELEN as REGISTER_ONDERDELEN
from tests.events.subscriber import SECRET

BASE = {"name": "kiosk", "base_url": "http://127.0.0.1:9", "audience": "kiosk"}
HOOK = {"webhook_url": "https://kiosk.example/hook", "delen": ["contactgegevens"]}


def test_the_sdk_and_the_register_name_the_same_parts() -> None:
    assert ONDERDELEN == REGISTER_ONDERDELEN


def test_a_subscription_is_read_from_the_connectors_file_entry() -> None:
    config = ConnectorConfig.model_validate({**BASE, "webhook_secret": SECRET, "abonnement": HOOK})

    assert config.abonnement is not None
    assert config.abonnement.types == (VERENIGING_GEWIJZIGD,)
    assert config.abonnement.delen == ("contactgegevens",)


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ({**BASE, "abonnement": HOOK}, "an `abonnement` needs a `webhook_secret` to sign its events with"),
        ({**BASE, "pushes_dossiers": True}, "`pushes_dossiers` needs a `webhook_secret`"),
        (
            {**BASE, "webhook_secret": SECRET, "abonnement": {**HOOK, "delen": []}},
            "`delen`: name at least one part to receive with be.vlaanderen.vloket.vereniging.gewijzigd",
        ),
        (
            {
                **BASE,
                "webhook_secret": SECRET,
                "abonnement": {**HOOK, "types": ["be.vlaanderen.vloket.vereniging.gedeeld"]},
            },
            "`delen` is only sent with be.vlaanderen.vloket.vereniging.gewijzigd",
        ),
        (
            {
                **BASE,
                "webhook_secret": SECRET,
                "abonnement": {**HOOK, "delen": ["locaties", "locaties"]},
            },
            "`delen` names a part twice",
        ),
        (
            {**BASE, "webhook_secret": SECRET, "abonnement": {**HOOK, "delen": ["rekeningen"]}},
            "abonnement.delen.0",
        ),
        (
            {**BASE, "webhook_secret": SECRET, "abonnement": {**HOOK, "webhook_url": "ftp://x"}},
            "abonnement.webhook_url",
        ),
        ({**BASE, "webhook_secret": SECRET, "abonnement": {**HOOK, "types": ["x.y"]}}, "abonnement.types.0"),
        ({**BASE, "webhook_secret": SECRET, "abonnement": {**HOOK, "extra": 1}}, "abonnement.extra"),
        (
            {**BASE, "webhook_secret": SECRET, "abonnement": {**HOOK, "webhook_url": "http://a..b/hook"}},
            "not a URL the hub can call",
        ),
        (
            {**BASE, "webhook_secret": SECRET, "abonnement": {**HOOK, "webhook_url": "http://[::1/h"}},
            "not a URL the hub can call",
        ),
        (
            {
                **BASE,
                "webhook_secret": SECRET,
                "abonnement": {**HOOK, "webhook_url": f"http://{'a' * 64}.be/"},
            },
            "not a URL the hub can call",
        ),
        (
            {
                **BASE,
                "webhook_secret": SECRET,
                "abonnement": {**HOOK, "webhook_url": "https://u:p@kiosk.example/"},
            },
            "must not carry a user name or password",
        ),
    ],
)
def test_a_subscription_that_cannot_work_is_refused_saying_where(entry: dict[str, object], said: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ConnectorConfig.model_validate(entry)

    assert said in str(refused.value)


def signed(body: bytes, *, secret: str = SECRET, at: datetime | None = None) -> dict[str, str]:
    moment = at or datetime.now(UTC)
    return {
        "webhook-id": "vloket-1",
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(secret).sign("vloket-1", moment, body.decode()),
    }


def sent(**data: object) -> bytes:
    event = {
        "specversion": "1.0",
        "id": "1",
        "source": "https://hub.example",
        "type": VERENIGING_GEWIJZIGD,
        "subject": "V0001001",
        "data": {
            "vCode": "V0001001",
            "versie": 2,
            "gebeurtenis": "X",
            "gewijzigd": ["contactgegevens"],
            "waarden": {"contactgegevens": []},
            **data,
        },
    }
    return orjson.dumps(event)


def test_the_reader_takes_header_names_in_any_case() -> None:
    body = sent()
    headers = {name.title(): value for name, value in signed(body).items()}

    assert read_vereniging_gewijzigd(SECRET, headers, body).id == "1"


def test_the_reader_returns_the_event_id_and_its_data() -> None:
    body = sent()

    received = read_vereniging_gewijzigd(SECRET, signed(body), body)

    assert (received.id, received.data.v_code, received.data.versie) == ("1", "V0001001", 2)


OTHER_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk="


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        (dict, "missing webhook-id, webhook-timestamp, webhook-signature"),
        (lambda: signed(sent(), secret=OTHER_SECRET), "No matching signature"),
        (lambda: signed(sent(), at=datetime.now(UTC) - timedelta(minutes=10)), "Message timestamp too old"),
    ],
)
def test_the_reader_refuses_what_is_not_signed_by_the_hub_now(
    headers: Callable[[], dict[str, str]], said: str
) -> None:
    """(The headers are made when the test runs: a signature's time is part of what is checked.)"""
    with pytest.raises(ForgedEvent, match=said):
        read_vereniging_gewijzigd(SECRET, headers(), sent())


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"[1, 2]", "not a CloudEvent"),
        (b"{nope", "not JSON"),
        (orjson.dumps({"specversion": "1.0", "type": "x", "id": "1"}), "type 'x'"),
        (sent(versie=0), "data: 1 validation error"),
        (sent(gewijzigd=["rekeningen"]), "data: 1 validation error"),
        (b" " * (1024 * 1024 + 1), "more than 1048576"),
        (b"[" * 5000 + b"]" * 5000, "nested too deep"),
        (sent(gewijzigd=["contactgegevens", "contactgegevens"]), "names a part twice"),
        (sent(gewijzigd=["locaties"]), "exactly the parts in `gewijzigd`"),
        (orjson.dumps({**orjson.loads(sent()), "subject": "V0009999"}), "subject: must be the vCode"),
        (orjson.dumps({**orjson.loads(sent()), "id": "x" * 256}), "id: 1 to 255 characters"),
    ],
)
def test_the_reader_refuses_a_signed_body_it_cannot_read(body: bytes, said: str) -> None:
    with pytest.raises(MalformedEvent, match=said):
        read_vereniging_gewijzigd(SECRET, signed(body), body)
