"""KIOSK's documents as the connector reads them: a receipt of every aanvraag, and a decision
letter once decided, listed in one call and opened as a stream the caller reads and closes."""

from __future__ import annotations

import pytest

from connectors.kiosk.connector import Kiosk
from connectors.sdk import DossierDocuments, NotFound
from tests.connectors.hub_side import call_context


async def test_every_dossier_has_a_receipt_and_none_a_decision_letter_before_it_is_decided(
    kiosk: Kiosk, kiosk_token: str
) -> None:
    found = await kiosk.documenten(call_context(kiosk_token, v_code="V0001001"))

    assert isinstance(kiosk, DossierDocuments)
    assert sorted((d.dossier_id, d.id, d.soort) for d in found) == [
        ("KIOSK-2024-0342", "ontvangstbewijs", "attest"),
        ("KIOSK-2025-0087", "ontvangstbewijs", "attest"),
        ("KIOSK-2025-0101", "ontvangstbewijs", "attest"),
    ]
    assert {d.mediatype for d in found} == {"application/pdf"}


async def test_a_document_opens_as_a_stream_of_its_pdf(kiosk: Kiosk, kiosk_token: str) -> None:
    inhoud = await kiosk.open_document(
        call_context(kiosk_token, v_code="V0001001"), "KIOSK-2025-0101", "ontvangstbewijs"
    )
    try:
        body = b"".join([stuk async for stuk in inhoud.stukken])
    finally:
        await inhoud.sluit()

    assert inhoud.mediatype == "application/pdf"
    assert body.startswith(b"%PDF-")
    assert inhoud.grootte == len(body)


@pytest.mark.parametrize(
    ("dossier", "document"),
    [("KIOSK-2025-0101", "beslissingsbrief"), ("KIOSK-2024-0198", "ontvangstbewijs")],
    ids=["not decided yet", "another association's dossier"],
)
async def test_a_document_the_association_does_not_have_is_not_found(
    kiosk: Kiosk, kiosk_token: str, dossier: str, document: str
) -> None:
    with pytest.raises(NotFound) as refused:
        await kiosk.open_document(call_context(kiosk_token, v_code="V0001001"), dossier, document)

    assert refused.value.service == "kiosk"
