"""An offering (Dienst) as the central register of offerings holds it, shaped after IPDC and
CPSV-AP: what it is, who offers it, for which associations, when and how to ask for it.

A Dienst keeps its identity across versions: the published version stays readable while the
next one is drafted, and publishing the draft replaces it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from registry.associations.codes import Verenigingstype
from registry.associations.model import Doelgroep, Value


class Diensttype(StrEnum):
    """The IPDC product types."""

    FINANCIEEL_VOORDEEL = "FinancieelVoordeel"
    TOELATING = "Toelating"
    INFRASTRUCTUUR_MATERIAAL = "InfrastructuurMateriaal"
    ADVIES_BEGELEIDING = "AdviesBegeleiding"
    VOORWERP = "Voorwerp"
    BEWIJS = "Bewijs"
    FINANCIELE_VERPLICHTING = "FinancieleVerplichting"


class Dienststatus(StrEnum):
    DRAFT = "draft"
    GEPUBLICEERD = "gepubliceerd"
    GEARCHIVEERD = "gearchiveerd"


class Bestuursniveau(StrEnum):
    VLAAMS = "Vlaams"
    PROVINCIAAL = "Provinciaal"
    GEMEENTELIJK = "Gemeentelijk"


class Bestuur(Value):
    """The competent administration. `code` is what a publisher's role names: an organisation
    code (`OVO000001`) for a Flemish agency, a NIS code (`44021`) for a municipality, a NUTS2
    code (`BE23`) for a province."""

    niveau: Bestuursniveau
    code: str
    naam: str


class Criteria(Value):
    """Which associations the offering is for. An empty list means: no restriction on that
    criterion. An offering with no criteria at all is for every association."""

    verenigingstypes: tuple[Verenigingstype, ...] = ()
    hoofdactiviteiten: tuple[str, ...] = ()
    # Province (NUTS2, `BE23`) or municipality (NUTS3 + NIS, `BE23444021`) codes; a municipality
    # code starts with its province's code.
    werkingsgebieden: tuple[str, ...] = ()
    doelgroep: Doelgroep | None = None


class Aanvraagperiode(Value):
    """When requests are taken; `tot` is the deadline. Open-ended on a side left empty."""

    van: date | None = None
    tot: date | None = None

    def open_op(self, dag: date) -> bool:
        return (self.van is None or self.van <= dag) and (self.tot is None or dag <= self.tot)


class Kanaal(Value):
    """How to ask for it: online at `link`, started from the hub by `connector` (its `dienst`
    there), or not digitally at all (`digitaal` false: `uitleg` says how)."""

    digitaal: bool = True
    link: str | None = None
    connector: str | None = None
    connector_dienst: str | None = None
    uitleg: str | None = None

    @property
    def start_dienst(self) -> str | None:
        """What `ProfileService.start_aanvraag` is given to start it from the hub: `connector/
        dienst`; None when it is asked for elsewhere or not digitally."""
        if self.connector and self.connector_dienst:
            return f"{self.connector}/{self.connector_dienst}"
        return None


class Contact(Value):
    naam: str | None = None
    email: str | None = None
    telefoon: str | None = None
    website: str | None = None


class DienstInhoud(Value):
    """What an editor writes or an import brings: everything except identity and status."""

    titel: str
    beschrijving: str
    type: Diensttype
    bestuur: Bestuur
    themas: tuple[str, ...] = ()
    criteria: Criteria = Criteria()
    voorwaarden: str | None = None
    procedure: str | None = None
    kosten: str | None = None
    aanvraagperiode: Aanvraagperiode = Aanvraagperiode()
    kanaal: Kanaal = Kanaal()
    contact: Contact = Contact()
    bewijsstukken: tuple[str, ...] = ()
    # Which of the association's data the service needs (`naam`, `vCode`, `email`,
    # `rekeningnummer`, ...): offered for once-only prefill when a request is started.
    benodigde_gegevens: tuple[str, ...] = ()


class Dienst(Value):
    """One offering, as one version of it reads."""

    id: str
    versie: int
    status: Dienststatus
    inhoud: DienstInhoud
    # Where it came from when imported or synced: the catalog and its id there.
    bron: str | None = None
    bron_id: str | None = None
    gewijzigd_op: datetime
    gepubliceerd_op: datetime | None = None


class Reden(Value):
    """Why an offering fits: the criterion and a plain-language explanation."""

    criterium: str
    uitleg: str


class Match(Value):
    dienst: Dienst
    score: float = Field(description="Higher fits better; ties keep the nearest deadline first.")
    redenen: tuple[Reden, ...]
    deadline: date | None = None
