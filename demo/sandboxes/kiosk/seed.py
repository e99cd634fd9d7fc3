"""The sandbox's demo data: KIOSK dossiers of the two demo associations, one in every phase a
person meets (dates relative to `today`, so deadlines stay ahead in any demo), the regelingen an
aanvraag can be started for, and who may open the associations' pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from connectors.kiosk.contract import DossierDocument, Gebeurtenis, KioskStatus
from connectors.sdk.eloket import Actie, Contactpersoon

DAY = timedelta(days=1)

REGELINGEN: dict[str, str] = {
    "sportkampen": "Subsidie sportkampen",
    "sportinfrastructuur": "Impulssubsidie sportinfrastructuur",
    "jeugdsport": "Werkingssubsidie jeugdsport",
    "sportevenementen": "Subsidie sportevenementen",
}

DEMO_TOEGANG: dict[str, frozenset[str]] = {
    "V0001001": frozenset({"71032512357", "01031500207"}),
    "V0001002": frozenset({"85073003328", "01031500207"}),
}
"""Which people (INSZ) KIOSK lets see each association's dossiers: its own mandates."""

_AN = Contactpersoon(naam="An Janssens", email="an.janssens@vrolijkebas.be")
_LOTTE = Contactpersoon(naam="Lotte Claes", email="penningmeester@vrolijkebas.be")
_PIETER = Contactpersoon(naam="Pieter Maes", email="info@vissenachterhetnet.be")


def _event(day: date, status: KioskStatus, omschrijving: str) -> Gebeurtenis:
    return Gebeurtenis(
        tijdstip=datetime.combine(day, time(9, 30), UTC), status=status, omschrijving=omschrijving
    )


def demo_dossiers(today: date) -> tuple[DossierDocument, ...]:
    return (*_vrolijke_bas(today), *_vissen_achter_het_net(today))


def _vrolijke_bas(today: date) -> tuple[DossierDocument, ...]:
    return (
        DossierDocument(
            kiosk_nummer="KIOSK-2025-0101",
            v_code="V0001001",
            titel="Subsidie sportkampen zomer",
            regeling="sportkampen",
            status=KioskStatus.INGEDIEND,
            ingediend_op=today - 5 * DAY,
            verwachte_beslissing=today + 40 * DAY,
            contactpersoon=_AN,
            rekeningnummer="BE68 5390 0754 7034",
            historiek=(_event(today - 5 * DAY, KioskStatus.INGEDIEND, "Aanvraag ingediend"),),
        ),
        DossierDocument(
            kiosk_nummer="KIOSK-2025-0087",
            v_code="V0001001",
            titel="Impulssubsidie nieuwe kleedkamers",
            regeling="sportinfrastructuur",
            status=KioskStatus.VERVOLLEDIGEN,
            ingediend_op=today - 30 * DAY,
            verwachte_beslissing=today + 60 * DAY,
            actie=Actie(
                omschrijving="Bezorg de offerte van de aannemer voor de nieuwe kleedkamers.",
                uiterlijk=today + 14 * DAY,
            ),
            contactpersoon=_LOTTE,
            rekeningnummer="BE71 0961 2345 6769",
            historiek=(
                _event(today - 30 * DAY, KioskStatus.INGEDIEND, "Aanvraag ingediend"),
                _event(today - 25 * DAY, KioskStatus.IN_BEHANDELING, "Dossier ontvankelijk verklaard"),
                _event(today - 3 * DAY, KioskStatus.VERVOLLEDIGEN, "Offerte gevraagd"),
            ),
        ),
        DossierDocument(
            kiosk_nummer="KIOSK-2024-0342",
            v_code="V0001001",
            titel="Werkingssubsidie jeugdsport 2024",
            regeling="jeugdsport",
            status=KioskStatus.ADVIES,
            ingediend_op=today - 120 * DAY,
            verwachte_beslissing=today + 20 * DAY,
            contactpersoon=_AN,
            rekeningnummer="BE68 5390 0754 7034",
            historiek=(
                _event(today - 120 * DAY, KioskStatus.INGEDIEND, "Aanvraag ingediend"),
                _event(today - 100 * DAY, KioskStatus.IN_BEHANDELING, "Dossier ontvankelijk verklaard"),
                _event(today - 10 * DAY, KioskStatus.ADVIES, "Voorgelegd aan de adviescommissie"),
            ),
        ),
    )


def _vissen_achter_het_net(today: date) -> tuple[DossierDocument, ...]:
    return (
        DossierDocument(
            kiosk_nummer="KIOSK-2025-0044",
            v_code="V0001002",
            titel="Werkingssubsidie jeugdsport 2025",
            regeling="jeugdsport",
            status=KioskStatus.IN_BEHANDELING,
            ingediend_op=today - 45 * DAY,
            verwachte_beslissing=today + 30 * DAY,
            contactpersoon=_PIETER,
            rekeningnummer="BE62 5100 0754 7061",
            historiek=(
                _event(today - 45 * DAY, KioskStatus.INGEDIEND, "Aanvraag ingediend"),
                _event(today - 40 * DAY, KioskStatus.IN_BEHANDELING, "Dossier ontvankelijk verklaard"),
            ),
        ),
        DossierDocument(
            kiosk_nummer="KIOSK-2024-0198",
            v_code="V0001002",
            titel="Subsidie sportevenement Kustcup 2024",
            regeling="sportevenementen",
            status=KioskStatus.BESLIST,
            ingediend_op=today - 200 * DAY,
            contactpersoon=_PIETER,
            rekeningnummer="BE62 5100 0754 7061",
            historiek=(
                _event(today - 200 * DAY, KioskStatus.INGEDIEND, "Aanvraag ingediend"),
                _event(today - 180 * DAY, KioskStatus.IN_BEHANDELING, "Dossier ontvankelijk verklaard"),
                _event(today - 150 * DAY, KioskStatus.ADVIES, "Voorgelegd aan de adviescommissie"),
                _event(today - 130 * DAY, KioskStatus.BESLIST, "Toegekend: 2.500 euro"),
            ),
        ),
    )
