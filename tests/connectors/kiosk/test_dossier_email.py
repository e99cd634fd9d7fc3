"""Changing a dossier's e-mail address at KIOSK: any valid address, internationalised ones included,
kept in its normalised form; anything else refused with KIOSK's reason and nothing changed."""

from __future__ import annotations

import pytest

from connectors.kiosk.connector import Kiosk
from connectors.kiosk.dossiers import KioskDossier
from connectors.sdk import ConnectorRejected, DossierWijziging
from tests.connectors.hub_side import call_context

DOSSIER = "KIOSK-2025-0101"


async def email_of(kiosk: Kiosk, token: str) -> str | None:
    dossiers = await kiosk.dossiers(call_context(token))
    [dossier] = [d for d in dossiers if d.id == DOSSIER]
    assert isinstance(dossier, KioskDossier)
    return dossier.email


@pytest.mark.parametrize(
    ("email", "opgeslagen"),
    [
        pytest.param("penningmeester@vrolijkebas.be", "penningmeester@vrolijkebas.be", id="ascii"),
        pytest.param("kassier@VROLIJKE-BÜCHER.be", "kassier@vrolijke-bücher.be", id="idn-domain"),
        pytest.param("kassier@xn--vrolijke-bcher-psb.be", "kassier@vrolijke-bücher.be", id="punycode"),
    ],
)
async def test_a_valid_email_address_is_kept_in_its_normalised_form(
    kiosk: Kiosk, kiosk_token: str, email: str, opgeslagen: str
) -> None:
    dossier = await kiosk.wijzig_dossier(call_context(kiosk_token), DOSSIER, DossierWijziging(email=email))

    assert isinstance(dossier, KioskDossier)
    assert dossier.email == opgeslagen
    assert await email_of(kiosk, kiosk_token) == opgeslagen


@pytest.mark.parametrize(
    "email", ["geen-adres", "an@vrolijkebas", "an@@vrolijkebas.be", "an janssens@vrolijkebas.be"]
)
async def test_an_invalid_email_address_is_refused_and_nothing_changes(
    kiosk: Kiosk, kiosk_token: str, email: str
) -> None:
    voor = await email_of(kiosk, kiosk_token)

    with pytest.raises(ConnectorRejected, match="geen geldig e-mailadres"):
        await kiosk.wijzig_dossier(call_context(kiosk_token), DOSSIER, DossierWijziging(email=email))

    assert await email_of(kiosk, kiosk_token) == voor
