"""A gemeente's JSON API as it travels over the wire: what the sandbox answers and the connector
reads. The wire conventions (camelCase, unknown fields ignored on reading) and the shared parts
(`Actie`, `Contactpersoon`, the refusal `Fout`) are the SDK's e-loket conventions
(`connectors.sdk.eloket`), which KIOSK follows too.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from connectors.sdk.eloket import Actie, Contactpersoon, Fout, Wire
from connectors.sdk.models import WebLink

__all__ = [
    "AANVRAAG_VELDEN",
    "DIENSTEN",
    "DIENST_VELDEN",
    "AanvraagAangemaakt",
    "AanvraagVoorstel",
    "Actie",
    "Contactpersoon",
    "DossierDocument",
    "FeitDocument",
    "Fout",
    "GemeenteStatus",
    "Stap",
    "velden_voor",
]


DIENSTEN: dict[str, str] = {
    "zaal": "zaalreservatie",
    "materiaal": "materiaalreservatie",
    "evenement": "evenementenvergunning",
    "subsidie": "subsidie",
}
"""The gemeente's diensten an aanvraag can be started for, with what a dossier of each is called."""

AANVRAAG_VELDEN: dict[str, str] = {
    "naam": "Naam van de vereniging",
    "kboNummer": "KBO-nummer",
    "email": "E-mailadres voor deze aanvraag",
    "telefoon": "Telefoonnummer",
    "contactpersoon": "Contactpersoon",
    "rekeningnummer": "Rekeningnummer",
}
"""Every field a gemeente's aanvraag forms have, with their labels."""

DIENST_VELDEN: dict[str, frozenset[str]] = {
    "zaal": frozenset({"naam", "kboNummer", "email", "telefoon", "contactpersoon"}),
    "materiaal": frozenset({"naam", "kboNummer", "email", "telefoon", "contactpersoon"}),
    "evenement": frozenset({"naam", "kboNummer", "email", "telefoon", "contactpersoon"}),
    "subsidie": frozenset(AANVRAAG_VELDEN),
}
"""Which fields each dienst's form asks: the only data a draft is prefilled with (once-only)."""


def velden_voor(dienst: str) -> frozenset[str]:
    """The fields of `dienst`'s form; a dienst the gemeente does not know gets the common ones,
    so the gemeente itself can say it does not know it."""
    return DIENST_VELDEN.get(dienst, DIENST_VELDEN["zaal"])


class GemeenteStatus(StrEnum):
    """The phases of a dossier at the gemeente."""

    AANGEVRAAGD = "AANGEVRAAGD"
    IN_BEHANDELING = "IN_BEHANDELING"
    AANVULLING_GEVRAAGD = "AANVULLING_GEVRAAGD"
    """The vereniging must complete the dossier (see `actie`)."""
    GOEDGEKEURD = "GOEDGEKEURD"
    GEWEIGERD = "GEWEIGERD"
    AFGESLOTEN = "AFGESLOTEN"


class Stap(Wire):
    tijdstip: datetime
    omschrijving: str


class DossierDocument(Wire):
    nummer: str
    v_code: str
    dienst: str = Field(description="A key of `DIENSTEN`, e.g. `zaal`.")
    titel: str
    status: GemeenteStatus
    aangevraagd_op: date
    beslissing_verwacht: date | None = None
    wanneer: date | None = Field(default=None, description="The day reserved, or the event's day.")
    actie: Actie | None = None
    contactpersoon: Contactpersoon
    historiek: tuple[Stap, ...] = ()
    link: WebLink | None = Field(default=None, description="The dossier's page at the gemeente.")


class FeitDocument(Wire):
    """Something the gemeente knows about the vereniging, e.g. `erkendDoorDeGemeente`."""

    naam: str
    waarde: str
    datum: date | None = None


class AanvraagVoorstel(Wire):
    """A draft aanvraag to open at the gemeente, prefilled with `gegevens` (see `DIENST_VELDEN`)."""

    model_config = ConfigDict(extra="forbid")

    v_code: str
    dienst: str
    gegevens: dict[str, str]


class AanvraagAangemaakt(Wire):
    id: str
    link: WebLink
    gegevens: tuple[str, ...] = Field(description="The fields the draft was prefilled with.")
