"""The SDK's standard conformance suite, run against the gemeente connector."""

from __future__ import annotations

from datetime import date

from connectors.municipality.connector import Gemeente, GemeenteConfig
from connectors.sdk.testkit import ConformanceSuite, Responses, json_answer
from demo.sandboxes.municipality.seed import demo_dossiers, demo_feiten

TODAY = date.today()
DOSSIERS = [d.model_dump(by_alias=True, mode="json") for d in demo_dossiers("Liedekerke", "23044", TODAY)]
FEITEN = [f.model_dump(by_alias=True, mode="json") for f in demo_feiten("Liedekerke", TODAY)["V0001001"]]


class TestGemeente(ConformanceSuite):
    connector_class = Gemeente
    config = GemeenteConfig(
        name="gemeente-liedekerke", gemeente="Liedekerke", nis_code="23044", base_url="http://liedekerke.test"
    )
    capabilities = ("ProfileFacts", "Dossiers", "StartRequest")
    responses = Responses(
        dossiers=json_answer(DOSSIERS),
        gekende_gegevens=json_answer(FEITEN),
        start_aanvraag=json_answer(
            {"id": "A-1", "link": "http://liedekerke.test/aanvragen/A-1", "gegevens": ["naam"]}, status=201
        ),
    )
