"""The JSON Schemas published under `docs/events/` are the contract the hub reads: generated from
the same models, and what the hub takes validates against them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from connectors.sdk.events import (
    DOSSIER_GEWIJZIGD,
    EVENT_TYPES,
    OUTBOUND_TYPES,
    VERENIGING_GEDEELD,
    VERENIGING_GEWIJZIGD,
    json_schema,
)
from hub.cli_events import schema_text
from hub.events.outgoing_event import event
from registry.associations.model import Contactgegeven, Vereniging
from registry.uitgaand.model import Abonnement, Levering
from registry.uitgaand.outbox import GEDEELD
from tests.events.test_inbound import gewijzigd

DOCS = Path(__file__).resolve().parents[2] / "docs" / "events"


@pytest.mark.parametrize("event_type", [*EVENT_TYPES, *OUTBOUND_TYPES])
def test_the_published_schema_is_the_one_the_models_make(event_type: str) -> None:
    published = DOCS / f"{event_type}.schema.json"

    assert published.read_text("utf-8") == schema_text(event_type), "run `make schema`"


def test_an_event_the_hub_takes_validates_against_its_schema() -> None:
    schema = json_schema(DOSSIER_GEWIJZIGD)
    jsonschema.Draft202012Validator.check_schema(schema)

    jsonschema.validate(gewijzigd(), schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(gewijzigd(v_code="V12"), id="vcode"),
        pytest.param(gewijzigd(status="vergeten"), id="status"),
        pytest.param(gewijzigd(extra="veld"), id="unknown-field"),
        pytest.param({**gewijzigd(), "specversion": "0.3"}, id="specversion"),
    ],
)
def test_an_event_the_hub_refuses_does_not_validate_either(event: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(event, json_schema(DOSSIER_GEWIJZIGD), cls=jsonschema.Draft202012Validator)


def test_an_event_the_hub_sends_validates_against_its_schema_and_holds_only_the_parts_allowed() -> None:
    vereniging = Vereniging(
        v_code="V0001001",
        verenigingstype="FV",
        naam="Schema Vereniging",
        contactgegevens=(
            Contactgegeven(contactgegeven_id=1, contactgegeventype="E-mail", waarde="info@schema.be"),
        ),
        versie=2,
    )
    levering = Levering(
        id=1,
        uitgaand_id=7,
        abonnee="kiosk",
        v_code="V0001001",
        versie=2,
        gebeurtenis="ContactgegevenWerdToegevoegd",
        onderdelen=["contactgegevens", "vertegenwoordigers"],
        document=vereniging.document(),
        tijdstip=datetime(2026, 12, 6, 10, 0, tzinfo=UTC),
        pogingen=0,
        volgende_poging=None,
    )
    schema = json_schema(VERENIGING_GEWIJZIGD)
    jsonschema.Draft202012Validator.check_schema(schema)

    sent = event(levering, Abonnement("kiosk", frozenset({"contactgegevens"})), source="https://hub.example")

    jsonschema.validate(sent, schema, cls=jsonschema.Draft202012Validator)
    assert (sent["id"], sent["subject"], sent["time"]) == ("7", "V0001001", "2026-12-06T10:00:00Z")
    assert sent["data"]["gewijzigd"] == ["contactgegevens"]  # a change to vertegenwoordigers: not for it
    assert list(sent["data"]["waarden"]) == ["contactgegevens"]
    assert sent["data"]["waarden"]["contactgegevens"][0]["waarde"] == "info@schema.be"


def test_a_sharing_the_hub_sends_validates_against_its_schema_and_goes_as_shared() -> None:
    levering = Levering(
        id=2,
        uitgaand_id=8,
        abonnee="kiosk",
        v_code="V0001001",
        versie=3,
        gebeurtenis=GEDEELD,
        onderdelen=[],
        document={"dienst": "kiosk/jeugdsport", "gedeeld": [{"naam": "e-mail", "waarde": "info@schema.be"}]},
        tijdstip=datetime(2026, 12, 6, 10, 0, tzinfo=UTC),
        pogingen=0,
        volgende_poging=None,
    )
    schema = json_schema(VERENIGING_GEDEELD)
    jsonschema.Draft202012Validator.check_schema(schema)
    alleen_delingen = Abonnement("kiosk", frozenset(), deling=True)

    sent = event(levering, alleen_delingen, source="https://hub.example")

    jsonschema.validate(sent, schema, cls=jsonschema.Draft202012Validator)
    assert sent["type"] == VERENIGING_GEDEELD
    assert sent["data"] == {
        "vCode": "V0001001",
        "versie": 3,
        "dienst": "kiosk/jeugdsport",
        "gedeeld": [{"naam": "e-mail", "waarde": "info@schema.be"}],
        "gedeeldOp": "2026-12-06T10:00:00Z",
    }
    assert alleen_delingen.krijgt([], "kiosk")
    assert not alleen_delingen.krijgt(["contactgegevens"], None)
    assert not Abonnement("gent", frozenset({"contactgegevens"})).krijgt([], "gent")
