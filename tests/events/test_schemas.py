"""The JSON Schemas published under `docs/events/` are the contract the hub reads: generated from
the same models, and what the hub takes validates against them."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from connectors.sdk.events import DOSSIER_GEWIJZIGD, EVENT_TYPES, json_schema
from hub.cli_events import schema_text
from tests.events.test_inbound import gewijzigd

DOCS = Path(__file__).resolve().parents[2] / "docs" / "events"


@pytest.mark.parametrize("event_type", list(EVENT_TYPES))
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
