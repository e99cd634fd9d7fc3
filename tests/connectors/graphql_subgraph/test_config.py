"""What a subgraph connector can be configured with: field names go into the query, so only
GraphQL names pass."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from connectors.graphql_subgraph import SubgraphConfig

BASIS = {
    "name": "sportfederatie",
    "base_url": "http://sport.test",
    "audience": "sportfederatie",
    "bron": "Sportfederatie",
}


@pytest.mark.parametrize("veld", ["naam } }", "__typename", "aantal-leden", ""])
def test_a_field_name_that_is_no_graphql_name_is_refused(veld: str) -> None:
    with pytest.raises(ValidationError, match="velden"):
        SubgraphConfig.model_validate({**BASIS, "velden": ["sportfederatie", veld]})


def test_a_field_named_twice_is_refused() -> None:
    with pytest.raises(ValidationError, match="twice"):
        SubgraphConfig.model_validate({**BASIS, "velden": ["aantalLeden", "aantalLeden"]})


def test_the_query_selects_the_date_field_once_and_defaults_to_the_graphql_path() -> None:
    config = SubgraphConfig.model_validate(
        {**BASIS, "velden": ["aantalLeden", "bijgewerktOp"], "datum_veld": "bijgewerktOp"}
    )

    assert config.selectie == ("aantalLeden", "bijgewerktOp")
    assert config.graphql_path == "/graphql"
    assert SubgraphConfig.model_validate({**BASIS, "velden": ["a"], "datum_veld": "b"}).selectie == ("a", "b")
