"""The gemeente connector as the hub finds it: one kind, configured once per municipality, each
instance exchanging tokens for its own gemeente's audience."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from connectors.municipality.connector import Gemeente, GemeenteConfig
from connectors.sdk import capabilities_of
from connectors.sdk.discovery import configure


async def test_two_municipalities_are_two_instances_of_one_kind_each_with_its_audience() -> None:
    loaded = configure(
        [
            {
                "kind": "municipality",
                "name": "gemeente-gent",
                "gemeente": "Gent",
                "nis_code": "44021",
                "base_url": "https://gent.example",
            },
            {
                "kind": "municipality",
                "name": "gemeente-liedekerke",
                "gemeente": "Liedekerke",
                "nis_code": "23044",
                "base_url": "https://liedekerke.example",
            },
        ],
        {"municipality": Gemeente},
    )

    assert loaded.problems == []
    assert [(c.kind, c.config.audience) for c in loaded.connectors] == [
        ("municipality", "gemeente-44021"),
        ("municipality", "gemeente-23044"),
    ]
    assert capabilities_of(loaded.connectors[0]) == ["ProfileFacts", "Dossiers", "StartRequest"]
    for connector in loaded.connectors:
        await connector.aclose()


def test_an_audience_can_be_configured_explicitly() -> None:
    config = GemeenteConfig(
        name="gemeente-gent",
        gemeente="Gent",
        nis_code="44021",
        base_url="https://gent.example",
        audience="gent-api",
    )

    assert config.audience == "gent-api"


@pytest.mark.parametrize("nis_code", ["4402", "440211", "4402A"])
def test_a_nis_code_has_five_digits(nis_code: str) -> None:
    with pytest.raises(ValidationError, match="nis_code"):
        GemeenteConfig(
            name="gemeente-gent", gemeente="Gent", nis_code=nis_code, base_url="https://gent.example"
        )
