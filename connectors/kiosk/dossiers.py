"""A KIOSK dossier as the hub sees it, and what KIOSK's dossiers tell about the association."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from pydantic import Field

from connectors.kiosk.contract import VANAF_ADVIESFASE, DossierDocument, KioskStatus
from connectors.sdk.events import DossierGewijzigd
from connectors.sdk.models import Dossier, DossierGebeurtenis, DossierStatus, Feit

BRON = "KIOSK"

STATUS: dict[KioskStatus, DossierStatus] = {
    KioskStatus.INGEDIEND: DossierStatus.INGEDIEND,
    KioskStatus.IN_BEHANDELING: DossierStatus.IN_BEHANDELING,
    KioskStatus.VERVOLLEDIGEN: DossierStatus.ACTIE_NODIG,
    KioskStatus.ADVIES: DossierStatus.IN_BEHANDELING,
    KioskStatus.BESLIST: DossierStatus.BESLIST,
    KioskStatus.AFGESLOTEN: DossierStatus.AFGESLOTEN,
}


class KioskDossier(Dossier):
    """A dossier with what KIOSK keeps per dossier beyond the SDK's common fields."""

    email: str | None = Field(default=None, description="Where KIOSK sends its messages about it.")
    rekeningnummer: str | None = Field(default=None, description="Changeable until the advice phase.")
    adviesfase: bool = Field(default=False, description="Reached the advice phase (rekeningnummer fixed).")


def as_dossier(document: DossierDocument) -> KioskDossier:
    return KioskDossier(
        id=document.kiosk_nummer,
        titel=document.titel,
        status=STATUS[document.status],
        dienst=f"KIOSK – {document.regeling}",
        ingediend_op=document.ingediend_op,
        verwachte_beslissing=document.verwachte_beslissing,
        actie_nodig=document.actie.omschrijving if document.actie else None,
        uiterlijk=document.actie.uiterlijk if document.actie else None,
        contactpersoon=document.contactpersoon.naam,
        link=document.link,
        historiek=tuple(
            DossierGebeurtenis(tijdstip=event.tijdstip, omschrijving=event.omschrijving)
            for event in document.historiek
        ),
        email=document.contactpersoon.email,
        rekeningnummer=document.rekeningnummer,
        adviesfase=document.status in VANAF_ADVIESFASE,
    )


def als_stand(document: DossierDocument) -> DossierGewijzigd | None:
    """The dossier's state as a `dossier.gewijzigd` event carries it, changed when its last
    history entry says (or on the day it was submitted); None without a page at KIOSK."""
    if document.link is None:
        return None
    laatst = max(
        (
            event.tijdstip if event.tijdstip.tzinfo else event.tijdstip.replace(tzinfo=UTC)
            for event in document.historiek
        ),
        default=datetime.combine(document.ingediend_op, time(), tzinfo=UTC),
    )
    return DossierGewijzigd(
        v_code=document.v_code,
        dossier_id=document.kiosk_nummer,
        titel=document.titel,
        status=STATUS[document.status],
        actie_nodig=document.actie.omschrijving if document.actie else None,
        deadline=document.actie.uiterlijk if document.actie else None,
        verwachte_beslissing=document.verwachte_beslissing,
        link=document.link,
        bijgewerkt_op=laatst,
    )


def gekende_feiten(documents: Iterable[DossierDocument]) -> list[Feit]:
    """What the association's latest dossier says about it: its rekeningnummer, the e-mail and
    the contactpersoon it gave, dated by the dossier's last change."""
    latest = max(documents, key=lambda document: (document.ingediend_op, document.kiosk_nummer), default=None)
    if latest is None:
        return []
    datum = _last_change(latest)
    facts = {
        "rekeningnummer": latest.rekeningnummer,
        "email": latest.contactpersoon.email,
        "contactpersoon": latest.contactpersoon.naam,
    }
    return [Feit(naam=naam, waarde=waarde, bron=BRON, datum=datum) for naam, waarde in facts.items()]


def _last_change(document: DossierDocument) -> date:
    return max((event.tijdstip.date() for event in document.historiek), default=document.ingediend_op)
