"""The events a connected service pushes to the hub: CloudEvents 1.0, signed per Standard Webhooks.

A service (or the connector author on its behalf) sends `POST /events/{connector}` with one event
in structured JSON mode (`application/cloudevents+json`) or a batch of at most
`MAX_BATCH` (`application/cloudevents-batch+json`), signed with the connector's `webhook_secret`
(`webhook-id`, `webhook-timestamp`, `webhook-signature` headers). Each event type's `data` is one
of the models below, in the register's camelCase vocabulary; their JSON Schemas are published
under `docs/events/`.

Example, signing with the Standard Webhooks library::

    from standardwebhooks import Webhook

    body = json.dumps({
        "specversion": "1.0", "id": "evt-1", "source": "https://kiosk.example/dossiers",
        "type": DOSSIER_GEWIJZIGD, "subject": "KIOSK-2026-0001",
        "datacontenttype": "application/json",
        "data": {"vCode": "V0001001", "dossierId": "KIOSK-2026-0001", "titel": "Subsidie",
                 "status": "actie_nodig", "actieNodig": "Bezorg het attest",
                 "deadline": "2027-01-15", "verwachteBeslissing": None,
                 "link": "https://kiosk.example/dossiers/KIOSK-2026-0001",
                 "bijgewerktOp": "2026-12-06T10:00:00Z"},
    })
    now = datetime.now(UTC)
    headers = {"webhook-id": "msg-1", "webhook-timestamp": str(int(now.timestamp())),
               "webhook-signature": Webhook(secret).sign("msg-1", now, body),
               "content-type": CLOUDEVENTS_JSON}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import AwareDatetime, ConfigDict, Field, StringConstraints, model_validator

from connectors.sdk.models import DossierStatus, Model, WebLink

CLOUDEVENTS_JSON: Final = "application/cloudevents+json"
CLOUDEVENTS_BATCH_JSON: Final = "application/cloudevents-batch+json"
MAX_BATCH: Final = 100
"""Most events in one batch."""
MAX_BODY_BYTES: Final = 1024 * 1024
"""Largest request body: one event or a whole batch."""

DOSSIER_GEWIJZIGD: Final = "be.vlaanderen.vloket.dossier.gewijzigd"
DOSSIER_BESLIST: Final = "be.vlaanderen.vloket.dossier.beslist"
DOCUMENT_BESCHIKBAAR: Final = "be.vlaanderen.vloket.dossier.document-beschikbaar"
GEGEVENS_GEWIJZIGD: Final = "be.vlaanderen.vloket.gegevens.gewijzigd"
MAX_FEITEN: Final = 100
"""Most facts one service reports about one association."""

VCode = Annotated[str, StringConstraints(pattern=r"^V\d{7}$")]
DossierId = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[\x21-\x7e]+$")]
"""A dossier's id at its own service: printable ASCII without spaces, as it appears in a link."""
Tekst = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class EventData(Model):
    """The data of every dossier event: which association, which dossier at the service."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    v_code: VCode = Field(alias="vCode", description="The association, by its vCode.")
    dossier_id: DossierId = Field(alias="dossierId", description="The dossier, by its id at the service.")


class DossierGewijzigd(EventData):
    """`be.vlaanderen.vloket.dossier.gewijzigd`: a dossier's state as the service holds it now."""

    titel: Tekst
    status: DossierStatus
    actie_nodig: Tekst | None = Field(
        alias="actieNodig", description="What the association must do now, or null."
    )
    deadline: date | None = Field(description="By when that must be done, or null.")
    verwachte_beslissing: date | None = Field(
        alias="verwachteBeslissing", description="When a decision is expected, or null."
    )
    link: WebLink = Field(max_length=2000, description="The dossier at its service.")
    bijgewerkt_op: AwareDatetime = Field(
        alias="bijgewerktOp", description="When the service changed the dossier; older news never wins."
    )


class Beslissing(StrEnum):
    TOEGEKEND = "toegekend"
    GEDEELTELIJK_TOEGEKEND = "gedeeltelijk_toegekend"
    AFGEWEZEN = "afgewezen"


class DossierBeslist(EventData):
    """`be.vlaanderen.vloket.dossier.beslist`: the service decided on the dossier."""

    beslissing: Beslissing
    toelichting: Tekst | None = Field(default=None, description="The decision in a sentence, or null.")
    link: WebLink = Field(max_length=2000, description="The decision at its service.")
    beslist_op: AwareDatetime = Field(alias="beslistOp")


class GemeldFeit(Model):
    """One thing the service knows about the association."""

    naam: str = Field(
        pattern=r"^[A-Za-z][A-Za-z0-9-]{0,79}$",
        description="Which fact, e.g. `rekeningnummer` or `e-mail`: a letter, then letters, digits or `-`.",
    )
    waarde: str = Field(min_length=1, max_length=2000)
    datum: date | None = Field(default=None, description="When the service last confirmed it, or null.")


class GegevensGewijzigd(Model):
    """`be.vlaanderen.vloket.gegevens.gewijzigd`: everything the service knows about the
    association now (`feiten`, at most 100, each name once, case and `-` aside), replacing what it
    reported before; an empty list: it knows nothing of it (anymore). The profile shows these
    facts, under `bron` (never the register's own name), without asking the service; older news
    never replaces newer."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    v_code: VCode = Field(alias="vCode", description="The association, by its vCode.")
    bron: Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^\S(.*\S)?$")] = Field(
        description="How the profile names the service as the facts' source, e.g. `KIOSK`."
    )
    feiten: list[GemeldFeit] = Field(max_length=MAX_FEITEN)
    bijgewerkt_op: AwareDatetime = Field(
        alias="bijgewerktOp", description="When the service's knowledge was this; older news never wins."
    )

    @model_validator(mode="after")
    def _each_name_once(self) -> GegevensGewijzigd:
        seen: set[str] = set()
        for index, feit in enumerate(self.feiten):
            # As the profile groups facts by name: case and `-` aside.
            key = feit.naam.casefold().replace("-", "")
            if key in seen:
                raise ValueError(f"feiten[{index}].naam: {feit.naam!r} is named before; each fact once")
            seen.add(key)
        return self


InboundData = EventData | GegevensGewijzigd
"""The data of an event a service pushes: about one of its dossiers, or about the association."""


class DocumentBeschikbaar(EventData):
    """`be.vlaanderen.vloket.dossier.document-beschikbaar`: a document (a decision letter, an
    attest) can be read at the service."""

    document_id: DossierId = Field(alias="documentId")
    titel: Tekst
    link: WebLink = Field(max_length=2000, description="Where the document is read.")
    beschikbaar_op: AwareDatetime = Field(alias="beschikbaarOp")


VERENIGING_GEWIJZIGD: Final = "be.vlaanderen.vloket.vereniging.gewijzigd"
VERENIGING_GEDEELD: Final = "be.vlaanderen.vloket.vereniging.gedeeld"

Onderdeel = Literal["basisgegevens", "contactgegevens", "locaties", "vertegenwoordigers"]
"""A part of an association a subscriber may receive (`abonnement.delen`)."""
ONDERDELEN: Final[tuple[Onderdeel, ...]] = get_args(Onderdeel)


class VerenigingGewijzigd(Model):
    """`be.vlaanderen.vloket.vereniging.gewijzigd`, sent by the hub: the register changed an
    association. `gewijzigd` names the parts that changed among those the subscriber may receive;
    `waarden` holds their new values (`basisgegevens` an object, the others a list). Events of one
    association arrive in the order of `versie`; the same event may arrive twice (same `id`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    v_code: VCode = Field(alias="vCode")
    versie: int = Field(ge=1, description="The association's version after the change.")
    gebeurtenis: str = Field(max_length=80, description="The register's name for the change.")
    gewijzigd: list[Onderdeel] = Field(min_length=1)
    waarden: dict[Onderdeel, Any] = Field(description="The new values of the parts in `gewijzigd`.")

    @model_validator(mode="after")
    def _values_of_what_changed(self) -> VerenigingGewijzigd:
        if len(set(self.gewijzigd)) != len(self.gewijzigd):
            raise ValueError("`gewijzigd` names a part twice")
        if set(self.waarden) != set(self.gewijzigd):
            raise ValueError("`waarden` holds exactly the parts in `gewijzigd`")
        return self


class GedeeldGegeven(Model):
    """One datum the person chose to share, as the start page showed it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    naam: str = Field(min_length=1, max_length=80)
    waarde: str = Field(max_length=2000)


class VerenigingGedeeld(Model):
    """`be.vlaanderen.vloket.vereniging.gedeeld`, sent by the hub to the service it concerns only:
    a representative started a request at that service (`dienst`, as in `startAanvraag`) and
    chose to share `gedeeld` with it (once-only: the service need not ask for it again). The same
    event may arrive twice (same `id`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    v_code: VCode = Field(alias="vCode")
    versie: int = Field(ge=1, description="The association's version the shared data comes from.")
    dienst: str = Field(min_length=1, max_length=200, description="The service the request was started at.")
    gedeeld: list[GedeeldGegeven] = Field(max_length=100, description="What was shared, in order.")
    gedeeld_op: AwareDatetime = Field(alias="gedeeldOp")


EVENT_TYPES: Final[dict[str, type[EventData] | type[GegevensGewijzigd]]] = {
    DOSSIER_GEWIJZIGD: DossierGewijzigd,
    DOSSIER_BESLIST: DossierBeslist,
    DOCUMENT_BESCHIKBAAR: DocumentBeschikbaar,
    GEGEVENS_GEWIJZIGD: GegevensGewijzigd,
}
"""Every event type the hub takes, with the model of its `data`."""

OUTBOUND_TYPES: Final[dict[str, type[Model]]] = {
    VERENIGING_GEWIJZIGD: VerenigingGewijzigd,
    VERENIGING_GEDEELD: VerenigingGedeeld,
}
"""Every event type the hub sends to subscribers, with the model of its `data`."""


def tijdstip(data: InboundData) -> datetime:
    """When the event's news happened at the service."""
    if isinstance(data, DossierGewijzigd | GegevensGewijzigd):
        return data.bijgewerkt_op
    if isinstance(data, DossierBeslist):
        return data.beslist_op
    assert isinstance(data, DocumentBeschikbaar)
    return data.beschikbaar_op


def json_schema(event_type: str) -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a whole event of `event_type`, in or out: the CloudEvents
    envelope, with the type's `data` (published under `docs/events/`)."""
    model = {**EVENT_TYPES, **OUTBOUND_TYPES}[event_type]
    data = model.model_json_schema(by_alias=True, mode="validation")
    definitions = data.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:vloket:events:{event_type}",
        "title": event_type,
        "description": (model.__doc__ or "").strip(),
        "type": "object",
        "required": ["specversion", "id", "source", "type", "data"],
        "properties": {
            "specversion": {"const": "1.0"},
            "id": {"type": "string", "minLength": 1, "maxLength": 255},
            "source": {"type": "string", "minLength": 1, "format": "uri-reference"},
            "type": {"const": event_type},
            "subject": {
                "type": "string",
                "description": "The dossierId of its data."
                if event_type in EVENT_TYPES and event_type != GEGEVENS_GEWIJZIGD
                else "The vCode of its data.",
            },
            "time": {"type": "string", "format": "date-time"},
            "datacontenttype": {"const": "application/json"},
            "traceparent": {
                "type": "string",
                "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
                "description": "The W3C trace context of what the event reports (CloudEvents' "
                "distributed tracing extension), to follow it across systems.",
            },
            "data": data,
        },
        **({"$defs": definitions} if definitions else {}),
    }


@dataclass(frozen=True)
class MappedEvent:
    """One of the hub's events, mapped from a service's own push: its id at the service (the
    same news always the same id), its type (a key of `EVENT_TYPES`) and its data."""

    id: str
    type: str
    data: InboundData


@dataclass(frozen=True)
class MappedPush:
    """A push in a service's own format, read by its connector (`StatusEvents.map_push`):
    `delivery_id` is the service's id of this delivery (the same delivery again has no second
    effect), `events` what it says, at most `MAX_BATCH`."""

    delivery_id: str
    events: tuple[MappedEvent, ...]


class PushRefused(Exception):
    """A push the hub must not take."""


class PushNotSigned(PushRefused):
    """Its signature is missing, wrong, or too old: the hub answers 401 and stores nothing."""


class PushMalformed(PushRefused):
    """Signed, but not what the service's format says: the hub answers 400 naming `veld`."""

    def __init__(self, veld: str, reden: str) -> None:
        super().__init__(f"{veld}: {reden}")
        self.veld = veld
        self.reden = reden
