"""The SDK's standard conformance suite, run against the KIOSK connector."""

from __future__ import annotations

from datetime import date

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk.testkit import ConformanceSuite, Responses, json_answer
from demo.sandboxes.kiosk.documenten import beschrijvingen
from demo.sandboxes.kiosk.seed import demo_dossiers

DOSSIERS = [d.model_dump(by_alias=True, mode="json") for d in demo_dossiers(date.today())]
DOCUMENTEN = [
    b.model_dump(by_alias=True, mode="json") for d in demo_dossiers(date.today()) for b in beschrijvingen(d)
]


class TestKiosk(ConformanceSuite):
    connector_class = Kiosk
    config = KioskConfig(name="kiosk", base_url="http://kiosk.test")
    capabilities = (
        "ProfileFacts",
        "Dossiers",
        "StartRequest",
        "DossierChanges",
        "DossierReconcile",
        "DossierDocuments",
    )
    responses = Responses(
        dossiers=json_answer(DOSSIERS),
        gekende_gegevens=json_answer(DOSSIERS),
        start_aanvraag=json_answer(
            {"id": "A-1", "link": "http://kiosk.test/aanvragen/A-1", "gegevens": []}, status=201
        ),
        wijzig_dossier=json_answer(DOSSIERS[0]),
        gewijzigde_dossiers=json_answer(DOSSIERS),
        documenten=json_answer(DOCUMENTEN),
    )
