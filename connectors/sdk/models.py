"""What connectors hand the hub: facts about an association, dossiers, offerings, the result of
starting a request, and status events. Domain words Dutch, as in the register."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise ValueError(f"not a web address (an absolute http or https URL): {value[:80]!r}")
    return value


WebLink = Annotated[str, AfterValidator(_web_address)]
"""A link a person follows from the hub: an absolute http(s) URL. Anything else (`javascript:`,
`data:`, a path) would run or open something the service never meant, so it is refused."""


class Feit(Model):
    """One thing a system knows about the association, with where it comes from and since when."""

    naam: str = Field(description="Which fact, e.g. `rekeningnummer`, `aantalLeden`.")
    waarde: str
    bron: str = Field(description="The system that holds it, e.g. `KIOSK`.")
    datum: date | None = Field(default=None, description="When the source last confirmed it.")


class DossierStatus(StrEnum):
    INGEDIEND = "ingediend"
    IN_BEHANDELING = "in_behandeling"
    ACTIE_NODIG = "actie_nodig"
    BESLIST = "beslist"
    AFGESLOTEN = "afgesloten"


class DossierGebeurtenis(Model):
    tijdstip: datetime
    omschrijving: str


class Dossier(Model):
    id: str = Field(description="The dossier's id at its own service, e.g. a KIOSK-nummer.")
    titel: str
    status: DossierStatus
    dienst: str = Field(description="Which service handles it.")
    ingediend_op: date | None = None
    verwachte_beslissing: date | None = None
    actie_nodig: str | None = Field(default=None, description="What the association must do, if anything.")
    uiterlijk: date | None = Field(default=None, description="By when that must be done.")
    contactpersoon: str | None = None
    link: WebLink | None = Field(default=None, description="Deep link to the dossier at its service.")
    historiek: tuple[DossierGebeurtenis, ...] = ()


DOCUMENT_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$"
"""A document's or its dossier's id as the hub carries it in an address: letters, digits, dot,
dash and underscore, at most 120."""
MEDIATYPE = r"^[a-z]+/[a-z0-9.+-]{1,80}$"


class Document(Model):
    """A document in one of the association's dossiers at a service: a decision letter, an
    attest. What the dossier page lists; its contents come from `open_document`, streamed."""

    dossier_id: str = Field(pattern=DOCUMENT_ID, description="The dossier it belongs to (`Dossier.id`).")
    id: str = Field(pattern=DOCUMENT_ID, description="The document's id at its service.")
    titel: str = Field(min_length=1, max_length=200, description="E.g. `Beslissingsbrief`.")
    soort: str | None = Field(default=None, max_length=40, description="E.g. `beslissing`, `attest`.")
    mediatype: str = Field(pattern=MEDIATYPE, description="E.g. `application/pdf`.")
    grootte: int | None = Field(default=None, ge=0, description="In bytes, if the service says.")
    datum: date | None = Field(default=None, description="When the service made it.")


class Aanbod(Model):
    """An offering a connected system knows (matched and ranked by the offerings register)."""

    id: str
    titel: str
    bron: str
    link: WebLink | None = None


class DossierWijziging(Model):
    """What the association changes on one of its dossiers; fields left out stay as they are."""

    contactpersoon: str | None = Field(default=None, description="Who the service contacts about it.")
    email: str | None = Field(default=None, description="Where the service writes about it.")
    rekeningnummer: str | None = Field(default=None, description="Where a grant is paid (IBAN).")


class StartResultaat(Model):
    link: WebLink = Field(description="Where the person continues, already logged in and prefilled.")
    gedeelde_gegevens: tuple[str, ...] = Field(description="Which of the association's data went along.")
