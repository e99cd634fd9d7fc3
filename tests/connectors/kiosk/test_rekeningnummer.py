"""Changing a dossier's rekeningnummer at KIOSK: allowed until the advice phase, to a valid IBAN."""

from __future__ import annotations

import pytest

from connectors.kiosk.connector import Kiosk
from connectors.kiosk.dossiers import KioskDossier
from connectors.sdk import ConnectorRejected, NotFound
from tests.connectors.hub_side import call_context


async def rekeningnummers(kiosk: Kiosk, token: str) -> dict[str, str | None]:
    dossiers = await kiosk.dossiers(call_context(token))
    return {d.id: d.rekeningnummer for d in dossiers if isinstance(d, KioskDossier)}


async def test_rekeningnummer_changes_before_the_advice_phase(kiosk: Kiosk, kiosk_token: str) -> None:
    dossier = await kiosk.wijzig_rekeningnummer(
        call_context(kiosk_token), "KIOSK-2025-0101", "be62 5100 0754 7061"
    )

    assert isinstance(dossier, KioskDossier)
    assert dossier.rekeningnummer == "BE62 5100 0754 7061"
    assert dossier.historiek[-1].omschrijving == "Rekeningnummer gewijzigd"
    assert (await rekeningnummers(kiosk, kiosk_token))["KIOSK-2025-0101"] == "BE62 5100 0754 7061"
    feiten = await kiosk.gekende_gegevens(call_context(kiosk_token))
    assert {f.naam: f.waarde for f in feiten}["rekeningnummer"] == "BE62 5100 0754 7061"


async def test_rekeningnummer_is_fixed_from_the_advice_phase_on(kiosk: Kiosk, kiosk_token: str) -> None:
    with pytest.raises(ConnectorRejected, match="adviesfase") as refused:
        await kiosk.wijzig_rekeningnummer(call_context(kiosk_token), "KIOSK-2024-0342", "BE62 5100 0754 7061")

    assert refused.value.service == "kiosk"
    assert (await rekeningnummers(kiosk, kiosk_token))["KIOSK-2024-0342"] == "BE68 5390 0754 7034"


async def test_an_invalid_iban_is_refused(kiosk: Kiosk, kiosk_token: str) -> None:
    with pytest.raises(ConnectorRejected, match="geen geldig IBAN"):
        await kiosk.wijzig_rekeningnummer(call_context(kiosk_token), "KIOSK-2025-0101", "BE68 5390 0754 7035")

    assert (await rekeningnummers(kiosk, kiosk_token))["KIOSK-2025-0101"] == "BE68 5390 0754 7034"


async def test_a_dossier_of_another_association_is_not_found(kiosk: Kiosk, kiosk_token: str) -> None:
    with pytest.raises(NotFound, match="KIOSK-2025-0044"):
        await kiosk.wijzig_rekeningnummer(
            call_context(kiosk_token, v_code="V0001001"), "KIOSK-2025-0044", "BE68 5390 0754 7034"
        )
