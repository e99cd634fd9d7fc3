"""KIOSK's JSON API as it travels over the wire: what the sandbox answers and the connector reads.

Field names are camelCase on the wire (`kioskNummer`, `vCode`) and snake_case in Python. Readers
ignore fields they do not know, so KIOSK can add some without breaking the hub; request bodies
are strict, so a typo in what the hub sends is refused rather than lost.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from connectors.sdk.eloket import Actie, Contactpersoon, Wire
from connectors.sdk.models import WebLink

AANVRAAG_VELDEN: dict[str, str] = {
    "naam": "Naam van de vereniging",
    "kboNummer": "KBO-nummer",
    "rekeningnummer": "Rekeningnummer",
    "email": "E-mailadres voor dit dossier",
    "telefoon": "Telefoonnummer",
    "contactpersoon": "Contactpersoon",
}
"""The fields of KIOSK's aanvraag form, with their labels: the only data a draft can be
prefilled with, so the only data the hub shares (once-only: no more than the form asks)."""


class KioskStatus(StrEnum):
    """KIOSK's own dossier phases."""

    INGEDIEND = "INGEDIEND"
    IN_BEHANDELING = "IN_BEHANDELING"
    VERVOLLEDIGEN = "VERVOLLEDIGEN"
    """The aanvrager must complete the dossier (see `actie`)."""
    ADVIES = "ADVIES"
    """The advice phase: from here on the rekeningnummer is fixed."""
    BESLIST = "BESLIST"
    AFGESLOTEN = "AFGESLOTEN"


VANAF_ADVIESFASE = frozenset({KioskStatus.ADVIES, KioskStatus.BESLIST, KioskStatus.AFGESLOTEN})
"""The phases from the advice phase on: KIOSK no longer lets the rekeningnummer change."""


class Gebeurtenis(Wire):
    tijdstip: datetime
    status: KioskStatus
    omschrijving: str


class DossierDocument(Wire):
    kiosk_nummer: str
    v_code: str
    titel: str
    regeling: str = Field(description="The regeling (subsidy scheme) id, e.g. `sportkampen`.")
    status: KioskStatus
    ingediend_op: date
    verwachte_beslissing: date | None = None
    actie: Actie | None = None
    contactpersoon: Contactpersoon
    rekeningnummer: str
    historiek: tuple[Gebeurtenis, ...] = ()
    link: WebLink | None = Field(default=None, description="The dossier's page at KIOSK.")


class DocumentBeschrijving(Wire):
    """A document KIOSK keeps in a dossier (`GET /api/verenigingen/{vCode}/documenten`); its
    contents at `GET /api/verenigingen/{vCode}/dossiers/{kioskNummer}/documenten/{documentId}`."""

    kiosk_nummer: str
    document_id: str
    titel: str
    soort: str
    mediatype: str = "application/pdf"
    datum: date


class RekeningnummerWijziging(Wire):
    model_config = ConfigDict(extra="forbid")

    rekeningnummer: str


class DossierWijzigingDocument(Wire):
    """A change to a dossier's contactpersoon, e-mail or rekeningnummer: all or nothing."""

    model_config = ConfigDict(extra="forbid")

    contactpersoon: str | None = None
    email: str | None = None
    rekeningnummer: str | None = None


class AanvraagVoorstel(Wire):
    """A draft aanvraag to open at KIOSK, prefilled with `gegevens` (keys of `AANVRAAG_VELDEN`)."""

    model_config = ConfigDict(extra="forbid")

    v_code: str
    regeling: str
    gegevens: dict[str, str]


class AanvraagAangemaakt(Wire):
    id: str
    link: WebLink
    gegevens: tuple[str, ...] = Field(description="The fields the draft was prefilled with.")
