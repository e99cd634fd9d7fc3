"""The KIOSK connector as the hub finds it: its capabilities and its configuration."""

from __future__ import annotations

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk import capabilities_of
from connectors.sdk.discovery import configure


async def test_kiosk_offers_profile_facts_dossiers_their_documents_and_starting_an_aanvraag() -> None:
    kiosk = Kiosk(KioskConfig(name="kiosk", base_url="http://kiosk.test"))
    async with kiosk.http:
        assert capabilities_of(kiosk) == [
            "ProfileFacts",
            "Dossiers",
            "DossierChanges",
            "DossierDocuments",
            "StartRequest",
            "DossierReconcile",
        ]


async def test_a_configured_instance_exchanges_tokens_for_kiosk_unless_told_otherwise() -> None:
    loaded = configure(
        [{"kind": "kiosk", "name": "kiosk", "base_url": "https://kiosk.example"}], {"kiosk": Kiosk}
    )

    assert loaded.problems == []
    [kiosk] = loaded.connectors
    assert (kiosk.kind, kiosk.config.audience) == ("kiosk", "kiosk")
    await kiosk.aclose()
